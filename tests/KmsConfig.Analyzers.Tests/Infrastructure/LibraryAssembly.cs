using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KmsConfig.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles C# into an in-memory assembly and references it by metadata, as a NuGet library's types reach the analyzer
/// (no syntax, property bodies unseen), or a helper written in another project of the solution. It compiles against
/// what the verifier tests compile against, Microsoft.Extensions configuration and options included.
/// </summary>
internal static class LibraryAssembly
{
    public static MetadataReference Compile(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            KmsAnalyzerTest<KmsConfig.Analyzers.Rules.PlaintextSecretAnalyzer>.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(
                "The library source does not compile: " + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return MetadataReference.CreateFromImage(ImmutableArray.Create(image.ToArray()));
    }
}
