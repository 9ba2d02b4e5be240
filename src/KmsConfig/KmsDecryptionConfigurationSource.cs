using Amazon.KeyManagementService;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KmsConfig;

/// <summary>
/// Represents configuration sources whose <c>kms:</c> values are decrypted, whatever they come from: environment
/// variables, user secrets, command line, Kubernetes secrets or any other provider. Created by
/// <see cref="KmsDecryptionConfigurationExtensions.AddKmsDecryption(IConfigurationBuilder, Action{KmsDecryptionConfigurationSource}?)"/>,
/// which moves the builder's sources into <see cref="Sources"/>.
/// </summary>
public sealed class KmsDecryptionConfigurationSource : IConfigurationSource
{
    private int _maxConcurrency = 8;
    private TimeSpan _kmsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Gets the sources whose values are decrypted, in the order they were added.</summary>
    public IList<IConfigurationSource> Sources { get; } = new List<IConfigurationSource>();

    /// <summary>
    /// Gets or sets the AWS KMS client; when <see langword="null"/>, one is created from the standard AWS SDK environment
    /// on first use (see <see cref="KmsEncryptedJsonConfigurationSource.KmsClient"/>, region fallback included).
    /// </summary>
    public IAmazonKeyManagementService? KmsClient { get; set; }

    /// <summary>
    /// Gets or sets a factory for the AWS KMS client, called only if a value uses an AWS key. The client it returns is
    /// kept; if it throws, the load fails and the next load (a reload) calls it again.
    /// </summary>
    public Func<IAmazonKeyManagementService>? KmsClientFactory { get; set; }

    /// <summary>Gets or sets the directory of local key files (<c>local:&lt;name&gt;</c> key ids). See <see cref="LocalKeys"/>.</summary>
    public string? LocalKeyDirectory { get; set; }

    /// <summary>
    /// Gets the encryption context the values were encrypted under (values from environment variables have no
    /// <c>KmsConfig</c> section, so the context comes from code).
    /// </summary>
    public IDictionary<string, string> EncryptionContext { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the key every <c>kms:</c> value must be wrapped by (a KMS key ARN, key id, <c>alias/...</c> or alias
    /// ARN, or <c>local:&lt;name&gt;</c>); a value wrapped by another key fails with
    /// <see cref="KmsConfigurationErrorReason.IncorrectKey"/>. For KMS it is the key id given to <c>Decrypt</c>, so KMS
    /// refuses any other. See <see cref="DecryptionSettings.KeyId"/>. When <see langword="null"/>, each value is decrypted
    /// with the key it records.
    /// </summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// Gets the key ARNs, bare key ids or <c>local:</c> ids whose data keys are trusted; when empty, any key that can
    /// decrypt is trusted. A <c>kms:v1:</c> value is checked against the key it records (a key ARN or <c>local:</c> id)
    /// before any KMS request is made; a <c>kms:raw:</c> value, which records no key, is checked against the key ARN that
    /// KMS reports after <c>Decrypt</c>, and its plaintext is discarded if the key is not allowed. An entry matches
    /// exactly (case-insensitively), or as the bare key id of an ARN's <c>key/&lt;id&gt;</c>. Aliases
    /// (<c>alias/...</c> or alias ARNs) never match: values and KMS name keys by ARN.
    /// </summary>
    public ICollection<string> AllowedKeyIds { get; } = new List<string>();

    /// <summary>Gets or sets how many KMS requests may run at once. The default is 8.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set => _maxConcurrency = DecryptionSettings.ValidMaxConcurrency(value, nameof(MaxConcurrency));
    }

    /// <summary>
    /// Gets or sets the time allowed for all KMS requests of one load, or <see cref="Timeout.InfiniteTimeSpan"/>. The
    /// default is 30 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or longer than <see cref="int.MaxValue"/> milliseconds, and not infinite.</exception>
    public TimeSpan KmsTimeout
    {
        get => _kmsTimeout;
        set => _kmsTimeout = DecryptionSettings.ValidTimeout(value, nameof(KmsTimeout));
    }

    /// <summary>Gets or sets whether unwrapped data keys are cached process-wide. The default is <see langword="true"/>.</summary>
    public bool UseDataKeyCache { get; set; } = true;

    /// <summary>Gets or sets the logger for load summaries and reload failures. Log lines never contain values.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Builds the wrapped sources and the provider that decrypts their values.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/>.</param>
    /// <returns>A <see cref="KmsDecryptionConfigurationProvider"/>.</returns>
    /// <exception cref="ArgumentException"><see cref="AllowedKeyIds"/> holds a null or blank entry.</exception>
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        DecryptionSettings.ValidateEntries(AllowedKeyIds, nameof(AllowedKeyIds));
        var inner = new ConfigurationBuilder();
        foreach (var (key, value) in builder.Properties)
        {
            inner.Properties[key] = value;
        }

        foreach (var source in Sources)
        {
            inner.Add(source);
        }

        return new KmsDecryptionConfigurationProvider(this, inner.Build());
    }
}
