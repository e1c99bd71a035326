using Lapicque.Neurons;

namespace Lapicque.Networks;

/// <summary>
/// Emits given spikes: neuron <c>Neurons[k]</c> fires at <c>TimesMs[k]</c>. A spike at time t is emitted in the step whose
/// end is the first grid time at or after t (so it is stamped with ceil(t/dt)*dt, and never earlier than dt).
/// </summary>
public sealed record SpikeGeneratorSource : ISpikeSource
{
    /// <summary>Index of the firing neuron for each spike.</summary>
    public int[] Neurons { get; init; } = [];

    /// <summary>Time in ms of each spike (&gt;= 0), in the same order as <see cref="Neurons"/>.</summary>
    public double[] TimesMs { get; init; } = [];

    /// <inheritdoc/>
    public string ModelName => "spike-generator";

    /// <inheritdoc/>
    public string InputUnit => "none";

    /// <inheritdoc/>
    public void Validate()
    {
        if (Neurons.Length != TimesMs.Length)
        {
            throw new ArgumentException($"Neurons has {Neurons.Length} entries but TimesMs has {TimesMs.Length}; expected one time per spike.");
        }

        for (int k = 0; k < TimesMs.Length; k++)
        {
            Check.NonNegative(TimesMs[k], $"TimesMs[{k}]");
            Check.That(Neurons[k] >= 0, $"Neurons[{k}]", ">= 0", Neurons[k]);
        }
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new GeneratorPopulation(this, size, dtMs);

    private sealed class GeneratorPopulation : NeuronPopulation
    {
        private static readonly string[] Names = [];
        private readonly SpikeGeneratorSource _model;
        private readonly long[] _steps;
        private readonly int[] _neurons;
        private long _step;
        private int _next;

        public GeneratorPopulation(SpikeGeneratorSource model, int size, double dtMs)
            : base(size, dtMs)
        {
            model.Validate();
            _model = model;
            int n = model.TimesMs.Length;
            _steps = new long[n];
            _neurons = new int[n];
            for (int k = 0; k < n; k++)
            {
                if (model.Neurons[k] >= size)
                {
                    throw new ArgumentException($"Neurons[{k}] was {model.Neurons[k]}; expected < the population size {size}.");
                }

                // Step index s covers (s dt, (s+1) dt]; the small slack keeps t = k*dt on step k-1 despite rounding.
                _steps[k] = Math.Max(0, (long)Math.Ceiling((model.TimesMs[k] / dtMs) - 1e-9) - 1);
                _neurons[k] = model.Neurons[k];
            }

            Array.Sort(_steps, _neurons);
        }

        public override INeuronModel Model => _model;

        public override IReadOnlyList<string> StateNames => Names;

        public override IReadOnlyList<string> StateUnits => Names;

        public override Span<float> State(string name) => throw UnknownState(name);

        public override void Reset()
        {
            _step = 0;
            _next = 0;
        }

        public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
        {
            CheckLength(spikes.Length, nameof(spikes));
            spikes.Clear();
            while (_next < _steps.Length && _steps[_next] <= _step)
            {
                if (_steps[_next] == _step)
                {
                    spikes[_neurons[_next]] = 1f;
                }

                _next++;
            }

            _step++;
        }
    }
}
