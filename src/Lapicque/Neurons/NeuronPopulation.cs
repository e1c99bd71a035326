namespace Lapicque.Neurons;

/// <summary>
/// The stateful shell around one model's kernels: owns the state of <see cref="Size"/> neurons (structure of arrays)
/// and advances all of them by one time step per <see cref="Step"/> call. One virtual call per population per step;
/// the per-neuron work happens inside the model's static kernels.
/// </summary>
public abstract class NeuronPopulation
{
    /// <summary>Initialises the shell.</summary>
    protected NeuronPopulation(int size, double dtMs)
    {
        if (size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "size must be >= 0.");
        }

        if (!(dtMs > 0) || double.IsInfinity(dtMs))
        {
            throw new ArgumentOutOfRangeException(nameof(dtMs), dtMs, $"DtMs must be > 0 and finite; was {dtMs}.");
        }

        Size = size;
        DtMs = dtMs;
    }

    /// <summary>Number of neurons.</summary>
    public int Size { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>The model parameters this population was created from.</summary>
    public abstract INeuronModel Model { get; }

    /// <summary>Names of the state variables, membrane potential first (for example "v", "u").</summary>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>Unit of each state variable, in the order of <see cref="StateNames"/>.</summary>
    public abstract IReadOnlyList<string> StateUnits { get; }

    /// <summary>The live buffer of one state variable (length <see cref="Size"/>); writes change the state.</summary>
    public abstract Span<float> State(string name);

    /// <summary>Returns every neuron to its initial state.</summary>
    public abstract void Reset();

    /// <summary>
    /// Gives a stochastic population (Poisson sources, noisy neurons) its random stream. The simulators call this with
    /// <see cref="Numerics.Rng.ForStream(ulong, ulong)"/> of the run seed and the population index; deterministic models ignore it.
    /// </summary>
    public virtual void Seed(Numerics.Rng rng)
    {
    }

    /// <summary>
    /// Advances every neuron from t to t + dt with <paramref name="input"/> (the model's <see cref="INeuronModel.InputUnit"/>)
    /// held constant over the step, and writes 1 to <paramref name="spikes"/> where a neuron fired in the step, else 0.
    /// A spike is stamped with the end of the step, t + dt.
    /// </summary>
    public abstract void Step(ReadOnlySpan<float> input, Span<float> spikes);

    /// <summary>
    /// True when <see cref="StepRange"/> is supported, so that a simulator may advance disjoint neuron ranges on several
    /// threads. Neurons of such a population must be independent within a step.
    /// </summary>
    public virtual bool SupportsRanges => false;

    /// <summary>
    /// Advances neurons [start, end) only, exactly as <see cref="Step"/> does for them; <paramref name="input"/> and
    /// <paramref name="spikes"/> cover the whole population. Used for deterministic multithreading over neurons.
    /// </summary>
    public virtual void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes) =>
        throw new NotSupportedException($"Model '{Model.ModelName}' does not support stepping neuron ranges.");

    /// <summary>Checks that a span passed to <see cref="Step"/> has length <see cref="Size"/>.</summary>
    protected void CheckLength(int length, string name)
    {
        if (length != Size)
        {
            throw new ArgumentException($"{name}.Length was {length}; expected the population size {Size}.", name);
        }
    }

    /// <summary>Throws the standard error for an unknown state-variable name.</summary>
    protected Exception UnknownState(string name) =>
        new ArgumentException($"Unknown state variable '{name}' for model '{Model.ModelName}'; expected one of: {string.Join(", ", StateNames)}.", nameof(name));
}
