namespace Lapicque.Simulation;

/// <summary>Records the spikes of a population (all neurons, or a subset) as (step, neuron) pairs in time order.</summary>
public sealed class SpikeMonitor
{
    private readonly bool[]? _watched;
    private readonly List<long> _steps = [];
    private readonly List<int> _neurons = [];

    internal SpikeMonitor(string population, int size, double dtMs, int[]? neurons)
    {
        Population = population;
        Size = size;
        DtMs = dtMs;
        if (neurons is not null)
        {
            _watched = new bool[size];
            foreach (int n in neurons)
            {
                if ((uint)n >= (uint)size)
                {
                    throw new ArgumentException($"Spike monitor on '{population}': neuron {n} is out of range 0..{size - 1}.", nameof(neurons));
                }

                _watched[n] = true;
            }
        }
    }

    /// <summary>The monitored population.</summary>
    public string Population { get; }

    /// <summary>Size of the monitored population.</summary>
    public int Size { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Number of recorded spikes.</summary>
    public int Count => _steps.Count;

    /// <summary>Step index of each spike; the spike time is (step + 1) * dt, the end of the step.</summary>
    public IReadOnlyList<long> Steps => _steps;

    /// <summary>Neuron index of each spike.</summary>
    public IReadOnlyList<int> Neurons => _neurons;

    /// <summary>Time in ms of spike <paramref name="k"/>.</summary>
    public double TimeMs(int k) => (_steps[k] + 1) * DtMs;

    /// <summary>Spike times in ms per neuron.</summary>
    public List<double>[] TrainsMs()
    {
        var trains = new List<double>[Size];
        for (int i = 0; i < Size; i++)
        {
            trains[i] = [];
        }

        for (int k = 0; k < _steps.Count; k++)
        {
            trains[_neurons[k]].Add(TimeMs(k));
        }

        return trains;
    }

    internal void Record(long step, ReadOnlySpan<int> firing)
    {
        foreach (int n in firing)
        {
            if (_watched is null || _watched[n])
            {
                _steps.Add(step);
                _neurons.Add(n);
            }
        }
    }
}
