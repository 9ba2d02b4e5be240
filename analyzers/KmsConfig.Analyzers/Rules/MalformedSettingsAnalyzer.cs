using System.Collections.Immutable;
using KmsConfig.Analyzers.Settings;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsConfig.Analyzers.Rules;

/// <summary>
/// KMS1007 and KMS1008: a <c>kms:</c> value whose shape cannot decrypt, and a settings file that the JSON provider
/// would refuse. Both fail the application at startup, so the build says so first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MalformedSettingsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.MalformedEncryptedValue,
        Descriptors.UnparsableSettingsFile);

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

        var document = file.Document;
        if (document.Error is { } error)
        {
            if (!document.Suppressions.IsAllowed(error.Line, DiagnosticIds.UnparsableSettingsFile))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnparsableSettingsFile, file.LocationOf(error.Offset, 0), file.FileName, error.Reason));
            }

            return;
        }

        foreach (var value in document.Values)
        {
            if (value.Kind != SettingsValueKind.String
                || !EncryptedValueFormat.IsEncrypted(value.Value)
                || KeyPaths.FirstSegmentIs(value.KeyPath, SecretClassifier.KmsConfigSection))
            {
                continue;
            }

            var problem = EncryptedValueFormat.FindProblem(value.Value);
            if (problem is not null && !document.Suppressions.IsAllowed(value.Line, DiagnosticIds.MalformedEncryptedValue))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MalformedEncryptedValue, file.LocationOf(value), value.KeyPath, file.FileName, problem));
            }
        }
    }
}
