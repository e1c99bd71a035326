using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The CUBA LIF kernels: one population step over spans, SIMD with a scalar twin.</summary>
public static class CubaLif
{
    /// <summary>
    /// Advances every neuron by one step (see <see cref="CubaLifParameters"/> for the equations and the order).
    /// <paramref name="v"/> is the membrane (mV), <paramref name="current"/> the synaptic drive I (mV),
    /// <paramref name="refractory"/> the steps of refractoriness left (0 when free), <paramref name="input"/> the
    /// jump of I this step (mV) and <paramref name="spikes"/> receives 1 where a neuron fired, else 0.
    /// All spans have the same length; none may overlap another.
    /// </summary>
    public static void Step(in CubaLifPropagator p, Span<float> v, Span<float> current, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (current.Length != n || refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, current.Length, refractory.Length, input.Length, spikes.Length);
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            i = StepVector(p, v, current, refractory, input, spikes);
        }

        StepScalarRange(p, v, current, refractory, input, spikes, i);
    }

    /// <summary>The scalar reference of <see cref="Step"/>; same results, element by element.</summary>
    public static void StepScalar(in CubaLifPropagator p, Span<float> v, Span<float> current, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (current.Length != n || refractory.Length != n || input.Length != n || spikes.Length != n)
        {
            ThrowLengths(n, current.Length, refractory.Length, input.Length, spikes.Length);
        }

        StepScalarRange(p, v, current, refractory, input, spikes, 0);
    }

    private static void StepScalarRange(in CubaLifPropagator p, Span<float> v, Span<float> current, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes, int start)
    {
        float jump = p.ThresholdMv - p.ResetMv;
        for (int k = start; k < v.Length; k++)
        {
            float i0 = current[k];
            float x = input[k];

            // The current integrates its input whether or not the membrane is refractory.
            current[k] = (p.Alpha * i0) + (p.InputToCurrent * x);
            if (refractory[k] > 0f)
            {
                refractory[k] -= 1f;
                spikes[k] = 0f;
                continue;
            }

            float u = p.RestMv + (p.Beta * (v[k] - p.RestMv)) + (p.CurrentToMem * i0) + (p.InputToMem * x);
            if (u >= p.ThresholdMv)
            {
                spikes[k] = 1f;
                refractory[k] = p.RefractorySteps;
                u = p.Reset switch
                {
                    ResetMode.ToValue => p.ResetMv,
                    ResetMode.Subtract => u - jump,
                    _ => u,
                };
            }
            else
            {
                spikes[k] = 0f;
            }

            v[k] = u;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in CubaLifPropagator p, Span<float> v, Span<float> current, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int w = Vector<float>.Count;
        int n = v.Length;
        var alpha = new Vector<float>(p.Alpha);
        var beta = new Vector<float>(p.Beta);
        var currentToMem = new Vector<float>(p.CurrentToMem);
        var inputToCurrent = new Vector<float>(p.InputToCurrent);
        var inputToMem = new Vector<float>(p.InputToMem);
        var rest = new Vector<float>(p.RestMv);
        var thr = new Vector<float>(p.ThresholdMv);
        var resetV = new Vector<float>(p.ResetMv);
        var jump = new Vector<float>(p.ThresholdMv - p.ResetMv);
        var refSteps = new Vector<float>(p.RefractorySteps);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float cr = ref MemoryMarshal.GetReference(current);
        ref float rr = ref MemoryMarshal.GetReference(refractory);
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int k = 0;
        for (; k <= n - w; k += w)
        {
            var vv = Vector.LoadUnsafe(ref vr, (nuint)k);
            var i0 = Vector.LoadUnsafe(ref cr, (nuint)k);
            var rv = Vector.LoadUnsafe(ref rr, (nuint)k);
            var x = Vector.LoadUnsafe(ref ir, (nuint)k);

            var held = Vector.GreaterThan(rv, zero);
            var u = rest + (beta * (vv - rest)) + (currentToMem * i0) + (inputToMem * x);
            var fired = Vector.AndNot(Vector.GreaterThanOrEqual(u, thr), held);
            u = p.Reset switch
            {
                ResetMode.ToValue => Vector.ConditionalSelect(fired, resetV, u),
                ResetMode.Subtract => Vector.ConditionalSelect(fired, u - jump, u),
                _ => u,
            };
            u = Vector.ConditionalSelect(held, vv, u);
            var r = Vector.ConditionalSelect(held, rv - one, rv);
            r = Vector.ConditionalSelect(fired, refSteps, r);

            u.StoreUnsafe(ref vr, (nuint)k);
            ((alpha * i0) + (inputToCurrent * x)).StoreUnsafe(ref cr, (nuint)k);
            r.StoreUnsafe(ref rr, (nuint)k);
            Vector.ConditionalSelect(fired, one, zero).StoreUnsafe(ref sr, (nuint)k);
        }

        return k;
    }

    private static void ThrowLengths(int n, int current, int refractory, int input, int spikes) =>
        throw new ArgumentException($"Span lengths differ: v {n}, current {current}, refractory {refractory}, input {input}, spikes {spikes}; all must equal v.Length.");
}
