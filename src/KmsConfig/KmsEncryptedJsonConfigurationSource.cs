using Amazon.KeyManagementService;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;

namespace KmsConfig;

/// <summary>
/// Represents a JSON file whose <c>kms:</c> values are decrypted with AWS KMS or a local key as an
/// <see cref="IConfigurationSource"/>. Everything <see cref="JsonConfigurationSource"/> does (optional files, reload on
/// change, <c>OnLoadException</c>) behaves the same.
/// </summary>
/// <remarks>
/// When the file's <c>KmsConfig:KeyId</c> names a key, every <c>kms:v1:</c> and <c>kms:raw:</c> value in the file must be
/// wrapped by that key; a value wrapped by another fails the load with <see cref="KmsConfigurationErrorReason.IncorrectKey"/>
/// (see <see cref="DecryptionSettings.KeyId"/>). Without a <c>KeyId</c>, each value decrypts with the key it records.
/// </remarks>
public sealed class KmsEncryptedJsonConfigurationSource : JsonConfigurationSource
{
    private int _maxConcurrency = 8;
    private TimeSpan _kmsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the AWS KMS client. When <see langword="null"/>, <see cref="KmsClientFactory"/> is used; when that is
    /// also <see langword="null"/>, a client is created on first use from the standard AWS SDK environment (credential
    /// chain, <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>, <c>AWS_PROFILE</c>, and <c>AWS_ENDPOINT_URL_KMS</c> /
    /// <c>AWS_ENDPOINT_URL</c>). When the environment configures no region at all, that client uses the region of the key
    /// ARN the first value names (a ciphertext decrypts only in its key's region); with none to take, the load fails
    /// with <see cref="KmsConfigurationErrorReason.InvalidSettings"/>.
    /// No client is created for files that use only local keys.
    /// </summary>
    public IAmazonKeyManagementService? KmsClient { get; set; }

    /// <summary>
    /// Gets or sets a factory for the AWS KMS client, called only if the file uses an AWS key. The client it returns is
    /// kept; if it throws, the load fails and the next load (a reload) calls it again.
    /// </summary>
    public Func<IAmazonKeyManagementService>? KmsClientFactory { get; set; }

    /// <summary>Gets or sets the directory of local key files (<c>local:&lt;name&gt;</c> key ids). See <see cref="LocalKeys"/>.</summary>
    public string? LocalKeyDirectory { get; set; }

    /// <summary>
    /// Gets the key ARNs, bare key ids or <c>local:</c> ids whose data keys are trusted; when empty, any key that can
    /// decrypt is trusted. A <c>kms:v1:</c> value is checked against the key it records (a key ARN or <c>local:</c> id)
    /// before any KMS request is made; a <c>kms:raw:</c> value, which records no key, is checked against the key ARN that
    /// KMS reports after <c>Decrypt</c>, and its plaintext is discarded if the key is not allowed. An entry matches
    /// exactly (case-insensitively), or as the bare key id of an ARN's <c>key/&lt;id&gt;</c>. Aliases
    /// (<c>alias/...</c> or alias ARNs) never match: values and KMS name keys by ARN.
    /// </summary>
    public ICollection<string> AllowedKeyIds { get; } = new List<string>();

    /// <summary>
    /// Gets encryption-context pairs the application requires (for example <c>env=prod</c>). They are added to the file's
    /// context for every decryption; a file whose <c>KmsConfig:EncryptionContext</c> sets one of them differently fails
    /// the load, and so does a value encrypted without them.
    /// </summary>
    public IDictionary<string, string> RequiredEncryptionContext { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets key path patterns whose values must be encrypted, such as <c>ConnectionStrings:*</c> or <c>**:Password</c>
    /// (<c>*</c> matches within one section, <c>**</c> across sections; case-insensitive). A non-empty plaintext value at
    /// a matching key fails the load.
    /// </summary>
    public ICollection<string> RequiredEncryptedKeys { get; } = new List<string>();

    /// <summary>Gets or sets how many KMS requests may run at once during a load. The default is 8.</summary>
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

    /// <summary>Gets or sets whether unwrapped data keys are cached process-wide for 15 minutes, so files that share a data key, and reloads, cost no further KMS requests. The default is <see langword="true"/>.</summary>
    public bool UseDataKeyCache { get; set; } = true;

    /// <summary>Gets or sets the logger for load summaries and reload failures. Log lines never contain values.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Builds the <see cref="KmsEncryptedJsonConfigurationProvider"/> for this source.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/>.</param>
    /// <returns>A <see cref="KmsEncryptedJsonConfigurationProvider"/>.</returns>
    /// <exception cref="ArgumentException"><see cref="AllowedKeyIds"/> or <see cref="RequiredEncryptedKeys"/> holds a null or blank entry.</exception>
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        DecryptionSettings.ValidateEntries(AllowedKeyIds, nameof(AllowedKeyIds));
        DecryptionSettings.ValidateEntries(RequiredEncryptedKeys, nameof(RequiredEncryptedKeys));
        EnsureDefaults(builder);
        return new KmsEncryptedJsonConfigurationProvider(this);
    }
}
