using Lapicque.Numerics;

namespace Lapicque.Tests.Numerics;

public class GemmTests
{
    // Shapes chosen around the tile sizes: 14x32 (AVX-512), 6x16 (AVX2), 4x16 (portable), one element, and primes.
    private static readonly (int M, int N, int K)[] OddShapes =
    [
        (1, 1, 1), (1, 70, 3), (70, 1, 5), (3, 5, 1), (2, 33, 17), (13, 31, 7), (14, 32, 9), (15, 33, 29),
        (29, 17, 70), (33, 47, 64), (6, 16, 40), (7, 17, 41), (5, 15, 2), (45, 65, 13), (70, 70, 70), (28, 64, 1),
    ];

    public static IEnumerable<object[]> KernelsAndCases()
    {
        foreach (GemmKernel kernel in new[] { GemmKernel.Avx512, GemmKernel.Avx2, GemmKernel.Portable })
        {
            foreach (Transpose ta in new[] { Transpose.None, Transpose.Transposed })
            {
                foreach (Transpose tb in new[] { Transpose.None, Transpose.Transposed })
                {
                    yield return [kernel, ta, tb];
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndCases))]
    public void Multiply_OddShapes_MatchDoubleReferenceWithinRoundingBound(GemmKernel kernel, Transpose ta, Transpose tb)
    {
        if (!Gemm.IsSupported(kernel))
        {
            return;
        }

        var rng = new Rng(11);
        (float Alpha, float Beta)[] scales = [(1f, 0f), (-0.5f, 1f), (2f, -0.75f)];
        for (int s = 0; s < OddShapes.Length; s++)
        {
            (int m, int n, int k) = OddShapes[s];
            (float alpha, float beta) = scales[s % scales.Length];
            CheckAgainstReference(rng, kernel, ta, tb, m, n, k, alpha, beta, padA: s % 3, padB: (s + 1) % 4, padC: s % 5, threads: 2);
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndCases))]
    public void Multiply_257x129x300_WithPaddedLeadingDimensions_MatchesReference(GemmKernel kernel, Transpose ta, Transpose tb)
    {
        if (!Gemm.IsSupported(kernel))
        {
            return;
        }

        // m = 257 and n = 129 leave partial tiles on both edges for every kernel; 300 is a single k slice.
        CheckAgainstReference(new Rng(5), kernel, ta, tb, 257, 129, 300, alpha: 0.75f, beta: 0.5f, padA: 7, padB: 3, padC: 5, threads: 2);
    }

    [Theory]
    [InlineData(Transpose.None, Transpose.None)]
    [InlineData(Transpose.None, Transpose.Transposed)]
    [InlineData(Transpose.Transposed, Transpose.None)]
    [InlineData(Transpose.Transposed, Transpose.Transposed)]
    public void Multiply_LargeKAndRows_CrossesEveryBlockBoundary(Transpose ta, Transpose tb)
    {
        // m = 700 > 2 * 336 rows per packed A block, k = 600 > 400: several A blocks and two k slices of 300, so the
        // accumulate path after the first slice runs too.
        CheckAgainstReference(new Rng(8), GemmKernel.Auto, ta, tb, 700, 20, 600, 1f, -1f, 1, 2, 3, threads: 2);
    }

    [Theory]
    [InlineData(Transpose.None, Transpose.None)]
    [InlineData(Transpose.None, Transpose.Transposed)]
    [InlineData(Transpose.Transposed, Transpose.None)]
    [InlineData(Transpose.Transposed, Transpose.Transposed)]
    public void Multiply_ResultBits_DoNotDependOnThreadCount(Transpose ta, Transpose tb)
    {
        const int m = 203, n = 190, k = 530;
        var rng = new Rng(3);
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c0 = Random(rng, m * n);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 4 })
        {
            float[] c = (float[])c0.Clone();
            Gemm.Multiply(ta, tb, m, n, k, 1.5f, a, ta == Transpose.None ? k : m, b, tb == Transpose.None ? n : k, 0.25f, c, n, GemmKernel.Auto, threads);
            if (first == null)
            {
                first = c;
            }
            else
            {
                Assert.Equal(first, c);
            }
        }
    }

    [Theory]
    [InlineData(300, 150, 200)]
    [InlineData(14, 4096, 400)] // the largest packed B panel: 400 x 4096 floats (6.4 MB) must come from the pool too
    public void Multiply_SingleThreadSteadyState_AllocatesNothing(int m, int n, int k)
    {
        var rng = new Rng(2);
        float[] a = Random(rng, m * k), b = Random(rng, n * k), c = new float[m * n];
        Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 1f, a, k, b, k, 0f, c, n, GemmKernel.Auto, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 1f, a, k, b, k, 0f, c, n, GemmKernel.Auto, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Multiply_BetaZero_IgnoresNaNInC()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c);
    }

    [Fact]
    public void Multiply_KZero_ScalesC()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2 }, c);
    }

    [Fact]
    public void Multiply_LeadingDimensionTooSmall_NamesFieldExpectationAndValue()
    {
        float[] a = new float[12], b = new float[12], c = new float[9];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.None, Transpose.None, 3, 3, 4, 1f, a, 3, b, 3, 0f, c, 3));
        Assert.Contains("lda must be >= 4", e.Message);
        Assert.Contains("was 3", e.Message);
    }

    [Fact]
    public void Multiply_SpanTooShort_NamesSpanAndNeededLength()
    {
        float[] a = new float[12], b = new float[12], c = new float[8];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.None, Transpose.None, 3, 3, 4, 1f, a, 4, b, 3, 0f, c, 3));
        Assert.Contains("c.Length was 8; expected at least 9", e.Message);
    }

    [Fact]
    public void MultiplyReference_SmallProduct_MatchesHandComputedValues()
    {
        // [1 2; 3 4]^T * [5 6; 7 8] = [1*5+3*7, 1*6+3*8; 2*5+4*7, 2*6+4*8] = [26 30; 38 44]; C = 2 * that + 1 * C.
        float[] c = [1, 1, 1, 1];
        Gemm.MultiplyReference(Transpose.Transposed, Transpose.None, 2, 2, 2, 2f, [1, 2, 3, 4], 2, [5, 6, 7, 8], 2, 1f, c, 2);
        Assert.Equal(new float[] { 53, 61, 77, 89 }, c);
    }

    /// <summary>
    /// Runs one product with leading dimensions padded by the given amounts and checks every element of C against the
    /// double reference within the classic error bound of a float dot product, |err| &lt;= gamma * (|alpha| sum |a b| + |beta c|)
    /// with gamma = (k + 4) * 2^-24 (k roundings in the sum, plus alpha, beta and the final add); the padding between
    /// rows of C must be left untouched.
    /// </summary>
    internal static void CheckAgainstReference(
        Rng rng, GemmKernel kernel, Transpose ta, Transpose tb, int m, int n, int k, float alpha, float beta, int padA, int padB, int padC, int threads)
    {
        int aRows = ta == Transpose.None ? m : k, aCols = ta == Transpose.None ? k : m;
        int bRows = tb == Transpose.None ? k : n, bCols = tb == Transpose.None ? n : k;
        int lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
        float[] a = Random(rng, aRows * lda), b = Random(rng, bRows * ldb), c = Random(rng, m * ldc);
        float[] actual = (float[])c.Clone();
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc, kernel, threads);

        // The yardstick: op(A) and op(B)^T spelled out element by element, then plain double dot products.
        double[] opA = new double[m * k], opBt = new double[n * k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                opA[(i * k) + p] = ta == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i];
            }
        }

        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
            {
                opBt[(j * k) + p] = tb == Transpose.None ? b[(p * ldb) + j] : b[(j * ldb) + p];
            }
        }

        double gamma = (k + 4) * Math.Pow(2, -24);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int at = (i * ldc) + j;
                if (j >= n)
                {
                    Assert.Equal(c[at], actual[at]);
                    continue;
                }

                double dot = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double xy = opA[(i * k) + p] * opBt[(j * k) + p];
                    dot += xy;
                    magnitude += Math.Abs(xy);
                }

                double expected = (alpha * dot) + (beta * (double)c[at]);
                double bound = gamma * ((Math.Abs(alpha) * magnitude) + Math.Abs(beta * c[at]));
                double err = Math.Abs(actual[at] - expected);
                Assert.True(
                    err <= bound + 1e-30,
                    $"{kernel} {ta}/{tb} {m}x{n}x{k} C[{i},{j}] = {actual[at]}, reference {expected}, error {err:E3} > bound {bound:E3}");
            }
        }
    }

    internal static float[] Random(Rng rng, int length)
    {
        float[] x = new float[length];
        rng.FillUniform(x, -1f, 1f);
        return x;
    }
}
