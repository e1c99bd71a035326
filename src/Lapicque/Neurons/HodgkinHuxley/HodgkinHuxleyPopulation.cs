namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="HodgkinHuxleyParameters"/> neurons: state "v" (mV) and the gates "m", "h", "n".
/// </summary>
public sealed class HodgkinHuxleyPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "m", "h", "n"];
    private static readonly string[] Units = ["mV", "1", "1", "1"];
    private readonly HodgkinHuxleyParameters _parameters;
    private readonly HodgkinHuxleyPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _m;
    private readonly float[] _h;
    private readonly float[] _n;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public HodgkinHuxleyPopulation(HodgkinHuxleyParameters parameters, int size, double dtMs)
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
    public HodgkinHuxleyPropagator Propagator => _propagator;

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
        HodgkinHuxley.Step(_propagator, _v, _m, _h, _n, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        HodgkinHuxley.Step(
            _propagator, _v.AsSpan(start, n), _m.AsSpan(start, n), _h.AsSpan(start, n), _n.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
