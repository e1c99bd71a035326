using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>The leaky-integrator kernels: one population step over spans, SIMD with a scalar twin. No spikes.</summary>
public static class LeakyIntegrator
{
    /// <summary>
    /// Advances every neuron by one step: V' = RestMv + Beta (V - RestMv) + InputGain x
    /// (see <see cref="LeakyIntegratorParameters"/>). <paramref name="v"/> is the membrane (mV) and
    /// <paramref name="input"/> the step's input; both have the same length.
    /// </summary>
    public static void Step(in LeakyIntegratorPropagator p, Span<float> v, ReadOnlySpan<float> input)
    {
        if (input.Length != v.Length)
        {
            ThrowLengths(v.Length, input.Length);
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && v.Length >= Vector<float>.Count)
        {
            i = StepVector(p, v, input);
        }

        StepScalarRange(p, v, input, i);
    }

    /// <summary>The scalar reference of <see cref="Step"/>; same results, element by element.</summary>
    public static void StepScalar(in LeakyIntegratorPropagator p, Span<float> v, ReadOnlySpan<float> input)
    {
        if (input.Length != v.Length)
        {
            ThrowLengths(v.Length, input.Length);
        }

        StepScalarRange(p, v, input, 0);
    }

    private static void StepScalarRange(in LeakyIntegratorPropagator p, Span<float> v, ReadOnlySpan<float> input, int start)
    {
        for (int i = start; i < v.Length; i++)
        {
            v[i] = p.RestMv + (p.Beta * (v[i] - p.RestMv)) + (p.InputGain * input[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(in LeakyIntegratorPropagator p, Span<float> v, ReadOnlySpan<float> input)
    {
        int w = Vector<float>.Count;
        int n = v.Length;
        var beta = new Vector<float>(p.Beta);
        var gain = new Vector<float>(p.InputGain);
        var rest = new Vector<float>(p.RestMv);
        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float ir = ref MemoryMarshal.GetReference(input);

        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vv = Vector.LoadUnsafe(ref vr, (nuint)i);
            var iv = Vector.LoadUnsafe(ref ir, (nuint)i);
            (rest + (beta * (vv - rest)) + (gain * iv)).StoreUnsafe(ref vr, (nuint)i);
        }

        return i;
    }

    private static void ThrowLengths(int n, int input) =>
        throw new ArgumentException($"input.Length was {input}; expected v.Length {n}.", nameof(input));
}
