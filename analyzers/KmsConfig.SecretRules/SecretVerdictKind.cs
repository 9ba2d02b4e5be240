namespace KmsConfig.SecretRules;

/// <summary>Why a value is, or is not, a plaintext secret.</summary>
internal enum SecretVerdictKind
{
    /// <summary>Not a plaintext secret.</summary>
    None,

    /// <summary>A plaintext value under a secret-like key name.</summary>
    SecretKeyName,

    /// <summary>A well-known credential shape, whatever the key name.</summary>
    CredentialShape,
}
