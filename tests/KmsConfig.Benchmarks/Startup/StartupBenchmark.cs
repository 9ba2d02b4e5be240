using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Benchmarks.Startup;

/// <summary>
/// Part 1 of issue 5: time to build <c>IConfiguration</c> and the KMS requests it sends, against moto on loopback with a
/// simulated round trip added to every request. A Stopwatch harness (warm-up, then N repetitions, median and p90):
/// each repetition is one whole startup, far too long and too I/O-bound for BenchmarkDotNet's statistics to help.
/// </summary>
/// <remarks>
/// Runs on the main thread, synchronously, the way an application builds its configuration: <c>Build()</c> blocks the
/// caller while the provider's KMS requests run on the thread pool. One floor sample of each kind is taken before every
/// repetition, so the floors see the same machine noise as the loads they are compared with.
/// </remarks>
internal sealed class StartupBenchmark : IDisposable
{
    private static readonly Dictionary<string, string> s_context = new(StringComparer.Ordinal) { ["app"] = "orders", ["env"] = "bench" };

    private readonly StartupOptions _options;
    private readonly MotoServer _moto;
    private readonly string _folder;
    private readonly string _keyArn;
    private readonly byte[] _floorBlob;
    private readonly Dictionary<string, string> _floorContext;
    private readonly KmsRequestRecorder _loadRecorder = new();
    private readonly KmsRequestRecorder _floorRecorder = new();
    private readonly AmazonKeyManagementServiceClient _warmClient;
    private readonly Dictionary<(string Layout, int Secrets, int Files), StartupDataSet> _dataSets = [];
    private readonly Dictionary<int, (List<double> Bare, List<double> Client)> _floorSamples = [];

    private StartupBenchmark(StartupOptions options, MotoServer moto, string folder, string keyArn, byte[] floorBlob, Dictionary<string, string> floorContext)
    {
        _options = options;
        _moto = moto;
        _folder = folder;
        _keyArn = keyArn;
        _floorBlob = floorBlob;
        _floorContext = floorContext;
        _warmClient = moto.CreateClient(_floorRecorder);
    }

    public static StartupResults Run(StartupOptions options)
    {
        using var benchmark = Create(options);
        return benchmark.RunAll();
    }

    public void Dispose()
    {
        _warmClient.Dispose();
        _moto.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static StartupBenchmark Create(StartupOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        var moto = MotoServer.StartAsync().GetAwaiter().GetResult();
        Log($"moto (pid {moto.ProcessId}) is up on {moto.Endpoint} after {stopwatch.ElapsedMilliseconds} ms.");
        var folder = Directory.CreateTempSubdirectory("kmsconfig-bench-").FullName;
        try
        {
            var keyArn = moto.CreateKeyAsync("kmsconfig-bench").GetAwaiter().GetResult();
            using var setup = moto.CreateClient(configure: c => c.Timeout = TimeSpan.FromSeconds(60));

            // The floor decrypts what KmsConfig decrypts: a wrapped data key under the file's context plus kmsconfig=v1.
            var floorContext = SettingsDecryptor.EnvelopeContext(s_context, file: null);
            var dataKey = setup.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyArn, KeySpec = DataKeySpec.AES_256, EncryptionContext = floorContext })
                .GetAwaiter().GetResult();
            var benchmark = new StartupBenchmark(options, moto, folder, keyArn, dataKey.CiphertextBlob.ToArray(), floorContext);
            benchmark.WriteDataSets(setup);
            Log($"Data sets written to {folder} after {stopwatch.ElapsedMilliseconds} ms.");
            return benchmark;
        }
        catch
        {
            moto.Dispose();
            throw;
        }
    }

    private void WriteDataSets(IAmazonKeyManagementService setup)
    {
        var encryptor = new SettingsEncryptor(new KeyProviderOptions { KmsClient = setup });
        var raw = StartupDataSet.EncryptRawAsync(setup, _keyArn, s_context, _options.SecretCounts.Max()).GetAwaiter().GetResult();
        foreach (var secrets in _options.SecretCounts)
        {
            foreach (var (_, layout, files) in Plan(secrets).Distinct())
            {
                if (!_dataSets.ContainsKey((layout, secrets, files)))
                {
                    _dataSets[(layout, secrets, files)] = layout == DataLayout.Raw
                        ? StartupDataSet.Raw(_folder, _keyArn, s_context, raw, secrets, files)
                        : StartupDataSet.EnvelopeAsync(_folder, layout, encryptor, _keyArn, s_context, secrets, files).GetAwaiter().GetResult();
                }
            }
        }
    }

    /// <summary>The cells measured for <paramref name="secrets"/> values: approach, how the values were written, files.</summary>
    private IEnumerable<(string Approach, string Layout, int Files)> Plan(int secrets)
    {
        foreach (var files in _options.FileCounts)
        {
            yield return (Approach.Envelope, DataLayout.OneRun, files);
            if (files > 1)
            {
                yield return (Approach.Envelope, DataLayout.RunPerFile, files);
            }

            if (files == 1 && _options.SetPerValueCounts.Contains(secrets))
            {
                yield return (Approach.Envelope, DataLayout.SetPerValue, files);
            }

            yield return (Approach.EnvelopeWarm, DataLayout.OneRun, files);
            yield return (Approach.Raw, DataLayout.Raw, files);
            if (files == 1)
            {
                // One layout is enough to show the sequential cost; it is the slowest cell by far.
                yield return (Approach.RawSequential, DataLayout.Raw, files);
            }
        }
    }

    private StartupResults RunAll()
    {
        var cells = new List<StartupCell>();
        var sweep = new List<StartupCell>();
        var total = Stopwatch.StartNew();

        // JIT and connection warm-up for every code path, at no delay; nothing recorded.
        foreach (var (approach, layout, files) in Plan(_options.SecretCounts.Min()).Where(p => p.Approach != Approach.RawSequential))
        {
            Measure(approach, _dataSets[(layout, _options.SecretCounts.Min(), files)], 0, MaxConcurrency(approach), warmups: 3, repetitions: 0);
        }

        _floorSamples.Clear();
        foreach (var delay in _options.DelaysMs)
        {
            _floorSamples[delay] = ([], []);
            for (var i = 0; i < 5; i++)
            {
                SampleFloors(delay);
            }

            foreach (var secrets in _options.SecretCounts)
            {
                foreach (var (approach, layout, files) in Plan(secrets))
                {
                    var dataSet = _dataSets[(layout, secrets, files)];
                    var (warmups, repetitions) = Repetitions(approach, ExpectedRequests(approach, dataSet));
                    var cell = Measure(approach, dataSet, delay, MaxConcurrency(approach), warmups, repetitions);
                    cells.Add(cell);
                    Log($"{delay,3} ms  {secrets,5} secrets in {files} file(s), {layout,-13} {Approach.Label(approach),-38} {cell.Time}  {cell.RatioToClientFloor}  {cell.KmsRequests} KMS request(s)  [{total.Elapsed:mm\\:ss}]");
                }
            }
        }

        // The raw-ciphertext curve over MaxConcurrency: 100 values at the largest round trip.
        var sweepDelay = _options.DelaysMs.Max();
        var sweepSecrets = _options.SecretCounts.Where(n => n <= 100).Max();
        foreach (var concurrency in _options.SweepConcurrency)
        {
            var cell = Measure(Approach.Raw, _dataSets[(DataLayout.Raw, sweepSecrets, 1)], sweepDelay, concurrency, warmups: 1, repetitions: _options.Quick ? 2 : 3);
            sweep.Add(cell);
            Log($"sweep: {sweepSecrets} raw values at {sweepDelay} ms, MaxConcurrency {concurrency,2}: {cell.Time}");
        }

        var floors = _floorSamples
            .SelectMany(pair => new[]
            {
                new FloorResult(pair.Key, "bare", Samples.Of(pair.Value.Bare)),
                new FloorResult(pair.Key, "client", Samples.Of(pair.Value.Client)),
            })
            .ToList();
        foreach (var floor in floors)
        {
            Log($"floor {floor.DelayMs,3} ms {floor.Kind,-6}: {floor.Time}");
        }

        var cold = _options.ColdProcessRepetitions > 0 ? RunColdProcesses() : [];
        return new StartupResults(MachineInfo.Current(MotoVersion()), _options.DelaysMs, floors, cells, sweep, cold);
    }

    /// <summary>
    /// Fresh processes at the largest round trip, in rounds of one process per cell plus the floor, so each cell's ratio
    /// is to the floor of its own round. Each round starts with the floor, 1 envelope secret and the most envelope
    /// secrets, back to back (in reverse order every other round), so that the one-time cost of a first load (1 secret
    /// minus the floor: JIT of KmsConfig, the JSON stack and AES-GCM) and the per-value cost (most secrets minus 1) are
    /// differences of neighbouring processes; the other cells, for the fleet table, follow.
    /// </summary>
    private List<ColdProcessResult> RunColdProcesses()
    {
        var delay = _options.DelaysMs.Max();
        var (fewest, most) = (_options.SecretCounts.Min(), _options.SecretCounts.Max());
        var cells = new List<(string Approach, StartupDataSet DataSet)>
        {
            (Approach.Envelope, _dataSets[(DataLayout.OneRun, fewest, 1)]),
            (Approach.Envelope, _dataSets[(DataLayout.OneRun, most, 1)]),
        };
        foreach (var secrets in _options.SecretCounts)
        {
            if (secrets != fewest && secrets != most)
            {
                cells.Add((Approach.Envelope, _dataSets[(DataLayout.OneRun, secrets, 1)]));
            }

            if (_options.SetPerValueCounts.Contains(secrets))
            {
                cells.Add((Approach.Envelope, _dataSets[(DataLayout.SetPerValue, secrets, 1)]));
            }

            cells.Add((Approach.Raw, _dataSets[(DataLayout.Raw, secrets, 1)]));
        }

        // Index -1 is the floor; round 0 warms the OS file cache and is not recorded.
        var floorArguments = ColdProcess.FloorArguments(_moto.Endpoint, delay, _floorBlob, _floorContext);
        var rounds = _options.ColdProcessRepetitions;
        var build = new double[cells.Count + 1, rounds];
        var whole = new double[cells.Count + 1, rounds];
        var requests = new int[cells.Count + 1];
        for (var round = 0; round < rounds + 1; round++)
        {
            var order = Enumerable.Range(-1, 3).ToArray();
            order = round % 2 == 0 ? order : [.. order.Reverse()];
            foreach (var c in order.Concat(Enumerable.Range(2, cells.Count - 2)))
            {
                var (approach, dataSet) = c < 0 ? ("floor", null) : cells[c];
                var (buildMs, wholeMs, sent) = ColdProcess.RunOnce(dataSet is null
                    ? floorArguments
                    : ColdProcess.LoadArguments(_moto.Endpoint, delay, approach, dataSet));
                var expected = dataSet is null ? 1 : ExpectedRequests(approach, dataSet);
                if (sent != expected)
                {
                    throw new InvalidOperationException(
                        $"cold process {Approach.Label(approach)}: {dataSet?.Secrets ?? 0} values ({dataSet?.Layout ?? "floor"}) sent {sent} KMS requests; expected {expected}.");
                }

                requests[c + 1] = sent;
                if (round > 0)
                {
                    build[c + 1, round - 1] = buildMs;
                    whole[c + 1, round - 1] = wholeMs;
                }
            }

            Log($"cold processes: round {round} of {rounds} done");
        }

        double[] Row(double[,] values, int index) => Enumerable.Range(0, rounds).Select(r => values[index, r]).ToArray();
        var floorBuild = Row(build, 0);
        var results = new List<ColdProcessResult>
        {
            new("floor", DataLayout.Raw, 0, 0, delay, Samples.Of(floorBuild), Samples.Of(Row(whole, 0)), null, 1, [.. floorBuild]),
        };
        for (var c = 0; c < cells.Count; c++)
        {
            var (approach, dataSet) = cells[c];
            var runs = Row(build, c + 1);
            var result = new ColdProcessResult(
                approach, dataSet.Layout, dataSet.Secrets, dataSet.DataKeys, delay,
                Samples.Of(runs), Samples.Of(Row(whole, c + 1)), RatioSamples.Of(runs.Zip(floorBuild, (a, f) => a / f).ToArray()), requests[c + 1], [.. runs]);
            results.Add(result);
            Log($"cold process {approach,-9} {dataSet.Layout,-13} {dataSet.Secrets,5} secrets at {delay} ms: in-process {result.InProcess}, {result.RatioToFloor}; whole process {result.WholeProcess}");
        }

        return results;
    }

    private StartupCell Measure(string approach, StartupDataSet dataSet, int delayMs, int maxConcurrency, int warmups, int repetitions)
    {
        var delay = TimeSpan.FromMilliseconds(delayMs);
        _loadRecorder.Delay = delay;
        var times = new List<double>();
        var toClient = new List<double>();
        var toBare = new List<double>();
        var expected = ExpectedRequests(approach, dataSet);
        var requests = -1;
        if (approach == Approach.EnvelopeWarm)
        {
            DataKeyCache.Clear();
            LoadOnce(dataSet, maxConcurrency); // fills the cache; not measured
        }

        for (var i = 0; i < warmups + repetitions; i++)
        {
            var (bare, client) = repetitions > 0 ? SampleFloors(delayMs) : (double.NaN, double.NaN);

            if (approach != Approach.EnvelopeWarm)
            {
                DataKeyCache.Clear(); // a cold start: this process has unwrapped nothing yet
            }

            _loadRecorder.Reset();
            var elapsed = LoadOnce(dataSet, maxConcurrency);
            var sent = _loadRecorder.Total;
            if (sent != expected)
            {
                throw new InvalidOperationException(
                    $"{Approach.Label(approach)}: {dataSet.Secrets} values in {dataSet.Files} file(s) ({dataSet.Layout}) sent {sent} KMS requests; expected {expected}.");
            }

            requests = sent;
            if (i >= warmups)
            {
                times.Add(elapsed);
                toClient.Add(elapsed / client);
                toBare.Add(elapsed / bare);
            }
        }

        return repetitions > 0
            ? new StartupCell(approach, dataSet.Layout, dataSet.Secrets, dataSet.Files, dataSet.DataKeys, delayMs, maxConcurrency, Samples.Of(times), RatioSamples.Of(toClient), RatioSamples.Of(toBare), requests, expected)
            : new StartupCell(approach, dataSet.Layout, dataSet.Secrets, dataSet.Files, dataSet.DataKeys, delayMs, maxConcurrency, new Samples(0, 0, 0, 0, 0), null, null, requests, expected);
    }

    /// <summary>One application startup: create the KMS client, add the files, build; returns milliseconds.</summary>
    private double LoadOnce(StartupDataSet dataSet, int maxConcurrency)
    {
        var stopwatch = Stopwatch.StartNew();
        var client = _moto.CreateClient(_loadRecorder, c => c.Timeout = TimeSpan.FromSeconds(120));
        IConfigurationRoot configuration;
        try
        {
            var builder = new ConfigurationBuilder();
            foreach (var path in dataSet.Paths)
            {
                builder.AddKmsEncryptedJson(path, source =>
                {
                    source.KmsClient = client;
                    source.MaxConcurrency = maxConcurrency;
                    source.KmsTimeout = TimeSpan.FromMinutes(5);
                });
            }

            configuration = builder.Build();
            stopwatch.Stop();
        }
        finally
        {
            client.Dispose();
        }

        foreach (var (path, plaintext) in dataSet.Expected)
        {
            if (!string.Equals(configuration[path], plaintext, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"'{path}' did not decrypt to its plaintext.");
            }
        }

        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>One bare Decrypt on the warm client, and one including creating a client; returns both in milliseconds.</summary>
    private (double Bare, double Client) SampleFloors(int delayMs)
    {
        _floorRecorder.Delay = TimeSpan.FromMilliseconds(delayMs);
        var samples = _floorSamples[delayMs];

        var stopwatch = Stopwatch.StartNew();
        DecryptFloorBlob(_warmClient);
        samples.Bare.Add(stopwatch.Elapsed.TotalMilliseconds);

        stopwatch.Restart();
        var client = _moto.CreateClient(_floorRecorder);
        DecryptFloorBlob(client);
        var withClient = stopwatch.Elapsed.TotalMilliseconds;
        samples.Client.Add(withClient);
        client.Dispose();
        return (samples.Bare[^1], withClient);
    }

    private void DecryptFloorBlob(IAmazonKeyManagementService client)
    {
        var response = client.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(_floorBlob, writable: false),
            EncryptionContext = new Dictionary<string, string>(_floorContext),
            KeyId = _keyArn,
        }).GetAwaiter().GetResult();
        if (response.Plaintext.Length != 32)
        {
            throw new InvalidOperationException("The floor's Decrypt did not return a 256-bit data key.");
        }
    }

    /// <summary>
    /// What a load must send, counted from the files as written: one request per distinct wrapped data key for a cold
    /// <c>kms:v1:</c> load (the cache is process-wide, so a key shared by several files counts once), none when the key is
    /// cached, and one per distinct <c>kms:raw:</c> value of each file.
    /// </summary>
    private static int ExpectedRequests(string approach, StartupDataSet dataSet) => approach switch
    {
        Approach.Envelope => dataSet.DataKeys,
        Approach.EnvelopeWarm => 0,
        _ => dataSet.RawRequests,
    };

    private static int MaxConcurrency(string approach) => approach == Approach.RawSequential ? 1 : 8;

    /// <summary>Fewer repetitions where a load sends many requests: the cell takes long and its spread is small.</summary>
    private (int Warmups, int Repetitions) Repetitions(string approach, int requests)
    {
        if (_options.Quick)
        {
            return (1, approach == Approach.RawSequential && requests >= 90 ? 1 : 3);
        }

        return approach switch
        {
            Approach.RawSequential => requests switch { <= 10 => (1, 10), <= 100 => (1, 3), _ => (0, 1) },
            _ => requests switch { <= 10 => (1, 15), <= 100 => (1, 7), _ => (1, 3) },
        };
    }

    private static string MotoVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("python3", ["-c", "import moto; print(moto.__version__)"]) { RedirectStandardOutput = true })!;
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return "moto " + version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "moto";
        }
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}

/// <summary>What the startup benchmark measures.</summary>
/// <param name="SetPerValueCounts">Secret counts also measured as written by one <c>set</c> per value (one data key each).</param>
internal sealed record StartupOptions(int[] SecretCounts, int[] FileCounts, int[] DelaysMs, int[] SweepConcurrency, int[] SetPerValueCounts, int ColdProcessRepetitions, bool Quick)
{
    public static StartupOptions Full { get; } = new([1, 10, 100, 1000], [1, 3], [0, 2, 20], [1, 2, 4, 8, 16, 32], [10, 100], 6, Quick: false);

    public static StartupOptions QuickRun { get; } = new([1, 10, 100], [1, 3], [0, 20], [1, 8, 32], [10], 2, Quick: true);
}
