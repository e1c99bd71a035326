using System.Numerics;
using Lapicque.Neurons;

namespace Lapicque.Learning.Surrogate;

/// <summary>The backward step of a LIF neuron (see <see cref="LifLayer{TSurrogate}"/>), shared with the recurrent layer.</summary>
internal static class LifGradient
{
    /// <summary>
    /// As <see cref="StepScalar"/>; with one shared beta and threshold the rows run through <see cref="Vector{T}"/>
    /// lanes (the per-sample partials are summed lane-wise, then across lanes, in a fixed order).
    /// </summary>
    public static void Step<TSurrogate>(
        TSurrogate surrogate, in LifPropagator p, NeuronConstants c, bool detach, int n,
        ReadOnlySpan<float> x, ReadOnlySpan<float> spikes, ReadOnlySpan<float> vp, ReadOnlySpan<float> ds, Span<float> dv, Span<float> dIn,
        float[] pBeta, float[] pThr, int b0, int lo)
        where TSurrogate : struct, ISurrogate
    {
        if (c.PerNeuron || !Vector.IsHardwareAccelerated || n < Vector<float>.Count)
        {
            StepScalar(surrogate, p, c, detach, n, x, spikes, vp, ds, dv, dIn, pBeta, pThr, b0, lo);
            return;
        }

        int w = Vector<float>.Count;
        float theta = c.Threshold[0], beta = c.Beta[0];
        var vTheta = new Vector<float>(theta);
        var vJump = new Vector<float>(theta - p.ResetMv);
        var vResetMv = new Vector<float>(p.ResetMv);
        var vRest = new Vector<float>(p.RestMv);
        var vGain = new Vector<float>(p.InputGain);
        var vBeta = new Vector<float>(beta);
        var one = Vector<float>.One;
        bool learns = c.LearnsAny;
        for (int row = 0; row < x.Length / n; row++)
        {
            int o = row * n;
            var accBeta = Vector<float>.Zero;
            var accThr = Vector<float>.Zero;
            int j = 0;
            for (; j <= n - w; j += w)
            {
                var vx = new Vector<float>(x.Slice(o + j, w));
                var vs = new Vector<float>(spikes.Slice(o + j, w));
                var g = new Vector<float>(dv.Slice(o + j, w));
                var dS = new Vector<float>(ds.Slice(o + j, w));
                var sigma = surrogate.Derivative(vx - vTheta);
                var dxdx = one;
                switch (p.Reset)
                {
                    case ResetMode.Subtract:
                        dS = detach ? dS : dS - (vJump * g);
                        break;
                    case ResetMode.ToValue:
                        dxdx = one - vs;
                        dS = detach ? dS : dS + ((vResetMv - vx) * g);
                        break;
                }

                var d = (g * dxdx) + (dS * sigma);
                if (learns)
                {
                    accBeta += d * (new Vector<float>(vp.Slice(o + j, w)) - vRest);
                    var th = -(dS * sigma);
                    accThr += p.Reset == ResetMode.Subtract ? th - (vs * g) : th;
                }

                (vGain * d).CopyTo(dIn.Slice(o + j, w));
                (vBeta * d).CopyTo(dv.Slice(o + j, w));
            }

            pBeta[b0 + row] += Vector.Sum(accBeta);
            pThr[b0 + row] += Vector.Sum(accThr);
            if (j < n)
            {
                StepScalar(surrogate, p, c, detach, n, x.Slice(o + j, n - j), spikes.Slice(o + j, n - j), vp.Slice(o + j, n - j), ds.Slice(o + j, n - j),
                    dv.Slice(o + j, n - j), dIn.Slice(o + j, n - j), pBeta, pThr, b0 + row, 0);
            }
        }
    }

    /// <summary>
    /// One step back over a batch range starting at flat index lo (batch b0): from x[t], s[t], v[t-1] and ds = dL/ds[t],
    /// updates dv (dL/dv[t] in, dL/dv[t-1] out), writes dIn = dL/dI[t] and adds into the per-sample partials.
    /// </summary>
    public static void StepScalar<TSurrogate>(
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
