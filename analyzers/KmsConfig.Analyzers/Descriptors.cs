using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers;

/// <summary>The diagnostic descriptors of every KmsConfig rule; ids and texts come from the shared catalogue.</summary>
internal static class Descriptors
{
    private const string SecurityCategory = "Security";
    private const string ReliabilityCategory = "Reliability";
    private const string HelpLinkBase = "https://github.com/kmsconfig/kmsconfig/blob/main/analyzers/docs/";
    private const string EncryptedFileLoadedAsPlainJsonDescription =
        "A settings file holds kms: values but the code loads it with AddJsonFile (or relies on the host builder's implicit AddJsonFile), so the application would see ciphertext.";

    public static readonly DiagnosticDescriptor PlaintextSecretAtBoundKey = Create(
        DiagnosticIds.PlaintextSecretAtBoundKey,
        RuleTexts.PlaintextSecretAtBoundKeyTitle,
        RuleTexts.PlaintextSecretAtBoundKeyMessage,
        SecurityCategory,
        "A settings file holds a plaintext secret at a key that the code binds, so the secret is committed with the code. Encrypt it with 'dotnet kms-encrypt set'; KMS1006 then reports the file if the code does not load it with AddKmsEncryptedJson.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor BindingReadsPlaintextSecret = Create(
        DiagnosticIds.BindingReadsPlaintextSecret,
        RuleTexts.BindingReadsPlaintextSecretTitle,
        RuleTexts.BindingReadsPlaintextSecretMessage,
        SecurityCategory,
        "This configuration binding reads a key whose value in a settings file is a plaintext secret. Encrypt the value with 'dotnet kms-encrypt set'; KMS1006 then reports the file if the code does not load it with AddKmsEncryptedJson.");

    public static readonly DiagnosticDescriptor PlaintextSecretInSettings = Create(
        DiagnosticIds.PlaintextSecretInSettings,
        RuleTexts.PlaintextSecretInSettingsTitle,
        RuleTexts.PlaintextSecretInSettingsMessage,
        SecurityCategory,
        "A settings file holds a plaintext secret at a key that no visible code binds (a library may still read it). Encrypt it or move it out of the file.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CredentialShapeInSettings = Create(
        DiagnosticIds.CredentialShapeInSettings,
        RuleTexts.CredentialShapeInSettingsTitle,
        RuleTexts.CredentialShapeInSettingsMessage,
        SecurityCategory,
        "A settings file holds a well-known credential: a cloud access key, a private key, a password in a connection string or URL, or a provider token.");

    public static readonly DiagnosticDescriptor HardCodedSecretInConfigurationCode = Create(
        DiagnosticIds.HardCodedSecretInConfigurationCode,
        RuleTexts.HardCodedSecretTitle,
        RuleTexts.HardCodedSecretMessage,
        SecurityCategory,
        "C# code writes a literal secret into configuration (AddInMemoryCollection, an IConfiguration indexer, or an options property), so the secret is compiled into the assembly.");

    // KMS1006 on an AddJsonFile call: decided within its C# file, so it is reported live (and the IDE offers its code fix).
    public static readonly DiagnosticDescriptor EncryptedFileLoadedAsPlainJson = Create(
        DiagnosticIds.EncryptedFileLoadedAsPlainJson,
        RuleTexts.EncryptedFileLoadedAsPlainJsonTitle,
        RuleTexts.EncryptedFileLoadedAsPlainJsonMessage,
        ReliabilityCategory,
        EncryptedFileLoadedAsPlainJsonDescription);

    // KMS1006 on a host builder: whether any AddKmsEncryptedJson in the project loads the file is known only at the end.
    public static readonly DiagnosticDescriptor EncryptedFileLoadedByHostBuilder = Create(
        DiagnosticIds.EncryptedFileLoadedAsPlainJson,
        RuleTexts.EncryptedFileLoadedAsPlainJsonTitle,
        RuleTexts.EncryptedFileLoadedAsPlainJsonMessage,
        ReliabilityCategory,
        EncryptedFileLoadedAsPlainJsonDescription,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MalformedEncryptedValue = Create(
        DiagnosticIds.MalformedEncryptedValue,
        RuleTexts.MalformedEncryptedValueTitle,
        RuleTexts.MalformedEncryptedValueMessage,
        ReliabilityCategory,
        "A value starts with 'kms:' but its prefix, base64 or part lengths do not match the KmsConfig value format, so it would fail to decrypt at startup.");

    public static readonly DiagnosticDescriptor UnparsableSettingsFile = Create(
        DiagnosticIds.UnparsableSettingsFile,
        RuleTexts.UnparsableSettingsFileTitle,
        RuleTexts.UnparsableSettingsFileMessage,
        ReliabilityCategory,
        "A settings file does not parse as the JSON configuration provider reads it (comments and trailing commas are allowed; duplicate keys are not), so the application would fail at startup.");

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, string description, params string[] tags)
        => new DiagnosticDescriptor(
            id,
            title,
            message,
            category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: tags);
}
