using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The Izhikevich (2003) kernels: one population step over spans, SIMD with a scalar twin.</summary>
/// <remarks>
/// Both paths evaluate the same float operations in the same order (no fused multiply-add), so they agree bit for bit.
/// See <see cref="IzhikevichParameters"/> for the equations and <see cref="IzhikevichIntegrator"/> for the schemes.
/// </remarks>
public static class Izhikevich
{
    /// <summary>
    /// Advances every neuron by one step. <paramref name="v"/> is the membrane potential (mV), <paramref name="u"/> the
    /// recovery variable (mV/ms), <paramref name="input"/> the step's input I (mV/ms, held over the step) and
    /// <paramref name="spikes"/> receives 1 where v reached the peak in this step (then v = c, u += d), else 0.
    /// All spans have the same length.
    /// </summary>
    public static void Step(in IzhikevichPropagator p, Span<float> v, Span<float> u, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLengths(v.Length, u.Length, input.Length, spikes.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && v.Length >= Vector<float>.Count)
        {
            i = StepVector(p, v, u, input, spikes);
        }

        StepScalarRange(p, v, u, input, spikes, i);
    }

    /// <summary>The scalar reference of <see cref="Step"/>; the same results, element by element.</summary>
    public static void StepScalar(in IzhikevichPropagator p, Span<float> v, Span<float> u, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLengths(v.Length, u.Length, input.Length, spikes.Length);
        StepScalarRange(p, v, u, input, spikes, 0);
    }

    // dv/dt without the input: (0.04 v + 5) v + 140 - u, written in Horner form in both paths.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dv(float v, float u, float i) => (((0.04f * v) + 5f) * v) + 140f - u + i;

    private static void StepScalarRange(in IzhikevichPropagator p, Span<float> v, Span<float> u, ReadOnlySpan<float> input, Span<float> spikes, int start)
    {
        float dt = p.DtMs, half = 0.5f * p.DtMs;
        bool halfStep = p.Integrator == IzhikevichIntegrator.HalfStep;
        for (int k = start; k < v.Length; k++)
        {
            float x = v[k], y = u[k], i = input[k];
            float xn, yn;
            if (halfStep)
            {
                xn = x + (half * Dv(x, y, i));
                xn += half * Dv(xn, y, i);
                yn = y + (dt * (p.A * ((p.B * xn) - y)));
            }
            else
            {
                xn = x + (dt * Dv(x, y, i));
                yn = y + (dt * (p.A * ((p.B * x) - y)));
            }

            if (xn >= p.PeakMv)
            {
                spikes[k] = 1f;
                xn = p.ResetMv;
                yn += p.D;
            }
            else
            {
                spikes[k] = 0f;
            }

            v[k] = xn;
            u[k] = yn;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in IzhikevichPropagator p, Span<float> v, Span<float> u, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int w = Vector<float>.Count;
        int n = v.Length;
        var dt = new Vector<float>(p.DtMs);
        var half = new Vector<float>(0.5f * p.DtMs);
        var a = new Vector<float>(p.A);
        var b = new Vector<float>(p.B);
        var c = new Vector<float>(p.ResetMv);
        var d = new Vector<float>(p.D);
        var peak = new Vector<float>(p.PeakMv);
        var k004 = new Vector<float>(0.04f);
        var k5 = new Vector<float>(5f);
        var k140 = new Vector<float>(140f);
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        bool halfStep = p.Integrator == IzhikevichIntegrator.HalfStep;

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float ur = ref MemoryMarshal.GetReference(u);
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int k = 0;
        for (; k <= n - w; k += w)
        {
            var x = Vector.LoadUnsafe(ref vr, (nuint)k);
            var y = Vector.LoadUnsafe(ref ur, (nuint)k);
            var i = Vector.LoadUnsafe(ref ir, (nuint)k);
            Vector<float> xn, yn;
            if (halfStep)
            {
                xn = x + (half * ((((k004 * x) + k5) * x) + k140 - y + i));
                xn += half * ((((k004 * xn) + k5) * xn) + k140 - y + i);
                yn = y + (dt * (a * ((b * xn) - y)));
            }
            else
            {
                xn = x + (dt * ((((k004 * x) + k5) * x) + k140 - y + i));
                yn = y + (dt * (a * ((b * x) - y)));
            }

            var fired = Vector.GreaterThanOrEqual(xn, peak);
            Vector.ConditionalSelect(fired, c, xn).StoreUnsafe(ref vr, (nuint)k);
            Vector.ConditionalSelect(fired, yn + d, yn).StoreUnsafe(ref ur, (nuint)k);
            Vector.ConditionalSelect(fired, one, zero).StoreUnsafe(ref sr, (nuint)k);
        }

        return k;
    }

    private static void CheckLengths(int n, int u, int input, int spikes)
    {
        if (u != n || input != n || spikes != n)
        {
            throw new ArgumentException($"Span lengths differ: v {n}, u {u}, input {input}, spikes {spikes}; all must equal v.Length.");
        }
    }
}
