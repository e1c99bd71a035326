using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Encoding;

/// <summary>
/// The Bernoulli kernel behind the rate encoders: a spike wherever 32 random bits fall below an integer threshold
/// precomputed from the spike probability, so that the per-step work is one integer comparison per neuron.
/// </summary>
/// <remarks>
/// <see cref="Threshold"/> maps p to floor(p * 2^32) (0 for p &lt;= 0 or NaN) and to the marker uint.MaxValue for
/// p &gt;= 1 - 2^-32; <see cref="Sample"/> then fires where bits &lt; threshold or threshold == uint.MaxValue. For uniform
/// bits the spike probability is exactly floor(p * 2^32) / 2^32, within 2^-32 below p, and exactly 0 and 1 at the ends.
/// </remarks>
public static class Bernoulli
{
    /// <summary>The integer threshold for spike probability <paramref name="probability"/> (clamped to [0, 1]; NaN gives 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Threshold(double probability)
    {
        if (!(probability > 0.0))
        {
            return 0u;
        }

        return (uint)Math.Min(probability * 4294967296.0, 4294967295.0);
    }

    /// <summary>
    /// destination[i] = 1 where bits[i] &lt; thresholds[i] or thresholds[i] == uint.MaxValue, else 0. SIMD with
    /// <see cref="SampleScalar"/> as its twin. All spans have the same length.
    /// </summary>
    public static void Sample(ReadOnlySpan<uint> thresholds, ReadOnlySpan<uint> bits, Span<float> destination)
    {
        CheckLengths(thresholds.Length, bits.Length, destination.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<uint>.Count)
        {
            i = SampleVector(thresholds, bits, destination);
        }

        SampleRange(thresholds, bits, destination, i);
    }

    /// <summary>The scalar reference of <see cref="Sample"/>.</summary>
    public static void SampleScalar(ReadOnlySpan<uint> thresholds, ReadOnlySpan<uint> bits, Span<float> destination)
    {
        CheckLengths(thresholds.Length, bits.Length, destination.Length);
        SampleRange(thresholds, bits, destination, 0);
    }

    private static void SampleRange(ReadOnlySpan<uint> thresholds, ReadOnlySpan<uint> bits, Span<float> destination, int start)
    {
        for (int i = start; i < destination.Length; i++)
        {
            uint t = thresholds[i];
            destination[i] = bits[i] < t || t == uint.MaxValue ? 1f : 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SampleVector(ReadOnlySpan<uint> thresholds, ReadOnlySpan<uint> bits, Span<float> destination)
    {
        int w = Vector<uint>.Count;
        int n = destination.Length;
        var always = new Vector<uint>(uint.MaxValue);
        var one = Vector<float>.One;
        ref uint tr = ref MemoryMarshal.GetReference(thresholds);
        ref uint br = ref MemoryMarshal.GetReference(bits);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= n - w; i += w)
        {
            var t = Vector.LoadUnsafe(ref tr, (nuint)i);
            var b = Vector.LoadUnsafe(ref br, (nuint)i);
            var fire = Vector.LessThan(b, t) | Vector.Equals(t, always);

            // An all-ones lane ANDed with the bits of 1.0f is 1.0f; a zero lane stays 0.0f.
            Vector.BitwiseAnd(fire.As<uint, float>(), one).StoreUnsafe(ref dr, (nuint)i);
        }

        return i;
    }

    private static void CheckLengths(int thresholds, int bits, int destination)
    {
        if (thresholds != destination || bits != destination)
        {
            throw new ArgumentException(
                $"Span lengths differ: thresholds {thresholds}, bits {bits}, destination {destination}; all must equal destination.Length.");
        }
    }
}
