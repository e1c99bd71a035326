using Lapicque.Neurons;

namespace Lapicque.Tests.Neurons;

/// <summary>Drives one neuron of a population and measures its spike train (times in ms, stamped at step ends).</summary>
internal static class SpikeTrainMeasures
{
    /// <summary>Steps <paramref name="pop"/> (size 1) for <paramref name="durationMs"/> with input(t) and returns the spike times.</summary>
    public static List<double> Run(NeuronPopulation pop, Func<double, double> input, double durationMs, List<float>? trace = null)
    {
        var times = new List<double>();
        float[] i = new float[1], s = new float[1];
        int steps = (int)Math.Round(durationMs / pop.DtMs);
        double t0 = 0;
        for (int k = 0; k < steps; k++)
        {
            i[0] = (float)input(t0 + (k * pop.DtMs));
            pop.Step(i, s);
            trace?.Add(pop.State("v")[0]);
            if (s[0] == 1f)
            {
                times.Add((k + 1) * pop.DtMs);
            }
        }

        return times;
    }

    /// <summary>Inter-spike intervals.</summary>
    public static double[] Isis(IReadOnlyList<double> times)
    {
        var isi = new double[Math.Max(0, times.Count - 1)];
        for (int k = 1; k < times.Count; k++)
        {
            isi[k - 1] = times[k] - times[k - 1];
        }

        return isi;
    }

    /// <summary>
    /// Splits a spike train into bursts by ISI clustering: consecutive spikes closer than <paramref name="maxIntraBurstIsiMs"/>
    /// belong to the same burst; returns the size of each group in order (a lone spike is a group of 1).
    /// </summary>
    public static List<int> Groups(IReadOnlyList<double> times, double maxIntraBurstIsiMs)
    {
        var groups = new List<int>();
        for (int k = 0; k < times.Count; k++)
        {
            if (k > 0 && times[k] - times[k - 1] < maxIntraBurstIsiMs)
            {
                groups[^1]++;
            }
            else
            {
                groups.Add(1);
            }
        }

        return groups;
    }

    /// <summary>Coefficient of variation of a sample.</summary>
    public static double Cv(IReadOnlyList<double> x)
    {
        double mean = x.Average();
        double var = x.Sum(v => (v - mean) * (v - mean)) / x.Count;
        return Math.Sqrt(var) / mean;
    }

    /// <summary>Describes a spike train for assertion messages.</summary>
    public static string Describe(IReadOnlyList<double> times) =>
        $"{times.Count} spikes at [{string.Join(", ", times.Take(40).Select(t => t.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}]";
}
