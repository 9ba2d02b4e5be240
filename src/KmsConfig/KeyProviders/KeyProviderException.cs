namespace KmsConfig.KeyProviders;

/// <summary>
/// A key provider's failure, in KmsConfig's words. The caller adds the file and key path and turns it into a
/// <see cref="KmsConfigurationException"/>; <see cref="Exception.Message"/> is the cause as a sentence fragment.
/// </summary>
internal sealed class KeyProviderException : Exception
{
    public KeyProviderException(KmsConfigurationErrorReason reason, string cause, Exception? innerException = null)
        : base(cause, innerException)
    {
        Reason = reason;
    }

    public KmsConfigurationErrorReason Reason { get; }
}
