using Lapicque.Numerics;

namespace Lapicque.Tests.Numerics;

// Yardsticks: the published outputs of numpy.random.RandomState(42) (issue 2 and the exact-gradient spec, section 3)
// and the reference MT19937 of Matsumoto and Nishimura (mt19937ar.c), whose 10000th output for init_genrand(5489)
// is 4123659995 (the value C++ std::mt19937 is specified to produce, [rand.predef]).
public class Mt19937Tests
{
    [Fact]
    public void NextUInt32_Seed42_MatchesNumpy()
    {
        var rng = new Mt19937(42);
        uint[] expected = [1608637542u, 3421126067u, 4083286876u, 787846414u, 3143890026u];
        foreach (uint e in expected)
        {
            Assert.Equal(e, rng.NextUInt32());
        }
    }

    [Fact]
    public void NextUInt32_DefaultSeed_TenThousandthOutputMatchesStandard()
    {
        // Crosses many regenerations of the 624-word block, so a wrong twist or tempering constant shows up.
        var rng = new Mt19937(5489);
        uint value = 0;
        for (int i = 0; i < 10000; i++)
        {
            value = rng.NextUInt32();
        }

        Assert.Equal(4123659995u, value);
    }

    [Fact]
    public void NextDouble_Seed42_MatchesNumpyRand()
    {
        var rng = new Mt19937(42);
        Assert.Equal(0.3745401188473625, rng.NextDouble());
        Assert.Equal(0.9507143064099162, rng.NextDouble());
        Assert.Equal(0.7319939418114051, rng.NextDouble());
    }

    [Fact]
    public void NextDouble_UsesTwoWords_TopBitsOfEach()
    {
        var words = new Mt19937(42);
        uint a = words.NextUInt32(), b = words.NextUInt32();
        double expected = (((a >> 5) * 67108864.0) + (b >> 6)) / 9007199254740992.0;
        Assert.Equal(expected, new Mt19937(42).NextDouble());
    }

    [Fact]
    public void NextInt3_Seed42_MatchesNumpyRandint()
    {
        var rng = new Mt19937(42);
        int[] expected = [2, 0, 2, 2, 0, 0, 2, 1, 2, 2];
        foreach (int e in expected)
        {
            Assert.Equal(e, rng.NextInt(3));
        }
    }

    [Theory]
    [InlineData(1u, 1u)]
    [InlineData(2u, 3u)]
    [InlineData(5u, 7u)]
    [InlineData(8u, 15u)]
    [InlineData(1000u, 1023u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public void NextBounded_IsMaskedWordWithRejection(uint max, uint mask)
    {
        // Replays the raw words: each attempt is one word ANDed with the mask, redrawn while above max.
        var words = new Mt19937(123);
        var rng = new Mt19937(123);
        for (int k = 0; k < 200; k++)
        {
            uint expected;
            do
            {
                expected = words.NextUInt32() & mask;
            }
            while (expected > max);

            Assert.Equal(expected, rng.NextBounded(max));
        }
    }

    [Fact]
    public void NextBounded_ZeroRange_ConsumesNothing()
    {
        var rng = new Mt19937(42);
        Assert.Equal(0u, rng.NextBounded(0));
        Assert.Equal(0, rng.NextInt(1));
        Assert.Equal(1608637542u, rng.NextUInt32());
    }

    [Fact]
    public void NextIntLowHigh_ShiftsTheBoundedDraw()
    {
        var a = new Mt19937(9);
        var b = new Mt19937(9);
        for (int k = 0; k < 100; k++)
        {
            Assert.Equal(-5 + a.NextInt(11), b.NextInt(-5, 6));
        }

        Assert.InRange(new Mt19937(1).NextInt(int.MinValue, int.MaxValue), int.MinValue, int.MaxValue - 1);
    }

    [Fact]
    public void NextInt_BadBounds_ThrowWithValue()
    {
        var rng = new Mt19937(1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        Assert.Contains("high must be >= 1; was 0", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(4, 4));
        Assert.Contains("high must be > low (4); was 4", ex.Message);
    }

    [Fact]
    public void FillDouble_EqualsSuccessiveNextDouble()
    {
        var values = new double[700];
        new Mt19937(42).FillDouble(values);
        var rng = new Mt19937(42);
        Assert.Equal(0.3745401188473625, values[0]);
        foreach (double v in values)
        {
            Assert.Equal(rng.NextDouble(), v);
        }
    }
}
