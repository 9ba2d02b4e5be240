using System.Globalization;

namespace KmsConfig.Benchmarks;

/// <summary>Median and p90 of a set of timings, in milliseconds.</summary>
internal sealed record Samples(double MedianMs, double P90Ms, double MinMs, double MaxMs, int Count)
{
    public static Samples Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(milliseconds));
        }

        var sorted = milliseconds.Order().ToArray();
        return new Samples(Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>Linear interpolation between closest ranks, as most tools compute it.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"median {MedianMs:0.00} ms, p90 {P90Ms:0.00} ms (n={Count})");
}
