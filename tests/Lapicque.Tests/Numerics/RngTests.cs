using Lapicque.Numerics;

namespace Lapicque.Tests.Numerics;

// Statistical yardsticks use fixed seeds and bounds of five standard errors (or the 99.9% chi-square quantile), so a
// correct generator passes deterministically and a biased one (wrong scaling, modulo bias, a broken polar method) fails.
public class RngTests
{
    private const int Draws = 200_000;

    [Fact]
    public void NextDouble_MeanAndVarianceMatchUniform()
    {
        var rng = new Rng(1);
        double sum = 0, sumSq = 0, min = 1, max = 0;
        for (int i = 0; i < Draws; i++)
        {
            double u = rng.NextDouble();
            sum += u;
            sumSq += (u - 0.5) * (u - 0.5);
            min = Math.Min(min, u);
            max = Math.Max(max, u);
        }

        // U(0,1): mean 1/2, variance 1/12; Var(U) = 1/12n, Var((U - 1/2)^2) = 1/80 - 1/144.
        Assert.Equal(0.5, sum / Draws, 5 * Math.Sqrt(1.0 / 12 / Draws));
        Assert.Equal(1.0 / 12, sumSq / Draws, 5 * Math.Sqrt(((1.0 / 80) - (1.0 / 144)) / Draws));
        Assert.InRange(min, 0.0, 1e-3);
        Assert.InRange(max, 1 - 1e-3, Math.BitDecrement(1.0));
    }

    [Fact]
    public void NextFloatAndFillUniform_StayInRangeWithUniformMean()
    {
        var rng = new Rng(2);
        float[] values = new float[Draws];
        rng.FillUniform(values, -3f, 5f);
        double sum = 0;
        foreach (float v in values)
        {
            Assert.InRange(v, -3f, 5f);
            Assert.True(v < 5f);
            sum += v;
        }

        Assert.Equal(1.0, sum / Draws, 5 * 8 * Math.Sqrt(1.0 / 12 / Draws));
        for (int i = 0; i < 10_000; i++)
        {
            float f = rng.NextFloat();
            Assert.True(f >= 0f && f < 1f);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(100)]
    public void NextInt_IsUnbiased_ChiSquare(int k)
    {
        var rng = new Rng(3);
        int n = 2000 * k;
        var counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            counts[rng.NextInt(k)]++;
        }

        double expected = (double)n / k;
        double chi2 = 0;
        foreach (int c in counts)
        {
            chi2 += (c - expected) * (c - expected) / expected;
        }

        Assert.True(chi2 < ChiSquare999(k - 1), $"chi-square {chi2:F1} with {k - 1} degrees of freedom");
    }

    [Fact]
    public void NextInt_LargeNonPowerOfTwoRange_HasNoModuloBias()
    {
        // With m = 3 * 2^29, 2^32 = 2m + 2^30, so 32 random bits taken modulo m would give each value below 2^30 three
        // chances against two for the rest: P(value < 2^29) would be 3/8 instead of 1/3.
        const int m = 3 << 29;
        var rng = new Rng(4);
        int low = 0;
        const int n = 60_000;
        for (int i = 0; i < n; i++)
        {
            int v = rng.NextInt(m);
            Assert.InRange(v, 0, m - 1);
            if (v < 1 << 29)
            {
                low++;
            }
        }

        // [0, 2^29) has probability 1/3 under the uniform law.
        Assert.Equal(1.0 / 3, (double)low / n, 5 * Math.Sqrt(2.0 / 9 / n));
    }

    [Fact]
    public void NextInt_NonPositiveBound_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Rng(1).NextInt(0));
        Assert.Contains("maxExclusive must be > 0", ex.Message);
        Assert.Equal(0, new Rng(1).NextInt(1));
    }

    [Fact]
    public void NextNormal_MomentsMatchStandardNormal()
    {
        var rng = new Rng(5);
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (int i = 0; i < Draws; i++)
        {
            double z = rng.NextNormal();
            double z2 = z * z;
            s1 += z;
            s2 += z2;
            s3 += z2 * z;
            s4 += z2 * z2;
        }

        double mean = s1 / Draws, variance = s2 / Draws, skew = s3 / Draws, kurt = s4 / Draws;
        // Standard errors of the raw moments of N(0,1): sqrt(1/n), sqrt(2/n), sqrt(15/n), sqrt(96/n).
        Assert.Equal(0.0, mean, 5 * Math.Sqrt(1.0 / Draws));
        Assert.Equal(1.0, variance, 5 * Math.Sqrt(2.0 / Draws));
        Assert.Equal(0.0, skew, 5 * Math.Sqrt(15.0 / Draws));
        Assert.Equal(3.0, kurt, 5 * Math.Sqrt(96.0 / Draws));
    }

    [Fact]
    public void NormalAndFillNormal_ApplyMeanAndStd()
    {
        var rng = new Rng(6);
        float[] values = new float[Draws];
        rng.FillNormal(values, 2f, 0.5f);
        double sum = 0, sumSq = 0;
        foreach (float v in values)
        {
            sum += v;
            sumSq += (v - 2.0) * (v - 2.0);
        }

        Assert.Equal(2.0, sum / Draws, 5 * 0.5 / Math.Sqrt(Draws));
        Assert.Equal(0.25, sumSq / Draws, 5 * 0.25 * Math.Sqrt(2.0 / Draws));
    }

    [Fact]
    public void NextExponential_HasUnitMeanAndVariance()
    {
        var rng = new Rng(7);
        double sum = 0, sumSq = 0;
        for (int i = 0; i < Draws; i++)
        {
            double e = rng.NextExponential();
            Assert.True(e >= 0 && double.IsFinite(e));
            sum += e;
            sumSq += (e - 1) * (e - 1);
        }

        // Exp(1): mean 1, variance 1, fourth central moment 9.
        Assert.Equal(1.0, sum / Draws, 5 * Math.Sqrt(1.0 / Draws));
        Assert.Equal(1.0, sumSq / Draws, 5 * Math.Sqrt(8.0 / Draws));
    }

    [Fact]
    public void SameSeed_GivesSameStream_OtherSeedDiffers()
    {
        Rng a = new(42), b = new(42), c = new(43);
        int same = 0;
        for (int i = 0; i < 1000; i++)
        {
            ulong x = a.NextUInt64();
            Assert.Equal(x, b.NextUInt64());
            if (x == c.NextUInt64())
            {
                same++;
            }
        }

        Assert.Equal(0, same);
        Assert.Equal(42UL, a.Seed);
    }

    [Fact]
    public void ForStream_StreamsDifferAndAreUncorrelated()
    {
        const int streams = 64;
        var firsts = new HashSet<ulong>();
        for (int s = 0; s < streams; s++)
        {
            Assert.True(firsts.Add(Rng.ForStream(9, (ulong)s).NextUInt64()), $"stream {s} repeats another stream's first output");
        }

        // Neighbouring streams, and a stream and its parent seed, are uncorrelated.
        Rng s0 = Rng.ForStream(9, 0), s1 = Rng.ForStream(9, 1), parent = new(9);
        double c01 = 0, c0p = 0;
        const int n = 50_000;
        for (int i = 0; i < n; i++)
        {
            double u0 = s0.NextDouble() - 0.5;
            c01 += u0 * (s1.NextDouble() - 0.5);
            c0p += u0 * (parent.NextDouble() - 0.5);
        }

        // Each product has variance 1/144.
        Assert.Equal(0.0, c01 / n, 5 * Math.Sqrt(1.0 / 144 / n));
        Assert.Equal(0.0, c0p / n, 5 * Math.Sqrt(1.0 / 144 / n));
    }

    [Fact]
    public void ForStream_DoesNotDependOnCreationOrderOrThread()
    {
        const int streams = 32;
        var forward = new ulong[streams];
        for (int s = 0; s < streams; s++)
        {
            forward[s] = Rng.ForStream(77, (ulong)s).NextUInt64();
        }

        var backward = new ulong[streams];
        for (int s = streams - 1; s >= 0; s--)
        {
            backward[s] = Rng.ForStream(77, (ulong)s).NextUInt64();
        }

        var threaded = new ulong[streams];
        Parallel.For(0, streams, s => threaded[s] = Rng.ForStream(77, (ulong)s).NextUInt64());

        Assert.Equal(forward, backward);
        Assert.Equal(forward, threaded);
        Assert.NotEqual(forward[0], Rng.ForStream(78, 0).NextUInt64());
    }

    [Fact]
    public void Shuffle_IsAPermutationWithUniformOrder()
    {
        var rng = new Rng(8);
        // Orders of (0, 1, 2) counted by the base-3 code 9 a + 3 b + c; only the six permutations may appear.
        var counts = new int[27];
        int[] items = new int[3];
        const int n = 60_000;
        for (int i = 0; i < n; i++)
        {
            items[0] = 0;
            items[1] = 1;
            items[2] = 2;
            rng.Shuffle<int>(items);
            counts[(9 * items[0]) + (3 * items[1]) + items[2]]++;
        }

        int[] permutations = [5, 7, 11, 15, 19, 21];
        Assert.Equal(n, permutations.Sum(p => counts[p]));
        double expected = n / 6.0, chi2 = 0;
        foreach (int p in permutations)
        {
            chi2 += (counts[p] - expected) * (counts[p] - expected) / expected;
        }

        Assert.True(chi2 < ChiSquare999(5), $"chi-square {chi2:F1} with 5 degrees of freedom");

        int[] big = Enumerable.Range(0, 1000).ToArray();
        rng.Shuffle<int>(big);
        Assert.Equal(Enumerable.Range(0, 1000), big.Order());
    }

    // 99.9% quantile of chi-square with df degrees of freedom by the Wilson-Hilferty approximation (z = 3.090),
    // within 3% for df = 1 and under 1% from df = 5, far tighter than the margin it decides.
    private static double ChiSquare999(int df)
    {
        double a = 2.0 / (9.0 * df);
        double t = 1 - a + (3.090 * Math.Sqrt(a));
        return df * t * t * t;
    }
}
