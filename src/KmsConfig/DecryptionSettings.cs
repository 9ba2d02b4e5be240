namespace KmsConfig;

/// <summary>What <see cref="SettingsDecryptor"/> needs to know about the values it decrypts.</summary>
public sealed class DecryptionSettings
{
    private IReadOnlyDictionary<string, string> _encryptionContext = new Dictionary<string, string>();
    private IReadOnlyCollection<string> _allowedKeyIds = [];
    private int _maxConcurrency = 8;
    private TimeSpan _timeout = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the settings file the values come from; it appears in error messages.</summary>
    public string? FilePath { get; set; }

    /// <summary>
    /// Gets or sets the file's key id (<c>KmsConfig:KeyId</c>): a KMS key ARN, key id, <c>alias/...</c> or alias ARN, or
    /// <c>local:&lt;name&gt;</c>. When set, every value must be wrapped by that key, else it fails with
    /// <see cref="KmsConfigurationErrorReason.IncorrectKey"/>. <c>kms:v1:</c> values are compared by the key they record
    /// (local keys by name, KMS keys by key id, before any request) and, for KMS, this key id is what <c>Decrypt</c> is
    /// given, so KMS refuses a data key wrapped by any other key (an alias is resolved by KMS). <c>kms:raw:</c> values are
    /// decrypted with it the same way, and refused under a local key. When <see langword="null"/>, each value is
    /// decrypted with the key it records.
    /// </summary>
    public string? KeyId { get; set; }

    /// <summary>Gets or sets the encryption context the values were encrypted under (the file's pairs plus required pairs).</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyDictionary<string, string> EncryptionContext
    {
        get => _encryptionContext;
        set => _encryptionContext = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets or sets the key ARNs, bare key ids or <c>local:</c> ids whose data keys are trusted; when empty, any key that can
    /// decrypt is trusted. A <c>kms:v1:</c> value is checked against the key it records (a key ARN or <c>local:</c> id)
    /// before any KMS request is made; a <c>kms:raw:</c> value, which records no key, is checked against the key ARN that
    /// KMS reports after <c>Decrypt</c>, and its plaintext is discarded if the key is not allowed. An entry matches
    /// exactly (case-insensitively), or as the bare key id of an ARN's <c>key/&lt;id&gt;</c>. Aliases
    /// (<c>alias/...</c> or alias ARNs) never match: values and KMS name keys by ARN.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyCollection<string> AllowedKeyIds
    {
        get => _allowedKeyIds;
        set => _allowedKeyIds = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets how many KMS requests may run at once. The default is 8.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set => _maxConcurrency = ValidMaxConcurrency(value, nameof(MaxConcurrency));
    }

    /// <summary>
    /// Gets or sets the time allowed for all KMS requests of one decryption, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.
    /// The default is 30 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or longer than <see cref="int.MaxValue"/> milliseconds, and not infinite.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = ValidTimeout(value, nameof(Timeout));
    }

    /// <summary>Gets or sets whether unwrapped data keys are cached process-wide (for 15 minutes). The default is <see langword="true"/>.</summary>
    public bool UseDataKeyCache { get; set; } = true;

    /// <summary>Refuses a concurrency that would stall or that Parallel.ForEachAsync refuses; shared by the sources' setters.</summary>
    internal static int ValidMaxConcurrency(int value, string option) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, option + " must be at least 1.");

    /// <summary>
    /// Refuses a null or blank entry in a list option (a key id, a key path pattern) when the source is built, naming the
    /// option: later it would fail each load with an error about a parameter the user never wrote.
    /// </summary>
    internal static void ValidateEntries(IEnumerable<string?> entries, string option)
    {
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                throw new ArgumentException(option + " holds a null or blank entry.", option);
            }
        }
    }

    /// <summary>
    /// Refuses a time limit that would fail every load (zero) or that the load's CancellationTokenSource.CancelAfter
    /// refuses (negative, or too long), as HttpClient.Timeout does; shared by the sources' setters.
    /// </summary>
    internal static TimeSpan ValidTimeout(TimeSpan value, string option) =>
        value == System.Threading.Timeout.InfiniteTimeSpan || (value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, option + " must be positive and at most 24.8 days (int.MaxValue milliseconds), or Timeout.InfiniteTimeSpan.");
}
