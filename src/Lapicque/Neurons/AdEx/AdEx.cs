using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The AdEx kernels: one population step over spans, SIMD with a scalar twin.</summary>
/// <remarks>
/// Forward Euler from the state at t (see <see cref="AdExParameters"/>). The SIMD path uses the vector exponential
/// (System.Numerics.Vector.Exp), the scalar twin MathF.Exp; both are within a few float ulps of e^x, so the two paths
/// agree to float rounding, not bit for bit. Step sends every neuron through the vector code (the last, partial vector
/// through a padded buffer), so a neuron's result does not depend on how a caller splits the population into ranges.
/// </remarks>
public static class AdEx
{
    /// <summary>
    /// Advances every neuron by one step. <paramref name="v"/> is the membrane potential (mV), <paramref name="w"/> the
    /// adaptation current (pA), <paramref name="input"/> the step's current I (pA, held over the step);
    /// <paramref name="spikes"/> receives 1 where V reached the peak in this step (then V = Vr, w += b), else 0.
    /// All spans have the same length.
    /// </summary>
    public static void Step(in AdExPropagator p, Span<float> v, Span<float> w, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLengths(v.Length, w.Length, input.Length, spikes.Length);
        if (!Vector.IsHardwareAccelerated)
        {
            StepScalarRange(p, v, w, input, spikes, 0);
            return;
        }

        int i = StepVector(p, v, w, input, spikes);
        if (i < v.Length)
        {
            StepTail(p, v, w, input, spikes, i);
        }
    }

    /// <summary>The scalar reference of <see cref="Step"/>.</summary>
    public static void StepScalar(in AdExPropagator p, Span<float> v, Span<float> w, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLengths(v.Length, w.Length, input.Length, spikes.Length);
        StepScalarRange(p, v, w, input, spikes, 0);
    }

    private static void StepScalarRange(in AdExPropagator p, Span<float> v, Span<float> w, ReadOnlySpan<float> input, Span<float> spikes, int start)
    {
        for (int k = start; k < v.Length; k++)
        {
            float x = v[k], y = w[k];
            float spike = MathF.Exp(MathF.Min((x - p.VTMv) * p.InvDeltaT, AdExParameters.MaxExponent));
            float dv = (p.GLeakDeltaT * spike) - (p.GLeakNs * (x - p.ELeakMv)) - y + input[k];
            float xn = x + (p.DtOverC * dv);
            float yn = y + (p.DtOverTauW * ((p.ANs * (x - p.ELeakMv)) - y));
            if (xn >= p.PeakMv)
            {
                spikes[k] = 1f;
                xn = p.ResetMv;
                yn += p.BPa;
            }
            else
            {
                spikes[k] = 0f;
            }

            v[k] = xn;
            w[k] = yn;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in AdExPropagator p, Span<float> v, Span<float> w, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int width = Vector<float>.Count;
        int n = v.Length;
        var dtOverC = new Vector<float>(p.DtOverC);
        var gL = new Vector<float>(p.GLeakNs);
        var eL = new Vector<float>(p.ELeakMv);
        var vt = new Vector<float>(p.VTMv);
        var invDeltaT = new Vector<float>(p.InvDeltaT);
        var gLDeltaT = new Vector<float>(p.GLeakDeltaT);
        var a = new Vector<float>(p.ANs);
        var dtOverTauW = new Vector<float>(p.DtOverTauW);
        var b = new Vector<float>(p.BPa);
        var reset = new Vector<float>(p.ResetMv);
        var peak = new Vector<float>(p.PeakMv);
        var maxExponent = new Vector<float>(AdExParameters.MaxExponent);

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int k = 0;
        for (; k <= n - width; k += width)
        {
            var x = Vector.LoadUnsafe(ref vr, (nuint)k);
            var y = Vector.LoadUnsafe(ref wr, (nuint)k);
            var i = Vector.LoadUnsafe(ref ir, (nuint)k);
            var spike = Vector.Exp(Vector.Min((x - vt) * invDeltaT, maxExponent));
            var dv = (gLDeltaT * spike) - (gL * (x - eL)) - y + i;
            var xn = x + (dtOverC * dv);
            var yn = y + (dtOverTauW * ((a * (x - eL)) - y));
            var fired = Vector.GreaterThanOrEqual(xn, peak);
            Vector.ConditionalSelect(fired, reset, xn).StoreUnsafe(ref vr, (nuint)k);
            Vector.ConditionalSelect(fired, yn + b, yn).StoreUnsafe(ref wr, (nuint)k);
            Vector.ConditionalSelect(fired, Vector<float>.One, Vector<float>.Zero).StoreUnsafe(ref sr, (nuint)k);
        }

        return k;
    }

    // The last n % W neurons go through the vector code too, in a padded stack buffer, so that every neuron's result
    // is the same bits wherever a caller cuts the population into ranges (deterministic multithreading). Padding
    // lanes repeat the last neuron: in-domain values, results discarded.
    private static void StepTail(in AdExPropagator p, Span<float> v, Span<float> w, ReadOnlySpan<float> input, Span<float> spikes, int start)
    {
        int width = Vector<float>.Count, r = v.Length - start, last = v.Length - 1;
        Span<float> buffer = stackalloc float[4 * width];
        Span<float> tv = buffer[..width], tw = buffer.Slice(width, width), ti = buffer.Slice(2 * width, width), ts = buffer.Slice(3 * width, width);
        tv.Fill(v[last]);
        tw.Fill(w[last]);
        ti.Fill(input[last]);
        v[start..].CopyTo(tv);
        w[start..].CopyTo(tw);
        input[start..].CopyTo(ti);
        StepVector(p, tv, tw, ti, ts);
        tv[..r].CopyTo(v[start..]);
        tw[..r].CopyTo(w[start..]);
        ts[..r].CopyTo(spikes[start..]);
    }

    private static void CheckLengths(int n, int w, int input, int spikes)
    {
        if (w != n || input != n || spikes != n)
        {
            throw new ArgumentException($"Span lengths differ: v {n}, w {w}, input {input}, spikes {spikes}; all must equal v.Length.");
        }
    }
}
