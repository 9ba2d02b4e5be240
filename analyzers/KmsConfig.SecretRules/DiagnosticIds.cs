namespace KmsConfig.SecretRules;

/// <summary>
/// The one catalogue of KmsConfig rule ids, shared by the analyzer and the tool's <c>check</c> verb so that a finding
/// has the same id in the IDE, in the build and in CI.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>A plaintext secret in a settings file at a key that the code binds (reported on the JSON value).</summary>
    public const string PlaintextSecretAtBoundKey = "KMS1001";

    /// <summary>A binding call that reads a plaintext secret (reported on the C# call).</summary>
    public const string BindingReadsPlaintextSecret = "KMS1002";

    /// <summary>A plaintext secret in a settings file that no visible code binds; also the tool's plaintext-secret id.</summary>
    public const string PlaintextSecretInSettings = "KMS1003";

    /// <summary>A well-known credential shape (cloud key, PEM private key, password in a connection string or URL, provider token).</summary>
    public const string CredentialShapeInSettings = "KMS1004";

    /// <summary>A hard-coded secret written into configuration from C#.</summary>
    public const string HardCodedSecretInConfigurationCode = "KMS1005";

    /// <summary>A settings file holding <c>kms:</c> values loaded as plain JSON, so the app would see ciphertext.</summary>
    public const string EncryptedFileLoadedAsPlainJson = "KMS1006";

    /// <summary>A <c>kms:</c> value whose prefix, base64 or lengths do not match the value format.</summary>
    public const string MalformedEncryptedValue = "KMS1007";

    /// <summary>A settings file that does not parse as the configuration JSON provider would read it.</summary>
    public const string UnparsableSettingsFile = "KMS1008";
}
