using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lapicque.Numerics;

/// <summary>The operands of one GEMM call, pinned: C = alpha * op(A) * op(B) + beta * C, all row-major.</summary>
internal unsafe struct GemmOperands
{
    public Transpose TransA;
    public Transpose TransB;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public float* A;
    public float* B;
    public float* C;
    public nint Lda;
    public nint Ldb;
    public nint Ldc;
}

/// <summary>
/// The blocked GEMM of Goto and van de Geijn (the BLIS loop nest). For each NC-wide block of columns of C and each
/// KC-deep slice of the k sum, a KC x NC panel of op(B) is packed into NR-wide micro-panels; for each MC-tall block of
/// rows, an MC x KC block of alpha * op(A) is packed into MR-tall micro-panels; the micro-kernel then sweeps the
/// block, B micro-panel outer (reused from L1/L2 by every A micro-panel) and A micro-panel inner (streamed from L2).
/// </summary>
/// <remarks>
/// Block sizes for this AMD EPYC (Zen 5: 48 KiB L1d, 1 MiB L2 per core, a large shared L3), for the 14x32 AVX-512
/// tile. The micro-kernel needs 128 B of B and 56 B of A per k step (14 cycles of FMAs): 13 B/cycle, well within what
/// L2 delivers (64 B/cycle), so the B micro-panel need not stay in L1. What does cost is C: every k slice loads and
/// stores the whole C tile, and C (12.8 MB for 3200 x 1000) lives in L3. Hence a deep slice, KC = 400 (K cut into equal
/// slices of at most 400: 784 = 2 x 392, 2048 = 6 x 342): a B micro-panel of 392 x 32 x 4 B = 49 KiB streams from
/// L1/L2, an A block of MC x KC x 4 B = 527 KiB (MC = 336 rows = 24 tiles) sits in half of L2. Measured on the FC shapes:
/// KC = 400 beat 192, 256, 320 and 512 by a few percent (flops per CPU-second); MC = 336 and 672 were within noise.
/// NC = 4096 columns (a 6.4 MB packed B panel in L3) only bounds the buffer; the FC shapes take all their columns in one.
/// The micro-kernel alone reaches about 210 GFLOP/s per core here (bench: `gemm --micro`), two 512-bit FMAs a cycle.
/// Determinism: every element of C is a sum over k in KC slices taken in the same order (k = 0 first), each slice
/// summed by the micro-kernel in k order, and the slices added to C one after another. Tile position, edge handling
/// and how C is split among threads do not change that order, so the bits do not depend on the thread count.
/// </remarks>
internal static unsafe class GemmDriver
{
    /// <summary>Largest depth of a k slice (rows of a packed B panel, columns of a packed A block).</summary>
    public const int Kc = 400;

    /// <summary>Target rows of a packed A block (rounded down to a multiple of the tile height).</summary>
    public const int McTarget = 336;

    /// <summary>Columns of a packed B panel.</summary>
    public const int Nc = 4096;

    /// <summary>Below this many flops per thread, extra threads cost more than they save.</summary>
    public const double MinFlopsPerThread = 4e6;

    public static void Run<TK>(in GemmOperands g, int maxThreads)
        where TK : struct, IGemmMicroKernel
    {
        (int tm, int tn) = Grid(g.M, g.N, g.K, maxThreads, TK.Mr, TK.Nr);
        if (tm * tn == 1)
        {
            RunBlock<TK>(g, 0, g.M, 0, g.N);
            return;
        }

        Parallelism.For(tm * tn, 1, new TileBody<TK>(g, tm, tn));
    }

    /// <summary>
    /// Splits C into tm x tn blocks for as many threads as the work deserves. Each row block packs all of its B columns
    /// and each column block all of its A rows, so the grid minimises m * tn + n * tm (the packing traffic).
    /// </summary>
    internal static (int Tm, int Tn) Grid(int m, int n, int k, int maxThreads, int mr, int nr)
    {
        double flops = 2.0 * m * n * k;
        int threads = (int)Math.Min(maxThreads, Math.Max(1.0, flops / MinFlopsPerThread));
        for (int t = threads; t > 1; t--)
        {
            int bestTm = 0;
            double bestCost = double.MaxValue;
            for (int tm = 1; tm <= t; tm++)
            {
                if (t % tm != 0)
                {
                    continue;
                }

                int tn = t / tm;
                if ((tm > 1 && m / tm < mr) || (tn > 1 && n / tn < nr))
                {
                    continue;
                }

                double cost = ((double)m * tn) + ((double)n * tm);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestTm = tm;
                }
            }

            if (bestTm > 0)
            {
                return (bestTm, t / bestTm);
            }
        }

        return (1, 1);
    }

    /// <summary>Bounds of part r of <paramref name="parts"/> over [0, count), aligned to multiples of <paramref name="unit"/>.</summary>
    internal static (int Start, int End) AlignedBounds(int count, int parts, int r, int unit)
    {
        int units = (count + unit - 1) / unit;
        (int s, int e) = Parallelism.RangeBounds(units, parts, r);
        return (Math.Min(count, s * unit), Math.Min(count, e * unit));
    }

    /// <summary>Computes rows [i0, i1) x columns [j0, j1) of C on the calling thread.</summary>
    [SkipLocalsInit]
    internal static void RunBlock<TK>(in GemmOperands g, int i0, int i1, int j0, int j1)
        where TK : struct, IGemmMicroKernel
    {
        int mr = TK.Mr;
        int nr = TK.Nr;
        if (i1 <= i0 || j1 <= j0)
        {
            return;
        }

        int mc = Math.Max(mr, McTarget / mr * mr);
        mc = Math.Min(mc, RoundUp(i1 - i0, mr));
        int kcMax = SliceDepth(g.K);
        int ncMax = Math.Min(Nc, RoundUp(j1 - j0, nr));

        // 16 floats of slack to align each buffer to a 64-byte line (a zmm load that splits two lines costs two),
        // and 16 more for the last 16-wide store of PackA, which runs past its panel.
        float[] aArray = ArrayPool<float>.Shared.Rent((mc * kcMax) + 32);
        float[] bArray = ArrayPool<float>.Shared.Rent((kcMax * ncMax) + 16);
        float* tile = stackalloc float[(mr * nr) + 16];
        try
        {
            fixed (float* aPin = aArray, bPin = bArray)
            {
                float* ap = Align64(aPin);
                float* bp = Align64(bPin);
                float* tp = Align64(tile);
                GemmStore first = g.Beta == 0f ? GemmStore.Overwrite : g.Beta == 1f ? GemmStore.Accumulate : GemmStore.Scale;
                for (int jc = j0; jc < j1; jc += Nc)
                {
                    int nc = Math.Min(Nc, j1 - jc);
                    for (int pc = 0; pc < g.K; pc += kcMax)
                    {
                        int kc = Math.Min(kcMax, g.K - pc);
                        PackB(g, pc, kc, jc, nc, nr, bp);
                        GemmStore mode = pc == 0 ? first : GemmStore.Accumulate;
                        for (int ic = i0; ic < i1; ic += mc)
                        {
                            int mcb = Math.Min(mc, i1 - ic);
                            PackA(g, ic, mcb, pc, kc, mr, ap);
                            for (int jr = 0; jr < nc; jr += nr)
                            {
                                int nrb = Math.Min(nr, nc - jr);
                                float* bPanel = bp + ((nint)jr * kc);
                                float* cCol = g.C + ((nint)ic * g.Ldc) + jc + jr;
                                for (int ir = 0; ir < mcb; ir += mr)
                                {
                                    int mrb = Math.Min(mr, mcb - ir);
                                    float* aPanel = ap + ((nint)ir * kc);
                                    float* cTile = cCol + ((nint)ir * g.Ldc);
                                    if (mrb == mr && nrb == nr)
                                    {
                                        TK.Run(kc, aPanel, bPanel, cTile, g.Ldc, mode, g.Beta);
                                    }
                                    else
                                    {
                                        TK.Run(kc, aPanel, bPanel, tp, nr, GemmStore.Overwrite, 0f);
                                        StoreEdge(tp, nr, cTile, g.Ldc, mrb, nrb, mode, g.Beta);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(aArray);
            ArrayPool<float>.Shared.Return(bArray);
        }
    }

    /// <summary>
    /// Writes the valid mrb x nrb corner of a full tile; the same operations per element as the kernels' stores
    /// (acc, c + acc, fma(beta, c, acc)), so edge elements round exactly like interior ones.
    /// </summary>
    private static void StoreEdge(float* tile, int nr, float* c, nint ldc, int mrb, int nrb, GemmStore mode, float beta)
    {
        for (int r = 0; r < mrb; r++)
        {
            float* t = tile + ((nint)r * nr);
            float* d = c + (r * ldc);
            for (int j = 0; j < nrb; j++)
            {
                d[j] = mode switch
                {
                    GemmStore.Overwrite => t[j],
                    GemmStore.Accumulate => d[j] + t[j],
                    _ => MathF.FusedMultiplyAdd(beta, d[j], t[j]),
                };
            }
        }
    }

    /// <summary>
    /// Packs rows [ic, ic + mcb) x k [pc, pc + kc) of alpha * op(A) into MR-tall micro-panels: panel q holds, for each
    /// k, the MR values of rows ic + q*MR .. ic + q*MR + MR - 1 (zeros past the last row).
    /// </summary>
    internal static void PackA(in GemmOperands g, int ic, int mcb, int pc, int kc, int mr, float* dst)
    {
        float alpha = g.Alpha;
        for (int ir = 0; ir < mcb; ir += mr)
        {
            int rows = Math.Min(mr, mcb - ir);
            float* d = dst + ((nint)ir * kc);
            if (g.TransA == Transpose.None && rows == mr && mr > 8 && mr <= 16 && Avx2.IsSupported && (long)(mr - 1) * g.Lda <= int.MaxValue)
            {
                // A(i, p) = a[i * lda + p]: two 8-lane gathers collect the MR values of a k from MR rows (lanes past
                // MR repeat the last row); the second store runs into the next k's slots, which that k rewrites.
                Vector256<int> lda = Vector256.Create((int)g.Lda);
                Vector256<int> low = Vector256<int>.Indices * lda;
                Vector256<int> high = Vector256.Min(Vector256<int>.Indices + Vector256.Create(8), Vector256.Create(mr - 1)) * lda;
                float* s = g.A + ((nint)(ic + ir) * g.Lda) + pc;
                Vector256<float> scale = Vector256.Create(alpha);
                for (int p = 0; p < kc; p++)
                {
                    float* dp = d + ((nint)p * mr);
                    Vector256.Store(scale * Avx2.GatherVector256(s + p, low, 4), dp);
                    Vector256.Store(scale * Avx2.GatherVector256(s + p, high, 4), dp + 8);
                }
            }
            else if (g.TransA == Transpose.None)
            {
                // A(i, p) = a[i * lda + p]: each row is contiguous in k; write it down a column of the panel.
                for (int r = 0; r < rows; r++)
                {
                    float* s = g.A + ((nint)(ic + ir + r) * g.Lda) + pc;
                    float* dr = d + r;
                    for (int p = 0; p < kc; p++)
                    {
                        dr[(nint)p * mr] = alpha * s[p];
                    }
                }
            }
            else
            {
                // A(i, p) = a[p * lda + i]: the MR values of one k are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* s = g.A + ((nint)(pc + p) * g.Lda) + ic + ir;
                    float* dp = d + ((nint)p * mr);
                    for (int r = 0; r < rows; r++)
                    {
                        dp[r] = alpha * s[r];
                    }
                }
            }

            if (rows < mr)
            {
                for (int p = 0; p < kc; p++)
                {
                    new Span<float>(d + ((nint)p * mr) + rows, mr - rows).Clear();
                }
            }
        }
    }

    /// <summary>
    /// Packs k [pc, pc + kc) x columns [jc, jc + nc) of op(B) into NR-wide micro-panels: panel q holds, for each k,
    /// the NR values of columns jc + q*NR .. jc + q*NR + NR - 1 (zeros past the last column).
    /// </summary>
    internal static void PackB(in GemmOperands g, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* d = dst + ((nint)jr * kc);
            if (g.TransB == Transpose.None)
            {
                // B(p, j) = b[p * ldb + j]: one k's NR values are a contiguous run of a row.
                for (int p = 0; p < kc; p++)
                {
                    float* s = g.B + ((nint)(pc + p) * g.Ldb) + jc + jr;
                    float* dp = d + ((nint)p * nr);
                    int j = 0;
                    for (; j <= cols - Vector<float>.Count; j += Vector<float>.Count)
                    {
                        Vector.Store(Vector.Load(s + j), dp + j);
                    }

                    for (; j < cols; j++)
                    {
                        dp[j] = s[j];
                    }
                }
            }
            else if (cols == nr && nr % 8 == 0 && Avx2.IsSupported && (long)(nr - 1) * g.Ldb <= int.MaxValue)
            {
                // B(p, j) = b[j * ldb + p]: gather the NR values of a k from NR rows of b, 8 at a time.
                Vector256<int> rowOffsets = Vector256<int>.Indices * Vector256.Create((int)g.Ldb);
                float* s = g.B + ((nint)(jc + jr) * g.Ldb) + pc;
                for (int p = 0; p < kc; p++)
                {
                    float* dp = d + ((nint)p * nr);
                    for (int j = 0; j < nr; j += 8)
                    {
                        Vector256.Store(Avx2.GatherVector256(s + ((nint)j * g.Ldb) + p, rowOffsets, 4), dp + j);
                    }
                }
            }
            else
            {
                // B(p, j) = b[j * ldb + p]: each column of op(B) is a contiguous row of b.
                for (int j = 0; j < cols; j++)
                {
                    float* s = g.B + ((nint)(jc + jr + j) * g.Ldb) + pc;
                    float* dj = d + j;
                    for (int p = 0; p < kc; p++)
                    {
                        dj[(nint)p * nr] = s[p];
                    }
                }
            }

            if (cols < nr)
            {
                for (int p = 0; p < kc; p++)
                {
                    new Span<float>(d + ((nint)p * nr) + cols, nr - cols).Clear();
                }
            }
        }
    }

    /// <summary>
    /// Depth of the k slices: K cut into ceil(K / Kc) equal slices (784 = 2 x 392, not 400 + 384), so that no
    /// slice is so thin that loading and storing the C tile dominates it. Depends on K only, never on threads.
    /// </summary>
    internal static int SliceDepth(int k)
    {
        int slices = Math.Max(1, (k + Kc - 1) / Kc);
        return (k + slices - 1) / slices;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Align64(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    /// <summary>One block of the thread grid per index.</summary>
    private readonly struct TileBody<TK> : IRangeBody
        where TK : struct, IGemmMicroKernel
    {
        private readonly GemmOperands _g;
        private readonly int _tm;
        private readonly int _tn;

        public TileBody(in GemmOperands g, int tm, int tn)
        {
            _g = g;
            _tm = tm;
            _tn = tn;
        }

        public void Invoke(int start, int end)
        {
            for (int t = start; t < end; t++)
            {
                (int i0, int i1) = AlignedBounds(_g.M, _tm, t / _tn, TK.Mr);
                (int j0, int j1) = AlignedBounds(_g.N, _tn, t % _tn, TK.Nr);
                RunBlock<TK>(_g, i0, i1, j0, j1);
            }
        }
    }
}
