namespace KmsConfig.SecretRules;

/// <summary>
/// Titles and message formats of every rule, in one place so that the analyzer and the tool say the same thing.
/// Formats take the key path and the file name, never the value.
/// </summary>
internal static class RuleTexts
{
    public const string PlaintextSecretAtBoundKeyTitle = "Plaintext secret at a configuration key the code binds";
    public const string PlaintextSecretAtBoundKeyMessage = "'{0}' in {1} is a plaintext secret that the code binds; encrypt it with 'dotnet kms-encrypt set'";

    public const string BindingReadsPlaintextSecretTitle = "Configuration binding reads a plaintext secret";
    public const string BindingReadsPlaintextSecretMessage = "'{0}' bound here is a plaintext secret in {1}({2}); encrypt it with 'dotnet kms-encrypt set'";

    public const string PlaintextSecretInSettingsTitle = "Plaintext secret in a settings file";
    public const string PlaintextSecretInSettingsMessage = "'{0}' in {1} is a plaintext secret; encrypt it with 'dotnet kms-encrypt set' or move it out of the file";

    public const string CredentialShapeInSettingsTitle = "Credential in a settings file";
    public const string CredentialShapeInSettingsMessage = "'{0}' in {1} holds {2}; encrypt it with 'dotnet kms-encrypt set' or move it out of the file";

    public const string HardCodedSecretTitle = "Hard-coded secret written into configuration";
    public const string HardCodedSecretMessage = "'{0}' is set to a hard-coded secret; read it from an encrypted settings file or a secret store instead";

    public const string EncryptedFileLoadedAsPlainJsonTitle = "Settings file with encrypted values loaded as plain JSON";
    public const string EncryptedFileLoadedAsPlainJsonMessage = "{0} holds kms: values but {1} loads it as plain JSON, so the app would read ciphertext; load it with AddKmsEncryptedJson";

    public const string MalformedEncryptedValueTitle = "Malformed KMS-encrypted value";
    public const string MalformedEncryptedValueMessage = "'{0}' in {1} is not a valid KmsConfig ciphertext: {2}; encrypt the value again with 'dotnet kms-encrypt set'";

    public const string UnparsableSettingsFileTitle = "Settings file does not parse";
    public const string UnparsableSettingsFileMessage = "{0} cannot be read as configuration JSON: {1}";

    /// <summary>How the tool's findings name the file they are in; the tool prints the path before the message.</summary>
    public const string ThisFile = "this file";
}
