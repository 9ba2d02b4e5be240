namespace KmsConfig.Benchmarks;

/// <summary>
/// A cost as a fraction of a reference time, from paired rounds: median(added) / median(reference), with a percentile
/// bootstrap 95% confidence interval that resamples whole rounds, so each added time stays with the reference time
/// measured next to it.
/// </summary>
/// <param name="AddedMs">Median of the per-round added times (for example with-analyzer minus without, in the same round).</param>
/// <param name="AddedLowMs">2.5th percentile of the bootstrapped median added time.</param>
/// <param name="AddedHighMs">97.5th percentile of the bootstrapped median added time.</param>
/// <param name="ReferenceMs">Median of the per-round reference times.</param>
/// <param name="Fraction">AddedMs / ReferenceMs.</param>
/// <param name="FractionLow">2.5th percentile of the bootstrapped fraction.</param>
/// <param name="FractionHigh">97.5th percentile of the bootstrapped fraction.</param>
internal sealed record PairedRatio(double AddedMs, double AddedLowMs, double AddedHighMs, double ReferenceMs, double Fraction, double FractionLow, double FractionHigh, int Rounds)
{
    private const int Resamples = 10_000;

    public static PairedRatio Of(IReadOnlyList<double> added, IReadOnlyList<double> reference)
    {
        if (added.Count == 0 || added.Count != reference.Count)
        {
            throw new ArgumentException("Need one reference time per added time.", nameof(reference));
        }

        var n = added.Count;
        var random = new Random(20261129); // fixed, so a report regenerated from the same results prints the same interval
        var medians = new double[Resamples];
        var fractions = new double[Resamples];
        var a = new double[n];
        var r = new double[n];
        for (var b = 0; b < Resamples; b++)
        {
            for (var i = 0; i < n; i++)
            {
                var pick = random.Next(n);
                a[i] = added[pick];
                r[i] = reference[pick];
            }

            medians[b] = Median(a);
            fractions[b] = medians[b] / Median(r);
        }

        Array.Sort(medians);
        Array.Sort(fractions);
        var addedMedian = Median([.. added]);
        var referenceMedian = Median([.. reference]);
        return new PairedRatio(
            addedMedian,
            Samples.Percentile(medians, 0.025),
            Samples.Percentile(medians, 0.975),
            referenceMedian,
            addedMedian / referenceMedian,
            Samples.Percentile(fractions, 0.025),
            Samples.Percentile(fractions, 0.975),
            n);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return Samples.Percentile(sorted, 0.5);
    }
}
