using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Simulation;

/// <summary>
/// Fused receptor updates of the clock-driven simulator: in one pass, add the spikes due (<c>due</c>), add the receptor's
/// mean current over the step to <c>input</c>, and decay the receptor. SIMD with scalar tails; the scalar twins are the
/// *Scalar methods.
/// </summary>
public static class ReceptorKernels
{
    /// <summary>Exponential current: s = x + due; input += mean s; x = decay s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Current(Span<float> x, ReadOnlySpan<float> due, Span<float> input, float mean, float decay)
    {
        int n = x.Length;
        if (due.Length != n || input.Length != n)
        {
            throw new ArgumentException($"Span lengths differ: x {n}, due {due.Length}, input {input.Length}.");
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(due);
            ref float ir = ref MemoryMarshal.GetReference(input);
            var m = new Vector<float>(mean);
            var d = new Vector<float>(decay);
            for (; i <= n - w; i += w)
            {
                var s = Vector.LoadUnsafe(ref xr, (nuint)i) + Vector.LoadUnsafe(ref dr, (nuint)i);
                (Vector.LoadUnsafe(ref ir, (nuint)i) + (m * s)).StoreUnsafe(ref ir, (nuint)i);
                (d * s).StoreUnsafe(ref xr, (nuint)i);
            }
        }

        CurrentScalar(x[i..], due[i..], input[i..], mean, decay);
    }

    /// <summary>Scalar twin of <see cref="Current"/>.</summary>
    public static void CurrentScalar(Span<float> x, ReadOnlySpan<float> due, Span<float> input, float mean, float decay)
    {
        for (int i = 0; i < x.Length; i++)
        {
            float s = x[i] + due[i];
            input[i] += mean * s;
            x[i] = decay * s;
        }
    }

    /// <summary>Exponential conductance: s = g + due; input += mean s (E - v); g = decay s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Conductance(Span<float> g, ReadOnlySpan<float> due, Span<float> input, ReadOnlySpan<float> v, float mean, float decay, float reversal)
    {
        int n = g.Length;
        if (due.Length != n || input.Length != n || v.Length != n)
        {
            throw new ArgumentException($"Span lengths differ: g {n}, due {due.Length}, input {input.Length}, v {v.Length}.");
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float dr = ref MemoryMarshal.GetReference(due);
            ref float ir = ref MemoryMarshal.GetReference(input);
            ref float vr = ref MemoryMarshal.GetReference(v);
            var m = new Vector<float>(mean);
            var d = new Vector<float>(decay);
            var e = new Vector<float>(reversal);
            for (; i <= n - w; i += w)
            {
                var s = Vector.LoadUnsafe(ref gr, (nuint)i) + Vector.LoadUnsafe(ref dr, (nuint)i);
                (Vector.LoadUnsafe(ref ir, (nuint)i) + (m * s * (e - Vector.LoadUnsafe(ref vr, (nuint)i)))).StoreUnsafe(ref ir, (nuint)i);
                (d * s).StoreUnsafe(ref gr, (nuint)i);
            }
        }

        ConductanceScalar(g[i..], due[i..], input[i..], v[i..], mean, decay, reversal);
    }

    /// <summary>Scalar twin of <see cref="Conductance"/>.</summary>
    public static void ConductanceScalar(Span<float> g, ReadOnlySpan<float> due, Span<float> input, ReadOnlySpan<float> v, float mean, float decay, float reversal)
    {
        for (int i = 0; i < g.Length; i++)
        {
            float s = g[i] + due[i];
            input[i] += mean * s * (reversal - v[i]);
            g[i] = decay * s;
        }
    }
}
