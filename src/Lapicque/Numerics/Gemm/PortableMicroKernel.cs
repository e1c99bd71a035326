using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lapicque.Numerics;

/// <summary>Portable micro-kernel over <see cref="Vector{T}"/>: a 4 x (2 * Vector&lt;float&gt;.Count) tile in 8 accumulators.</summary>
internal readonly struct PortableMicroKernel : IGemmMicroKernel
{
    public static int Mr => 4;

    public static int Nr => 2 * Vector<float>.Count;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, GemmStore mode, float beta)
    {
        int w = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Vector.Load(b);
            Vector<float> b1 = Vector.Load(b + w);
            Vector<float> a0 = new(a[0]);
            c00 = Vector.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector.FusedMultiplyAdd(a0, b1, c01);
            Vector<float> a1 = new(a[1]);
            c10 = Vector.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector.FusedMultiplyAdd(a1, b1, c11);
            Vector<float> a2 = new(a[2]);
            c20 = Vector.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector.FusedMultiplyAdd(a2, b1, c21);
            Vector<float> a3 = new(a[3]);
            c30 = Vector.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector.FusedMultiplyAdd(a3, b1, c31);
            a += 4;
            b += 2 * w;
        }

        StoreRow(c, w, c00, c01, mode, beta);
        StoreRow(c + ldc, w, c10, c11, mode, beta);
        StoreRow(c + (2 * ldc), w, c20, c21, mode, beta);
        StoreRow(c + (3 * ldc), w, c30, c31, mode, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow(float* c, int w, Vector<float> x0, Vector<float> x1, GemmStore mode, float beta)
    {
        if (mode == GemmStore.Overwrite)
        {
            Vector.Store(x0, c);
            Vector.Store(x1, c + w);
        }
        else if (mode == GemmStore.Accumulate)
        {
            Vector.Store(Vector.Load(c) + x0, c);
            Vector.Store(Vector.Load(c + w) + x1, c + w);
        }
        else
        {
            Vector<float> s = new(beta);
            Vector.Store(Vector.FusedMultiplyAdd(s, Vector.Load(c), x0), c);
            Vector.Store(Vector.FusedMultiplyAdd(s, Vector.Load(c + w), x1), c + w);
        }
    }
}
