using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace KmsConfig.Benchmarks.Crypto;

/// <summary>Runs the BenchmarkDotNet classes of part 2 in-process with a short job and collects ns/op and B/op.</summary>
internal static class CryptoBenchmark
{
    public static CryptoResults Run(string artifacts, bool quick)
    {
        // In-process: no separate project build per benchmark, which keeps the whole script well inside its time budget.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 3 : 10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(quick ? 100 : 250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(artifacts, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);

        var rows = new List<CryptoRow>();
        foreach (var summary in BenchmarkRunner.Run([typeof(ValueDecryptBenchmarks), typeof(LoadPathBenchmarks)], config))
        {
            foreach (var report in summary.Reports)
            {
                var size = report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value is int s ? s : 32;
                var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
                rows.Add(new CryptoRow(
                    report.BenchmarkCase.Descriptor.Type.Name,
                    report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                    size,
                    report.ResultStatistics?.Mean ?? double.NaN,
                    report.ResultStatistics?.StandardDeviation ?? double.NaN,
                    bytes,
                    CryptoFixture.StringBytes(size)));
            }
        }

        return new CryptoResults(MachineInfo.Current(), rows, AllocationProfile.Run());
    }
}

/// <summary>Part 2 results, written to results/crypto.json.</summary>
/// <param name="Allocation">Marginal bytes per value of the load path and its JSON baseline (<see cref="AllocationProfile"/>); null in results from before it existed.</param>
internal sealed record CryptoResults(MachineInfo Machine, List<CryptoRow> Rows, List<AllocationRow>? Allocation);

/// <summary>One benchmark: mean ns per value, bytes allocated per value, and the bytes of the result string alone.</summary>
internal sealed record CryptoRow(string Class, string Method, int Size, double MeanNs, double StdDevNs, long AllocatedBytes, long ResultStringBytes);
