namespace KmsConfig;

/// <summary>Why KmsConfig could not load or decrypt a settings value.</summary>
public enum KmsConfigurationErrorReason
{
    /// <summary>The value starts with <c>kms:</c> but is not a well-formed value: truncated, damaged, or an unknown format version.</summary>
    MalformedValue,

    /// <summary>The value failed its integrity check: it was changed, truncated, or copied from another configuration key.</summary>
    IntegrityCheckFailed,

    /// <summary>The key provider refused the data key: the encryption context differs from the one used to encrypt, or the wrapped key was damaged.</summary>
    EncryptionContextMismatch,

    /// <summary>The data key was wrapped by a key that is not in the allowed key ids.</summary>
    KeyNotAllowed,

    /// <summary>
    /// The value is wrapped by a different key than the file's <c>KmsConfig:KeyId</c> (or the <c>KeyId</c> given in code):
    /// found locally where the key ids can be compared (local key names, KMS key ids and ARNs), else by KMS, which is
    /// given the file's key and refuses a ciphertext of any other.
    /// </summary>
    IncorrectKey,

    /// <summary>The KMS key is disabled, pending deletion, or otherwise unusable.</summary>
    KeyDisabled,

    /// <summary>The KMS key or alias does not exist in this account and region.</summary>
    KeyNotFound,

    /// <summary>The caller is not allowed to use the KMS key.</summary>
    AccessDenied,

    /// <summary>KMS throttled the requests, and the SDK's retries did not get through.</summary>
    Throttled,

    /// <summary>KMS could not be reached, timed out, or reported an internal error.</summary>
    KmsUnavailable,

    /// <summary>No AWS credentials were found for the KMS client.</summary>
    CredentialsMissing,

    /// <summary>
    /// The local key named by a <c>local:</c> key id was not found, or its environment variable or key file does not hold
    /// a base64 256-bit key, or the key file could not be read.
    /// </summary>
    LocalKeyMissing,

    /// <summary>A key that must hold an encrypted value holds plaintext.</summary>
    PlaintextNotAllowed,

    /// <summary>The file's <c>KmsConfig</c> section or the settings in code are invalid.</summary>
    InvalidSettings,

    /// <summary>KMS reported an error not covered by the other reasons.</summary>
    KmsError,
}
