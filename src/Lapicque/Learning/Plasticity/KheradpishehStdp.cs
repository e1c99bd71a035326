namespace Lapicque.Learning.Plasticity;

/// <summary>
/// The simplified STDP of Kheradpisheh et al. 2018 (spiking deep CNN): when a post neuron fires, each of its incoming
/// synapses changes by dw = APlus w (1 - w) if its pre neuron fired earlier in the presentation or in the same step
/// (t_pre &lt;= t_post), else dw = -AMinus w (1 - w) (the pre neuron fired later or not at all). Only the sign of the timing
/// matters; the factor w (1 - w) is a soft bound keeping w in [0, 1]. The paper uses APlus = 0.004, AMinus = 0.003.
/// A presentation starts at <see cref="Reset"/> or <see cref="BeginPresentation"/>; with <see cref="OncePerPresentation"/>
/// a post neuron learns only at its first spike in a presentation (in the paper each neuron fires at most once).
/// Cost: a pre spike sets one flag; a post spike touches its incoming column.
/// </summary>
public sealed class KheradpishehStdp : IPlasticityRule
{
    private PlasticityContext? _context;
    private bool[] _preFired = [];
    private bool[] _postLearned = [];

    /// <summary>Creates the rule with a+ = <paramref name="aPlus"/> and a- = -<paramref name="aMinus"/> (both &gt;= 0).</summary>
    public KheradpishehStdp(double aPlus = 0.004, double aMinus = 0.003, bool oncePerPresentation = true)
    {
        Check.NonNegative(aPlus);
        Check.NonNegative(aMinus);
        APlus = aPlus;
        AMinus = aMinus;
        OncePerPresentation = oncePerPresentation;
    }

    /// <summary>Potentiation rate a+.</summary>
    public double APlus { get; }

    /// <summary>Depression rate, as a magnitude: a- = -AMinus.</summary>
    public double AMinus { get; }

    /// <summary>True when a post neuron learns only at its first spike in a presentation.</summary>
    public bool OncePerPresentation { get; }

    /// <inheritdoc/>
    public void Bind(PlasticityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _preFired = new bool[context.PreCount];
        _postLearned = new bool[context.PostCount];
    }

    /// <summary>Starts a new presentation: forgets which neurons fired.</summary>
    public void BeginPresentation()
    {
        Array.Clear(_preFired);
        Array.Clear(_postLearned);
    }

    /// <inheritdoc/>
    public void Reset() => BeginPresentation();

    /// <inheritdoc/>
    public void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired)
    {
        var c = _context ?? throw new InvalidOperationException("KheradpishehStdp.Step was called before Bind.");
        foreach (int i in preFired)
        {
            _preFired[i] = true;
        }

        if (postFired.Length == 0)
        {
            return;
        }

        var w = c.Matrix.Weights;
        var cols = c.Columns;
        int[] ids = cols.SynapseIds, src = cols.Sources;
        float aPlus = (float)APlus, aMinus = -(float)AMinus;
        foreach (int j in postFired)
        {
            if (OncePerPresentation && _postLearned[j])
            {
                continue;
            }

            _postLearned[j] = true;
            (int a, int b) = cols.Column(j);
            for (int e = a; e < b; e++)
            {
                int k = ids[e];
                float wk = w[k];
                float rate = _preFired[src[e]] ? aPlus : aMinus;
                w[k] = Math.Clamp(wk + (rate * wk * (1f - wk)), 0f, 1f);
            }
        }
    }
}
