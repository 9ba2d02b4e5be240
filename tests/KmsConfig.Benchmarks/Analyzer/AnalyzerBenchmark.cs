using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KmsConfig.Benchmarks.Analyzer;

/// <summary>
/// Part 4: the analyzer's cost on a generated project. First and decisive, in-process (<see cref="InProcessAnalyzerBenchmark"/>):
/// the compile alone against the compile with the analyzers, paired rounds, CPU and wall. Then, secondary and noisy on a
/// shared machine, real <c>dotnet build</c>s with and without the analyzer (alternating, full rebuilds) and one build with
/// <c>-p:ReportAnalyzer=true</c>.
/// </summary>
internal static partial class AnalyzerBenchmark
{
    public static AnalyzerResults Run(string analyzerDll, bool quick)
    {
        if (!File.Exists(analyzerDll))
        {
            throw new FileNotFoundException($"The analyzer is not built: {analyzerDll}. Run 'dotnet build analyzers/KmsConfig.Analyzers -c Release' first.");
        }

        var inProcess = InProcessAnalyzerBenchmark.Run(analyzerDll, quick);
        var root = RepositoryRoot.Find();
        var packageDir = Path.Combine(root, "analyzers", "KmsConfig.Analyzers", "buildTransitive") + Path.DirectorySeparatorChar;
        var extensionsVersion = ExtensionsVersion(root);
        var folder = Directory.CreateTempSubdirectory("kmsconfig-analyzer-bench-").FullName;
        try
        {
            var project = GeneratedProject.Write(folder, extensionsVersion);
            string[] common = [project, "-nologo", "-m:1", "-nodeReuse:false", "-p:KmsConfigAnalyzerPath=" + analyzerDll, "-p:KmsConfigAnalyzerPackageDir=" + packageDir];
            Dotnet(["restore", .. common], out _);

            var with = new List<double>();
            var without = new List<double>();
            var withCpu = new List<double>();
            var withoutCpu = new List<double>();
            var repetitions = quick ? 1 : 2; // secondary and noisy: a few pairs show the order of magnitude, no more
            var warnings = 0;
            for (var i = 0; i < repetitions + 1; i++)
            {
                // Alternate, so drift in the machine's load hits both sides alike; the first pair warms the disk cache.
                foreach (var analyzer in i % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    var cpuBefore = ChildProcessCpu.ReadMilliseconds();
                    var elapsed = Dotnet(["build", .. common, "--no-restore", "--no-incremental", "-p:KmsConfigBenchAnalyzer=" + (analyzer ? "true" : "false")], out var output);
                    var cpu = ChildProcessCpu.ReadMilliseconds() - cpuBefore;
                    var kmsWarnings = KmsWarning().Matches(output).Select(m => m.Value).Distinct().Count();
                    if (analyzer)
                    {
                        warnings = kmsWarnings;
                        if (kmsWarnings == 0)
                        {
                            throw new InvalidOperationException("The build with the analyzer reported no KMS warning; the analyzer did not run.");
                        }
                    }
                    else if (kmsWarnings != 0)
                    {
                        throw new InvalidOperationException("The build without the analyzer reported KMS warnings.");
                    }

                    if (i > 0)
                    {
                        (analyzer ? with : without).Add(elapsed);
                        (analyzer ? withCpu : withoutCpu).Add(cpu);
                    }

                    Console.Error.WriteLine($"build {(analyzer ? "with" : "without")} analyzer: {elapsed:0} ms wall, {cpu:0} ms CPU");
                }
            }

            // The analyzer's own time as a real build's compiler reports it (elapsed time of its callbacks, summed over the
            // compiler's threads): one build, a cross-check of the in-process telemetry, not a share of anything.
            var reports = new List<ReportAnalyzerRun>();
            List<string> analyzerLines = [];
            for (var i = 0; i < 1; i++)
            {
                var cpuBefore = ChildProcessCpu.ReadMilliseconds();
                var wall = Dotnet(["build", .. common, "--no-restore", "--no-incremental", "-p:KmsConfigBenchAnalyzer=true", "-p:ReportAnalyzer=true", "-v:d", "-clp:PerformanceSummary"], out var report);
                var cpu = ChildProcessCpu.ReadMilliseconds() - cpuBefore;
                var lines = report.Split('\n')
                    .Select(l => l.Trim())
                    .Where(l => l.Contains("KmsConfig.Analyzers", StringComparison.Ordinal) && SecondsLine().IsMatch(l))
                    .Distinct()
                    .ToList();
                var own = lines.Count > 0 ? double.Parse(SecondsLine().Match(lines[0]).Groups[1].Value, CultureInfo.InvariantCulture) * 1000 : double.NaN;
                var all = TotalAnalyzerTime().Match(report) is { Success: true } t ? double.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 : double.NaN;
                var csc = CscTask().Match(report) is { Success: true } c ? double.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
                reports.Add(new ReportAnalyzerRun(own, all, csc, wall, cpu));
                if (analyzerLines.Count == 0 || own <= reports.Min(r => r.KmsConfigAnalyzerMs))
                {
                    analyzerLines = lines;
                }

                Console.Error.WriteLine($"ReportAnalyzer build: KmsConfig analyzers {own:0} ms of {all:0} ms analyzer time; Csc {csc:0} ms; build {wall:0} ms wall, {cpu:0} ms CPU");
            }

            var median = reports.OrderBy(r => r.KmsConfigAnalyzerMs).ElementAt(reports.Count / 2);
            var result = new AnalyzerResults(
                MachineInfo.Current(),
                inProcess,
                GeneratedProject.SourceFiles,
                GeneratedProject.SettingsFiles,
                GeneratedProject.KeysPerSettingsFile,
                Samples.Of(with),
                Samples.Of(without),
                Samples.Of(withCpu),
                Samples.Of(withoutCpu),
                warnings,
                median.KmsConfigAnalyzerMs,
                median.AllAnalyzersMs,
                median.CscTaskMs,
                analyzerLines,
                reports);
            Console.Error.WriteLine($"with analyzer {result.WithAnalyzer} (CPU {result.WithAnalyzerCpu}); without {result.WithoutAnalyzer} (CPU {result.WithoutAnalyzerCpu}); KmsConfig analyzers {result.KmsConfigAnalyzerMs:0} ms of {result.AllAnalyzersMs:0} ms analyzer time; Csc task {result.CscTaskMs:0} ms");
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string ExtensionsVersion(string root)
    {
        var props = File.ReadAllText(Path.Combine(root, "Directory.Packages.props"));
        return Regex.Match(props, "\"Microsoft.Extensions.Configuration.Binder\" Version=\"([^\"]+)\"").Groups[1].Value;
    }

    private static double Dotnet(string[] arguments, out string output)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };

        // The build must not talk to a long-lived compiler or MSBuild server that the benchmark would leave behind, and
        // runs in one MSBuild process (-m:1, as a one-project build does anyway) whose compiler child it waits for, so
        // that all of the build's CPU time is counted in this process's cutime/cstime.
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        stopwatch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {arguments[0]} failed ({process.ExitCode}):\n{output[^Math.Min(output.Length, 4000)..]}\n{error.Result}");
        }

        return stopwatch.Elapsed.TotalMilliseconds;
    }

    [GeneratedRegex(@"warning KMS\d{4}[^\r\n]*")]
    private static partial Regex KmsWarning();

    [GeneratedRegex(@"^\s*<?\s*(\d+(?:\.\d+)?)\s+")]
    private static partial Regex SecondsLine();

    [GeneratedRegex(@"Total analyzer execution time:\s*(\d+(?:\.\d+)?)\s*seconds")]
    private static partial Regex TotalAnalyzerTime();

    [GeneratedRegex(@"^\s*(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline)]
    private static partial Regex CscTask();
}

/// <summary>Part 4 results, written to results/analyzer.json.</summary>
/// <param name="InProcess">The decisive measurement; null in results from before it existed.</param>
internal sealed record AnalyzerResults(
    MachineInfo Machine,
    InProcessAnalyzerResult? InProcess,
    int SourceFiles,
    int SettingsFiles,
    int KeysPerSettingsFile,
    Samples WithAnalyzer,
    Samples WithoutAnalyzer,
    Samples WithAnalyzerCpu,
    Samples WithoutAnalyzerCpu,
    int DistinctKmsWarnings,
    double KmsConfigAnalyzerMs,
    double AllAnalyzersMs,
    double CscTaskMs,
    List<string> ReportAnalyzerLines,
    List<ReportAnalyzerRun> ReportRuns);

/// <summary>One <c>-p:ReportAnalyzer=true</c> build: the KmsConfig analyzers' time, all analyzers', the Csc task, and the build's wall and CPU time.</summary>
internal sealed record ReportAnalyzerRun(double KmsConfigAnalyzerMs, double AllAnalyzersMs, double CscTaskMs, double BuildWallMs, double BuildCpuMs);
