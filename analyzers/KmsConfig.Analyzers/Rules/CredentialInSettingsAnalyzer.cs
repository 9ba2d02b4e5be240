using System.Collections.Immutable;
using KmsConfig.Analyzers.Settings;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsConfig.Analyzers.Rules;

/// <summary>
/// KMS1004: well-known credential shapes anywhere in a settings file (cloud access keys, PEM private keys, passwords
/// in connection strings and URLs, provider tokens), whatever the key is called and whether or not code binds it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CredentialInSettingsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CredentialShapeInSettings);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(OnAdditionalFile);
    }

    private static void OnAdditionalFile(AdditionalFileAnalysisContext context)
    {
        var file = SettingsFiles.Load(context.AdditionalFile, context.Options, context.CancellationToken);
        if (file is null)
        {
            return;
        }

        foreach (var value in file.Document.Values)
        {
            if (value.Kind != SettingsValueKind.String)
            {
                continue;
            }

            var verdict = SecretClassifier.Classify(value.KeyPath, value.Value);
            if (verdict.Kind == SecretVerdictKind.CredentialShape
                && !file.Document.Suppressions.IsAllowed(value.Line, DiagnosticIds.CredentialShapeInSettings))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CredentialShapeInSettings, file.LocationOf(value), value.KeyPath, file.FileName, verdict.Shape));
            }
        }
    }
}
