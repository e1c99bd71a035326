using Lapicque.Neurons;

namespace Lapicque.Learning.Plasticity;

/// <summary>The population of a <see cref="KWinnerTakeAll"/> model: the inner population plus the competition.</summary>
public sealed class KWinnerTakeAllPopulation : NeuronPopulation
{
    private readonly KWinnerTakeAll _model;
    private readonly NeuronPopulation _inner;
    private readonly float[] _score;
    private readonly int[] _candidates;
    private readonly bool[] _winner;
    private int _winners;

    internal KWinnerTakeAllPopulation(KWinnerTakeAll model, NeuronPopulation inner)
        : base(inner.Size, inner.DtMs)
    {
        if (!inner.StateNames.Contains("v"))
        {
            throw new NotSupportedException($"k-winner-take-all needs a membrane variable 'v'; model '{inner.Model.ModelName}' has: {string.Join(", ", inner.StateNames)}.");
        }

        _model = model;
        _inner = inner;
        _score = new float[inner.Size];
        _candidates = new int[inner.Size];
        _winner = new bool[inner.Size];
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _model;

    /// <summary>The competing population.</summary>
    public NeuronPopulation Inner => _inner;

    /// <summary>Number of winners so far in this presentation (per-presentation scope).</summary>
    public int WinnerCount => _winners;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => _inner.StateNames;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => _inner.StateUnits;

    /// <inheritdoc/>
    public override Span<float> State(string name) => _inner.State(name);

    /// <inheritdoc/>
    public override void Seed(Numerics.Rng rng) => _inner.Seed(rng);

    /// <inheritdoc/>
    public override void Reset()
    {
        _inner.Reset();
        BeginPresentation();
    }

    /// <summary>Starts a new presentation: every neuron may win again.</summary>
    public void BeginPresentation()
    {
        Array.Clear(_winner);
        _winners = 0;
    }

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        System.Numerics.Tensors.TensorPrimitives.Add(_inner.State("v"), input, _score);
        _inner.Step(input, spikes);

        int count = 0;
        for (int i = 0; i < spikes.Length; i++)
        {
            if (spikes[i] != 0f)
            {
                if (_model.Scope == WinnerScope.PerPresentation && _winner[i])
                {
                    continue; // a winner of this presentation fires freely
                }

                _candidates[count++] = i;
            }
        }

        int slots = _model.Scope == WinnerScope.PerStep ? _model.K : _model.K - _winners;
        if (count <= slots)
        {
            MarkWinners(_candidates.AsSpan(0, count));
            return;
        }

        // Keep the `slots` best candidates: repeated selection of the highest score (lowest index on ties), O(k x count).
        for (int r = 0; r < slots; r++)
        {
            int best = r;
            for (int q = r + 1; q < count; q++)
            {
                if (_score[_candidates[q]] > _score[_candidates[best]])
                {
                    best = q;
                }
            }

            // Move the chosen one to position r, keeping the rest in index order so ties resolve to the lower index.
            int chosen = _candidates[best];
            Array.Copy(_candidates, r, _candidates, r + 1, best - r);
            _candidates[r] = chosen;
        }

        for (int q = slots; q < count; q++)
        {
            spikes[_candidates[q]] = 0f;
        }

        MarkWinners(_candidates.AsSpan(0, Math.Max(0, slots)));
    }

    private void MarkWinners(ReadOnlySpan<int> fired)
    {
        if (_model.Scope != WinnerScope.PerPresentation)
        {
            return;
        }

        foreach (int i in fired)
        {
            _winner[i] = true;
            _winners++;
        }
    }
}
