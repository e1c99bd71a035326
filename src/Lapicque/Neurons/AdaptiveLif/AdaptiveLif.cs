using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The adaptive-threshold LIF kernels: one population step over spans, SIMD with a scalar twin.</summary>
public static class AdaptiveLif
{
    /// <summary>
    /// Advances every neuron by one step (see <see cref="AdaptiveLifParameters"/> for the equations and the order).
    /// <paramref name="v"/> is the membrane (mV), <paramref name="adaptation"/> the dimensionless adaptation a,
    /// <paramref name="refractory"/> the steps of refractoriness left (0 when free), <paramref name="input"/> the step's
    /// input and <paramref name="spikes"/> receives 1 where a neuron fired, else 0. All spans have the same length.
    /// </summary>
    public static void Step(in AdaptiveLifPropagator p, Span<float> v, Span<float> adaptation, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (adaptation.Length != n || refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, adaptation.Length, refractory.Length, input.Length, spikes.Length);
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            i = StepVector(p, v, adaptation, refractory, input, spikes);
        }

        StepScalarRange(p, v, adaptation, refractory, input, spikes, i);
    }

    /// <summary>The scalar reference of <see cref="Step"/>; same results, element by element.</summary>
    public static void StepScalar(in AdaptiveLifPropagator p, Span<float> v, Span<float> adaptation, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (adaptation.Length != n || refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, adaptation.Length, refractory.Length, input.Length, spikes.Length);
        }

        StepScalarRange(p, v, adaptation, refractory, input, spikes, 0);
    }

    private static void StepScalarRange(in AdaptiveLifPropagator p, Span<float> v, Span<float> adaptation, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes, int start)
    {
        for (int i = start; i < v.Length; i++)
        {
            float a = p.Rho * adaptation[i];
            if (refractory[i] > 0f)
            {
                refractory[i] -= 1f;
                adaptation[i] = a;
                spikes[i] = 0f;
                continue;
            }

            float x = p.RestMv + (p.Beta * (v[i] - p.RestMv)) + (p.InputGain * input[i]);
            float threshold = p.ThresholdMv + (p.AdaptationMv * a);
            if (x >= threshold)
            {
                spikes[i] = 1f;
                refractory[i] = p.RefractorySteps;
                a += 1f;
                x = p.Reset switch
                {
                    ResetMode.ToValue => p.ResetMv,
                    ResetMode.Subtract => x - (threshold - p.ResetMv),
                    _ => x,
                };
            }
            else
            {
                spikes[i] = 0f;
            }

            v[i] = x;
            adaptation[i] = a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in AdaptiveLifPropagator p, Span<float> v, Span<float> adaptation, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int w = Vector<float>.Count;
        int n = v.Length;
        var beta = new Vector<float>(p.Beta);
        var gain = new Vector<float>(p.InputGain);
        var rho = new Vector<float>(p.Rho);
        var adapt = new Vector<float>(p.AdaptationMv);
        var rest = new Vector<float>(p.RestMv);
        var b0 = new Vector<float>(p.ThresholdMv);
        var resetV = new Vector<float>(p.ResetMv);
        var refSteps = new Vector<float>(p.RefractorySteps);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float ar = ref MemoryMarshal.GetReference(adaptation);
        ref float rr = ref MemoryMarshal.GetReference(refractory);
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vv = Vector.LoadUnsafe(ref vr, (nuint)i);
            var av = rho * Vector.LoadUnsafe(ref ar, (nuint)i);
            var rv = Vector.LoadUnsafe(ref rr, (nuint)i);
            var iv = Vector.LoadUnsafe(ref ir, (nuint)i);

            var held = Vector.GreaterThan(rv, zero);
            var x = rest + (beta * (vv - rest)) + (gain * iv);
            var threshold = b0 + (adapt * av);
            var fired = Vector.AndNot(Vector.GreaterThanOrEqual(x, threshold), held);
            x = p.Reset switch
            {
                ResetMode.ToValue => Vector.ConditionalSelect(fired, resetV, x),
                ResetMode.Subtract => Vector.ConditionalSelect(fired, x - (threshold - resetV), x),
                _ => x,
            };
            x = Vector.ConditionalSelect(held, vv, x);
            av = Vector.ConditionalSelect(fired, av + one, av);
            var r = Vector.ConditionalSelect(held, rv - one, rv);
            r = Vector.ConditionalSelect(fired, refSteps, r);

            x.StoreUnsafe(ref vr, (nuint)i);
            av.StoreUnsafe(ref ar, (nuint)i);
            r.StoreUnsafe(ref rr, (nuint)i);
            Vector.ConditionalSelect(fired, one, zero).StoreUnsafe(ref sr, (nuint)i);
        }

        return i;
    }

    private static void ThrowLengths(int n, int adaptation, int refractory, int input, int spikes) =>
        throw new ArgumentException($"Span lengths differ: v {n}, adaptation {adaptation}, refractory {refractory}, input {input}, spikes {spikes}; all must equal v.Length.");
}
