namespace Lapicque.Analysis;

/// <summary>Standard descriptive statistics of spike trains (times in ms).</summary>
public static class SpikeStatistics
{
    /// <summary>Mean firing rate in Hz over all trains: total spikes / (trains x duration).</summary>
    public static double MeanRateHz(IReadOnlyList<IReadOnlyList<double>> trains, double durationMs)
    {
        Check.Positive(durationMs, nameof(durationMs));
        if (trains.Count == 0)
        {
            return 0;
        }

        long n = 0;
        foreach (var t in trains)
        {
            n += t.Count;
        }

        return n * 1000.0 / (trains.Count * durationMs);
    }

    /// <summary>
    /// Mean over trains of the coefficient of variation of inter-spike intervals (std / mean, population std), using trains
    /// with at least <paramref name="minSpikes"/> spikes; NaN when none qualifies. 0 for a regular train, about 1 for Poisson.
    /// </summary>
    public static double MeanIsiCv(IReadOnlyList<IReadOnlyList<double>> trains, int minSpikes = 3)
    {
        double sum = 0;
        int used = 0;
        foreach (var t in trains)
        {
            if (t.Count < Math.Max(3, minSpikes))
            {
                continue;
            }

            double mean = (t[^1] - t[0]) / (t.Count - 1);
            double ss = 0;
            for (int k = 1; k < t.Count; k++)
            {
                double d = t[k] - t[k - 1] - mean;
                ss += d * d;
            }

            sum += Math.Sqrt(ss / (t.Count - 1)) / mean;
            used++;
        }

        return used == 0 ? double.NaN : sum / used;
    }

    /// <summary>All inter-spike intervals in ms, pooled over trains.</summary>
    public static List<double> Isis(IReadOnlyList<IReadOnlyList<double>> trains)
    {
        var isi = new List<double>();
        foreach (var t in trains)
        {
            for (int k = 1; k < t.Count; k++)
            {
                isi.Add(t[k] - t[k - 1]);
            }
        }

        return isi;
    }

    /// <summary>
    /// Mean over trains of the Fano factor of spike counts in windows of <paramref name="windowMs"/> over [0, durationMs):
    /// variance / mean of the counts (1 for Poisson). Trains with no spike are skipped; NaN when none qualifies.
    /// </summary>
    public static double MeanFanoFactor(IReadOnlyList<IReadOnlyList<double>> trains, double durationMs, double windowMs)
    {
        Check.Positive(windowMs, nameof(windowMs));
        int bins = (int)Math.Floor(durationMs / windowMs);
        if (bins < 2)
        {
            throw new ArgumentException($"windowMs ({windowMs}) must fit at least twice in durationMs ({durationMs}).");
        }

        var counts = new int[bins];
        double sum = 0;
        int used = 0;
        foreach (var t in trains)
        {
            Array.Clear(counts);
            foreach (double time in t)
            {
                int b = (int)(time / windowMs);
                if (b >= 0 && b < bins)
                {
                    counts[b]++;
                }
            }

            double mean = counts.Average();
            if (mean == 0)
            {
                continue;
            }

            double var = counts.Sum(c => (c - mean) * (c - mean)) / (bins - 1);
            sum += var / mean;
            used++;
        }

        return used == 0 ? double.NaN : sum / used;
    }

    /// <summary>
    /// Synchrony measure chi (Golomb 2007) on spike counts binned at <paramref name="binMs"/>: the variance of the
    /// population-averaged count over the mean variance of the single-train counts, square-rooted. 1 for identical trains,
    /// about 1/sqrt(N) for N independent ones.
    /// </summary>
    public static double Synchrony(IReadOnlyList<IReadOnlyList<double>> trains, double durationMs, double binMs)
    {
        Check.Positive(binMs, nameof(binMs));
        int bins = Math.Max(1, (int)Math.Ceiling(durationMs / binMs));
        int n = trains.Count;
        if (n == 0)
        {
            return double.NaN;
        }

        var pop = new double[bins];
        var single = new int[bins];
        double meanSingleVar = 0;
        foreach (var t in trains)
        {
            Array.Clear(single);
            foreach (double time in t)
            {
                int b = Math.Min(bins - 1, (int)(time / binMs));
                if (b >= 0)
                {
                    single[b]++;
                    pop[b] += 1.0 / n;
                }
            }

            meanSingleVar += Variance(single) / n;
        }

        double popVar = Variance(pop);
        return meanSingleVar == 0 ? double.NaN : Math.Sqrt(popVar / meanSingleVar);
    }

    private static double Variance(IReadOnlyList<int> x)
    {
        double mean = 0;
        foreach (int v in x)
        {
            mean += v;
        }

        mean /= x.Count;
        double ss = 0;
        foreach (int v in x)
        {
            ss += (v - mean) * (v - mean);
        }

        return ss / x.Count;
    }

    private static double Variance(IReadOnlyList<double> x)
    {
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= x.Count;
        double ss = 0;
        foreach (double v in x)
        {
            ss += (v - mean) * (v - mean);
        }

        return ss / x.Count;
    }
}
