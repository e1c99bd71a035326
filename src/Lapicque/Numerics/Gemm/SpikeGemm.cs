using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lapicque.Numerics;

/// <summary>
/// Event-driven products for spike inputs: cost follows the number of spikes, as on neuromorphic hardware.
/// Layout (the one the Linear layer uses): weights W are [in, out] row-major, K x N, so a spiking input k contributes
/// row k of W to every output of its sample: Y = X W is "add the weight rows of the inputs that spiked".
/// </summary>
/// <remarks>
/// Forward, Y[M, N] = beta * Y + X[M, K] * W[K, N]: index the spikes of each row of X (<see cref="SpikeIndex.FromRows"/>)
/// and call <see cref="Multiply"/>. Weight gradient, dW[K, N] = beta * dW + X^T G with G[M, N]: index the columns of X
/// (<see cref="SpikeIndex.FromColumns"/>, the rows of X^T) and call <see cref="Multiply"/> with G in place of W, so that
/// only the rows of dW of inputs that spiked are touched (rows of silent inputs are only scaled by beta).
/// <see cref="Forward"/> and <see cref="WeightGradient"/> do this, or call the dense <see cref="Gemm"/> when the spike
/// density is at or above <see cref="ForwardCrossoverDensity"/> or <see cref="WeightGradientCrossoverDensity"/>.
/// Each output element is beta * y (or 0 when beta is 0) followed by one fused multiply-add per spike, in increasing
/// index order; rows are split among threads, so the bits do not depend on the thread count.
/// </remarks>
public static class SpikeGemm
{
    /// <summary>
    /// Spike density below which the event-driven forward beats the dense SGEMM. Measured on the FC layer of issue 4
    /// (X: 3200 x 784 Bernoulli spikes, W: 784 x 1000), one thread, CPU time, this AMD EPYC (Zen 5, AVX-512): equal at
    /// about 0.18 (density 0.10: 18.5 ms against 28.6 ms; 0.20: 32.8 against 30.3). `gemm --spike` in the benchmarks.
    /// </summary>
    public const double ForwardCrossoverDensity = 0.18;

    /// <summary>
    /// Spike density below which the event-driven weight gradient beats the dense SGEMM (same workload, dW = X^T G with
    /// G: 3200 x 1000): equal at about 0.10 (0.05: 15.3 ms against 27.5 ms; 0.15: 40.1 against 29.6).
    /// </summary>
    public const double WeightGradientCrossoverDensity = 0.10;

    // Columns of W per pass: a K x 128 strip of W (K = 784: 400 KiB) stays in L2 while every row of X sweeps it.
    // (For the weight gradient the "W" is G, 3200 x 1000: its strip spills to L3, yet 64-column strips measured no faster.)
    private const int StripVectors = 8;

    /// <summary>Y = beta * Y + X W, with X given by the spike index <paramref name="x"/> (x.Rows x x.Columns) and W K x n.</summary>
    /// <param name="x">The nonzeros of X, by rows.</param>
    /// <param name="w">W, row-major x.Columns x n with leading dimension <paramref name="ldw"/>.</param>
    /// <param name="n">Columns of W and Y.</param>
    /// <param name="ldw">Leading dimension of W (&gt;= n).</param>
    /// <param name="beta">Scale of the old Y; 0 ignores its contents.</param>
    /// <param name="y">Y, row-major x.Rows x n with leading dimension <paramref name="ldy"/>.</param>
    /// <param name="ldy">Leading dimension of Y (&gt;= n).</param>
    public static unsafe void Multiply(SpikeIndex x, ReadOnlySpan<float> w, int n, int ldw, float beta, Span<float> y, int ldy)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckOperands(x, w, n, ldw, y, ldy);
        if (x.Rows == 0 || n == 0)
        {
            return;
        }

        fixed (int* start = x.RowStart, index = x.Indices)
        fixed (float* value = x.Values, pw = w, py = y)
        {
            var body = new RowsBody(start, index, value, pw, ldw, n, beta, py, ldy);
            int minRows = Math.Max(1, 65536 / Math.Max(1, n));
            Parallelism.For(x.Rows, minRows, body);
        }
    }

    /// <summary>The scalar twin of <see cref="Multiply"/>: the same operations element by element, the same bits.</summary>
    public static void MultiplyScalar(SpikeIndex x, ReadOnlySpan<float> w, int n, int ldw, float beta, Span<float> y, int ldy)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckOperands(x, w, n, ldw, y, ldy);
        ReadOnlySpan<int> start = x.RowStart;
        ReadOnlySpan<int> index = x.Indices;
        ReadOnlySpan<float> value = x.Values;
        for (int r = 0; r < x.Rows; r++)
        {
            Span<float> row = y.Slice(r * ldy, n);
            for (int j = 0; j < n; j++)
            {
                float acc = beta == 0f ? 0f : beta * row[j];
                for (int e = start[r]; e < start[r + 1]; e++)
                {
                    acc = MathF.FusedMultiplyAdd(value[e], w[(index[e] * ldw) + j], acc);
                }

                row[j] = acc;
            }
        }
    }

    /// <summary>
    /// Y[m, n] = beta * Y + X[m, k] * W[k, n]: the event-driven kernel when the density of X is below
    /// <see cref="ForwardCrossoverDensity"/>, else the dense SGEMM. <paramref name="scratch"/> holds the spike index between
    /// calls (reuse one per layer to stay allocation-free).
    /// </summary>
    public static void Forward(
        int m, int n, int k, ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> w, int ldw, float beta, Span<float> y, int ldy, SpikeIndex scratch)
    {
        Product(Transpose.None, ForwardCrossoverDensity, m, n, k, x, ldx, w, ldw, beta, y, ldy, scratch);
    }

    /// <summary>
    /// dW[k, n] = beta * dW + X[m, k]^T * G[m, n] (the weight gradient of <see cref="Forward"/>): event-driven when the
    /// density of X is below <see cref="WeightGradientCrossoverDensity"/> (only rows of inputs that spiked are accumulated), else
    /// the dense SGEMM. Pass beta = 1 to accumulate over time steps or batches.
    /// </summary>
    public static void WeightGradient(
        int m, int n, int k, ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> g, int ldg, float beta, Span<float> dw, int lddw, SpikeIndex scratch)
    {
        Product(Transpose.Transposed, WeightGradientCrossoverDensity, m, n, k, x, ldx, g, ldg, beta, dw, lddw, scratch);
    }

    /// <summary>Fraction of nonzero entries of the m x k matrix <paramref name="x"/> (0 when empty).</summary>
    public static double Density(ReadOnlySpan<float> x, int m, int k, int ldx)
    {
        SpikeIndex.CheckDense(x.Length, m, k, ldx);
        if (m == 0 || k == 0)
        {
            return 0.0;
        }

        long count = 0;
        if (ldx == k)
        {
            count = SpikeIndex.CountNonZero(x[..(m * k)]);
        }
        else
        {
            for (int i = 0; i < m; i++)
            {
                count += SpikeIndex.CountNonZero(x.Slice(i * ldx, k));
            }
        }

        return count / ((double)m * k);
    }

    /// <summary>
    /// C = beta * C + op(X) B for the m x k spike matrix X, op(X) = X (C: m x n) or X^T (C: k x n): the event-driven
    /// kernel over the rows of op(X) when the density of X is below <paramref name="crossover"/>, else the dense SGEMM.
    /// </summary>
    private static void Product(
        Transpose opX, double crossover, int m, int n, int k, ReadOnlySpan<float> x, int ldx, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, SpikeIndex scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        bool transposed = opX == Transpose.Transposed;
        int rows = transposed ? k : m, inner = transposed ? m : k;
        Gemm.Validate(opX, Transpose.None, rows, n, inner, x.Length, ldx, b.Length, ldb, c.Length, ldc);
        if (Density(x, m, k, ldx) < crossover)
        {
            if (transposed)
            {
                scratch.FromColumns(x, m, k, ldx);
            }
            else
            {
                scratch.FromRows(x, m, k, ldx);
            }

            Multiply(scratch, b, n, ldb, beta, c, ldc);
        }
        else
        {
            Gemm.Multiply(opX, Transpose.None, rows, n, inner, 1f, x, ldx, b, ldb, beta, c, ldc);
        }
    }

    private static void CheckOperands(SpikeIndex x, ReadOnlySpan<float> w, int n, int ldw, Span<float> y, int ldy)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"n must be >= 0; was {n}.");
        }

        CheckMatrix("w", "ldw", x.Columns, n, w.Length, ldw);
        CheckMatrix("y", "ldy", x.Rows, n, y.Length, ldy);
    }

    private static void CheckMatrix(string span, string ld, int rows, int cols, int length, int leading)
    {
        if (leading < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ld, leading, $"{ld} must be >= {Math.Max(1, cols)} (the columns of {span}); was {leading}.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * leading) + cols;
        if (length < needed)
        {
            throw new ArgumentException($"{span}.Length was {length}; expected at least {needed} for {rows}x{cols} with {ld} {leading}.", span);
        }
    }

    /// <summary>Rows [start, end) of Y, strip by strip so that a strip of W stays in cache across the rows.</summary>
    private readonly unsafe struct RowsBody : IRangeBody
    {
        private readonly int* _start;
        private readonly int* _index;
        private readonly float* _value;
        private readonly float* _w;
        private readonly nint _ldw;
        private readonly int _n;
        private readonly float _beta;
        private readonly float* _y;
        private readonly nint _ldy;

        public RowsBody(int* start, int* index, float* value, float* w, nint ldw, int n, float beta, float* y, nint ldy)
        {
            _start = start;
            _index = index;
            _value = value;
            _w = w;
            _ldw = ldw;
            _n = n;
            _beta = beta;
            _y = y;
            _ldy = ldy;
        }

        public void Invoke(int start, int end)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                Strips<Width512, Vector512<float>>(start, end, fourStrips: true);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Strips<Width256, Vector256<float>>(start, end, fourStrips: false);
            }
            else
            {
                for (int r = start; r < end; r++)
                {
                    ScalarColumns(r, 0, _n);
                }
            }
        }

        /// <summary>
        /// Rows [r0, r1) in strips of 8 vectors (or 4 when <paramref name="fourStrips"/> and n is too narrow for 8,
        /// else 1), one width for the whole call.
        /// </summary>
        private void Strips<TWidth, TVector>(int r0, int r1, bool fourStrips)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            int w = TWidth.Count;
            int n = _n;
            if (n < w)
            {
                for (int r = r0; r < r1; r++)
                {
                    ScalarColumns(r, 0, n);
                }

                return;
            }

            // Full strips, then one last strip aligned to the right edge; it overlaps the previous one and stores
            // only the columns not yet written (those already written are final and must not see beta twice).
            int strip = n >= StripVectors * w ? StripVectors * w : fourStrips && n >= 4 * w ? 4 * w : w;
            for (int j0 = 0; j0 < n; j0 += strip)
            {
                int from = j0;
                int at = Math.Min(j0, n - strip);
                for (int r = r0; r < r1; r++)
                {
                    if (strip == StripVectors * w)
                    {
                        Strip8<TWidth, TVector>(r, at, from - at);
                    }
                    else if (strip == 4 * w)
                    {
                        Strip4<TWidth, TVector>(r, at, from - at);
                    }
                    else
                    {
                        Strip1<TWidth, TVector>(r, at, from - at);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Strip8<TWidth, TVector>(int r, int at, int skip)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            int w = TWidth.Count;
            float* y = _y + (r * _ldy) + at;
            TVector a0, a1, a2, a3, a4, a5, a6, a7;
            if (_beta == 0f)
            {
                a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = TWidth.Zero;
            }
            else
            {
                var b = TWidth.Broadcast(_beta);
                a0 = TWidth.Multiply(b, TWidth.Load(y));
                a1 = TWidth.Multiply(b, TWidth.Load(y + w));
                a2 = TWidth.Multiply(b, TWidth.Load(y + (2 * w)));
                a3 = TWidth.Multiply(b, TWidth.Load(y + (3 * w)));
                a4 = TWidth.Multiply(b, TWidth.Load(y + (4 * w)));
                a5 = TWidth.Multiply(b, TWidth.Load(y + (5 * w)));
                a6 = TWidth.Multiply(b, TWidth.Load(y + (6 * w)));
                a7 = TWidth.Multiply(b, TWidth.Load(y + (7 * w)));
            }

            int end = _start[r + 1];
            for (int e = _start[r]; e < end; e++)
            {
                float* row = _w + (_index[e] * _ldw) + at;
                var v = TWidth.Broadcast(_value[e]);
                a0 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row), a0);
                a1 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + w), a1);
                a2 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (2 * w)), a2);
                a3 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (3 * w)), a3);
                a4 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (4 * w)), a4);
                a5 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (5 * w)), a5);
                a6 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (6 * w)), a6);
                a7 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (7 * w)), a7);
            }

            Store<TWidth, TVector>(y, a0, skip);
            Store<TWidth, TVector>(y + w, a1, skip - w);
            Store<TWidth, TVector>(y + (2 * w), a2, skip - (2 * w));
            Store<TWidth, TVector>(y + (3 * w), a3, skip - (3 * w));
            Store<TWidth, TVector>(y + (4 * w), a4, skip - (4 * w));
            Store<TWidth, TVector>(y + (5 * w), a5, skip - (5 * w));
            Store<TWidth, TVector>(y + (6 * w), a6, skip - (6 * w));
            Store<TWidth, TVector>(y + (7 * w), a7, skip - (7 * w));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Strip4<TWidth, TVector>(int r, int at, int skip)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            int w = TWidth.Count;
            float* y = _y + (r * _ldy) + at;
            TVector a0, a1, a2, a3;
            if (_beta == 0f)
            {
                a0 = a1 = a2 = a3 = TWidth.Zero;
            }
            else
            {
                var b = TWidth.Broadcast(_beta);
                a0 = TWidth.Multiply(b, TWidth.Load(y));
                a1 = TWidth.Multiply(b, TWidth.Load(y + w));
                a2 = TWidth.Multiply(b, TWidth.Load(y + (2 * w)));
                a3 = TWidth.Multiply(b, TWidth.Load(y + (3 * w)));
            }

            int end = _start[r + 1];
            for (int e = _start[r]; e < end; e++)
            {
                float* row = _w + (_index[e] * _ldw) + at;
                var v = TWidth.Broadcast(_value[e]);
                a0 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row), a0);
                a1 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + w), a1);
                a2 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (2 * w)), a2);
                a3 = TWidth.FusedMultiplyAdd(v, TWidth.Load(row + (3 * w)), a3);
            }

            Store<TWidth, TVector>(y, a0, skip);
            Store<TWidth, TVector>(y + w, a1, skip - w);
            Store<TWidth, TVector>(y + (2 * w), a2, skip - (2 * w));
            Store<TWidth, TVector>(y + (3 * w), a3, skip - (3 * w));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Strip1<TWidth, TVector>(int r, int at, int skip)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            float* y = _y + (r * _ldy) + at;
            TVector a0 = _beta == 0f ? TWidth.Zero : TWidth.Multiply(TWidth.Broadcast(_beta), TWidth.Load(y));
            int end = _start[r + 1];
            for (int e = _start[r]; e < end; e++)
            {
                a0 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(_value[e]), TWidth.Load(_w + (_index[e] * _ldw) + at), a0);
            }

            Store<TWidth, TVector>(y, a0, skip);
        }

        /// <summary>Stores lanes [skip, Count) of <paramref name="a"/>; lanes below skip already hold final values.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store<TWidth, TVector>(float* y, TVector a, int skip)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            if (skip <= 0)
            {
                TWidth.Store(a, y);
            }
            else if (skip < TWidth.Count)
            {
                TWidth.StoreAbove(a, y, skip);
            }
        }

        private void ScalarColumns(int r, int j0, int j1)
        {
            float* y = _y + (r * _ldy);
            int end = _start[r + 1];
            for (int j = j0; j < j1; j++)
            {
                float acc = _beta == 0f ? 0f : _beta * y[j];
                for (int e = _start[r]; e < end; e++)
                {
                    acc = MathF.FusedMultiplyAdd(_value[e], _w[(_index[e] * _ldw) + j], acc);
                }

                y[j] = acc;
            }
        }
    }
}
