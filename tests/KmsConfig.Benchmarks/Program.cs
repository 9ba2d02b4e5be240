using KmsConfig.Benchmarks;
using KmsConfig.Benchmarks.Startup;

// Modes (run.sh runs them all, then 'report'):
//   startup [--quick]          part 1: startup decryption against moto     -> results/startup.json
//   crypto [--quick]           part 2: local crypto (BenchmarkDotNet)       -> results/crypto.json
//   tool <tool dll>            part 3: the dotnet kms-encrypt tool          -> results/tool.json
//   analyzer <analyzer dll>    part 4: the analyzer's build cost            -> results/analyzer.json
//   analyzer-in-process <analyzer dll> [--quick]   part 4's in-process measurement alone, printed (for development;
//                              KMSCONFIG_BENCH_ANALYZERS=PlaintextSecretAnalyzer,... measures only the analyzers named)
//   report                     tables into docs/performance.md, plot into docs/performance-startup.png
//   cold-load ...              internal: one cold start, run by 'startup'
var mode = args.Length > 0 ? args[0] : "help";
var quick = args.Contains("--quick");
var results = Environment.GetEnvironmentVariable("KMSCONFIG_BENCH_RESULTS") ?? Path.Combine(RepositoryRoot.Find(), "tests", "KmsConfig.Benchmarks", "results");

switch (mode)
{
    case "cold-load":
        return ColdProcess.RunChild(args);
    case "startup":
        Results.Write(results, "startup.json", StartupBenchmark.Run(quick ? StartupOptions.QuickRun : StartupOptions.Full));
        return 0;
    case "crypto":
        Results.Write(results, "crypto.json", KmsConfig.Benchmarks.Crypto.CryptoBenchmark.Run(Path.Combine(Path.GetTempPath(), "kmsconfig-bdn"), quick));
        return 0;
    case "tool":
        Results.Write(results, "tool.json", KmsConfig.Benchmarks.Tool.ToolBenchmark.Run(args[1], quick));
        return 0;
    case "analyzer":
        Results.Write(results, "analyzer.json", KmsConfig.Benchmarks.Analyzer.AnalyzerBenchmark.Run(args[1], quick));
        return 0;
    case "analyzer-in-process":
        KmsConfig.Benchmarks.Analyzer.InProcessAnalyzerBenchmark.Run(args[1], quick);
        return 0;
    case "generate-analyzer-project":
        Console.WriteLine(KmsConfig.Benchmarks.Analyzer.GeneratedProject.Write(args[1], args.Length > 2 ? args[2] : "10.0.15"));
        return 0;
    case "report":
        KmsConfig.Benchmarks.Report.PerformanceReport.Write(results, RepositoryRoot.Find());
        return 0;
    default:
        Console.Error.WriteLine("Usage: KmsConfig.Benchmarks startup|crypto|tool|analyzer|report [--quick]. See tests/KmsConfig.Benchmarks/run.sh.");
        return 2;
}
