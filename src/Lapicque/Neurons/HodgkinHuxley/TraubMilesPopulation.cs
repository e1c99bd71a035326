namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="TraubMilesParameters"/> neurons: state "v" (mV) and the gates "m", "h", "n". Besides the
/// current-driven <see cref="Step(ReadOnlySpan{float}, Span{float})"/>, it steps with synaptic conductances.
/// </summary>
public sealed class TraubMilesPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "m", "h", "n"];
    private static readonly string[] Units = ["mV", "1", "1", "1"];
    private readonly TraubMilesParameters _parameters;
    private readonly TraubMilesPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _m;
    private readonly float[] _h;
    private readonly float[] _n;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public TraubMilesPopulation(TraubMilesParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        _m = new float[size];
        _h = new float[size];
        _n = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public TraubMilesPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        "m" => _m,
        "h" => _h,
        "n" => _n,
        _ => throw UnknownState(name),
    };

    /// <summary>Sets V to InitialMv and each gate to its steady state there.</summary>
    public override void Reset()
    {
        var (m, h, n) = _parameters.SteadyStateGates(_parameters.InitialMv);
        Array.Fill(_v, (float)_parameters.InitialMv);
        Array.Fill(_m, (float)m);
        Array.Fill(_h, (float)h);
        Array.Fill(_n, (float)n);
    }

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        TraubMiles.Step(_propagator, _v, _m, _h, _n, input, spikes);
    }

    /// <summary>One step with injected current (pA) and excitatory/inhibitory synaptic conductances (nS).</summary>
    public void Step(ReadOnlySpan<float> input, ReadOnlySpan<float> gExcNs, ReadOnlySpan<float> gInhNs, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(gExcNs.Length, nameof(gExcNs));
        CheckLength(gInhNs.Length, nameof(gInhNs));
        CheckLength(spikes.Length, nameof(spikes));
        TraubMiles.Step(_propagator, _v, _m, _h, _n, input, gExcNs, gInhNs, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        TraubMiles.Step(
            _propagator, _v.AsSpan(start, n), _m.AsSpan(start, n), _h.AsSpan(start, n), _n.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }

    /// <summary>
    /// Neurons [start, end) only, with current (pA) and synaptic conductances (nS), exactly as the conductance form of
    /// Step does for them; the spans cover the whole population.
    /// </summary>
    public void StepRange(int start, int end, ReadOnlySpan<float> input, ReadOnlySpan<float> gExcNs, ReadOnlySpan<float> gInhNs, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(gExcNs.Length, nameof(gExcNs));
        CheckLength(gInhNs.Length, nameof(gInhNs));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        TraubMiles.Step(
            _propagator, _v.AsSpan(start, n), _m.AsSpan(start, n), _h.AsSpan(start, n), _n.AsSpan(start, n),
            input.Slice(start, n), gExcNs.Slice(start, n), gInhNs.Slice(start, n), spikes.Slice(start, n));
    }
}
