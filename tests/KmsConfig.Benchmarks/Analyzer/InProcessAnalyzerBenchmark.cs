using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsConfig.Benchmarks.Analyzer;

/// <summary>
/// Part 4, the robust measurement: the generated project's sources compiled in this one warmed-up process, so that no
/// process start, MSBuild or compiler server is in the numbers. The compilation is created once; every round times, on
/// fresh copies of it (<see cref="Compilation.Clone"/>, which drops all bound state):
/// <list type="bullet">
/// <item><c>compile</c>: <see cref="Compilation.Emit(Stream, Stream?, Stream?, Stream?, IEnumerable{ResourceDescription}?, Microsoft.CodeAnalysis.Emit.EmitOptions?, IMethodSymbol?, Stream?, IEnumerable{EmbeddedText}?, Stream?, CancellationToken)"/> to a memory stream: the reference;</item>
/// <item><c>driver</c>: <c>CompilationWithAnalyzers</c> with a no-op analyzer only: its full compilation diagnostics and event queue, no analyzer work;</item>
/// <item><c>analyzers</c>: the same with the no-op and the KmsConfig analyzers, the settings files as AdditionalFiles.</item>
/// </list>
/// The analyzers' added time is <c>analyzers − driver</c> of the same round: <c>CompilationWithAnalyzers</c> binds its own
/// copy of the compilation, which a real build (one compilation, analyzers fed from its event queue) never does twice,
/// so comparing it with the bare compile would charge that second binding to the analyzers.
/// </summary>
internal static class InProcessAnalyzerBenchmark
{
    private const string GlobalUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static InProcessAnalyzerResult Run(string analyzerDll, bool quick)
    {
        var kmsAnalyzers = LoadAnalyzers(analyzerDll);
        var control = new NoOpAnalyzer();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = GeneratedProject.Sources()
            .Append((Name: "GlobalUsings.g.cs", Text: GlobalUsings))
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, path: f.Name))
            .ToArray();
        var settings = GeneratedProject.Settings().Select(f => (AdditionalText)new SettingsText(Path.Combine("/generated", f.Name), f.Text)).ToImmutableArray();

        // What the generated project's build compiles against: net10 reference assemblies, and the Microsoft.Extensions
        // packages it references (Binder, Options.ConfigurationExtensions) with their dependencies.
        var references = Basic.Reference.Assemblies.Net100.References.All
            .Concat(new[]
            {
                typeof(Microsoft.Extensions.Configuration.IConfiguration),
                typeof(Microsoft.Extensions.Configuration.ConfigurationBinder),
                typeof(Microsoft.Extensions.Options.IOptions<>),
                typeof(Microsoft.Extensions.DependencyInjection.OptionsConfigurationServiceCollectionExtensions),
                typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection),
                typeof(Microsoft.Extensions.Primitives.StringValues),
            }.Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)))
            .ToArray();

        // Debug, as 'dotnet build' compiles by default; concurrent, as the compiler does.
        var compilation = CSharpCompilation.Create(
            "GeneratedApp",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Debug, deterministic: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException($"The generated project does not compile in-process: {errors.Length} errors, first: {errors[0]}");
        }

        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(settings), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
        ImmutableArray<DiagnosticAnalyzer> driverOnly = [control];
        ImmutableArray<DiagnosticAnalyzer> withKms = [control, .. kmsAnalyzers];

        var warmups = quick ? 1 : 2;
        // 40 rounds: with 12, round-to-round noise on a shared 2-core machine left 95% intervals about 12 points wide,
        // and with 20 about 5 points, straddling the 5% target.
        var rounds = quick ? 3 : 40;
        var compile = new Timings();
        var driver = new Timings();
        var analyzed = new Timings();
        var telemetry = new List<double>();
        var perAnalyzer = kmsAnalyzers.ToDictionary(a => a.GetType().Name, _ => new List<double>());
        var kmsDiagnostics = 0;
        for (var round = 0; round < warmups + rounds; round++)
        {
            // Alternate the order, so that a drift in the machine's load, or the GC debt one variant leaves the next,
            // falls on every variant alike.
            var order = round % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0];
            foreach (var variant in order)
            {
                var measured = round >= warmups;
                switch (variant)
                {
                    case 0:
                        var (wall, cpu) = Time(() =>
                        {
                            using var stream = new MemoryStream();
                            if (!compilation.Clone().Emit(stream).Success)
                            {
                                throw new InvalidOperationException("The generated project did not emit.");
                            }
                        });
                        if (measured)
                        {
                            compile.Add(wall, cpu);
                        }

                        break;
                    case 1:
                        var (driverWall, driverCpu, _) = Analyze(compilation, driverOnly, options);
                        if (measured)
                        {
                            driver.Add(driverWall, driverCpu);
                        }

                        break;
                    default:
                        var (kmsWall, kmsCpu, result) = Analyze(compilation, withKms, options);
                        kmsDiagnostics = result.GetAllDiagnostics().Count(d => d.Id.StartsWith("KMS", StringComparison.Ordinal));
                        if (kmsDiagnostics == 0 && Environment.GetEnvironmentVariable("KMSCONFIG_BENCH_ANALYZERS") is not { Length: > 0 })
                        {
                            throw new InvalidOperationException("The KmsConfig analyzers reported nothing on the generated project; they did not run.");
                        }

                        if (measured)
                        {
                            analyzed.Add(kmsWall, kmsCpu);
                            telemetry.Add(kmsAnalyzers.Sum(a => result.AnalyzerTelemetryInfo[a].ExecutionTime.TotalMilliseconds));
                            foreach (var analyzer in kmsAnalyzers)
                            {
                                perAnalyzer[analyzer.GetType().Name].Add(result.AnalyzerTelemetryInfo[analyzer].ExecutionTime.TotalMilliseconds);
                            }
                        }

                        break;
                }
            }

            Console.Error.WriteLine(round < warmups
                ? $"analyzer in-process: warm-up round {round + 1} of {warmups}"
                : $"analyzer in-process: round {round - warmups + 1} of {rounds}: compile {compile.Wall[^1]:0} ms ({compile.Cpu[^1]:0} ms CPU), driver {driver.Wall[^1]:0} ms ({driver.Cpu[^1]:0}), with KmsConfig {analyzed.Wall[^1]:0} ms ({analyzed.Cpu[^1]:0}), KmsConfig callbacks {telemetry[^1]:0} ms");
        }

        var result2 = new InProcessAnalyzerResult(
            typeof(CSharpCompilation).Assembly.GetName().Version?.ToString() ?? "?",
            kmsAnalyzers.Length,
            kmsDiagnostics,
            Samples.Of(compile.Wall),
            Samples.Of(compile.Cpu),
            Samples.Of(driver.Wall),
            Samples.Of(driver.Cpu),
            Samples.Of(analyzed.Wall),
            Samples.Of(analyzed.Cpu),
            Samples.Of(telemetry),
            PairedRatio.Of(Differences(analyzed.Wall, driver.Wall), compile.Wall),
            PairedRatio.Of(Differences(analyzed.Cpu, driver.Cpu), compile.Cpu),
            PairedRatio.Of(telemetry, compile.Cpu),
            perAnalyzer.Select(p => new AnalyzerTime(p.Key, Samples.Of(p.Value))).OrderByDescending(a => a.ExecutionTime.MedianMs).ToList());
        Console.Error.WriteLine($"analyzer in-process: added wall {result2.AddedWall.Fraction:0.0%} [{result2.AddedWall.FractionLow:0.0%}, {result2.AddedWall.FractionHigh:0.0%}], CPU {result2.AddedCpu.Fraction:0.0%} [{result2.AddedCpu.FractionLow:0.0%}, {result2.AddedCpu.FractionHigh:0.0%}], callbacks {result2.Callbacks.Fraction:0.0%} [{result2.Callbacks.FractionLow:0.0%}, {result2.Callbacks.FractionHigh:0.0%}] of the compile");
        return result2;
    }

    private static (double WallMs, double CpuMs, AnalysisResult Result) Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, CompilationWithAnalyzersOptions options)
    {
        AnalysisResult? result = null;
        var (wall, cpu) = Time(() =>
        {
            var withAnalyzers = compilation.Clone().WithAnalyzers(analyzers, options);
            result = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
        });
        return (wall, cpu, result!);
    }

    /// <summary>Wall and CPU milliseconds of <paramref name="action"/>; CPU is this whole process's (all threads), which the compiler's parallel work runs in.</summary>
    private static (double WallMs, double CpuMs) Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        action();
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (stopwatch.Elapsed.TotalMilliseconds, cpu.TotalMilliseconds);
    }

    private static double[] Differences(List<double> with, List<double> without) => with.Zip(without, (a, b) => a - b).ToArray();

    /// <summary>The C# analyzers of the KmsConfig.Analyzers assembly, created as the compiler creates them.</summary>
    private static DiagnosticAnalyzer[] LoadAnalyzers(string analyzerDll)
    {
        var assembly = Assembly.LoadFrom(analyzerDll);
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .Where(t => Environment.GetEnvironmentVariable("KMSCONFIG_BENCH_ANALYZERS") is not { Length: > 0 } only || only.Split(',').Contains(t.Name))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();
        if (analyzers.Length == 0)
        {
            throw new InvalidOperationException($"{analyzerDll} holds no C# analyzer.");
        }

        return analyzers;
    }

    private sealed class Timings
    {
        public List<double> Wall { get; } = [];

        public List<double> Cpu { get; } = [];

        public void Add(double wall, double cpu)
        {
            Wall.Add(wall);
            Cpu.Add(cpu);
        }
    }
}

/// <summary>The in-process analyzer measurement (<see cref="InProcessAnalyzerBenchmark"/>).</summary>
/// <param name="AddedWall">Per round, with-analyzers minus driver-only wall time, against the compile's wall time.</param>
/// <param name="AddedCpu">The same in CPU time of the process.</param>
/// <param name="Callbacks">The KmsConfig analyzers' own execution time as the compiler's telemetry reports it (their callbacks' elapsed time, summed over threads: what <c>-p:ReportAnalyzer=true</c> prints), against the compile's CPU time.</param>
internal sealed record InProcessAnalyzerResult(
    string RoslynVersion,
    int Analyzers,
    int KmsDiagnostics,
    Samples Compile,
    Samples CompileCpu,
    Samples Driver,
    Samples DriverCpu,
    Samples WithAnalyzers,
    Samples WithAnalyzersCpu,
    Samples CallbackTime,
    PairedRatio AddedWall,
    PairedRatio AddedCpu,
    PairedRatio Callbacks,
    List<AnalyzerTime> PerAnalyzer);

/// <summary>One KmsConfig analyzer's execution time over the rounds, from the compiler's telemetry.</summary>
internal sealed record AnalyzerTime(string Analyzer, Samples ExecutionTime);
