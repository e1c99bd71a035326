using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The normal-form QIF kernels: one exact population step over spans, SIMD with a scalar twin.</summary>
public static class Qif
{
    // Taylor coefficients of C(z) = cos(sqrt z) = sum (-z)^k/(2k)! and S(z) = sin(sqrt z)/sqrt z = sum (-z)^k/(2k+1)!.
    private const float C1 = -1f / 2f, C2 = 1f / 24f, C3 = -1f / 720f, C4 = 1f / 40320f, C5 = -1f / 3628800f;
    private const float S1 = -1f / 6f, S2 = 1f / 120f, S3 = -1f / 5040f, S4 = 1f / 362880f, S5 = -1f / 39916800f;

    // sqrt(z) >= pi means a full cycle of the tan solution fits in one step: V certainly passed the peak.
    private const float PiSquared = MathF.PI * MathF.PI;

    /// <summary>
    /// Advances every neuron by one step with <paramref name="input"/> I held over the step (see
    /// <see cref="QifParameters"/> for the exact flow and the order). <paramref name="v"/> is the dimensionless
    /// potential, <paramref name="refractory"/> the steps of refractoriness left (0 when free) and
    /// <paramref name="spikes"/> receives 1 where a neuron fired, else 0. All spans have the same length.
    /// </summary>
    public static void Step(in QifPropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, refractory.Length, input.Length, spikes.Length);
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            i = StepVector(p, v, refractory, input, spikes);
        }

        StepScalarRange(p, v, refractory, input, spikes, i, n);
    }

    /// <summary>The scalar reference of <see cref="Step"/>; same results, element by element.</summary>
    public static void StepScalar(in QifPropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, refractory.Length, input.Length, spikes.Length);
        }

        StepScalarRange(p, v, refractory, input, spikes, 0, n);
    }

    private static void StepScalarRange(in QifPropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (refractory[i] > 0f)
            {
                refractory[i] -= 1f;
                spikes[i] = 0f;
                continue;
            }

            float x = input[i];
            float v0 = v[i];
            float z = x * p.HSquared;
            float c, s;
            if (MathF.Abs(z) <= 1f)
            {
                c = 1f + (z * (C1 + (z * (C2 + (z * (C3 + (z * (C4 + (z * C5)))))))));
                s = 1f + (z * (S1 + (z * (S2 + (z * (S3 + (z * (S4 + (z * S5)))))))));
            }
            else if (z > 0f)
            {
                float r = MathF.Sqrt(z);
                c = MathF.Cos(r);
                s = MathF.Sin(r) / r;
            }
            else
            {
                // Divided through by cosh, which is positive, so the sign test on the denominator is unchanged and
                // strong inhibition cannot overflow.
                float r = MathF.Sqrt(-z);
                c = 1f;
                s = MathF.Tanh(r) / r;
            }

            float hs = p.H * s;
            float den = c - (v0 * hs);
            float u = ((v0 * c) + (x * hs)) / den;
            if (den <= 0f || u >= p.VPeak || z >= PiSquared)
            {
                spikes[i] = 1f;
                refractory[i] = p.RefractorySteps;
                u = p.VReset;
            }
            else
            {
                spikes[i] = 0f;
            }

            v[i] = u;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in QifPropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int w = Vector<float>.Count;
        int n = v.Length;
        var h = new Vector<float>(p.H);
        var h2 = new Vector<float>(p.HSquared);
        var peak = new Vector<float>(p.VPeak);
        var resetV = new Vector<float>(p.VReset);
        var refSteps = new Vector<float>(p.RefractorySteps);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        var c1 = new Vector<float>(C1);
        var c2 = new Vector<float>(C2);
        var c3 = new Vector<float>(C3);
        var c4 = new Vector<float>(C4);
        var c5 = new Vector<float>(C5);
        var s1 = new Vector<float>(S1);
        var s2 = new Vector<float>(S2);
        var s3 = new Vector<float>(S3);
        var s4 = new Vector<float>(S4);
        var s5 = new Vector<float>(S5);

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float rr = ref MemoryMarshal.GetReference(refractory);
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int i = 0;
        for (; i <= n - w; i += w)
        {
            var x = Vector.LoadUnsafe(ref ir, (nuint)i);
            var z = x * h2;
            if (Vector.GreaterThanAny(Vector.Abs(z), one))
            {
                // Rare: a lane needs the transcendental form; the scalar path gives the same bits for the others.
                StepScalarRange(p, v, refractory, input, spikes, i, i + w);
                continue;
            }

            var v0 = Vector.LoadUnsafe(ref vr, (nuint)i);
            var rv = Vector.LoadUnsafe(ref rr, (nuint)i);
            var c = one + (z * (c1 + (z * (c2 + (z * (c3 + (z * (c4 + (z * c5)))))))));
            var s = one + (z * (s1 + (z * (s2 + (z * (s3 + (z * (s4 + (z * s5)))))))));
            var hs = h * s;
            var den = c - (v0 * hs);
            var u = ((v0 * c) + (x * hs)) / den;

            var held = Vector.GreaterThan(rv, zero);
            var crossed = Vector.BitwiseOr(Vector.LessThanOrEqual(den, zero), Vector.GreaterThanOrEqual(u, peak));
            var fired = Vector.AndNot(crossed, held);
            u = Vector.ConditionalSelect(fired, resetV, u);
            u = Vector.ConditionalSelect(held, v0, u);
            var r = Vector.ConditionalSelect(held, rv - one, rv);
            r = Vector.ConditionalSelect(fired, refSteps, r);

            u.StoreUnsafe(ref vr, (nuint)i);
            r.StoreUnsafe(ref rr, (nuint)i);
            Vector.ConditionalSelect(fired, one, zero).StoreUnsafe(ref sr, (nuint)i);
        }

        return i;
    }

    private static void ThrowLengths(int n, int refractory, int input, int spikes) =>
        throw new ArgumentException($"Span lengths differ: v {n}, refractory {refractory}, input {input}, spikes {spikes}; all must equal v.Length.");
}
