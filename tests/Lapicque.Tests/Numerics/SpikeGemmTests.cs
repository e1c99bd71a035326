using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Numerics;

public class SpikeGemmTests
{
    public static IEnumerable<object[]> Widths()
    {
        // Every width around the 16- and 8-lane vectors and the 128- and 64-column strips, plus layer-like sizes.
        for (int n = 0; n <= 35; n++)
        {
            yield return [n];
        }

        foreach (int n in new[] { 63, 64, 65, 127, 128, 129, 130, 200, 256, 1000 })
        {
            yield return [n];
        }
    }

    [Fact]
    public void SpikeIndex_FromRowsAndFromColumns_ListTheSpikesInOrder()
    {
        // X (3 x 4, ldx 5; the fifth column is padding and must be ignored):
        // [0 1 0 1 | 9]
        // [0 0 0 0 | 9]
        // [1 0 0 2 | 9]
        float[] x = [0, 1, 0, 1, 9, 0, 0, 0, 0, 9, 1, 0, 0, 2, 9];
        var s = new SpikeIndex();
        s.FromRows(x, 3, 4, 5);
        Assert.Equal(new[] { 0, 2, 2, 4 }, s.RowStart.ToArray());
        Assert.Equal(new[] { 1, 3, 0, 3 }, s.Indices.ToArray());
        Assert.Equal(new float[] { 1, 1, 1, 2 }, s.Values.ToArray());
        Assert.Equal(4.0 / 12.0, s.Density, 12);

        s.FromColumns(x, 3, 4, 5);
        Assert.Equal(4, s.Rows);
        Assert.Equal(3, s.Columns);
        Assert.Equal(new[] { 0, 1, 2, 2, 4 }, s.RowStart.ToArray());
        Assert.Equal(new[] { 2, 0, 0, 2 }, s.Indices.ToArray());
        Assert.Equal(new float[] { 1, 1, 1, 2 }, s.Values.ToArray());
    }

    [Fact]
    public void SpikeIndex_FromRows_LongRowsMatchScalarScan()
    {
        var rng = new Rng(17);
        float[] x = Spikes(rng, 7 * 101, 0.3);
        var s = new SpikeIndex();
        s.FromRows(x, 7, 101, 101);
        int e = 0;
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(e, s.RowStart[i]);
            for (int j = 0; j < 101; j++)
            {
                if (x[(i * 101) + j] != 0f)
                {
                    Assert.Equal(j, s.Indices[e++]);
                }
            }
        }

        Assert.Equal(e, s.Count);
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void CountNonZero_MatchesElementByElementCount(int n)
    {
        var rng = new Rng((ulong)(5 + n));
        float[] x = Spikes(rng, n, 0.4);
        if (n > 2)
        {
            x[1] = float.NaN;
            x[2] = -0f;
        }

        int expected = 0;
        foreach (float v in x)
        {
            expected += v != 0f ? 1 : 0;
        }

        Assert.Equal(expected, SpikeIndex.CountNonZero(x));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Multiply_SimdMatchesScalarTwinBitForBit(int n)
    {
        var rng = new Rng((ulong)(23 + n));
        const int m = 37, k = 53;
        int ldw = n + 3, ldy = n + 2;
        float[] x = Spikes(rng, m * k, 0.2);
        float[] w = GemmTests.Random(rng, k * ldw);
        var s = new SpikeIndex();
        s.FromRows(x, m, k, k);
        foreach (float beta in new[] { 0f, 1f, -0.5f })
        {
            float[] y1 = GemmTests.Random(rng, m * ldy);
            float[] y2 = (float[])y1.Clone();
            SpikeGemm.Multiply(s, w, n, ldw, beta, y1, ldy);
            SpikeGemm.MultiplyScalar(s, w, n, ldw, beta, y2, ldy);
            Assert.Equal(y2, y1);
        }
    }

    [Theory]
    [InlineData(17)]
    [InlineData(70)]
    [InlineData(200)]
    public void Multiply_TallWeights_MatchScalarTwin(int n)
    {
        // W with 1100 rows (as G in a weight gradient) and widths that take the 16-, 64- and 128-column strips.
        var rng = new Rng(19);
        const int m = 9, k = 1100;
        float[] x = Spikes(rng, m * k, 0.1);
        float[] w = GemmTests.Random(rng, k * n);
        var s = new SpikeIndex();
        s.FromRows(x, m, k, k);
        float[] y1 = GemmTests.Random(rng, m * n);
        float[] y2 = (float[])y1.Clone();
        SpikeGemm.Multiply(s, w, n, n, 0.5f, y1, n);
        SpikeGemm.MultiplyScalar(s, w, n, n, 0.5f, y2, n);
        Assert.Equal(y2, y1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(0.1)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    public void Forward_AtAnyDensity_MatchesDoubleReference(double density)
    {
        var rng = new Rng(29);
        const int m = 45, k = 70, n = 150;
        float[] x = Spikes(rng, m * k, density);
        float[] w = GemmTests.Random(rng, k * n);
        float[] y = GemmTests.Random(rng, m * n);
        float[] expected = (float[])y.Clone();
        Gemm.MultiplyReference(Transpose.None, Transpose.None, m, n, k, 1f, x, k, w, n, 0.5f, expected, n);
        SpikeGemm.Forward(m, n, k, x, k, w, n, 0.5f, y, n, new SpikeIndex());
        AssertClose(expected, y, k);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.7)]
    public void WeightGradient_AtAnyDensity_MatchesDoubleReference(double density)
    {
        var rng = new Rng(31);
        const int m = 60, k = 33, n = 140;
        float[] x = Spikes(rng, m * k, density);
        float[] g = GemmTests.Random(rng, m * n);
        float[] dw = GemmTests.Random(rng, k * n);
        float[] expected = (float[])dw.Clone();
        Gemm.MultiplyReference(Transpose.Transposed, Transpose.None, k, n, m, 1f, x, k, g, n, 1f, expected, n);
        SpikeGemm.WeightGradient(m, n, k, x, k, g, n, 1f, dw, n, new SpikeIndex());
        AssertClose(expected, dw, m);
    }

    [Fact]
    public void WeightGradient_SparseInputs_LeavesRowsOfSilentInputsUntouched()
    {
        var rng = new Rng(37);
        const int m = 50, k = 40, n = 130;
        float[] x = Spikes(rng, m * k, 0.05);
        for (int i = 0; i < m; i++)
        {
            x[(i * k) + 7] = 0f;
            x[(i * k) + 8] = 0f;
        }

        float[] g = GemmTests.Random(rng, m * n);
        float[] dw = GemmTests.Random(rng, k * n);
        dw[(7 * n) + 3] = float.NaN;
        float[] before = (float[])dw.Clone();
        SpikeGemm.WeightGradient(m, n, k, x, k, g, n, 1f, dw, n, new SpikeIndex());
        Assert.Equal(before.AsSpan(7 * n, 2 * n).ToArray(), dw.AsSpan(7 * n, 2 * n).ToArray());
        Assert.NotEqual(before.AsSpan(0, n).ToArray(), dw.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Multiply_WeightShorterThanIndexNeeds_NamesTheSpan()
    {
        var s = new SpikeIndex();
        s.FromRows(new float[] { 1, 0, 1 }, 1, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => SpikeGemm.Multiply(s, new float[5], 2, 2, 0f, new float[2], 2));
        Assert.Contains("w.Length was 5; expected at least 6", e.Message);
    }

    private static float[] Spikes(Rng rng, int length, double density)
    {
        float[] x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = rng.NextDouble() < density ? 1f : 0f;
        }

        return x;
    }

    private static void AssertClose(float[] expected, float[] actual, int k)
    {
        // Inputs in [-1, 1] and 0/1 spikes: |sum| <= k, so k rounding errors of at most 2^-24 * k each bound the error.
        double bound = (k + 2) * k * Math.Pow(2, -24);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= bound, $"element {i}: {actual[i]} vs reference {expected[i]}");
        }
    }
}
