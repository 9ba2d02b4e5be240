using KmsConfig.Benchmarks.Startup;
using ScottPlot;

namespace KmsConfig.Benchmarks.Report;

/// <summary>The plots of docs/performance.md: startup time against the number of secrets, and the raw-ciphertext concurrency curve.</summary>
internal static class StartupPlot
{
    public static void WriteStartup(StartupResults results, int delayMs, string path)
    {
        var plot = new Plot();
        plot.Title($"Time to build IConfiguration, {delayMs} ms simulated KMS round trip (moto, one file)");
        plot.XLabel("encrypted values in the file");
        plot.YLabel("startup time (ms, median)");

        var lines = new (string Approach, string Layout, string Label, Color Color)[]
        {
            (Approach.Envelope, DataLayout.OneRun, "KmsConfig kms:v1 (cold), one tool run: one data key", Colors.Green),
            (Approach.EnvelopeWarm, DataLayout.OneRun, "KmsConfig kms:v1, data key cached", Colors.LightGreen),
            (Approach.Envelope, DataLayout.SetPerValue, "KmsConfig kms:v1 (cold), one set per value: a data key each", Colors.Purple),
            (Approach.Raw, DataLayout.Raw, Approach.Label(Approach.Raw), Colors.DarkOrange),
            (Approach.RawSequential, DataLayout.Raw, Approach.Label(Approach.RawSequential), Colors.Red),
        };
        foreach (var (approach, layout, label, color) in lines)
        {
            var cells = results.Cells.Where(c => c.Approach == approach && c.Layout == layout && c.DelayMs == delayMs && c.Files == 1 && c.Time.Count > 0).OrderBy(c => c.Secrets).ToArray();
            if (cells.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(cells.Select(c => Math.Log10(c.Secrets)).ToArray(), cells.Select(c => Math.Log10(c.Time.MedianMs)).ToArray());
            line.LegendText = label;
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (layout == DataLayout.SetPerValue)
            {
                line.LinePattern = LinePattern.Dashed; // it runs on top of the raw line from 100 values on
            }
        }

        foreach (var floor in results.Floors.Where(f => f.DelayMs == delayMs))
        {
            var level = plot.Add.HorizontalLine(Math.Log10(floor.Time.MedianMs));
            level.LegendText = floor.Kind == "bare" ? "floor: one Decrypt, warm client" : "floor: create client + one Decrypt";
            level.LinePattern = floor.Kind == "bare" ? LinePattern.Dotted : LinePattern.Dashed;
            level.Color = Colors.Gray;
        }

        LogAxis(plot.Axes.Bottom, "N0");
        LogAxis(plot.Axes.Left, "#,0.#");
        plot.Axes.SetLimitsX(-0.15, 3.15);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 620);
        Console.Error.WriteLine($"Wrote {path}");
    }

    public static void WriteConcurrency(StartupResults results, string path)
    {
        var cells = results.ConcurrencySweep.OrderBy(c => c.MaxConcurrency).ToArray();
        if (cells.Length == 0)
        {
            return;
        }

        var plot = new Plot();
        plot.Title($"{cells[0].Secrets} kms:raw values ({cells[0].KmsRequests} distinct), {cells[0].DelayMs} ms round trip, against MaxConcurrency");
        plot.XLabel("MaxConcurrency");
        plot.YLabel("startup time (ms, median)");
        var xs = cells.Select(c => Math.Log2(c.MaxConcurrency)).ToArray();
        var measured = plot.Add.Scatter(xs, cells.Select(c => c.Time.MedianMs).ToArray());
        measured.LegendText = "measured against moto (which serves one request at a time)";
        measured.LineWidth = 2;
        measured.Color = Colors.DarkOrange;

        // What a parallel KMS would give: ceil(n / c) round trips of the measured single-request floor.
        var floor = results.Floors.First(f => f.DelayMs == cells[0].DelayMs && f.Kind == "bare").Time.MedianMs;
        var ideal = plot.Add.Scatter(xs, cells.Select(c => Math.Ceiling(c.KmsRequests / (double)c.MaxConcurrency) * floor).ToArray());
        ideal.LegendText = "ceil(requests / MaxConcurrency) x one round trip (a KMS that serves requests in parallel)";
        ideal.LinePattern = LinePattern.Dashed;
        ideal.Color = Colors.Gray;

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            cells.Select(c => Math.Log2(c.MaxConcurrency)).ToArray(),
            cells.Select(c => c.MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(0, cells.Max(c => c.Time.MedianMs) * 1.1);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 500);
        Console.Error.WriteLine($"Wrote {path}");
    }

    private static void LogAxis(IAxis axis, string format)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString(format, System.Globalization.CultureInfo.InvariantCulture),
        };
        axis.TickGenerator = ticks;
    }
}
