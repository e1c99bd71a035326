using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The non-leaky integrate-and-fire kernels: one population step over spans, SIMD with a scalar twin.</summary>
public static class IntegrateAndFire
{
    /// <summary>
    /// Advances every neuron by one step: V' = V + gain x, then threshold, reset and refractoriness
    /// (see <see cref="IntegrateAndFireParameters"/>). <paramref name="v"/> is the membrane (mV),
    /// <paramref name="refractory"/> the steps of refractoriness left (0 when free), <paramref name="input"/> the
    /// step's input and <paramref name="spikes"/> receives 1 where a neuron fired, else 0. All spans have the same length.
    /// </summary>
    public static void Step(in IntegrateAndFirePropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
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

        StepScalarRange(p, v, refractory, input, spikes, i);
    }

    /// <summary>The scalar reference of <see cref="Step"/>; same results, element by element.</summary>
    public static void StepScalar(in IntegrateAndFirePropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, refractory.Length, input.Length, spikes.Length);
        }

        StepScalarRange(p, v, refractory, input, spikes, 0);
    }

    private static void StepScalarRange(in IntegrateAndFirePropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes, int start)
    {
        float jump = p.ThresholdMv - p.ResetMv;
        for (int i = start; i < v.Length; i++)
        {
            if (refractory[i] > 0f)
            {
                refractory[i] -= 1f;
                spikes[i] = 0f;
                continue;
            }

            float x = v[i] + (p.InputGain * input[i]);
            if (x >= p.ThresholdMv)
            {
                spikes[i] = 1f;
                refractory[i] = p.RefractorySteps;
                x = p.Reset switch
                {
                    ResetMode.ToValue => p.ResetMv,
                    ResetMode.Subtract => x - jump,
                    _ => x,
                };
            }
            else
            {
                spikes[i] = 0f;
            }

            v[i] = x;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in IntegrateAndFirePropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int w = Vector<float>.Count;
        int n = v.Length;
        var gain = new Vector<float>(p.InputGain);
        var thr = new Vector<float>(p.ThresholdMv);
        var resetV = new Vector<float>(p.ResetMv);
        var jump = new Vector<float>(p.ThresholdMv - p.ResetMv);
        var refSteps = new Vector<float>(p.RefractorySteps);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float rr = ref MemoryMarshal.GetReference(refractory);
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vv = Vector.LoadUnsafe(ref vr, (nuint)i);
            var rv = Vector.LoadUnsafe(ref rr, (nuint)i);
            var iv = Vector.LoadUnsafe(ref ir, (nuint)i);

            var held = Vector.GreaterThan(rv, zero);
            var x = vv + (gain * iv);
            var fired = Vector.AndNot(Vector.GreaterThanOrEqual(x, thr), held);
            x = p.Reset switch
            {
                ResetMode.ToValue => Vector.ConditionalSelect(fired, resetV, x),
                ResetMode.Subtract => Vector.ConditionalSelect(fired, x - jump, x),
                _ => x,
            };
            x = Vector.ConditionalSelect(held, vv, x);
            var r = Vector.ConditionalSelect(held, rv - one, rv);
            r = Vector.ConditionalSelect(fired, refSteps, r);

            x.StoreUnsafe(ref vr, (nuint)i);
            r.StoreUnsafe(ref rr, (nuint)i);
            Vector.ConditionalSelect(fired, one, zero).StoreUnsafe(ref sr, (nuint)i);
        }

        return i;
    }

    private static void ThrowLengths(int n, int refractory, int input, int spikes) =>
        throw new ArgumentException($"Span lengths differ: v {n}, refractory {refractory}, input {input}, spikes {spikes}; all must equal v.Length.");
}
