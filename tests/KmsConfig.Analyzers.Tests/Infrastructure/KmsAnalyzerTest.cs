using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace KmsConfig.Analyzers.Tests.Infrastructure;

/// <summary>
/// A verifier test that compiles against net10 reference assemblies (Basic.Reference.Assemblies, no download) plus the
/// real Microsoft.Extensions configuration, options and hosting assemblies this test project runs with.
/// </summary>
internal sealed class KmsAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public KmsAnalyzerTest()
    {
        // An empty reference-assembly set resolves nothing, so the framework never goes to a package feed.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(References);
    }

    /// <summary>The reference assemblies and Microsoft.Extensions assemblies every verifier test compiles against.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    /// <summary>Adds a settings file under the project directory, as the package's props would.</summary>
    public KmsAnalyzerTest<TAnalyzer> WithSettings(string fileName, string json)
    {
        TestState.AdditionalFiles.Add(("/0/" + fileName, json));
        return this;
    }

    public KmsAnalyzerTest<TAnalyzer> WithSource(string source)
    {
        TestState.Sources.Add(source);
        return this;
    }

    /// <summary>References a compiled library, whose types the analyzer sees only as metadata.</summary>
    public KmsAnalyzerTest<TAnalyzer> WithReference(MetadataReference reference)
    {
        TestState.AdditionalReferences.Add(reference);
        return this;
    }

    public KmsAnalyzerTest<TAnalyzer> Expect(params DiagnosticResult[] diagnostics)
    {
        ExpectedDiagnostics.AddRange(diagnostics);
        return this;
    }

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        builder.AddRange(Basic.Reference.Assemblies.Net100.References.All);

        // The Microsoft.Extensions and ASP.NET Core assemblies this test project runs with.
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in local.Concat(trusted))
        {
            var name = Path.GetFileName(path);
            if ((name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
                && seen.Add(name))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return builder.ToImmutable();
    }
}
