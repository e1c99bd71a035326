using Lapicque.Neurons;

namespace Lapicque.Learning.Surrogate;

/// <summary>The backward step of a LIF neuron (see <see cref="LifLayer{TSurrogate}"/>), shared with the recurrent layer.</summary>
internal static class LifGradient
{
    /// <summary>
    /// One step back over a batch range starting at flat index lo (batch b0): from x[t], s[t], v[t-1] and ds = dL/ds[t],
    /// updates dv (dL/dv[t] in, dL/dv[t-1] out), writes dIn = dL/dI[t] and adds into the per-sample partials.
    /// </summary>
    public static void Step<TSurrogate>(
        TSurrogate surrogate, in LifPropagator p, NeuronConstants c, bool detach, int n,
        ReadOnlySpan<float> x, ReadOnlySpan<float> spikes, ReadOnlySpan<float> vp, ReadOnlySpan<float> ds, Span<float> dv, Span<float> dIn,
        float[] pBeta, float[] pThr, int b0, int lo)
        where TSurrogate : struct, ISurrogate
    {
        bool perNeuron = c.PerNeuron;
        float rest = p.RestMv, resetMv = p.ResetMv, gain = p.InputGain;
        for (int i = 0; i < x.Length; i++)
        {
            int j = (lo + i) % n;
            int k = perNeuron ? j : 0;
            float theta = c.Threshold[k], beta = c.Beta[k];
            float s = spikes[i], g = dv[i];
            float sigma = surrogate.Derivative(x[i] - theta);
            float dS = ds[i], dxdx = 1f;
            switch (p.Reset)
            {
                case ResetMode.Subtract:
                    dS += detach ? 0f : -(theta - resetMv) * g;
                    break;
                case ResetMode.ToValue:
                    dxdx = 1f - s;
                    dS += detach ? 0f : (resetMv - x[i]) * g;
                    break;
            }

            float dx = (g * dxdx) + (dS * sigma);
            int slot = ((b0 + (i / n)) * c.Beta.Length) + k;
            pBeta[slot] += dx * (vp[i] - rest);
            pThr[slot] += (-dS * sigma) - (p.Reset == ResetMode.Subtract ? s * g : 0f);
            dIn[i] = gain * dx;
            dv[i] = beta * dx;
        }
    }

    /// <summary>One forward step of the LIF kernel over a batch range starting at flat index lo (one shared or one per-neuron propagator).</summary>
    public static void Run(LifPropagator[] props, int n, Span<float> v, Span<float> r, ReadOnlySpan<float> input, Span<float> spikes, int lo)
    {
        if (props.Length == 1)
        {
            Lif.Step(props[0], v, r, input, spikes);
            return;
        }

        for (int i = 0; i < v.Length; i++)
        {
            Lif.StepScalar(props[(lo + i) % n], v.Slice(i, 1), r.Slice(i, 1), input.Slice(i, 1), spikes.Slice(i, 1));
        }
    }
}
