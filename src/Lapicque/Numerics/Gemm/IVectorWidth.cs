using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lapicque.Numerics;

/// <summary>
/// One SIMD width for float kernels written once and instantiated per width: a kernel generic over
/// <c>TWidth : struct, IVectorWidth&lt;TVector&gt;</c> is compiled by the JIT separately for each struct argument, so
/// every call below is resolved and inlined at compile time (no virtual call, no delegate) and the code is the same
/// as if it had been written out with <see cref="Vector512{T}"/> or <see cref="Vector256{T}"/> by hand, bit for bit.
/// </summary>
/// <typeparam name="TVector">The vector type: <see cref="Vector512{T}"/> or <see cref="Vector256{T}"/> of float.</typeparam>
internal unsafe interface IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>Lanes in one vector (16 or 8).</summary>
    static abstract int Count { get; }

    /// <summary>The all-zero vector.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(float value);

    /// <summary>Count floats from <paramref name="source"/> (unaligned).</summary>
    static abstract TVector Load(float* source);

    /// <summary>Writes all lanes of <paramref name="value"/> to <paramref name="destination"/> (unaligned).</summary>
    static abstract void Store(TVector value, float* destination);

    /// <summary>a + b, lane by lane.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a * b, lane by lane.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a * b + c, lane by lane, rounded once.</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>Writes lanes [skip, Count) of <paramref name="value"/>; lanes below skip keep what they hold (0 &lt; skip &lt; Count).</summary>
    static abstract void StoreAbove(TVector value, float* destination, int skip);
}

/// <summary>The 512-bit width (16 floats).</summary>
internal readonly unsafe struct Width512 : IVectorWidth<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, float* destination) => Vector512.Store(value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreAbove(Vector512<float> value, float* destination, int skip)
    {
        Vector512<int> keep = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(skip));
        Vector512.Store(Vector512.ConditionalSelect(keep.AsSingle(), Vector512.Load(destination), value), destination);
    }
}

/// <summary>The 256-bit width (8 floats).</summary>
internal readonly unsafe struct Width256 : IVectorWidth<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float* destination) => Vector256.Store(value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreAbove(Vector256<float> value, float* destination, int skip)
    {
        Vector256<int> keep = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(skip));
        Vector256.Store(Vector256.ConditionalSelect(keep.AsSingle(), Vector256.Load(destination), value), destination);
    }
}
