using System.Numerics.Tensors;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Pair-based STDP (<see cref="PairStdpParameters"/>). Per step: traces decay; each pre neuron that fired depresses its
/// outgoing row with the post traces (which do not yet hold this step's post spikes), then its pre trace jumps; each post neuron
/// that fired potentiates its incoming column with the pre traces (which hold this step's pre spikes), then its post trace jumps.
/// Simultaneous pre and post spikes therefore count as d = 0, potentiation. Cost: one SIMD pass over the traces plus the
/// synapses of the neurons that fired.
/// </summary>
public sealed class PairStdp : IPlasticityRule
{
    private PlasticityContext? _context;
    private SpikeTrace _pre = null!;
    private SpikeTrace _post = null!;

    /// <summary>Creates the rule; the parameters are checked here.</summary>
    public PairStdp(PairStdpParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The rule's parameters.</summary>
    public PairStdpParameters Parameters { get; }

    /// <summary>The presynaptic traces x (one per source neuron).</summary>
    public ReadOnlySpan<float> PreTrace => _pre.Values;

    /// <summary>The postsynaptic traces y (one per target neuron).</summary>
    public ReadOnlySpan<float> PostTrace => _post.Values;

    /// <inheritdoc/>
    public void Bind(PlasticityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _pre = new SpikeTrace(context.PreCount, Parameters.TauPlusMs, context.DtMs);
        _post = new SpikeTrace(context.PostCount, Parameters.TauMinusMs, context.DtMs);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _pre?.Clear();
        _post?.Clear();
    }

    /// <inheritdoc/>
    public void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired)
    {
        var c = _context ?? throw new InvalidOperationException("PairStdp.Step was called before Bind.");
        var p = Parameters;
        _pre.Decay();
        _post.Decay();
        var m = c.Matrix;
        var w = m.Weights;
        float wMin = (float)p.WMin, wMax = (float)p.WMax, aPlus = (float)p.APlus, aMinus = (float)p.AMinus;
        bool additive = p.Mu == 0;
        bool multiplicative = p.Mu == 1;
        float mu = (float)p.Mu;

        // Depression at pre spikes, along the outgoing rows.
        var y = _post.Values;
        foreach (int i in preFired)
        {
            (int a, int b) = m.Row(i);
            if (m.IsDense && additive)
            {
                var row = w.AsSpan(a, b - a);
                TensorPrimitives.MultiplyAdd(y, -aMinus, row, row);
                TensorPrimitives.Max(row, wMin, row);
                continue;
            }

            for (int k = a; k < b; k++)
            {
                float yk = y[m.TargetOf(k)];
                if (yk == 0f)
                {
                    continue;
                }

                float wk = w[k];
                float scale = additive ? 1f : multiplicative ? wk - wMin : MathF.Pow(MathF.Max(0f, wk - wMin), mu);
                w[k] = Math.Clamp(wk - (aMinus * scale * yk), wMin, wMax);
            }
        }

        _pre.Spike(preFired, p.Pairing);

        // Potentiation at post spikes, along the incoming columns.
        if (postFired.Length > 0)
        {
            var x = _pre.Values;
            var cols = c.Columns;
            int[] ids = cols.SynapseIds, src = cols.Sources;
            foreach (int j in postFired)
            {
                (int a, int b) = cols.Column(j);
                for (int e = a; e < b; e++)
                {
                    float xk = x[src[e]];
                    if (xk == 0f)
                    {
                        continue;
                    }

                    int k = ids[e];
                    float wk = w[k];
                    float scale = additive ? 1f : multiplicative ? wMax - wk : MathF.Pow(MathF.Max(0f, wMax - wk), mu);
                    w[k] = Math.Clamp(wk + (aPlus * scale * xk), wMin, wMax);
                }
            }
        }

        _post.Spike(postFired, p.Pairing);
    }
}
