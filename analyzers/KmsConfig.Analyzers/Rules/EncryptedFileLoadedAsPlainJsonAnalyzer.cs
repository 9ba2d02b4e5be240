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
/// An explicit <c>AddJsonFile</c> whose path names such a file (a constant, or a computed path whose file name has
/// constant text besides the extension, <c>$"appsettings.{env}.json"</c>: see <see cref="FileNamePattern"/>) is reported unless an
/// <c>AddKmsEncryptedJson</c> of a matching path follows it in the same file; that is decided within the C# file, so
/// it is reported live, where the IDE offers its code fix. The host builders' implicit
/// <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> are reported on the builder call only when no
/// <c>AddKmsEncryptedJson</c> anywhere in the project loads that file (loaded after the host's sources, it overrides
/// them). An <c>AddKmsEncryptedJson</c> whose path is not known at all, and <c>AddKmsDecryption()</c> (which decrypts
/// every earlier source), count as loading any file: the rule stays silent rather than report a correct program.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EncryptedFileLoadedAsPlainJsonAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.EncryptedFileLoadedAsPlainJson, Descriptors.EncryptedFileLoadedByHostBuilder);

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

        // By name, once: loads and messages name a file without its folder, so two files of one name are one finding.
        var encrypted = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            if (file.Document.HasEncryptedValues && names.Add(file.FileName))
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
        context.RegisterSemanticModelAction(c => OnSemanticModel(c, types, encrypted, loads));
        context.RegisterCompilationEndAction(c => OnCompilationEnd(c, encrypted, loads));
    }

    // The candidate nodes of each tree (one walk shared by the rules, CandidateNodes); the semantic model is asked only
    // about calls named like a settings-file load (see CandidateSyntax for why). A plain load is settled by the loads of
    // its own tree; the host builders wait for every tree.
    private static void OnSemanticModel(SemanticModelAnalysisContext context, KnownTypes types, List<string> encryptedFiles, ConcurrentBag<FileLoad> loads)
    {
        var treeLoads = new List<FileLoad>();
        foreach (var node in CandidateNodes.Of(context.SemanticModel.SyntaxTree, context.CancellationToken))
        {
            if (node is InvocationExpressionSyntax syntax && CandidateSyntax.MayLoadSettingsFile(syntax)
                && context.SemanticModel.GetOperation(syntax, context.CancellationToken) is IInvocationOperation invocation)
            {
                OnInvocation(invocation, types, treeLoads);
            }
        }

        foreach (var load in treeLoads)
        {
            loads.Add(load);
            if (load.Kind != FileLoadKind.PlainJson)
            {
                continue;
            }

            foreach (var file in encryptedFiles)
            {
                if (FileNamePattern.Matches(load.FileName, file) && !IsOverriddenLater(load, file, treeLoads))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.EncryptedFileLoadedAsPlainJson, load.Location, file, load.Caller));
                }
            }
        }
    }

    private static void OnInvocation(IInvocationOperation invocation, KnownTypes types, List<FileLoad> loads)
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
                loads.Add(new FileLoad(FileLoadKind.Encrypted, FileNamePattern.AnyFile, CallLocation.Of(invocation.Syntax), method.Name));
                break;
            case "CreateBuilder" or "CreateSlimBuilder" when KnownTypes.Is(method.ContainingType, types.WebApplication):
            case "CreateDefaultBuilder" or "CreateApplicationBuilder" when KnownTypes.Is(method.ContainingType, types.Host):
            case "CreateDefaultBuilder" when KnownTypes.Is(method.ContainingType, types.WebHost):
                loads.Add(new FileLoad(FileLoadKind.HostDefaults, string.Empty, CallLocation.Of(invocation.Syntax), method.ContainingType.Name + "." + method.Name));
                break;
        }
    }

    private static void Add(IInvocationOperation invocation, FileLoadKind kind, List<FileLoad> loads)
    {
        var pattern = FileNamePattern.Of(SectionPaths.Argument(invocation, "path"));
        if (kind == FileLoadKind.Encrypted)
        {
            // A path not known at all (a variable, a source callback) may name any file: assume it covers them rather
            // than report a correct program.
            loads.Add(new FileLoad(kind, pattern ?? FileNamePattern.AnyFile, CallLocation.Of(invocation.Syntax), invocation.TargetMethod.Name));
        }
        else if (pattern is not null && FileNamePattern.NamesMoreThanExtension(pattern))
        {
            // A plain load is reported only when its file name has constant text: $"{name}.json" may be any file.
            loads.Add(new FileLoad(kind, pattern, CallLocation.Of(invocation.Syntax), invocation.TargetMethod.Name));
        }
    }

    private static void OnCompilationEnd(CompilationAnalysisContext context, List<string> encryptedFiles, ConcurrentBag<FileLoad> loads)
    {
        var all = loads.ToArray();
        foreach (var load in all)
        {
            if (load.Kind != FileLoadKind.HostDefaults)
            {
                continue;
            }

            foreach (var file in encryptedFiles)
            {
                if (SettingsFiles.IsSettingsFileName(file) && !IsLoaded(file, FileLoadKind.Encrypted, all)
                    && (IsEnvironmentFileOfTheBuiltInEnvironments(file) || !IsLoaded(file, FileLoadKind.PlainJson, all)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.EncryptedFileLoadedByHostBuilder, load.Location, file, load.Caller));
                }
            }
        }
    }

    // A later AddKmsEncryptedJson of the file in the same C# file (the loads of one tree) overrides the plain source.
    private static bool IsOverriddenLater(FileLoad plain, string file, List<FileLoad> treeLoads)
    {
        foreach (var load in treeLoads)
        {
            if (load.Kind == FileLoadKind.Encrypted && FileNamePattern.Matches(load.FileName, file)
                && load.Location.SourceSpan.End > plain.Location.SourceSpan.End)
            {
                return true;
            }
        }

        return false;
    }

    // appsettings.json and the environment files of Development, Staging and Production are what a host reads in
    // practice. Another appsettings.X.json that the code loads itself by name (appsettings.Secrets.json) is that code's
    // file, reported at its AddJsonFile call: the host reads it only in an environment named "X".
    private static readonly string[] s_builtInEnvironmentFiles =
        { "appsettings.json", "appsettings.Development.json", "appsettings.Staging.json", "appsettings.Production.json" };

    private static bool IsEnvironmentFileOfTheBuiltInEnvironments(string file)
    {
        var name = System.IO.Path.GetFileName(file);
        foreach (var builtIn in s_builtInEnvironmentFiles)
        {
            if (string.Equals(name, builtIn, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Loaded encrypted anywhere: the host's plain source of that file is replaced.
    private static bool IsLoaded(string file, FileLoadKind kind, FileLoad[] loads)
    {
        foreach (var load in loads)
        {
            if (load.Kind == kind && FileNamePattern.Matches(load.FileName, file))
            {
                return true;
            }
        }

        return false;
    }
}
