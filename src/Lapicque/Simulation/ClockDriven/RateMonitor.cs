namespace Lapicque.Simulation;

/// <summary>Records a population's instantaneous rate: spikes per neuron per second in each step.</summary>
public sealed class RateMonitor
{
    private readonly List<int> _counts = [];

    internal RateMonitor(string population, int size, double dtMs)
    {
        Population = population;
        Size = size;
        DtMs = dtMs;
    }

    /// <summary>The monitored population.</summary>
    public string Population { get; }

    /// <summary>Number of neurons.</summary>
    public int Size { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Spike count of each step.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Rate in Hz of each step.</summary>
    public double[] RatesHz()
    {
        var r = new double[_counts.Count];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = _counts[k] * 1000.0 / (Size * DtMs);
        }

        return r;
    }

    /// <summary>Rate in Hz averaged in windows of <paramref name="binMs"/>.</summary>
    public double[] RatesHz(double binMs)
    {
        int per = Math.Max(1, (int)Math.Round(binMs / DtMs));
        var r = new double[(_counts.Count + per - 1) / per];
        for (int b = 0; b < r.Length; b++)
        {
            int a = b * per, e = Math.Min(_counts.Count, a + per);
            long sum = 0;
            for (int k = a; k < e; k++)
            {
                sum += _counts[k];
            }

            r[b] = sum * 1000.0 / (Size * DtMs * (e - a));
        }

        return r;
    }

    internal void Record(int count) => _counts.Add(count);
}
