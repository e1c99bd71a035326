namespace Lapicque.Numerics;

/// <summary>
/// Single-precision general matrix multiply on row-major spans: C = alpha * op(A) * op(B) + beta * C, where op(A) is
/// m x k, op(B) is k x n and C is m x n. Managed, packed and cache-blocked (see <see cref="GemmKernel"/> for the
/// register tiles), multithreaded over blocks of C with <see cref="Parallelism"/>.
/// </summary>
/// <remarks>
/// Storage: element (i, j) of a row-major matrix X with leading dimension ldx is x[i * ldx + j]. A is stored m x k
/// (lda &gt;= k) when transA is <see cref="Transpose.None"/> and k x m (lda &gt;= m) when it is
/// <see cref="Transpose.Transposed"/>; likewise B is k x n (ldb &gt;= n) or n x k (ldb &gt;= k); C is m x n (ldc &gt;= n).
/// When beta is 0, C is not read (NaN in C does not propagate), as in BLAS.
/// Results do not depend on <see cref="Parallelism.MaxThreads"/>: each element's sum is taken in the same order
/// whatever the split. They can differ in the last bits between kernels (different tile shapes give the same order,
/// but the fallback kernel may lack fused multiply-add hardware).
/// C must not overlap A or B. Steady state allocates nothing but the thread pool's bookkeeping: packing buffers come
/// from <see cref="System.Buffers.ArrayPool{T}.Shared"/>.
/// </remarks>
public static class Gemm
{
    /// <summary>The kernel <see cref="GemmKernel.Auto"/> resolves to on this CPU.</summary>
    public static GemmKernel BestKernel { get; } =
        Avx512MicroKernel.IsSupported ? GemmKernel.Avx512 : Avx2MicroKernel.IsSupported ? GemmKernel.Avx2 : GemmKernel.Portable;

    /// <summary>Whether this CPU can run <paramref name="kernel"/>.</summary>
    public static bool IsSupported(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Auto or GemmKernel.Portable => true,
        GemmKernel.Avx512 => Avx512MicroKernel.IsSupported,
        GemmKernel.Avx2 => Avx2MicroKernel.IsSupported,
        _ => false,
    };

    /// <summary>C = alpha * op(A) * op(B) + beta * C with the best kernel and up to <see cref="Parallelism.MaxThreads"/> threads.</summary>
    /// <param name="transA">Whether A is stored transposed (k x m).</param>
    /// <param name="transB">Whether B is stored transposed (n x k).</param>
    /// <param name="m">Rows of op(A) and C (&gt;= 0).</param>
    /// <param name="n">Columns of op(B) and C (&gt;= 0).</param>
    /// <param name="k">Columns of op(A), rows of op(B) (&gt;= 0).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between rows of A as stored (&gt;= its columns, &gt;= 1).</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of B as stored (&gt;= its columns, &gt;= 1).</param>
    /// <param name="beta">Scale of the old C; 0 ignores its contents.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>; overwritten.</param>
    /// <param name="ldc">Distance between rows of C (&gt;= n, &gt;= 1).</param>
    /// <exception cref="ArgumentException">A size or leading dimension is negative or too small, or a span too short.</exception>
    public static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmKernel.Auto, Parallelism.MaxThreads);

    /// <summary>
    /// As <see cref="Multiply(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// with a chosen kernel and thread limit (pass 1 when calling from inside a parallel loop).
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The CPU cannot run <paramref name="kernel"/>.</exception>
    public static unsafe void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        GemmKernel kernel, int maxThreads)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (maxThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, $"maxThreads must be >= 1; was {maxThreads}.");
        }

        if (!IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"GEMM kernel {kernel} is not supported by this CPU; use GemmKernel.Auto (here {BestKernel}).");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var g = new GemmOperands
            {
                TransA = transA,
                TransB = transB,
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                Beta = beta,
                A = pa,
                B = pb,
                C = pc,
                Lda = lda,
                Ldb = ldb,
                Ldc = ldc,
            };
            switch (kernel == GemmKernel.Auto ? BestKernel : kernel)
            {
                case GemmKernel.Avx512:
                    GemmDriver.Run<Avx512MicroKernel>(g, maxThreads);
                    break;
                case GemmKernel.Avx2:
                    GemmDriver.Run<Avx2MicroKernel>(g, maxThreads);
                    break;
                default:
                    GemmDriver.Run<PortableMicroKernel>(g, maxThreads);
                    break;
            }
        }
    }

    /// <summary>
    /// The naive reference: each element summed in double precision, C = alpha * sum + beta * C (C unread when beta is
    /// 0). Slow; for tests and checks. Same arguments and checks as <see cref="Multiply(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>.
    /// </summary>
    public static void MultiplyReference(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float x = transA == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i];
                    float y = transB == Transpose.None ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    sum += (double)x * y;
                }

                double old = beta == 0f ? 0.0 : beta * (double)c[(i * ldc) + j];
                c[(i * ldc) + j] = (float)((alpha * sum) + old);
            }
        }
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    internal static void Validate(
        Transpose transA, Transpose transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        NonNegative(m, nameof(m));
        NonNegative(n, nameof(n));
        NonNegative(k, nameof(k));
        bool ta = transA == Transpose.Transposed;
        bool tb = transB == Transpose.Transposed;
        CheckMatrix("a", "lda", "A", ta ? k : m, ta ? m : k, aLength, lda);
        CheckMatrix("b", "ldb", "B", tb ? n : k, tb ? k : n, bLength, ldb);
        CheckMatrix("c", "ldc", "C", m, n, cLength, ldc);
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 0; was {value}.");
        }
    }

    private static void CheckMatrix(string span, string ld, string matrix, int rows, int cols, int length, int leading)
    {
        int minLd = Math.Max(1, cols);
        if (leading < minLd)
        {
            throw new ArgumentOutOfRangeException(ld, leading, $"{ld} must be >= {minLd} (the columns of {matrix} as stored, {rows}x{cols}); was {leading}.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * leading) + cols;
        if (length < needed)
        {
            throw new ArgumentException($"{span}.Length was {length}; expected at least {needed} for {matrix} stored {rows}x{cols} with {ld} {leading}.", span);
        }
    }
}
