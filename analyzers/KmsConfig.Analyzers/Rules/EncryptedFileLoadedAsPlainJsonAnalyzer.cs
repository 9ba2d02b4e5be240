using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using KmsConfig.Analyzers.Binding;
using KmsConfig.Analyzers.Settings;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Rules;

/// <summary>
/// KMS1006: a settings file that holds <c>kms:</c> values but is loaded as plain JSON, so the app would read ciphertext.
/// An explicit <c>AddJsonFile("x.json")</c> of such a file is reported unless an <c>AddKmsEncryptedJson("x.json")</c>
/// follows it in the same file. The host builders' implicit <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> are reported on the builder call only when no <c>AddKmsEncryptedJson</c>
/// anywhere in the project loads that file (loaded after the host's sources, it overrides them). An
/// <c>AddKmsEncryptedJson</c> with a computed path, and <c>AddKmsDecryption()</c> (which decrypts every earlier source),
/// count as loading any file: the rule stays silent rather than report a correct program.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EncryptedFileLoadedAsPlainJsonAnalyzer : DiagnosticAnalyzer
{
    // The name of a load whose path is computed: it may be any file.
    private const string AnyFile = "*";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EncryptedFileLoadedAsPlainJson);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var files = SettingsFiles.Load(
            context.Options,
            text => context.TryGetValue(text, SettingsFiles.Documents, out var document) ? document : JsonSettingsReader.Read(text.ToString()),
            context.CancellationToken);
        var encrypted = new List<string>();
        foreach (var file in files)
        {
            if (file.Document.HasEncryptedValues)
            {
                encrypted.Add(file.FileName);
            }
        }

        if (encrypted.Count == 0)
        {
            return;
        }

        var types = KnownTypes.Resolve(context.Compilation);
        var loads = new ConcurrentBag<FileLoad>();
        context.RegisterSemanticModelAction(c => OnSemanticModel(c, types, loads));
        context.RegisterCompilationEndAction(c => OnCompilationEnd(c, encrypted, loads));
    }

    // The candidate nodes of each tree (one walk shared by the rules, CandidateNodes); the semantic model is asked only
    // about calls named like a settings-file load (see CandidateSyntax for why).
    private static void OnSemanticModel(SemanticModelAnalysisContext context, KnownTypes types, ConcurrentBag<FileLoad> loads)
    {
        foreach (var node in CandidateNodes.Of(context.SemanticModel.SyntaxTree, context.CancellationToken))
        {
            if (node is InvocationExpressionSyntax syntax && CandidateSyntax.MayLoadSettingsFile(syntax)
                && context.SemanticModel.GetOperation(syntax, context.CancellationToken) is IInvocationOperation invocation)
            {
                OnInvocation(invocation, types, loads);
            }
        }
    }

    private static void OnInvocation(IInvocationOperation invocation, KnownTypes types, ConcurrentBag<FileLoad> loads)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "AddJsonFile" when KnownTypes.Is(method.ContainingType, types.JsonConfigurationExtensions):
                Add(invocation, FileLoadKind.PlainJson, loads);
                break;
            case "AddKmsEncryptedJson" when KnownTypes.Is(method.ContainingType, types.KmsEncryptedJsonConfigurationExtensions)
                                            || method.ContainingType.Name == "KmsEncryptedJsonConfigurationExtensions":
                Add(invocation, FileLoadKind.Encrypted, loads);
                break;
            case "AddKmsDecryption" when method.ContainingType.Name == "KmsDecryptionConfigurationExtensions":
                // Decrypts kms: values of every source added before it, the host's JSON files included.
                loads.Add(new FileLoad(FileLoadKind.Encrypted, AnyFile, invocation.Syntax.GetLocation(), method.Name));
                break;
            case "CreateBuilder" or "CreateSlimBuilder" when KnownTypes.Is(method.ContainingType, types.WebApplication):
            case "CreateDefaultBuilder" or "CreateApplicationBuilder" when KnownTypes.Is(method.ContainingType, types.Host):
            case "CreateDefaultBuilder" when KnownTypes.Is(method.ContainingType, types.WebHost):
                loads.Add(new FileLoad(FileLoadKind.HostDefaults, string.Empty, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
                break;
        }
    }

    private static void Add(IInvocationOperation invocation, FileLoadKind kind, ConcurrentBag<FileLoad> loads)
    {
        var path = SectionPaths.ConstantString(SectionPaths.Argument(invocation, "path"));
        if (path is not null)
        {
            var name = path.Replace('\\', '/');
            name = name.Substring(name.LastIndexOf('/') + 1);
            loads.Add(new FileLoad(kind, name, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
        else if (kind == FileLoadKind.Encrypted)
        {
            // A computed path ($"appsettings.{env}.json") or a source callback may name any file: assume it covers them
            // rather than report a correct program.
            loads.Add(new FileLoad(kind, AnyFile, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }

    private static void OnCompilationEnd(CompilationAnalysisContext context, List<string> encryptedFiles, ConcurrentBag<FileLoad> loads)
    {
        var all = loads.ToArray();
        foreach (var load in all)
        {
            if (load.Kind == FileLoadKind.PlainJson)
            {
                foreach (var file in encryptedFiles)
                {
                    if (NameEquals(load.FileName, file) && !IsOverriddenLater(load, all))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.EncryptedFileLoadedAsPlainJson, load.Location, file, load.Caller));
                    }
                }
            }
            else if (load.Kind == FileLoadKind.HostDefaults)
            {
                foreach (var file in encryptedFiles)
                {
                    if (SettingsFiles.IsSettingsFileName(file) && !IsLoadedEncryptedAnywhere(file, all))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.EncryptedFileLoadedAsPlainJson, load.Location, file, load.Caller));
                    }
                }
            }
        }
    }

    private static bool IsOverriddenLater(FileLoad plain, FileLoad[] loads)
    {
        foreach (var load in loads)
        {
            if (load.Kind == FileLoadKind.Encrypted && NameEquals(load.FileName, plain.FileName)
                && load.Location.SourceTree == plain.Location.SourceTree
                && load.Location.SourceSpan.End > plain.Location.SourceSpan.End)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoadedEncryptedAnywhere(string file, FileLoad[] loads)
    {
        foreach (var load in loads)
        {
            if (load.Kind == FileLoadKind.Encrypted && NameEquals(load.FileName, file))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NameEquals(string load, string file) => load == AnyFile || string.Equals(load, file, StringComparison.OrdinalIgnoreCase);
}
