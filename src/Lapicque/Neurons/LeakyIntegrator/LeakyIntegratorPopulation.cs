namespace Lapicque.Neurons;

/// <summary>A population of <see cref="LeakyIntegratorParameters"/> readout neurons: state "v" (mV). It never spikes.</summary>
public sealed class LeakyIntegratorPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v"];
    private static readonly string[] Units = ["mV"];
    private readonly LeakyIntegratorParameters _parameters;
    private readonly LeakyIntegratorPropagator _propagator;
    private readonly float[] _v;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public LeakyIntegratorPopulation(LeakyIntegratorParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public LeakyIntegratorPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset() => Array.Fill(_v, (float)_parameters.InitialMv);

    /// <summary>Advances every neuron by one step with <paramref name="input"/> held over the step; no spike output.</summary>
    public void Step(ReadOnlySpan<float> input)
    {
        CheckLength(input.Length, nameof(input));
        LeakyIntegrator.Step(_propagator, _v, input);
    }

    /// <inheritdoc/>
    /// <remarks>A leaky integrator never fires: <paramref name="spikes"/> is filled with zeros.</remarks>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        LeakyIntegrator.Step(_propagator, _v, input);
        spikes.Clear();
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        LeakyIntegrator.Step(_propagator, _v.AsSpan(start, n), input.Slice(start, n));
        spikes.Slice(start, n).Clear();
    }
}
