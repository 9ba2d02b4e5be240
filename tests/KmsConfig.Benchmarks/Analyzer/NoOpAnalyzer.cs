using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsConfig.Benchmarks.Analyzer;

/// <summary>
/// The control of the in-process analyzer benchmark: an analyzer whose one semantic-model action does nothing. With it,
/// <c>CompilationWithAnalyzers</c> binds its own copy of the compilation for its diagnostics and drives the event
/// queue, as a build's analyzer host does, but runs no analyzer work; the KmsConfig analyzers' added time is measured
/// against it. (An analyzer with only a compilation action would not do: the driver then binds nothing at all.)
/// </summary>
#pragma warning disable RS1001 // never loaded by a compiler, only handed to CompilationWithAnalyzers, so no [DiagnosticAnalyzer]
internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
#pragma warning disable RS2008 // a benchmark control, never shipped: no release tracking
    private static readonly DiagnosticDescriptor s_never = new("BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Info, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [s_never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(static _ => { });
    }
}
