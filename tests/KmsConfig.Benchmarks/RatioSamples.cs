using System.Globalization;

namespace KmsConfig.Benchmarks;

/// <summary>
/// Median and p90 of per-repetition ratios: each measurement divided by the floor sampled immediately before it, so
/// both sides of every ratio saw the same moment of a busy machine (not a median divided by a median pooled elsewhere).
/// </summary>
internal sealed record RatioSamples(double Median, double P90, double Min, double Max, int Count)
{
    public static RatioSamples Of(IReadOnlyCollection<double> ratios)
    {
        if (ratios.Count == 0)
        {
            throw new ArgumentException("No ratios.", nameof(ratios));
        }

        var sorted = ratios.Order().ToArray();
        return new RatioSamples(Samples.Percentile(sorted, 0.5), Samples.Percentile(sorted, 0.9), sorted[0], sorted[^1], sorted.Length);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ratio median {Median:0.00}×, p90 {P90:0.00}× (n={Count})");
}
