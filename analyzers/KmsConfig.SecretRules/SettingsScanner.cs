using System.Collections.Generic;
using System.Globalization;

namespace KmsConfig.SecretRules;

/// <summary>
/// Scans one settings file for what a CI gate should fail on, without knowing which keys code binds: plaintext secrets
/// (<see cref="DiagnosticIds.PlaintextSecretInSettings"/>), credential shapes (<see cref="DiagnosticIds.CredentialShapeInSettings"/>),
/// malformed <c>kms:</c> values (<see cref="DiagnosticIds.MalformedEncryptedValue"/>) and files that do not parse
/// (<see cref="DiagnosticIds.UnparsableSettingsFile"/>). Honours <c>// kmsconfig:allow</c> comments.
/// </summary>
internal static class SettingsScanner
{
    /// <summary>Scans the text of a settings file; findings are in document order.</summary>
    public static IReadOnlyList<SettingsFinding> Scan(string fileText)
    {
        var document = JsonSettingsReader.Read(fileText);
        var findings = new List<SettingsFinding>();
        if (document.Error is { } error)
        {
            if (!document.Suppressions.IsAllowed(error.Line, DiagnosticIds.UnparsableSettingsFile))
            {
                findings.Add(new SettingsFinding(
                    DiagnosticIds.UnparsableSettingsFile,
                    string.Empty,
                    error.Line,
                    error.Column,
                    Format(RuleTexts.UnparsableSettingsFileMessage, "The file", error.Reason)));
            }

            return findings;
        }

        foreach (var value in document.Values)
        {
            var finding = Inspect(document, value);
            if (finding is not null && !document.Suppressions.IsAllowed(value.Line, finding.RuleId))
            {
                findings.Add(finding);
            }
        }

        return findings;
    }

    /// <summary>
    /// The file-local finding for one value, or <see langword="null"/>. Plaintext secrets get
    /// <see cref="DiagnosticIds.PlaintextSecretInSettings"/>; the analyzer turns them into
    /// <see cref="DiagnosticIds.PlaintextSecretAtBoundKey"/> when code binds the key.
    /// </summary>
    internal static SettingsFinding? Inspect(SettingsDocument document, SettingsValue value)
    {
        if (value.Kind != SettingsValueKind.String || KeyPaths.FirstSegmentIs(value.KeyPath, SecretClassifier.KmsConfigSection))
        {
            return null;
        }

        if (EncryptedValueFormat.IsEncrypted(value.Value))
        {
            var problem = EncryptedValueFormat.FindProblem(value.Value);
            return problem is null
                ? null
                : Create(DiagnosticIds.MalformedEncryptedValue, value, Format(RuleTexts.MalformedEncryptedValueMessage, value.KeyPath, RuleTexts.ThisFile, problem));
        }

        var verdict = SecretClassifier.Classify(document, value);
        switch (verdict.Kind)
        {
            case SecretVerdictKind.CredentialShape:
                return Create(DiagnosticIds.CredentialShapeInSettings, value, Format(RuleTexts.CredentialShapeInSettingsMessage, value.KeyPath, RuleTexts.ThisFile, verdict.Shape));
            case SecretVerdictKind.SecretKeyName:
                return Create(DiagnosticIds.PlaintextSecretInSettings, value, Format(RuleTexts.PlaintextSecretInSettingsMessage, value.KeyPath, RuleTexts.ThisFile));
            default:
                return null;
        }
    }

    private static SettingsFinding Create(string ruleId, SettingsValue value, string message)
        => new SettingsFinding(ruleId, value.KeyPath, value.Line, value.Column, message);

    private static string Format(string format, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
