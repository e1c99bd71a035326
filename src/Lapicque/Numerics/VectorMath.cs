using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lapicque.Numerics;

/// <summary>
/// Elementwise span helpers the library needs beyond <see cref="TensorPrimitives"/>. Where TensorPrimitives already does
/// the job the method delegates to it (and says so); the rest are <see cref="Vector{T}"/> loops. Every method has a
/// <c>...Scalar</c> twin with the same contract, computed element by element, used as the reference in tests.
/// </summary>
/// <remarks>
/// In-place forms alias input and output exactly (same start), which TensorPrimitives allows. Kernels do not allocate.
/// </remarks>
public static class VectorMath
{
    /// <summary>
    /// y[i] += a * x[i] (BLAS saxpy). Delegates to <see cref="TensorPrimitives.MultiplyAdd(ReadOnlySpan{float}, float, ReadOnlySpan{float}, Span{float})"/>
    /// with y as both addend and destination; the product is rounded before the addition (not fused).
    /// </summary>
    /// <exception cref="ArgumentException">x and y differ in length.</exception>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(x), y.Length, x.Length);
        }

        TensorPrimitives.MultiplyAdd(x, a, y, y);
    }

    /// <summary>Scalar twin of <see cref="Axpy"/>.</summary>
    public static void AxpyScalar(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(x), y.Length, x.Length);
        }

        for (int i = 0; i < y.Length; i++)
        {
            float product = a * x[i];
            y[i] = product + y[i];
        }
    }

    /// <summary>
    /// Decays in place: x[i] *= factor (a trace or membrane decay by a dimensionless factor such as beta = exp(-dt/tau)).
    /// Delegates to <see cref="TensorPrimitives.Multiply(ReadOnlySpan{float}, float, Span{float})"/>.
    /// </summary>
    public static void Decay(Span<float> x, float factor) => TensorPrimitives.Multiply(x, factor, x);

    /// <summary>Scalar twin of <see cref="Decay"/>.</summary>
    public static void DecayScalar(Span<float> x, float factor)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= factor;
        }
    }

    /// <summary>
    /// Heaviside step to dense 0/1 floats: destination[i] = 1 if x[i] &gt;= threshold, else 0 (NaN gives 0).
    /// May run in place (destination the same span as x).
    /// </summary>
    /// <exception cref="ArgumentException">destination differs in length from x.</exception>
    public static void Heaviside(ReadOnlySpan<float> x, float threshold, Span<float> destination)
    {
        if (destination.Length != x.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(destination), x.Length, destination.Length);
        }

        int n = x.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            var thr = new Vector<float>(threshold);
            var one = Vector<float>.One;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref xr, (nuint)i);
                // The comparison mask is all ones where true; AND with 1.0f keeps 1.0f there and +0 elsewhere.
                Vector.BitwiseAnd(Vector.GreaterThanOrEqual(v, thr).As<int, float>(), one).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = x[i] >= threshold ? 1f : 0f;
        }
    }

    /// <summary>Scalar twin of <see cref="Heaviside"/>.</summary>
    public static void HeavisideScalar(ReadOnlySpan<float> x, float threshold, Span<float> destination)
    {
        if (destination.Length != x.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(destination), x.Length, destination.Length);
        }

        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = x[i] >= threshold ? 1f : 0f;
        }
    }

    /// <summary>Number of entries with x[i] != 0 (so -0 counts as zero and NaN as nonzero): the spike count of a 0/1 row.</summary>
    public static int CountNonZero(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        int i = 0;
        int zeros = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            // Each lane adds -1 per zero it sees; lane totals stay far below int.MaxValue for any span length.
            var acc = Vector<int>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                acc += Vector.Equals(Vector.LoadUnsafe(ref xr, (nuint)i), Vector<float>.Zero);
            }

            zeros = -Vector.Sum(acc);
        }

        for (; i < n; i++)
        {
            if (x[i] == 0f)
            {
                zeros++;
            }
        }

        return n - zeros;
    }

    /// <summary>Scalar twin of <see cref="CountNonZero"/>.</summary>
    public static int CountNonZeroScalar(ReadOnlySpan<float> x)
    {
        int count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != 0f)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Writes the indices i with x[i] != 0, in increasing order, to the start of <paramref name="indices"/> and returns
    /// how many there are: turns a dense 0/1 spike row into the index list that event-driven kernels iterate, at a cost
    /// of one vector compare per <see cref="Vector{T}.Count"/> entries; silent blocks of four vectors are skipped with one
    /// test, and on AVX-512 hardware each vector with spikes is packed with one compress instruction (elsewhere, one step
    /// per nonzero entry).
    /// </summary>
    /// <remarks>
    /// An <paramref name="indices"/> span as long as <paramref name="x"/> always suffices. Entries of
    /// <paramref name="indices"/> after the returned count are unspecified on return: the kernel uses them as scratch.
    /// </remarks>
    /// <exception cref="ArgumentException">The row has more nonzero entries than <paramref name="indices"/> can hold.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int NonZeroIndices(ReadOnlySpan<float> x, Span<int> indices)
    {
        int n = x.Length;
        int count = 0;
        int i = 0;
        ref int ir = ref MemoryMarshal.GetReference(indices);
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            int w = Vector<float>.Count;
            ref float xr = ref MemoryMarshal.GetReference(x);
            var zero = Vector<float>.Zero;

            // Spike rows are mostly silent: test four vectors at once and skip the block when all of it is zero.
            for (; i <= n - (4 * w); i += 4 * w)
            {
                var allZero = Vector.Equals(Vector.LoadUnsafe(ref xr, (nuint)i), zero)
                    & Vector.Equals(Vector.LoadUnsafe(ref xr, (nuint)(i + w)), zero)
                    & Vector.Equals(Vector.LoadUnsafe(ref xr, (nuint)(i + (2 * w))), zero)
                    & Vector.Equals(Vector.LoadUnsafe(ref xr, (nuint)(i + (3 * w))), zero);
                if (!Vector.EqualsAll(allZero, Vector<int>.AllBitsSet))
                {
                    count = EmitBlock(ref xr, i, ref ir, indices.Length, count);
                }
            }

            for (; i <= n - w; i += w)
            {
                count = Emit(Vector.Equals(Vector.LoadUnsafe(ref xr, (nuint)i), zero), i, ref ir, indices.Length, count);
            }
        }

        for (; i < n; i++)
        {
            if (x[i] != 0f)
            {
                if (count >= indices.Length)
                {
                    ThrowIndicesTooShort(indices.Length, count + 1);
                }

                Unsafe.Add(ref ir, count++) = i;
            }
        }

        return count;
    }

    /// <summary>Scalar twin of <see cref="NonZeroIndices"/>.</summary>
    public static int NonZeroIndicesScalar(ReadOnlySpan<float> x, Span<int> indices)
    {
        int count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != 0f)
            {
                if (count >= indices.Length)
                {
                    ThrowIndicesTooShort(indices.Length, count + 1);
                }

                indices[count++] = i;
            }
        }

        return count;
    }

    /// <summary>
    /// Clamps in place: x[i] = min(max(x[i], min), max); NaN entries stay NaN. Delegates to
    /// <see cref="TensorPrimitives.Clamp{T}(ReadOnlySpan{T}, T, T, Span{T})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">min &gt; max, or either bound is NaN.</exception>
    public static void Clamp(Span<float> x, float min, float max)
    {
        CheckBounds(min, max);
        TensorPrimitives.Clamp<float>(x, min, max, x);
    }

    /// <summary>Scalar twin of <see cref="Clamp"/>.</summary>
    public static void ClampScalar(Span<float> x, float min, float max)
    {
        CheckBounds(min, max);
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            x[i] = float.IsNaN(v) ? v : v < min ? min : v > max ? max : v;
        }
    }

    /// <summary>
    /// Softplus with sharpness alpha: destination[i] = alpha * ln(1 + exp(x[i] / alpha)), a smooth, strictly positive
    /// rectifier that tends to max(x, 0) as alpha -&gt; 0 (the QIF pseudodynamics use alpha = 10). Its derivative is
    /// sigmoid(x / alpha) (<see cref="TensorPrimitives.Sigmoid(ReadOnlySpan{float}, Span{float})"/>). May run in place.
    /// </summary>
    /// <remarks>
    /// Evaluated as alpha * (max(z, 0) + log1p(exp(-|z|))) with z = x / alpha, so it neither overflows for large x nor loses
    /// the tail exp(z) for very negative x. TensorPrimitives has no accurate log1p for float (its LogP1 computes
    /// log(1 + e), which returns 0 once e &lt; 2^-24), so log1p(e) uses Goldberg's correction
    /// log(u) * e / (u - 1) with u = 1 + e (exactly e when u rounds to 1).
    /// </remarks>
    /// <param name="x">Input values.</param>
    /// <param name="alpha">Sharpness, &gt; 0 and finite (same units as x).</param>
    /// <param name="destination">Output, same length as x.</param>
    /// <exception cref="ArgumentException">alpha is not positive and finite, or the lengths differ.</exception>
    public static void Softplus(ReadOnlySpan<float> x, float alpha, Span<float> destination)
    {
        Check.Positive(alpha);
        if (destination.Length != x.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(destination), x.Length, destination.Length);
        }

        int n = x.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            var a = new Vector<float>(alpha);
            var one = Vector<float>.One;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var z = Vector.LoadUnsafe(ref xr, (nuint)i) / a;
                var e = Vector.Exp(-Vector.Abs(z));
                var u = one + e;
                var log1p = Vector.ConditionalSelect(Vector.Equals(u, one), e, Vector.Log(u) * e / (u - one));
                (a * (Vector.Max(z, Vector<float>.Zero) + log1p)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = Softplus(x[i], alpha);
        }
    }

    /// <summary>Scalar twin of <see cref="Softplus(ReadOnlySpan{float}, float, Span{float})"/>.</summary>
    public static void SoftplusScalar(ReadOnlySpan<float> x, float alpha, Span<float> destination)
    {
        Check.Positive(alpha);
        if (destination.Length != x.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(destination), x.Length, destination.Length);
        }

        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Softplus(x[i], alpha);
        }
    }

    /// <summary>Softplus of one float value, alpha * ln(1 + exp(x / alpha)); alpha must be &gt; 0 (not checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Softplus(float x, float alpha)
    {
        float z = x / alpha;
        float e = MathF.Exp(-MathF.Abs(z));
        float u = 1f + e;
        float log1p = u == 1f ? e : MathF.Log(u) * e / (u - 1f);
        return alpha * (MathF.Max(z, 0f) + log1p);
    }

    /// <summary>
    /// Softplus in double precision for the exact event-driven engine: alpha * ln(1 + exp(x / alpha)), stable as the
    /// span form; alpha must be &gt; 0 (not checked).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softplus(double x, double alpha)
    {
        double z = x / alpha;
        double e = Math.Exp(-Math.Abs(z));
        double u = 1.0 + e;
        double log1p = u == 1.0 ? e : Math.Log(u) * e / (u - 1.0);
        return alpha * (Math.Max(z, 0.0) + log1p);
    }

    // Emits the four vectors of a block that has spikes. Kept out of line so that the skip loop holds no call and its
    // vectors stay in registers (all vector registers are caller-saved, so a call in the loop makes the JIT spill them).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int EmitBlock(ref float x, int start, ref int indices, int capacity, int count)
    {
        int w = Vector<float>.Count;
        for (int k = 0; k < 4; k++)
        {
            int at = start + (k * w);
            count = Emit(Vector.Equals(Vector.LoadUnsafe(ref x, (nuint)at), Vector<float>.Zero), at, ref indices, capacity, count);
        }

        return count;
    }

    // Appends start + k for every lane k of one vector whose isZero mask is clear; returns the new count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Emit(Vector<int> isZero, int start, ref int indices, int capacity, int count)
    {
        if (Avx512F.VL.IsSupported && Vector<int>.Count == Vector256<int>.Count && capacity - count >= Vector256<int>.Count)
        {
            // Branch-free: VPCOMPRESSD packs the kept lane indices to the front of a register, and a full-width store
            // writes them (the lanes after them land in the room checked above). The register form is used because
            // the memory form is microcoded and slow on some processors (AMD Zen 4).
            var keep = ~isZero.AsVector256();
            var lanes = Vector256.Create(start) + Vector256<int>.Indices;
            Avx512F.VL.Compress(Vector256<int>.Zero, keep, lanes).StoreUnsafe(ref indices, (nuint)count);
            return count + BitOperations.PopCount(keep.ExtractMostSignificantBits());
        }

        uint bits = ~MaskBits(isZero) & LaneMask;
        if (bits == 0)
        {
            return count;
        }

        if (count + BitOperations.PopCount(bits) > capacity)
        {
            ThrowIndicesTooShort(capacity, count + BitOperations.PopCount(bits));
        }

        do
        {
            Unsafe.Add(ref indices, count++) = start + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
        while (bits != 0);

        return count;
    }

    // All-ones in the low Vector<float>.Count bits.
    private static uint LaneMask => Vector<float>.Count >= 32 ? uint.MaxValue : (1u << Vector<float>.Count) - 1u;

    // One bit per lane (bit k set when lane k's sign bit is set); Vector<T> has no public ExtractMostSignificantBits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MaskBits(Vector<int> mask)
    {
        if (Vector<int>.Count == Vector256<int>.Count)
        {
            return mask.AsVector256().ExtractMostSignificantBits();
        }

        if (Vector<int>.Count == Vector128<int>.Count)
        {
            return mask.AsVector128().ExtractMostSignificantBits();
        }

        if (Vector<int>.Count == Vector512<int>.Count)
        {
            return (uint)mask.AsVector512().ExtractMostSignificantBits();
        }

        uint bits = 0;
        for (int k = 0; k < Vector<int>.Count; k++)
        {
            bits |= (uint)(mask[k] >>> 31) << k;
        }

        return bits;
    }

    private static void CheckBounds(float min, float max)
    {
        if (!(min <= max))
        {
            throw new ArgumentException($"min must be <= max and neither NaN; was min {Check.Format(min)}, max {Check.Format(max)}.", nameof(min));
        }
    }

    private static void ThrowIndicesTooShort(int length, int atLeast) =>
        throw new ArgumentException($"indices.Length was {length}; expected room for every nonzero entry of x (at least {atLeast}).", "indices");
}
