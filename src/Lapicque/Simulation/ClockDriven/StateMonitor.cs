namespace Lapicque.Simulation;

/// <summary>Records one state variable of some neurons of a population every <see cref="EverySteps"/> steps.</summary>
public sealed class StateMonitor
{
    private readonly List<float> _values = [];
    private readonly List<long> _steps = [];

    internal StateMonitor(string population, string variable, string unit, int[] neurons, int everySteps, double dtMs)
    {
        Population = population;
        Variable = variable;
        Unit = unit;
        NeuronIndices = neurons;
        EverySteps = everySteps;
        DtMs = dtMs;
    }

    /// <summary>The monitored population.</summary>
    public string Population { get; }

    /// <summary>The state variable.</summary>
    public string Variable { get; }

    /// <summary>Its unit.</summary>
    public string Unit { get; }

    /// <summary>The recorded neurons.</summary>
    public int[] NeuronIndices { get; }

    /// <summary>Recording interval in steps.</summary>
    public int EverySteps { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Number of samples recorded.</summary>
    public int SampleCount => _steps.Count;

    /// <summary>Time in ms of sample <paramref name="k"/> (the state at the end of its step).</summary>
    public double TimeMs(int k) => (_steps[k] + 1) * DtMs;

    /// <summary>Value of recorded neuron number <paramref name="j"/> (an index into <see cref="NeuronIndices"/>) at sample k.</summary>
    public float Value(int k, int j) => _values[(k * NeuronIndices.Length) + j];

    /// <summary>The trace of recorded neuron number <paramref name="j"/>.</summary>
    public float[] Trace(int j)
    {
        var trace = new float[_steps.Count];
        for (int k = 0; k < trace.Length; k++)
        {
            trace[k] = Value(k, j);
        }

        return trace;
    }

    internal void Record(long step, ReadOnlySpan<float> state)
    {
        if (step % EverySteps != 0)
        {
            return;
        }

        _steps.Add(step);
        foreach (int n in NeuronIndices)
        {
            _values.Add(state[n]);
        }
    }
}
