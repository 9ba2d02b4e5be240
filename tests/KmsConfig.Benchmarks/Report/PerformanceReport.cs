using System.Globalization;
using System.Text;
using KmsConfig.Benchmarks.Analyzer;
using KmsConfig.Benchmarks.Crypto;
using KmsConfig.Benchmarks.Startup;
using KmsConfig.Benchmarks.Tool;

namespace KmsConfig.Benchmarks.Report;

/// <summary>Turns results/*.json into the tables of docs/performance.md and its plots.</summary>
internal static class PerformanceReport
{
    /// <summary>AWS KMS list price per 10,000 symmetric requests (most regions).</summary>
    private const double PricePer10k = 0.03;

    /// <summary>The shared per-account, per-region quota for symmetric cryptographic requests in most regions.</summary>
    private const double QuotaPerSecond = 10_000;

    private const int Fleet = 500;

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Write(string resultsDirectory, string root)
    {
        var startup = Results.Read<StartupResults>(resultsDirectory, "startup.json")
            ?? throw new FileNotFoundException("No results/startup.json: run 'startup' first.");
        var crypto = Results.Read<CryptoResults>(resultsDirectory, "crypto.json");
        var tool = Results.Read<ToolResults>(resultsDirectory, "tool.json");
        var analyzer = Results.Read<AnalyzerResults>(resultsDirectory, "analyzer.json");
        var runTimes = File.Exists(Path.Combine(resultsDirectory, "run-times.txt")) ? File.ReadAllLines(Path.Combine(resultsDirectory, "run-times.txt")) : null;

        var docs = Path.Combine(root, "docs");
        var delay = startup.DelaysMs.Max();
        StartupPlot.WriteStartup(startup, delay, Path.Combine(docs, "performance-startup.png"));
        StartupPlot.WriteConcurrency(startup, Path.Combine(docs, "performance-raw-concurrency.png"));

        var path = Path.Combine(docs, "performance.md");
        var markdown = File.ReadAllText(path);
        markdown = MarkdownSections.Replace(markdown, "machine", Machine(startup, crypto, tool, analyzer, runTimes));
        markdown = MarkdownSections.Replace(markdown, "targets", Targets(startup, crypto, tool, analyzer));
        markdown = MarkdownSections.Replace(markdown, "startup", StartupTables(startup));
        markdown = MarkdownSections.Replace(markdown, "requests", RequestTable(startup));
        markdown = MarkdownSections.Replace(markdown, "sweep", SweepTable(startup));
        markdown = MarkdownSections.Replace(markdown, "cold", ColdTable(startup));
        markdown = MarkdownSections.Replace(markdown, "crypto", crypto is null ? Missing("crypto") : CryptoTable(crypto));
        markdown = MarkdownSections.Replace(markdown, "tool", tool is null ? Missing("tool") : ToolTable(tool));
        markdown = MarkdownSections.Replace(markdown, "analyzer", analyzer is null ? Missing("analyzer") : AnalyzerTable(analyzer));
        markdown = MarkdownSections.Replace(markdown, "fleet", FleetTable(startup));
        File.WriteAllText(path, markdown);
        Console.Error.WriteLine($"Wrote {path}");
    }

    private static string Missing(string part) =>
        $"_Not measured in this run: `results/{part}.json` is missing (see the note below this table)._";

    private static string Machine(StartupResults startup, CryptoResults? crypto, ToolResults? tool, AnalyzerResults? analyzer, string[]? runTimes)
    {
        var m = startup.Machine;
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"- Startup measured {m.MeasuredAtUtc} on {m.Os}, {m.Cpu}, {m.Cores} cores, {m.Runtime}, {m.Moto} on loopback.")
            .AppendLine(CultureInfo.InvariantCulture, $"- Local crypto measured {crypto?.Machine.MeasuredAtUtc ?? "(not run)"}; tool {tool?.Machine.MeasuredAtUtc ?? "(not run)"}; analyzer {analyzer?.Machine.MeasuredAtUtc ?? "(not run)"}.")
            .AppendLine(CultureInfo.InvariantCulture, $"- Load average (1, 5, 15 min; `/proc/loadavg` as each part finished, on {m.Cores} cores shared with other builds): startup {m.LoadAverage ?? "n/a"}; crypto {crypto?.Machine.LoadAverage ?? "n/a"}; tool {tool?.Machine.LoadAverage ?? "n/a"}; analyzer {analyzer?.Machine.LoadAverage ?? "n/a"}.");
        if (runTimes is { Length: > 0 })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Script run time per part (seconds): {runTimes[0].Trim()}.");
            foreach (var line in runTimes.Skip(1).Where(l => l.Trim().Length > 0))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- Script: {line.Trim()}.");
            }
        }

        return text.ToString();
    }

    private static StartupCell? Cell(StartupResults r, string approach, int secrets, int files, int delay, string? layout = null) =>
        r.Cells.FirstOrDefault(c => c.Approach == approach && c.Layout == (layout ?? DefaultLayout(approach)) && c.Secrets == secrets && c.Files == files && c.DelayMs == delay && c.Time.Count > 0);

    private static string DefaultLayout(string approach) => approach is Approach.Raw or Approach.RawSequential ? DataLayout.Raw : DataLayout.OneRun;

    /// <summary>The rows of the startup and request tables: approach, how the values were written, files; in a fixed order.</summary>
    private static IEnumerable<(string Approach, string Layout, int Files)> Rows(StartupResults r) =>
        r.Cells.Where(c => c.Time.Count > 0)
            .Select(c => (c.Approach, c.Layout, c.Files))
            .Distinct()
            .OrderBy(k => Array.IndexOf(s_approachOrder, k.Approach))
            .ThenBy(k => Array.IndexOf(s_layoutOrder, k.Layout))
            .ThenBy(k => k.Files);

    private static readonly string[] s_approachOrder = [Approach.Envelope, Approach.EnvelopeWarm, Approach.Raw, Approach.RawSequential];

    private static readonly string[] s_layoutOrder = [DataLayout.OneRun, DataLayout.RunPerFile, DataLayout.SetPerValue, DataLayout.Raw];

    private static string RowLabel(string approach, string layout, int files) =>
        $"{Approach.Label(approach)} | {files} | {DataLayout.Label(layout, files)}";

    private static double Floor(StartupResults r, int delay, string kind) =>
        r.Floors.First(f => f.DelayMs == delay && f.Kind == kind).Time.MedianMs;

    private static string Targets(StartupResults startup, CryptoResults? crypto, ToolResults? tool, AnalyzerResults? analyzer)
    {
        var delay = startup.DelaysMs.Max();
        var maxSecrets = startup.Cells.Max(c => c.Secrets);
        var text = new StringBuilder("| Target | Measured | Verdict |\n|---|---|---|\n");

        var envelope = Cell(startup, Approach.Envelope, maxSecrets, 1, delay);
        if (envelope?.RatioToClientFloor is { } ratio)
        {
            var cold = startup.ColdProcess.FirstOrDefault(c => c.Approach == Approach.Envelope && c.Layout == DataLayout.OneRun && c.Secrets == maxSecrets);
            var coldText = cold?.RatioToFloor is { } coldRatio ? string.Create(s_inv, $"; in a fresh process {coldRatio.Median:0.00}× (p90 {coldRatio.P90:0.00}×), see 1b") : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {maxSecrets} envelope secrets, one file, within 1.5× the floor (client creation included) at {delay} ms | warm process: **{ratio.Median:0.00}×** median, {ratio.P90:0.00}× p90 of {ratio.Count} per-repetition ratios ({Ms(envelope.Time.MedianMs)} median){coldText} | {Verdict(ratio.Median <= 1.5)} (median){(ratio.P90 <= 1.5 ? "; p90 too" : "; **not at p90**")} |");
        }

        var envelopeCells = startup.Cells.Where(c => c.Approach == Approach.Envelope && c.Time.Count > 0).ToList();
        var oneRun = envelopeCells.Where(c => c.Layout == DataLayout.OneRun && c.Files == 3).Select(c => c.KmsRequests).Distinct().ToArray();
        var perFile = envelopeCells.Where(c => c.Layout == DataLayout.RunPerFile && c.Secrets >= 3).Select(c => c.KmsRequests).Distinct().ToArray();
        var setOneByOne = envelopeCells.Where(c => c.Layout == DataLayout.SetPerValue).GroupBy(c => c.Secrets).OrderBy(g => g.Key)
            .Select(g => string.Create(s_inv, $"{g.Key} values set one by one: {string.Join("/", g.Select(c => c.KmsRequests).Distinct())}")).ToArray();
        var allMatch = envelopeCells.All(c => c.KmsRequests == c.DataKeys);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| 3 files written in one tool run cost one KMS request in total (process-wide data-key cache) | requests = distinct data keys in all {envelopeCells.Count} cold envelope cells (checked on every repetition). 3 files, one data key: {string.Join("/", oneRun)}; 3 files, one tool run each: {string.Join("/", perFile)}; {string.Join("; ", setOneByOne)} | {(allMatch ? "met" : "**missed**")}: `file`/`rotate` over the 3 files write them under one data key (a moto test counts 1 `GenerateDataKey` and 1 `Decrypt`); 3 separate runs cost 3 requests |");

        var raw = Cell(startup, Approach.Raw, 100, 1, delay);
        if (raw?.RatioToBareFloor is { } trips)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| 100 raw values at {delay} ms in well under 100 round trips | {raw.KmsRequests} distinct values, {Ms(raw.Time.MedianMs)} = **{trips.Median:0.0} round trips** (median of per-repetition ratios to one bare `Decrypt`; p90 {trips.P90:0.0}); 8 in parallel, deduplicated; a parallel KMS would take ⌈{raw.KmsRequests}/8⌉ = {Math.Ceiling(raw.KmsRequests / 8.0):0} | {Verdict(trips.Median < 50)} |");
        }

        if (crypto?.Rows.FirstOrDefault(r => r.Method == "Decrypt" && r.Size == 32) is { } d32)
        {
            var decryptor = crypto.Rows.FirstOrDefault(r => r.Method == "Decryptor");
            var load = crypto.Rows.FirstOrDefault(r => r.Method == "ProviderLoad");
            var baseline = crypto.Rows.FirstOrDefault(r => r.Method == "JsonProviderLoad");
            var ownNs = load is not null && baseline is not null ? load.MeanNs - baseline.MeanNs : double.NaN;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| Local decrypt under 5 µs per 32-byte value | `ValueCipher.Decrypt` (one value decrypted repeatedly) **{d32.MeanNs / 1000:0.00} µs**; per value of a 1000-value file: decryptor {(decryptor is null ? "n/a" : $"**{decryptor.MeanNs / 1000:0.00} µs**")}, KmsConfig's share of a provider load (provider minus plain JSON) {(double.IsNaN(ownNs) ? "n/a" : $"{ownNs / 1000:0.00} µs")} | {Verdict(d32.MeanNs < 5000)} (decrypt); {(decryptor is null ? "n/a" : Verdict(decryptor.MeanNs < 5000))} (per value in a load) |");

            var allocation = crypto.Allocation ?? [];
            var provider = allocation.FirstOrDefault(a => a.Method == "ProviderLoad");
            var json = allocation.FirstOrDefault(a => a.Method == "JsonProviderLoad");
            var alone = allocation.FirstOrDefault(a => a.Method == "Decryptor");
            if (provider is not null && json is not null)
            {
                var own = provider.BytesPerValue - json.BytesPerValue;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| No per-value allocations beyond the result string | `ValueCipher.Decrypt` {d32.AllocatedBytes} B (result string {d32.ResultStringBytes} B). Per value of a load, marginal ({json.Values:N0} → {2 * json.Values:N0} values): provider {provider.BytesPerValue:N0} B − plain JSON provider on the same file {json.BytesPerValue:N0} B = **KmsConfig's own {own:N0} B** (decryptor alone {alone?.BytesPerValue:N0} B) against a result string of {d32.ResultStringBytes} B; no allowance | {Verdict(d32.AllocatedBytes <= d32.ResultStringBytes)} (decrypt); {Verdict(own <= d32.ResultStringBytes)} (load: {own - d32.ResultStringBytes:+#,0;-#,0;0} B per value beyond the string) |");
            }
            else
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| No per-value allocations beyond the result string | `ValueCipher.Decrypt` {d32.AllocatedBytes} B (result string {d32.ResultStringBytes} B); the load path's allocation against its JSON baseline was not measured in this run | {Verdict(d32.AllocatedBytes <= d32.ResultStringBytes)} (decrypt); TODO (load) |");
            }
        }
        else
        {
            text.AppendLine("| Local decrypt under 5 µs; no allocations beyond the result string | not measured in this run | TODO |");
        }

        if (analyzer?.InProcess is { } a)
        {
            // Missed when the added CPU time is 5% or more; not shown when the interval only reaches that far.
            var verdict = (a.AddedCpu.FractionHigh < 0.05, a.AddedWall.FractionHigh < 0.05) switch
            {
                (true, true) => "met",
                (true, false) => string.Create(s_inv, $"met in CPU time; **not shown in wall time** (its interval reaches {a.AddedWall.FractionHigh:0.0%})"),
                _ when a.AddedCpu.Fraction >= 0.05 => "**missed**",
                _ => string.Create(s_inv, $"**not shown**: the median is under 5% but the CPU interval reaches {a.AddedCpu.FractionHigh:0.0%}"),
            };
            var buildCpu = (analyzer.WithAnalyzerCpu.MedianMs / analyzer.WithoutAnalyzerCpu.MedianMs) - 1;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| Analyzer adds under 5% to the build (met only if the upper 95% bound is under 5%) | in-process, {a.AddedCpu.Rounds} paired rounds, added time as a fraction of the compile: CPU **{Pct(a.AddedCpu)}**, wall **{Pct(a.AddedWall)}**; the analyzers' own callbacks (compiler telemetry) {Pct(a.Callbacks)} of the compile's CPU. Secondary, noisy: whole `dotnet build` CPU {buildCpu:+0.0%;-0.0%} over {analyzer.WithAnalyzerCpu.Count} pairs | {verdict} |");
        }
        else
        {
            text.AppendLine("| Analyzer adds under 5% to the build | not measured in this run | TODO |");
        }

        if (tool?.Rows.FirstOrDefault(r => r.Verb == "check" && r.Size >= 10_000) is { } check)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `check` scans 10,000 files in under 10 s | **{check.Time.MedianMs / 1000:0.00} s** (p90 {check.Time.P90Ms / 1000:0.00} s) | {Verdict(check.Time.MedianMs < 10_000)} |");
        }
        else
        {
            text.AppendLine("| `check` scans 10,000 files in under 10 s | not measured in this run | TODO |");
        }

        return text.ToString();
    }

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string StartupTables(StartupResults startup)
    {
        var text = new StringBuilder();
        var counts = startup.Cells.Select(c => c.Secrets).Distinct().Order().ToArray();
        foreach (var delay in startup.DelaysMs)
        {
            var bare = Floor(startup, delay, "bare");
            var client = Floor(startup, delay, "client");
            text.AppendLine(CultureInfo.InvariantCulture, $"**{delay} ms simulated round trip.** Median time to build `IConfiguration` (client creation included) · median of the per-repetition ratios to the floor with client creation (each load divided by the floor sampled just before it; floor median {Ms(client)}, without client creation {Ms(bare)}).")
                .AppendLine()
                .AppendLine("| Approach | Files | Written by | " + string.Join(" | ", counts.Select(n => $"{n:N0} secret{(n == 1 ? "" : "s")}")) + " |")
                .AppendLine("|---|---|---|" + string.Concat(counts.Select(_ => "---:|")));
            foreach (var (approach, layout, files) in Rows(startup))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {RowLabel(approach, layout, files)} |");
                foreach (var n in counts)
                {
                    var cell = Cell(startup, approach, n, files, delay, layout);
                    text.Append(cell?.RatioToClientFloor is not { } ratio ? " – |" : string.Create(s_inv, $" {Ms(cell.Time.MedianMs)} · {ratio.Median:0.00}× |"));
                }

                text.AppendLine();
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string RequestTable(StartupResults startup)
    {
        var counts = startup.Cells.Select(c => c.Secrets).Distinct().Order().ToArray();
        var text = new StringBuilder("| Approach | Files | Written by | " + string.Join(" | ", counts.Select(n => $"{n:N0}")) + " |\n|---|---|---|" + string.Concat(counts.Select(_ => "---:|")) + "\n");
        foreach (var (approach, layout, files) in Rows(startup))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {RowLabel(approach, layout, files)} |");
            foreach (var n in counts)
            {
                var cells = startup.Cells.Where(c => c.Approach == approach && c.Layout == layout && c.Files == files && c.Secrets == n && c.Time.Count > 0).ToArray();
                var requests = cells.Select(c => c.KmsRequests).Distinct().ToArray();
                var keys = approach == Approach.Envelope && cells.Length > 0 ? string.Create(s_inv, $" ({cells[0].DataKeys} key{(cells[0].DataKeys == 1 ? "" : "s")})") : "";
                text.Append(requests.Length == 0 ? " – |" : $" {string.Join("/", requests)}{keys} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string SweepTable(StartupResults startup)
    {
        if (startup.ConcurrencySweep.Count == 0)
        {
            return "_No sweep in this run._";
        }

        var first = startup.ConcurrencySweep[0];
        var bare = Floor(startup, first.DelayMs, "bare");
        var text = new StringBuilder($"{first.Secrets} `kms:raw:` values ({first.KmsRequests} distinct), one file, {first.DelayMs} ms round trip, cold; one round trip (bare floor, median) = {Ms(bare)}. Round trips: median of the per-repetition ratios to the bare floor sampled just before each load.\n\n")
            .AppendLine("| MaxConcurrency | Median | p90 | Round trips | A parallel KMS: ⌈requests/c⌉ round trips |")
            .AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var cell in startup.ConcurrencySweep.OrderBy(c => c.MaxConcurrency))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {cell.MaxConcurrency} | {Ms(cell.Time.MedianMs)} | {Ms(cell.Time.P90Ms)} | {cell.RatioToBareFloor?.Median:0.0} | {Math.Ceiling(cell.KmsRequests / (double)cell.MaxConcurrency):0} |");
        }

        return text.ToString();
    }

    private static string ColdTable(StartupResults startup)
    {
        if (startup.ColdProcess.Count == 0)
        {
            return "_No cold-process runs in this run._";
        }

        var floor = startup.ColdProcess.First(c => c.Approach == "floor");
        var text = new StringBuilder("| New process that… | Secrets | Data keys | KMS requests | Configuration build (in-process), median | p90 | Ratio to the floor of its round, median | p90 | Whole process, median |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var cell in startup.ColdProcess.OrderBy(c => c.Approach == "floor" ? -1 : Array.IndexOf(s_approachOrder, c.Approach))
            .ThenBy(c => Array.IndexOf(s_layoutOrder, c.Layout)).ThenBy(c => c.Secrets))
        {
            var label = cell.Approach == "floor"
                ? "creates a client and makes one Decrypt (floor)"
                : $"builds its configuration: {Approach.Label(cell.Approach)}, {DataLayout.Label(cell.Layout, 1)}";
            var keys = cell.Approach == Approach.Envelope ? cell.DataKeys.ToString("N0", s_inv) : "–";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {cell.Secrets:N0} | {keys} | {cell.KmsRequests:N0} | {Ms(cell.InProcess.MedianMs)} | {Ms(cell.InProcess.P90Ms)} | {(cell.RatioToFloor is { } r ? string.Create(s_inv, $"{r.Median:0.00}×") : "1×")} | {(cell.RatioToFloor is { } q ? string.Create(s_inv, $"{q.P90:0.00}×") : "")} | {Ms(cell.WholeProcess.MedianMs)} |");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{floor.DelayMs} ms round trip; {floor.InProcess.Count} rounds after one unmeasured round; each round runs one process per row, with the floor, 1 envelope secret and {startup.ColdProcess.Where(c => c.Approach == Approach.Envelope && c.Layout == DataLayout.OneRun).Select(c => c.Secrets).DefaultIfEmpty().Max():N0} envelope secrets back to back (in reverse order every other round).");
        var one = startup.ColdProcess.FirstOrDefault(c => c.Approach == Approach.Envelope && c.Layout == DataLayout.OneRun && c.Secrets == 1);
        var max = startup.ColdProcess.Where(c => c.Approach == Approach.Envelope && c.Layout == DataLayout.OneRun).MaxBy(c => c.Secrets);
        if (one?.InProcessRuns is { } oneRuns && max?.InProcessRuns is { } maxRuns && floor.InProcessRuns is { } floorRuns && max.Secrets > 1)
        {
            // Differences within a round (neighbouring processes), median and bootstrap 95% CI over the rounds.
            var fixedCost = PairedRatio.Of(oneRuns.Zip(floorRuns, (a, f) => a - f).ToArray(), floorRuns);
            var perValue = PairedRatio.Of(maxRuns.Zip(oneRuns, (a, b) => (a - b) / (max.Secrets - 1)).ToArray(), floorRuns);
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Within each round: **one-time cost** of KmsConfig's first load in a fresh process (1 envelope secret minus the floor) **{Ms(fixedCost.AddedMs)}** [95% CI {Ms(fixedCost.AddedLowMs)}, {Ms(fixedCost.AddedHighMs)}], {fixedCost.Fraction:0%} of the floor; **per-value cost** in a fresh process (({max.Secrets:N0} secrets minus 1) / {max.Secrets - 1:N0}) **{perValue.AddedMs * 1000:0} µs** [95% CI {perValue.AddedLowMs * 1000:0}, {perValue.AddedHighMs * 1000:0} µs]. Medians of the per-round differences over {fixedCost.Rounds} rounds.");
        }

        return text.ToString();
    }

    private static string CryptoTable(CryptoResults crypto)
    {
        var text = new StringBuilder("| Benchmark | Value size | Mean | Allocated per value | of which the result string |\n|---|---:|---:|---:|---:|\n");
        foreach (var row in crypto.Rows)
        {
            var name = row.Method switch
            {
                "Decrypt" => "`ValueCipher.Decrypt` (one parsed value decrypted repeatedly: AES-256-GCM + associated data)",
                "ParseAndDecrypt" => "`EncryptedValue.TryParse` + `ValueCipher.Decrypt` (from the `kms:v1:` string)",
                "Decryptor" => "`SettingsDecryptor`, 1000 values, data key cached, per value",
                "ProviderLoad" => "KmsConfig provider `Load(Stream)` (JSON parse + decryptor), 1000 values, per value",
                "JsonProviderLoad" => "baseline: runtime's `JsonConfigurationProvider.Load(Stream)` of the same file (values stay ciphertext), per value",
                _ => row.Method,
            };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {row.Size:N0} B | {Ns(row.MeanNs)} | {row.AllocatedBytes:N0} B | {row.ResultStringBytes:N0} B |");
        }

        if (crypto.Allocation is { Count: > 0 } allocation)
        {
            var json = allocation.FirstOrDefault(a => a.Method == "JsonProviderLoad");
            var provider = allocation.FirstOrDefault(a => a.Method == "ProviderLoad");
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Allocation per value counted exactly (`GC.GetTotalAllocatedBytes(precise: true)`, fewest bytes of 7 loads) for files of {allocation[0].Values:N0} and {2 * allocation[0].Values:N0} 32-byte values; the difference divided by {allocation[0].Values:N0} is the marginal cost of one value, free of each load's fixed costs.")
                .AppendLine()
                .AppendLine("| Load | Bytes, N values | Bytes, 2N values | Per value |")
                .AppendLine("|---|---:|---:|---:|");
            foreach (var row in allocation)
            {
                var name = row.Method switch
                {
                    "JsonProviderLoad" => "baseline: runtime's `JsonConfigurationProvider` (values stay ciphertext)",
                    "ProviderLoad" => "KmsConfig provider (parse, then decrypt)",
                    "Decryptor" => "`SettingsDecryptor` alone, on the parsed pairs",
                    _ => row.Method,
                };
                text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {row.BytesAtN:N0} | {row.BytesAt2N:N0} | {row.BytesPerValue:N0} B |");
            }

            if (json is not null && provider is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| **KmsConfig's own: provider − baseline** | | | **{provider.BytesPerValue - json.BytesPerValue:N0} B** |");
            }
        }

        return text.ToString();
    }

    private static string ToolTable(ToolResults tool)
    {
        var text = new StringBuilder("| Verb | Scenario | Median | p90 |\n|---|---|---:|---:|\n");
        foreach (var row in tool.Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{row.Verb}` | {row.Scenario} | {Ms(row.Time.MedianMs)} | {Ms(row.Time.P90Ms)} |");
        }

        return text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Whole process (`dotnet exec`), local key, median of {tool.Rows[0].Time.Count} runs after one unmeasured run.").ToString();
    }

    private static string AnalyzerTable(AnalyzerResults a)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Generated project: {a.SourceFiles} C# files binding options (`Configure<T>`, `BindConfiguration`, `GetValue<T>`, indexers, `GetConnectionString`, `GetRequiredSection().Get<T>()`), {a.SettingsFiles} settings files of {a.KeysPerSettingsFile} keys.")
            .AppendLine();
        if (a.InProcess is { } p)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"**In-process** (Roslyn {p.RoslynVersion}, one warmed-up process, {p.AddedCpu.Rounds} rounds after warm-up, order alternating; CPU is the process's user + system time, all threads):")
                .AppendLine()
                .AppendLine("| Variant, on a fresh copy of the compilation each time | Wall median | Wall p90 | CPU median | CPU p90 |")
                .AppendLine("|---|---:|---:|---:|---:|")
                .AppendLine(CultureInfo.InvariantCulture, $"| compile: `Emit` to a memory stream (the reference) | {Sec(p.Compile.MedianMs)} | {Sec(p.Compile.P90Ms)} | {Sec(p.CompileCpu.MedianMs)} | {Sec(p.CompileCpu.P90Ms)} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| driver: `CompilationWithAnalyzers` with a no-op analyzer (binds, no analyzer work) | {Sec(p.Driver.MedianMs)} | {Sec(p.Driver.P90Ms)} | {Sec(p.DriverCpu.MedianMs)} | {Sec(p.DriverCpu.P90Ms)} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| the same plus the {p.Analyzers} KmsConfig analyzers ({p.KmsDiagnostics} KMS diagnostics) | {Sec(p.WithAnalyzers.MedianMs)} | {Sec(p.WithAnalyzers.P90Ms)} | {Sec(p.WithAnalyzersCpu.MedianMs)} | {Sec(p.WithAnalyzersCpu.P90Ms)} |")
                .AppendLine()
                .AppendLine("| Added by the KmsConfig analyzers, per round | Median [95% bootstrap CI] | As a fraction of the compile [95% CI] |")
                .AppendLine("|---|---:|---:|")
                .AppendLine(CultureInfo.InvariantCulture, $"| wall: with KmsConfig − driver | {AddedMs(p.AddedWall)} | **{Pct(p.AddedWall)}** of the compile's wall |")
                .AppendLine(CultureInfo.InvariantCulture, $"| CPU: with KmsConfig − driver | {AddedMs(p.AddedCpu)} | **{Pct(p.AddedCpu)}** of the compile's CPU |")
                .AppendLine(CultureInfo.InvariantCulture, $"| the analyzers' callbacks (telemetry `ExecutionTime`, summed over threads) | {AddedMs(p.Callbacks)} | {Pct(p.Callbacks)} of the compile's CPU |")
                .AppendLine()
                .AppendLine("Per analyzer (telemetry, median over the rounds):")
                .AppendLine()
                .AppendLine("| Analyzer | Median | p90 |")
                .AppendLine("|---|---:|---:|");
            foreach (var analyzer in p.PerAnalyzer)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| `{analyzer.Analyzer}` | {Ms(analyzer.ExecutionTime.MedianMs)} | {Ms(analyzer.ExecutionTime.P90Ms)} |");
            }

            text.AppendLine();
        }

        var report = a.ReportRuns is { Count: > 0 } runs ? runs[0] : null;
        text.AppendLine("**Secondary, noisy: real `dotnet build`s** of the same project (full rebuilds, `--no-incremental`, no compiler server, alternating with/without; CPU of the whole process tree: CLI, MSBuild, compiler). On this shared machine identical builds vary by ±10–20%, far more than the effect, so these ratios carry no verdict.")
            .AppendLine()
            .AppendLine("| Build | Wall median | Wall p90 | CPU median | CPU p90 |")
            .AppendLine("|---|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| without the analyzer | {Sec(a.WithoutAnalyzer.MedianMs)} | {Sec(a.WithoutAnalyzer.P90Ms)} | {Sec(a.WithoutAnalyzerCpu.MedianMs)} | {Sec(a.WithoutAnalyzerCpu.P90Ms)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| with the analyzer ({a.DistinctKmsWarnings} distinct KMS warnings) | {Sec(a.WithAnalyzer.MedianMs)} | {Sec(a.WithAnalyzer.P90Ms)} | {Sec(a.WithAnalyzerCpu.MedianMs)} | {Sec(a.WithAnalyzerCpu.P90Ms)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| ratio, {a.WithAnalyzer.Count} pair{(a.WithAnalyzer.Count == 1 ? "" : "s")} | {a.WithAnalyzer.MedianMs / a.WithoutAnalyzer.MedianMs:0.000} | | {a.WithAnalyzerCpu.MedianMs / a.WithoutAnalyzerCpu.MedianMs:0.000} | |");
        if (report is not null)
        {
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"One `-p:ReportAnalyzer=true` build: KmsConfig.Analyzers {Sec(report.KmsConfigAnalyzerMs)} of {Sec(report.AllAnalyzersMs)} for all analyzers (the same telemetry as above, from the compiler of a real build); Csc task {Sec(report.CscTaskMs)} wall; build {Sec(report.BuildWallMs)} wall, {Sec(report.BuildCpuMs)} CPU.");
        }

        return text.ToString();
    }

    private static string Pct(PairedRatio r) => string.Create(s_inv, $"{r.Fraction:0.0%} [{r.FractionLow:0.0%}, {r.FractionHigh:0.0%}]");

    private static string AddedMs(PairedRatio r) => string.Create(s_inv, $"{Ms(r.AddedMs)} [{Ms(r.AddedLowMs)}, {Ms(r.AddedHighMs)}]");

    private static string FleetTable(StartupResults startup)
    {
        if (startup.ColdProcess.Count == 0)
        {
            return "_No fresh-process runs in this run; the fleet table needs them._";
        }

        var floor = startup.ColdProcess.First(c => c.Approach == "floor");
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{Fleet} instances, KMS at ${PricePer10k:0.00} per 10,000 requests and a quota of {QuotaPerSecond:N0} symmetric requests per second shared by the whole account and region. \"All at once\" is a scale-out or a restart of every instance within one second; \"over 10 s\" a rolling deployment. An instance's startup is measured in a **fresh process** (section 1b: JIT, SDK start-up and all) at {floor.DelayMs} ms round trip, one file; the floor (a fresh process that creates a client and makes one `Decrypt`) is {Ms(floor.InProcess.MedianMs)}.")
            .AppendLine()
            .AppendLine("| Approach | Written by | Secrets | KMS requests per instance | per rollout | Cost per rollout | Seconds of the whole quota | Quota used, all at once | Quota used, over 10 s | Configuration build in a fresh instance: median · median ratio to the floor of its round |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in startup.ColdProcess.Where(c => c.Approach != "floor")
            .OrderBy(c => Array.IndexOf(s_approachOrder, c.Approach)).ThenBy(c => Array.IndexOf(s_layoutOrder, c.Layout)).ThenBy(c => c.Secrets))
        {
            double perRollout = (double)cell.KmsRequests * Fleet;
            var cost = perRollout / 10_000 * PricePer10k;
            var atOnce = perRollout / QuotaPerSecond;
            var rolling = perRollout / 10 / QuotaPerSecond;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Approach.Label(cell.Approach)} | {DataLayout.Label(cell.Layout, 1)} | {cell.Secrets:N0} | {cell.KmsRequests:N0} | {perRollout:N0} | ${cost:0.0000} | {perRollout / QuotaPerSecond:0.00} s | {Quota(atOnce)} | {Quota(rolling)} | {Ms(cell.InProcess.MedianMs)} · {cell.RatioToFloor?.Median:0.00}× |");
        }

        return text.ToString();

        static string Quota(double share) => share <= 1
            ? share.ToString("0%", s_inv)
            : string.Create(s_inv, $"**{share:0}×: throttled**");
    }

    private static string Ms(double ms) => Math.Abs(ms) switch
    {
        < 10 => ms.ToString("0.00", s_inv) + " ms",
        < 100 => ms.ToString("0.0", s_inv) + " ms",
        _ => ms.ToString("N0", s_inv) + " ms",
    };

    private static string Sec(double ms) => (ms / 1000).ToString("0.00", s_inv) + " s";

    private static string Ns(double ns) => ns < 10_000 ? ns.ToString("N0", s_inv) + " ns" : (ns / 1000).ToString("0.0", s_inv) + " µs";
}
