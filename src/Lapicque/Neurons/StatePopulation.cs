namespace Lapicque.Neurons;

/// <summary>
/// The common shell of a neuron model whose state is a fixed set of named float32 variables, one array of
/// <see cref="NeuronPopulation.Size"/> values each (structure of arrays). A concrete population declares its variables
/// once (name, unit, initial value from the parameters) and implements <see cref="Advance"/>, the single call of its
/// kernel; this class owns the arrays and implements <see cref="StateNames"/>, <see cref="StateUnits"/>,
/// <see cref="State"/>, <see cref="Reset"/>, <see cref="Step"/> and <see cref="StepRange"/>.
/// </summary>
/// <remarks>
/// <see cref="Step"/> and <see cref="StepRange"/> check that input and spikes have length <see cref="NeuronPopulation.Size"/>
/// and make one virtual call to <see cref="Advance"/> with the neurons' range; they allocate nothing.
/// Neurons are independent within a step, so <see cref="SupportsRanges"/> is true.
/// </remarks>
/// <typeparam name="TParameters">The model's parameter record.</typeparam>
public abstract class StatePopulation<TParameters> : NeuronPopulation
    where TParameters : class, INeuronModel
{
    private readonly StateVariable[] _variables;
    private readonly string[] _names;
    private readonly string[] _units;
    private readonly float[][] _state;

    /// <summary>
    /// Checks the arguments, allocates one array of <paramref name="size"/> floats per variable and sets every neuron to
    /// its initial state.
    /// </summary>
    /// <param name="parameters">The model parameters (not null); the initial values are read from them.</param>
    /// <param name="size">Number of neurons, &gt;= 0.</param>
    /// <param name="dtMs">Time step in ms, &gt; 0 and finite.</param>
    /// <param name="variables">The state variables in their public order, membrane potential first; names distinct.</param>
    /// <exception cref="ArgumentOutOfRangeException">size or dtMs is out of range.</exception>
    /// <exception cref="ArgumentNullException">parameters is null.</exception>
    /// <exception cref="ArgumentException">variables is empty or repeats a name.</exception>
    protected StatePopulation(TParameters parameters, int size, double dtMs, StateVariable[] variables)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Length == 0)
        {
            throw new ArgumentException("variables.Length was 0; expected at least one state variable.", nameof(variables));
        }

        _variables = variables;
        _names = new string[variables.Length];
        _units = new string[variables.Length];
        _state = new float[variables.Length][];
        for (int k = 0; k < variables.Length; k++)
        {
            if (Array.IndexOf(_names, variables[k].Name, 0, k) >= 0)
            {
                throw new ArgumentException($"State variable '{variables[k].Name}' is declared twice; names must be distinct.", nameof(variables));
            }

            _names[k] = variables[k].Name;
            _units[k] = variables[k].Unit;
            _state[k] = new float[size];
        }

        Parameters = parameters;
        Fill();
    }

    /// <summary>The model parameters.</summary>
    protected TParameters Parameters { get; }

    /// <inheritdoc/>
    public sealed override INeuronModel Model => Parameters;

    /// <inheritdoc/>
    public sealed override IReadOnlyList<string> StateNames => _names;

    /// <inheritdoc/>
    public sealed override IReadOnlyList<string> StateUnits => _units;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of <see cref="StateNames"/>.</exception>
    public sealed override Span<float> State(string name)
    {
        // A linear scan: at most a handful of names, and the simulator asks for "v" (always first) every step.
        for (int k = 0; k < _names.Length; k++)
        {
            if (string.Equals(_names[k], name, StringComparison.Ordinal))
            {
                return _state[k];
            }
        }

        throw UnknownState(name);
    }

    /// <summary>Sets every variable of every neuron to its declared initial value.</summary>
    public sealed override void Reset() => Fill();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">input or spikes does not have length <see cref="NeuronPopulation.Size"/>.</exception>
    public sealed override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        Advance(new StateRange(_state, 0, Size, input, spikes));
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">input or spikes does not have length <see cref="NeuronPopulation.Size"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">[start, end) is not a range inside [0, Size).</exception>
    public sealed override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        Advance(Range(start, end, input, spikes));
    }

    /// <summary>
    /// Advances the neurons of <paramref name="range"/> by one step: the one call of the model's kernel with the range's
    /// state variables, input and spikes. Lengths are already checked and all spans of the range have the same length.
    /// </summary>
    protected abstract void Advance(StateRange range);

    /// <summary>The whole array of the variable declared at <paramref name="index"/>, for extra step forms of a subclass.</summary>
    protected Span<float> Variable(int index) => _state[index];

    /// <summary>
    /// Neurons [start, end) of the state, <paramref name="input"/> and <paramref name="spikes"/> (both covering the
    /// whole population), for extra step forms of a subclass. Does not check the lengths; a range outside a span throws
    /// <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    protected StateRange Range(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = end - start;
        return new StateRange(_state, start, n, input.Slice(start, n), spikes.Slice(start, n));
    }

    private void Fill()
    {
        for (int k = 0; k < _state.Length; k++)
        {
            Array.Fill(_state[k], (float)_variables[k].Initial(Parameters));
        }
    }

    /// <summary>
    /// One state variable: its name in <see cref="StateNames"/>, its unit, and its initial value computed from the
    /// parameters (a static lambda; called on construction and <see cref="Reset"/>, never while stepping).
    /// </summary>
    /// <param name="Name">Name of the variable, for example "v".</param>
    /// <param name="Unit">Unit of the variable, for example "mV", "1" (dimensionless) or "steps".</param>
    /// <param name="Initial">The initial value, in <paramref name="Unit"/>, for the given parameters.</param>
    protected sealed record StateVariable(string Name, string Unit, Func<TParameters, double> Initial);

    /// <summary>
    /// Neurons [start, start + length) of a population: each state variable (by declaration index), the input and the
    /// spikes, all of the same length. Built on the stack once per step.
    /// </summary>
    protected readonly ref struct StateRange
    {
        private readonly float[][] _state;
        private readonly int _start;
        private readonly int _length;

        internal StateRange(float[][] state, int start, int length, ReadOnlySpan<float> input, Span<float> spikes)
        {
            _state = state;
            _start = start;
            _length = length;
            Input = input;
            Spikes = spikes;
        }

        /// <summary>The range of the variable declared at <paramref name="index"/>.</summary>
        public Span<float> this[int index] => _state[index].AsSpan(_start, _length);

        /// <summary>The input of the range's neurons.</summary>
        public ReadOnlySpan<float> Input { get; }

        /// <summary>The spike output of the range's neurons.</summary>
        public Span<float> Spikes { get; }
    }
}
