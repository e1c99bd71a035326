using Lapicque.Simulation;

namespace Lapicque.Analysis;

/// <summary>
/// Neuronal avalanches (Beggs and Plenz, "Neuronal avalanches in neocortical circuits", J. Neurosci. 23, 2003): the pooled
/// events of all recorded neurons are binned at the mean inter-event interval of the pooled activity, and an avalanche is a
/// run of non-empty bins between empty ones. Size = events in the run, duration = bins in the run. Runs touching the first or
/// last bin are incomplete (cut by the recording) and are left out.
/// </summary>
public static class Avalanches
{
    /// <summary>
    /// Mean interval between consecutive pooled events, (t_last - t_first) / (n - 1), for sorted or unsorted times; NaN with
    /// fewer than two events. Simultaneous events count as intervals of 0.
    /// </summary>
    public static double MeanInterEventInterval(ReadOnlySpan<double> times)
    {
        if (times.Length < 2)
        {
            return double.NaN;
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double t in times)
        {
            lo = Math.Min(lo, t);
            hi = Math.Max(hi, t);
        }

        return (hi - lo) / (times.Length - 1);
    }

    /// <summary>
    /// Avalanches from pooled event times. The bin width is <paramref name="binWidth"/> if given, else the mean inter-event
    /// interval; with a time <paramref name="resolution"/> (for example the simulation step) it is rounded to the nearest
    /// whole number of resolutions, at least one, so that bins do not fall between grid times. Bins start at the first event;
    /// the events are taken to be preceded and followed by silence (one empty bin each side), so no avalanche is cut.
    /// </summary>
    public static AvalancheSet FromTimes(ReadOnlySpan<double> times, double resolution = 0, double? binWidth = null)
    {
        Check.NonNegative(resolution, nameof(resolution));
        if (times.Length == 0)
        {
            return new AvalancheSet(binWidth ?? double.NaN, [], [], []);
        }

        double width = binWidth ?? MeanInterEventInterval(times);
        if (resolution > 0)
        {
            width = resolution * Math.Max(1, Math.Round(width / resolution));
        }

        if (!(width > 0) || double.IsInfinity(width))
        {
            throw new ArgumentException($"The bin width must be > 0 and finite; was {Check.Format(width)} (all events at one time?).", nameof(binWidth));
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double t in times)
        {
            Check.Finite(t, nameof(times));
            lo = Math.Min(lo, t);
            hi = Math.Max(hi, t);
        }

        // Half a resolution of slack keeps grid times that are whole multiples of the width in the right bin.
        double slack = resolution > 0 ? resolution / 2 : 0;
        long bins = (long)Math.Floor((hi - lo + slack) / width) + 1;
        if (bins > int.MaxValue / 2)
        {
            throw new ArgumentException($"The recording spans {bins} bins of width {Check.Format(width)}; too many.", nameof(times));
        }

        var counts = new long[bins + 2];
        foreach (double t in times)
        {
            counts[1 + Math.Min(bins - 1, (long)Math.Floor((t - lo + slack) / width))]++;
        }

        return FromCounts(counts, width);
    }

    /// <summary>
    /// Avalanches from events per simulation step (pooled over neurons), binned at the mean inter-event interval in steps
    /// rounded to a whole number of steps (at least one), or at <paramref name="stepsPerBin"/> when given.
    /// </summary>
    public static AvalancheSet FromStepCounts(ReadOnlySpan<long> counts, int? stepsPerBin = null)
    {
        long n = 0;
        int first = -1, last = -1;
        for (int t = 0; t < counts.Length; t++)
        {
            Check.That(counts[t] >= 0, $"counts[{t}]", ">= 0", counts[t]);
            if (counts[t] > 0)
            {
                n += counts[t];
                first = first < 0 ? t : first;
                last = t;
            }
        }

        int width = stepsPerBin ?? (n < 2 ? 1 : (int)Math.Max(1, Math.Round((last - first) / (double)(n - 1))));
        Check.That(width >= 1, nameof(stepsPerBin), ">= 1", width);
        var binned = new long[(counts.Length + width - 1) / width];
        for (int t = 0; t < counts.Length; t++)
        {
            binned[t / width] += counts[t];
        }

        return FromCounts(binned, width);
    }

    /// <summary>Avalanches from spike monitors of one run (events pooled over the monitors), binned as <see cref="FromStepCounts"/>.</summary>
    public static AvalancheSet FromMonitors(IEnumerable<SpikeMonitor> monitors, long steps, int? stepsPerBin = null)
    {
        ArgumentNullException.ThrowIfNull(monitors);
        Check.That(steps >= 0 && steps <= int.MaxValue, nameof(steps), "in [0, int.MaxValue]", steps);
        var counts = new long[steps];
        foreach (var m in monitors)
        {
            foreach (long s in m.Steps)
            {
                if (s < steps)
                {
                    counts[s]++;
                }
            }
        }

        return FromStepCounts(counts, stepsPerBin);
    }

    /// <summary>Avalanches from already binned counts; <paramref name="binWidth"/> is recorded in the result.</summary>
    public static AvalancheSet FromCounts(ReadOnlySpan<long> counts, double binWidth = 1)
    {
        var sizes = new List<long>();
        var durations = new List<int>();
        int t = 0;
        while (t < counts.Length)
        {
            if (counts[t] == 0)
            {
                t++;
                continue;
            }

            int start = t;
            long size = 0;
            while (t < counts.Length && counts[t] > 0)
            {
                size += counts[t];
                t++;
            }

            // Runs cut by the start or the end of the recording are incomplete.
            if (start > 0 && t < counts.Length)
            {
                sizes.Add(size);
                durations.Add(t - start);
            }
        }

        return new AvalancheSet(binWidth, [.. sizes], [.. durations], counts.ToArray());
    }
}
