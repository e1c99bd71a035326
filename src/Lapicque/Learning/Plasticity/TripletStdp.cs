namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Triplet STDP (<see cref="TripletStdpParameters"/>, Pfister and Gerstner 2006). Per step: the four traces decay; pre
/// neurons that fired depress their rows with o1 and their own r2 (before its jump), then r1, r2 jump; post neurons that
/// fired potentiate their columns with r1 (holding this step's pre spikes) and their own o2 (before its jump), then o1, o2
/// jump. Cost: one SIMD pass over the traces plus the synapses of the neurons that fired.
/// </summary>
public sealed class TripletStdp : IPlasticityRule
{
    private PlasticityContext? _context;
    private SpikeTrace _r1 = null!, _r2 = null!, _o1 = null!, _o2 = null!;

    /// <summary>Creates the rule; the parameters are checked here.</summary>
    public TripletStdp(TripletStdpParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The rule's parameters.</summary>
    public TripletStdpParameters Parameters { get; }

    /// <inheritdoc/>
    public void Bind(PlasticityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var p = Parameters;
        _r1 = new SpikeTrace(context.PreCount, p.TauPlusMs, context.DtMs);
        _r2 = new SpikeTrace(context.PreCount, p.TauXMs, context.DtMs);
        _o1 = new SpikeTrace(context.PostCount, p.TauMinusMs, context.DtMs);
        _o2 = new SpikeTrace(context.PostCount, p.TauYMs, context.DtMs);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _r1?.Clear();
        _r2?.Clear();
        _o1?.Clear();
        _o2?.Clear();
    }

    /// <inheritdoc/>
    public void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired)
    {
        var c = _context ?? throw new InvalidOperationException("TripletStdp.Step was called before Bind.");
        var p = Parameters;
        _r1.Decay();
        _r2.Decay();
        _o1.Decay();
        _o2.Decay();
        var m = c.Matrix;
        var w = m.Weights;
        float wMin = (float)p.WMin, wMax = (float)Math.Min(p.WMax, float.MaxValue);
        float a2m = (float)p.A2Minus, a3m = (float)p.A3Minus, a2p = (float)p.A2Plus, a3p = (float)p.A3Plus;

        var o1 = _o1.Values;
        var r2 = _r2.Values;
        foreach (int i in preFired)
        {
            float depress = a2m + (a3m * r2[i]);
            (int a, int b) = m.Row(i);
            for (int k = a; k < b; k++)
            {
                float ok = o1[m.TargetOf(k)];
                if (ok != 0f)
                {
                    w[k] = Math.Clamp(w[k] - (ok * depress), wMin, wMax);
                }
            }
        }

        _r1.Spike(preFired, p.Pairing);
        _r2.Spike(preFired, p.Pairing);

        if (postFired.Length > 0)
        {
            var r1 = _r1.Values;
            var o2 = _o2.Values;
            var cols = c.Columns;
            int[] ids = cols.SynapseIds, src = cols.Sources;
            foreach (int j in postFired)
            {
                float potentiate = a2p + (a3p * o2[j]);
                (int a, int b) = cols.Column(j);
                for (int e = a; e < b; e++)
                {
                    float rk = r1[src[e]];
                    if (rk != 0f)
                    {
                        int k = ids[e];
                        w[k] = Math.Clamp(w[k] + (rk * potentiate), wMin, wMax);
                    }
                }
            }
        }

        _o1.Spike(postFired, p.Pairing);
        _o2.Spike(postFired, p.Pairing);
    }
}
