using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace KmsConfig;

/// <summary>
/// Exposes the values of the wrapped sources with every <c>kms:</c> value decrypted. A value that does not decrypt
/// fails the first load; a failed reload keeps the last good values and is logged.
/// </summary>
public sealed class KmsDecryptionConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly KmsDecryptionConfigurationSource _source;
    private readonly IConfigurationRoot _inner;
    private readonly SettingsDecryptor _decryptor;
    private readonly IDisposable _reloadRegistration;
    private bool _loaded;

    /// <summary>The source settings, for <c>UseKmsConfigLogging</c>.</summary>
    internal KmsDecryptionConfigurationSource Source => _source;

    /// <summary>The configuration of the wrapped sources, for <c>UseKmsConfigLogging</c>.</summary>
    internal IConfigurationRoot Inner => _inner;

    /// <summary>Initializes a new instance of the <see cref="KmsDecryptionConfigurationProvider"/> class.</summary>
    /// <param name="source">The source settings.</param>
    /// <param name="inner">The configuration built from the wrapped sources; the provider owns and disposes it.</param>
    public KmsDecryptionConfigurationProvider(KmsDecryptionConfigurationSource source, IConfigurationRoot inner)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(inner);
        _source = source;
        _inner = inner;
        _decryptor = new SettingsDecryptor(new KeyProviderOptions
        {
            KmsClient = source.KmsClient,
            KmsClientFactory = KeyProviders.KmsClientFactory.ForConfigurationSource(source.KmsClientFactory),
            LocalKeyDirectory = source.LocalKeyDirectory,
        });
        _reloadRegistration = ChangeToken.OnChange(_inner.GetReloadToken, () =>
        {
            Decrypt();
            OnReload();
        });
    }

    /// <summary>Reads the wrapped sources and decrypts their <c>kms:</c> values; later calls reload the wrapped sources first.</summary>
    public override void Load()
    {
        if (_loaded)
        {
            // The wrapped sources' reload token fires synchronously, and its callback decrypts the new values.
            _inner.Reload();
            return;
        }

        Decrypt();
    }

    private void Decrypt()
    {
        try
        {
            var values = _inner.AsEnumerable().Where(pair => pair.Value is not null);
            var settings = new DecryptionSettings
            {
                KeyId = _source.KeyId,
                EncryptionContext = new Dictionary<string, string>(_source.EncryptionContext, StringComparer.Ordinal),
                AllowedKeyIds = _source.AllowedKeyIds.ToList(),
                MaxConcurrency = _source.MaxConcurrency,
                Timeout = _source.KmsTimeout,
                UseDataKeyCache = _source.UseDataKeyCache,
            };

            var result = _decryptor.Decrypt(values, settings);
            Data = result.Values;
            _loaded = true;
            _source.Logger?.LogInformation(
                "Decrypted the configuration sources (encrypted values: {ValueCount}, data keys: {DataKeyCount}, key provider requests: {RequestCount}).",
                result.EncryptedValueCount,
                result.DataKeyCount,
                result.KeyProviderRequests);
        }
        catch (KmsConfigurationException ex) when (_loaded)
        {
            _source.Logger?.LogError(ex, "Reloading the configuration sources failed; the application keeps the values of the last successful load.");
        }
    }

    /// <summary>Stops watching the wrapped sources and disposes them.</summary>
    public void Dispose()
    {
        _reloadRegistration.Dispose();
        (_inner as IDisposable)?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(KmsDecryptionConfigurationProvider)} over {_source.Sources.Count} sources";
}
