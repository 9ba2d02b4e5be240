using System.Security.Cryptography;
using KmsConfig.Format;
using KmsConfig.KeyProviders;

namespace KmsConfig;

/// <summary>
/// Encrypts settings values into <c>kms:v1:</c> strings. Each call asks the key provider once for a data key
/// (KMS <c>GenerateDataKey</c>, which needs only encrypt permissions) and encrypts every value of the call with it,
/// each bound to its configuration key path.
/// </summary>
public sealed class SettingsEncryptor
{
    private readonly KeyProviderResolver _keyProviders;

    /// <summary>Initializes a new instance of the <see cref="SettingsEncryptor"/> class.</summary>
    /// <param name="options">How key ids become key providers; <see langword="null"/> for the defaults.</param>
    public SettingsEncryptor(KeyProviderOptions? options = null)
        : this(new KeyProviderResolver(options))
    {
    }

    internal SettingsEncryptor(KeyProviderResolver keyProviders)
    {
        _keyProviders = keyProviders;
    }

    /// <summary>Encrypts <paramref name="values"/> (configuration key path to plaintext) under one new data key.</summary>
    /// <param name="keyId">A KMS key ARN, key id or <c>alias/...</c>, or <c>local:&lt;name&gt;</c>.</param>
    /// <param name="encryptionContext">The file's encryption context (for example <c>app=orders</c>); may be empty.</param>
    /// <param name="values">
    /// Key paths as <c>IConfiguration</c> sees them (<c>ConnectionStrings:Default</c>, <c>Clients:0:Secret</c>) and their
    /// plaintext. A key path may come more than once, for the same setting in several files (<c>appsettings.json</c> and
    /// <c>appsettings.Production.json</c>): each gets its own value, with its own nonce, under the same data key.
    /// </param>
    /// <param name="cancellationToken">Cancels the key provider request.</param>
    /// <returns>Each key path with its <c>kms:v1:</c> value, in the order given.</returns>
    /// <exception cref="KmsConfigurationException">The key provider refused or could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> EncryptAsync(
        string keyId,
        IReadOnlyDictionary<string, string>? encryptionContext,
        IEnumerable<KeyValuePair<string, string>> values,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(values);
        var items = values.ToList();
        foreach (var (path, plaintext) in items)
        {
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(values));
            ArgumentNullException.ThrowIfNull(plaintext, nameof(values));
        }

        if (items.Count == 0)
        {
            return [];
        }

        var context = SettingsDecryptor.EnvelopeContext(encryptionContext ?? new Dictionary<string, string>(), file: null);
        var provider = _keyProviders.ForKeyId(keyId);
        GeneratedDataKey dataKey;
        try
        {
            dataKey = await provider.GenerateDataKeyAsync(keyId, context, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyProviderException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller cancelled; the key provider only saw its request cut short, which is not KMS being unavailable.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (KeyProviderException ex)
        {
            throw new KmsConfigurationException(
                ex.Reason,
                $"Could not create a data key with key '{keyId}': {ex.Message}. {EncryptFix(ex.Reason, keyId)}".TrimEnd(),
                keyId: keyId,
                innerException: ex.InnerException)
            {
                Cause = ex.Message,
            };
        }

        try
        {
            var wrapped = new WrappedDataKey(provider.Kind, dataKey.KeyId, dataKey.WrappedBlob);
            var wrappedText = Base64Url.Encode(wrapped.ToBytes());
            return items
                .Select(item => new KeyValuePair<string, string>(
                    item.Key,
                    ValueCipher.Encrypt(dataKey.Plaintext, wrapped, wrappedText, item.Key, item.Value).Format()))
                .ToList();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey.Plaintext);
        }
    }

    private static string EncryptFix(KmsConfigurationErrorReason reason, string keyId) => reason switch
    {
        KmsConfigurationErrorReason.AccessDenied => $"Grant kms:GenerateDataKey on '{keyId}' to your role (see 'dotnet kms-encrypt policy').",
        KmsConfigurationErrorReason.KeyNotFound => "Check the key id, the AWS account and AWS_REGION.",
        KmsConfigurationErrorReason.KeyDisabled => "Enable the key in AWS KMS.",
        KmsConfigurationErrorReason.CredentialsMissing => "Sign in to AWS (aws sso login, AWS_PROFILE) or set the AWS_ACCESS_KEY_ID variables.",
        KmsConfigurationErrorReason.LocalKeyMissing =>
            "If nothing was encrypted with it yet, create it with 'dotnet kms-encrypt init <file> --local <name>'; otherwise get that key from whoever encrypted the values (a new key cannot decrypt them).",
        _ => string.Empty,
    };
}
