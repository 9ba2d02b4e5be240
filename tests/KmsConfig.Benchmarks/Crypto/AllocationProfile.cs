namespace KmsConfig.Benchmarks.Crypto;

/// <summary>
/// Bytes allocated per value, counted exactly (<see cref="GC.GetTotalAllocatedBytes(bool)"/> with <c>precise</c>) around
/// loads of N and 2N values: the difference divided by N is the marginal cost of one more value, free of every fixed
/// cost of a load (provider, stream, parser buffers). Measured for runtime's plain JSON provider on the same file (the
/// baseline), KmsConfig's provider and the decryptor alone; KmsConfig's own share is provider minus baseline.
/// </summary>
internal static class AllocationProfile
{
    public const int N = 1000;

    public static List<AllocationRow> Run()
    {
        var fixture = new CryptoFixture();
        fixture.FillDataKeyCache();
        var small = new LoadPathData(fixture, N);
        var large = new LoadPathData(fixture, 2 * N);
        var decryptor = new SettingsDecryptor();
        var settings = new DecryptionSettings { FilePath = "appsettings.json", EncryptionContext = CryptoFixture.Context };

        var loads = new (string Name, Func<LoadPathData, Action> Load)[]
        {
            ("JsonProviderLoad", d => () => LoadPathBenchmarks.LoadPlainJson(d.Json)),
            ("ProviderLoad", d => () => LoadPathBenchmarks.LoadKmsConfig(d.Json)),
            ("Decryptor", d => () => decryptor.DecryptWithStatisticsAsync(d.Values, settings, CancellationToken.None).GetAwaiter().GetResult()),
        };
        var rows = new List<AllocationRow>();
        foreach (var (name, load) in loads)
        {
            var atN = Allocated(load(small));
            var at2N = Allocated(load(large));
            rows.Add(new AllocationRow(name, N, atN, at2N, (at2N - atN) / (double)N));
            Console.Error.WriteLine($"allocation {name}: {atN:N0} B for {N} values, {at2N:N0} B for {2 * N}: {(at2N - atN) / (double)N:0.0} B per value");
        }

        return rows;
    }

    /// <summary>Bytes one load allocates: the smallest of several counts, so that nothing else running in the process (tiering, timers) is charged to it.</summary>
    private static long Allocated(Action load)
    {
        for (var i = 0; i < 5; i++)
        {
            load();
        }

        var best = long.MaxValue;
        for (var i = 0; i < 7; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            load();
            best = Math.Min(best, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return best;
    }
}

/// <summary>One load measured at N and 2N values, and its marginal bytes per value.</summary>
internal sealed record AllocationRow(string Method, int Values, long BytesAtN, long BytesAt2N, double BytesPerValue);
