using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lapicque.Numerics;

/// <summary>
/// Element-wise updates of short runs of floats (im2col copies rows of 8 to 24 floats; the event-driven convolution
/// adds rows of O floats): 512-bit pieces, then one 256-bit piece, then single floats. The operation is a struct type
/// argument, so the JIT compiles one loop per operation with its body inlined (no virtual call, no delegate).
/// </summary>
internal static class ElementRun
{
    /// <summary>dst[q] = op(src[q], dst[q]) for q in [0, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Apply<TOp>(TOp op, float* src, float* dst, int n)
        where TOp : struct, IRunOp
    {
        int q = 0;
        for (; q <= n - 16; q += 16)
        {
            op.Apply<Width512, Vector512<float>>(src + q, dst + q);
        }

        if (q <= n - 8)
        {
            op.Apply<Width256, Vector256<float>>(src + q, dst + q);
            q += 8;
        }

        // The scalar twin for the last elements.
        for (; q < n; q++)
        {
            op.Apply(src + q, dst + q);
        }
    }
}

/// <summary>One element-wise update dst = f(src, dst), for a whole vector and for a single float (the same rounding).</summary>
internal unsafe interface IRunOp
{
    /// <summary>Updates TWidth.Count floats at <paramref name="dst"/> from as many at <paramref name="src"/>.</summary>
    void Apply<TWidth, TVector>(float* src, float* dst)
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct;

    /// <summary>Updates one float.</summary>
    void Apply(float* src, float* dst);
}

/// <summary>dst = src.</summary>
internal readonly unsafe struct CopyOp : IRunOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TWidth, TVector>(float* src, float* dst)
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct => TWidth.Store(TWidth.Load(src), dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(float* src, float* dst) => *dst = *src;
}

/// <summary>dst += src.</summary>
internal readonly unsafe struct AddOp : IRunOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TWidth, TVector>(float* src, float* dst)
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct => TWidth.Store(TWidth.Add(TWidth.Load(dst), TWidth.Load(src)), dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(float* src, float* dst) => *dst += *src;
}

/// <summary>dst = v * src + dst, rounded once (a fused multiply-add).</summary>
internal readonly unsafe struct AxpyOp : IRunOp
{
    private readonly float _v;

    public AxpyOp(float v) => _v = v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TWidth, TVector>(float* src, float* dst)
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct => TWidth.Store(TWidth.FusedMultiplyAdd(TWidth.Broadcast(_v), TWidth.Load(src), TWidth.Load(dst)), dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(float* src, float* dst) => *dst = MathF.FusedMultiplyAdd(_v, *src, *dst);
}
