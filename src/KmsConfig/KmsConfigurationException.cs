namespace KmsConfig;

/// <summary>
/// The exception thrown when an encrypted settings value cannot be decrypted, or a file's settings are invalid.
/// Its message names the file, the configuration key and the KMS key; it never contains plaintext or ciphertext.
/// </summary>
public sealed class KmsConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="KmsConfigurationException"/> class.</summary>
    /// <param name="reason">Why the value could not be decrypted.</param>
    /// <param name="message">A message that names the file, key path and KMS key, without secret material.</param>
    /// <param name="filePath">The settings file, when known.</param>
    /// <param name="keyPath">The configuration key path, when known.</param>
    /// <param name="keyId">The KMS key id or <c>local:</c> key, when known.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public KmsConfigurationException(
        KmsConfigurationErrorReason reason,
        string message,
        string? filePath = null,
        string? keyPath = null,
        string? keyId = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        FilePath = filePath;
        KeyPath = keyPath;
        KeyId = keyId;
    }

    /// <summary>Gets why the value could not be decrypted.</summary>
    public KmsConfigurationErrorReason Reason { get; }

    /// <summary>Gets the settings file, when known.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the configuration key path (for example <c>ConnectionStrings:Default</c>), when known.</summary>
    public string? KeyPath { get; }

    /// <summary>Gets the KMS key id, key ARN or <c>local:</c> key that the value names, when known.</summary>
    public string? KeyId { get; }

    /// <summary>
    /// The cause alone, in words ("the key is disabled"), for callers that name the file and key and give advice
    /// themselves (the tool); set where the message is built from one.
    /// </summary>
    internal string? Cause { get; init; }
}
