using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Numerics;

// Each kernel is checked two ways: against its scalar twin over every SIMD length, and against a yardstick computed
// independently (double-precision arithmetic, a closed form or a hand-built input whose answer is known).
public class VectorMathTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Axpy_MatchesScalarTwinAndDoubleArithmetic(int n)
    {
        var rng = new Rng(11);
        float[] x = new float[n], y1 = new float[n];
        rng.FillUniform(x, -2f, 2f);
        rng.FillUniform(y1, -2f, 2f);
        float[] y0 = (float[])y1.Clone(), y2 = (float[])y1.Clone();
        const float a = 0.37f;

        VectorMath.Axpy(a, x, y1);
        VectorMath.AxpyScalar(a, x, y2);

        Assert.Equal(y2, y1);
        for (int i = 0; i < n; i++)
        {
            double exact = ((double)a * x[i]) + y0[i];
            Assert.Equal(exact, y1[i], 1e-6 * (1 + Math.Abs(exact)));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Decay_MatchesScalarTwinAndProduct(int n)
    {
        var rng = new Rng(12);
        float[] x1 = new float[n];
        rng.FillUniform(x1, -5f, 5f);
        float[] x0 = (float[])x1.Clone(), x2 = (float[])x1.Clone();
        float beta = MathF.Exp(-0.1f);

        VectorMath.Decay(x1, beta);
        VectorMath.DecayScalar(x2, beta);

        Assert.Equal(x2, x1);
        for (int i = 0; i < n; i++)
        {
            // A float product is the correctly rounded double product.
            Assert.Equal((float)((double)x0[i] * beta), x1[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Heaviside_MatchesScalarTwinAndDefinition(int n)
    {
        const float threshold = 0.5f;
        var rng = new Rng(13);
        float[] x = new float[n];
        rng.FillUniform(x, 0f, 1f);
        // Plant the edge cases: exactly at threshold (fires), just below, NaN (does not fire).
        if (n > 0)
        {
            x[0] = threshold;
        }

        if (n > 1)
        {
            x[n - 1] = MathF.BitDecrement(threshold);
        }

        if (n > 2)
        {
            x[n / 2] = float.NaN;
        }

        float[] d1 = new float[n], d2 = new float[n];
        VectorMath.Heaviside(x, threshold, d1);
        VectorMath.HeavisideScalar(x, threshold, d2);

        Assert.Equal(d2, d1);
        for (int i = 0; i < n; i++)
        {
            bool fires = !float.IsNaN(x[i]) && (double)x[i] >= threshold;
            Assert.Equal(fires ? 1f : 0f, d1[i]);
        }
    }

    [Fact]
    public void Heaviside_InPlace_Works()
    {
        float[] x = [-1f, 0f, 0.2f, 3f, 0.2f, -0.1f, 7f, 0.1f, 0.3f, 0.25f];
        VectorMath.Heaviside(x, 0.2f, x);
        Assert.Equal([0f, 0f, 1f, 1f, 1f, 0f, 1f, 0f, 1f, 1f], x);
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void CountNonZero_MatchesScalarTwinAndPlantedCount(int n)
    {
        // Every third entry nonzero (with NaN counted as nonzero and -0 as zero): the count is ceil(n / 3).
        float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 3 == 0 ? (i % 2 == 0 ? 1f : float.NaN) : (i % 2 == 0 ? -0f : 0f);
        }

        int expected = (n + 2) / 3;
        Assert.Equal(expected, VectorMath.CountNonZero(x));
        Assert.Equal(expected, VectorMath.CountNonZeroScalar(x));
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void NonZeroIndices_MatchesScalarTwinAndPlantedSpikes(int n)
    {
        foreach (double rate in new[] { 0.0, 0.05, 0.5, 1.0 })
        {
            var rng = new Rng(14);
            float[] x = new float[n];
            var planted = new List<int>();
            for (int i = 0; i < n; i++)
            {
                if (rng.NextDouble() < rate)
                {
                    x[i] = 1f;
                    planted.Add(i);
                }
            }

            int[] idx1 = new int[n], idx2 = new int[n];
            int c1 = VectorMath.NonZeroIndices(x, idx1);
            int c2 = VectorMath.NonZeroIndicesScalar(x, idx2);

            Assert.Equal(planted.Count, c1);
            Assert.Equal(planted.Count, c2);
            Assert.Equal(planted, idx1[..c1]);
            Assert.Equal(planted, idx2[..c2]);
            Assert.Equal(planted.Count, VectorMath.CountNonZero(x));
        }
    }

    [Fact]
    public void NonZeroIndices_AcrossBlockAndVectorBoundaries_MatchesScalarTwin()
    {
        // The vector path works in blocks of four vectors, then single vectors, then a scalar tail: sweep lengths that
        // cover every mix of the three, with one spike placed at every position in turn, plus random rows.
        int w = System.Numerics.Vector<float>.Count;
        var rng = new Rng(17);
        for (int n = 0; n <= (9 * w) + 3; n++)
        {
            int[] idx = new int[n];
            for (int at = 0; at < n; at++)
            {
                float[] x = new float[n];
                x[at] = 1f;
                Assert.Equal(1, VectorMath.NonZeroIndices(x, idx));
                Assert.Equal(at, idx[0]);
            }

            for (int trial = 0; trial < 5; trial++)
            {
                float[] x = new float[n];
                for (int i = 0; i < n; i++)
                {
                    x[i] = rng.NextDouble() < 0.1 ? 1f : 0f;
                }

                int[] expected = new int[n];
                int c = VectorMath.NonZeroIndicesScalar(x, expected);
                Assert.Equal(c, VectorMath.NonZeroIndices(x, idx));
                Assert.Equal(expected[..c], idx[..c]);
            }
        }
    }

    [Fact]
    public void NonZeroIndices_ExactCapacity_Suffices_AndTooShortThrows()
    {
        float[] x = new float[40];
        int[] where = [0, 7, 8, 9, 31, 39];
        foreach (int i in where)
        {
            x[i] = 1f;
        }

        int[] exact = new int[where.Length];
        Assert.Equal(where.Length, VectorMath.NonZeroIndices(x, exact));
        Assert.Equal(where, exact);

        var ex = Assert.Throws<ArgumentException>(() => VectorMath.NonZeroIndices(x, new int[5]));
        Assert.StartsWith("indices.Length was 5; expected room for every nonzero entry of x", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => VectorMath.NonZeroIndicesScalar(x, new int[5]));
        Assert.StartsWith("indices.Length was 5;", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Clamp_MatchesScalarTwinAndMathClamp(int n)
    {
        var rng = new Rng(15);
        float[] x1 = new float[n];
        rng.FillUniform(x1, -3f, 3f);
        float[] x0 = (float[])x1.Clone(), x2 = (float[])x1.Clone();

        VectorMath.Clamp(x1, -1f, 2f);
        VectorMath.ClampScalar(x2, -1f, 2f);

        Assert.Equal(x2, x1);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Math.Clamp(x0[i], -1f, 2f), x1[i]);
        }
    }

    [Fact]
    public void Clamp_KeepsNaN_AndRejectsBadBounds()
    {
        float[] x = new float[20];
        x[3] = float.NaN;
        x[17] = float.NaN;
        x[5] = 9f;
        float[] y = (float[])x.Clone();
        VectorMath.Clamp(x, 0f, 1f);
        VectorMath.ClampScalar(y, 0f, 1f);
        Assert.True(float.IsNaN(x[3]) && float.IsNaN(x[17]) && float.IsNaN(y[3]) && float.IsNaN(y[17]));
        Assert.Equal(1f, x[5]);

        var ex = Assert.Throws<ArgumentException>(() => VectorMath.Clamp(x, 2f, 1f));
        Assert.StartsWith("min must be <= max and neither NaN; was min 2, max 1.", ex.Message);
        Assert.Throws<ArgumentException>(() => VectorMath.ClampScalar(x, float.NaN, 1f));
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Softplus_MatchesScalarTwinAndDoubleReference(int n)
    {
        foreach (float alpha in new[] { 10f, 1f, 0.05f })
        {
            var rng = new Rng(16);
            float[] x = new float[n];
            // z = x / alpha in [-80, 80]: the smallest result, alpha * e^-80, is still a normal float.
            rng.FillUniform(x, -80f * alpha, 80f * alpha);
            float[] d1 = new float[n], d2 = new float[n];

            VectorMath.Softplus(x, alpha, d1);
            VectorMath.SoftplusScalar(x, alpha, d2);

            for (int i = 0; i < n; i++)
            {
                double reference = Reference(x[i], alpha);
                Assert.Equal(reference, d1[i], 4e-6 * reference);
                Assert.Equal(reference, d2[i], 4e-6 * reference);
            }
        }
    }

    [Fact]
    public void Softplus_ExtremeInputs_NeitherOverflowNorLoseTheTail()
    {
        float[] x = [1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, -800f, -1000f, 0f, 1000f, 90f, -90f];
        float[] d = new float[x.Length];
        VectorMath.Softplus(x, 10f, d);
        float[] s = new float[x.Length];
        VectorMath.SoftplusScalar(x, 10f, s);

        Assert.Equal(1e30f, d[0]);
        Assert.Equal(0f, d[1]);
        Assert.Equal(float.PositiveInfinity, d[2]);
        Assert.Equal(0f, d[3]);
        // softplus_10(-800) = 10 exp(-80) ~ 1.8e-34: tiny but positive and accurate, not rounded to 0.
        Assert.Equal(10 * Math.Exp(-80), d[4], 1e-5 * 10 * Math.Exp(-80));
        Assert.Equal(10 * Math.Exp(-80), s[4], 1e-5 * 10 * Math.Exp(-80));
        Assert.Equal(10 * Math.Log(2), d[6], 1e-6);
        Assert.Equal(1000f, d[7]);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(d[i] >= 0 && !float.IsNaN(d[i]));
        }
    }

    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(3.5, 10.0)]
    [InlineData(-42.0, 10.0)]
    [InlineData(-700.0, 1.0)]
    [InlineData(-5000.0, 10.0)]
    [InlineData(35.0, 1.0)]
    [InlineData(1e-3, 1e-4)]
    public void SoftplusDouble_MatchesSeriesOrClosedForm(double x, double alpha)
    {
        double z = x / alpha;
        // ln(1 + e^z) = z + ln(1 + e^-z) for z > 0; for z <= -20 the series e^z - e^2z/2 + e^3z/3 converges to 1e-26.
        double expected = z switch
        {
            <= -20 => alpha * (Math.Exp(z) - (Math.Exp(2 * z) / 2) + (Math.Exp(3 * z) / 3)),
            > 0 => alpha * (z + Reference(-z, 1.0)),
            _ => alpha * Reference(z, 1.0),
        };
        Assert.Equal(expected, VectorMath.Softplus(x, alpha), 1e-14 * Math.Max(expected, 1e-300));
    }

    [Fact]
    public void Softplus_SharpLimit_ApproachesRelu()
    {
        float[] x = [-2f, -0.5f, 0.5f, 2f, 3f, -3f, 1f, -1f];
        float[] d = new float[x.Length];
        VectorMath.Softplus(x, 1e-3f, d);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Max(x[i], 0f), d[i], 1e-5);
        }
    }

    [Fact]
    public void LengthMismatchAndBadAlpha_NameTheProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => VectorMath.Axpy(1f, new float[3], new float[4]));
        Assert.StartsWith("x.Length was 3; expected 4.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => VectorMath.Heaviside(new float[3], 0f, new float[2]));
        Assert.StartsWith("destination.Length was 2; expected 3.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => VectorMath.Softplus(new float[3], 0f, new float[3]));
        Assert.StartsWith("alpha must be > 0; was 0.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => VectorMath.Softplus(new float[3], 1f, new float[2]));
        Assert.StartsWith("destination.Length was 2; expected 3.", ex.Message);
    }

    // alpha * ln(1 + exp(x / alpha)) in double by the textbook formula, with the series e - e^2 / 2 where e = exp(z) is
    // below 1e-8 (there 1 + e loses e's digits) and z + e^-z above z = 30; relative error about 1e-15 in double.
    private static double Reference(double x, double alpha)
    {
        double z = x / alpha;
        if (z > 30)
        {
            return alpha * (z + Math.Exp(-z));
        }

        double e = Math.Exp(z);
        return e < 1e-8 ? alpha * (e - (e * e / 2)) : alpha * Math.Log(1 + e);
    }
}
