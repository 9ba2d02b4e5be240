namespace KmsConfig.Analyzers.Binding;

/// <summary>How code loads a settings file.</summary>
internal enum FileLoadKind
{
    /// <summary><c>AddJsonFile</c>: values are read as they are.</summary>
    PlainJson,

    /// <summary><c>AddKmsEncryptedJson</c> or <c>AddKmsDecryption</c>: <c>kms:</c> values are decrypted.</summary>
    Encrypted,

    /// <summary>A host builder that adds <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> as plain JSON.</summary>
    HostDefaults,
}
