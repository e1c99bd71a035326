using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Networks;

/// <summary>
/// Independent Poisson spike trains at <see cref="RateHz"/>: in each step of dt a neuron fires with probability
/// p = 1 - exp(-rate dt), the exact probability of at least one event of a Poisson process in the step.
/// </summary>
public sealed record PoissonSource : ISpikeSource
{
    /// <summary>Firing rate in Hz (&gt;= 0).</summary>
    public double RateHz { get; init; } = 10.0;

    /// <inheritdoc/>
    public string ModelName => "poisson";

    /// <inheritdoc/>
    public string InputUnit => "none";

    /// <inheritdoc/>
    public void Validate() => Check.NonNegative(RateHz);

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new PoissonPopulation(this, size, dtMs);

    private sealed class PoissonPopulation : NeuronPopulation
    {
        private static readonly string[] Names = [];
        private readonly PoissonSource _model;
        private readonly ulong _threshold;
        private Rng _rng = new(0);

        public PoissonPopulation(PoissonSource model, int size, double dtMs)
            : base(size, dtMs)
        {
            model.Validate();
            _model = model;
            double p = -double.ExpM1(-model.RateHz * dtMs / 1000.0);

            // Compare 64 random bits with p * 2^64: one integer comparison per neuron and step.
            _threshold = p >= 1.0 ? ulong.MaxValue : (ulong)(p * 18446744073709551616.0);
        }

        public override INeuronModel Model => _model;

        public override IReadOnlyList<string> StateNames => Names;

        public override IReadOnlyList<string> StateUnits => Names;

        public override Span<float> State(string name) => throw UnknownState(name);

        public override void Reset()
        {
        }

        public override void Seed(Rng rng) => _rng = rng;

        public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
        {
            CheckLength(spikes.Length, nameof(spikes));
            for (int i = 0; i < spikes.Length; i++)
            {
                spikes[i] = _rng.NextUInt64() < _threshold ? 1f : 0f;
            }
        }
    }
}
