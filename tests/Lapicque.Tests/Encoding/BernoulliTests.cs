using Lapicque.Encoding;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Encoding;

public class BernoulliTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Sample_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        var rng = new Rng(11);
        uint[] thresholds = new uint[n], bits = new uint[n];
        for (int i = 0; i < n; i++)
        {
            // Include the special values 0 and uint.MaxValue and equal bits/threshold pairs.
            thresholds[i] = (i % 5) switch { 0 => 0u, 1 => uint.MaxValue, _ => rng.NextUInt32() };
            bits[i] = i % 7 == 0 ? thresholds[i] : rng.NextUInt32();
        }

        float[] vector = new float[n], scalar = new float[n];
        vector.AsSpan().Fill(0.5f);
        Bernoulli.Sample(thresholds, bits, vector);
        Bernoulli.SampleScalar(thresholds, bits, scalar);
        Assert.Equal(scalar, vector);
        for (int i = 0; i < n; i++)
        {
            bool expected = thresholds[i] == uint.MaxValue || bits[i] < thresholds[i];
            Assert.Equal(expected ? 1f : 0f, vector[i]);
        }
    }

    [Fact]
    public void Threshold_EndsAreExactAndInteriorIsFloorOfPTimes2To32()
    {
        Assert.Equal(0u, Bernoulli.Threshold(0.0));
        Assert.Equal(0u, Bernoulli.Threshold(-0.5));
        Assert.Equal(0u, Bernoulli.Threshold(double.NaN));
        Assert.Equal(uint.MaxValue, Bernoulli.Threshold(1.0));
        Assert.Equal(uint.MaxValue, Bernoulli.Threshold(7.0));
        Assert.Equal(1u << 31, Bernoulli.Threshold(0.5));
        Assert.Equal(1u << 30, Bernoulli.Threshold(0.25));
        Assert.Equal(429496u, Bernoulli.Threshold(1e-4)); // floor(429496.7296)
    }

    [Fact]
    public void Threshold_AllBitsBelowMeansAlwaysAndZeroMeansNever()
    {
        uint[] bits = [0u, 1u, uint.MaxValue - 1, uint.MaxValue];
        float[] always = new float[4], never = new float[4];
        Bernoulli.Sample([uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue], bits, always);
        Bernoulli.Sample([0u, 0u, 0u, 0u], bits, never);
        Assert.All(always, s => Assert.Equal(1f, s));
        Assert.All(never, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Sample_LengthMismatch_NamesAllLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Bernoulli.Sample(new uint[3], new uint[4], new float[3]));
        Assert.Contains("thresholds 3, bits 4, destination 3", ex.Message);
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(42UL, 7UL)]
    [InlineData(ulong.MaxValue, 123456789UL)]
    public void StreamBits_EqualsRngForStream(ulong seed, ulong stream)
    {
        // The kernels' allocation-free generator must be Rng.ForStream's sequence bit for bit.
        var rng = Rng.ForStream(seed, stream);
        var bits = StreamBits.ForStream(seed, stream);
        ulong[] filled = new ulong[5];
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(rng.NextUInt64(), bits.NextUInt64());
        }

        bits.Fill(filled);
        for (int i = 0; i < filled.Length; i++)
        {
            Assert.Equal(rng.NextUInt64(), filled[i]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(392)]
    public void LaneBits_VectorMatchesScalarTwin_AcrossConsecutiveFills(int length)
    {
        var vector = LaneBits.ForStream(5, 9);
        var scalar = vector;
        ulong[] a = new ulong[length], b = new ulong[length];
        for (int fill = 0; fill < 3; fill++)
        {
            vector.Fill(a);
            scalar.FillScalar(b);
            Assert.Equal(b, a);
        }
    }

    [Fact]
    public void LaneBits_LaneJIsRngSeededWithDrawJOfTheStream()
    {
        // Yardstick: the library's Rng. Lane j must be new Rng(r_j), r_j the j-th draw of Rng.ForStream(seed, stream).
        var root = Rng.ForStream(123, 45);
        var lanes = new Rng[LaneBits.Lanes];
        for (int j = 0; j < lanes.Length; j++)
        {
            lanes[j] = new Rng(root.NextUInt64());
        }

        var bits = LaneBits.ForStream(123, 45);
        ulong[] filled = new ulong[40];
        bits.Fill(filled.AsSpan(0, 20));
        bits.Fill(filled.AsSpan(20, 20));
        for (int k = 0; k < filled.Length; k++)
        {
            Assert.Equal(lanes[k % LaneBits.Lanes].NextUInt64(), filled[k]);
        }
    }

    [Fact]
    public void LaneBits_LengthNotMultipleOfLanes_Throws()
    {
        var bits = LaneBits.ForStream(1, 1);
        Assert.Contains("destination.Length was 6; expected a multiple of 4.", Assert.Throws<ArgumentException>(() => bits.Fill(new ulong[6])).Message);
    }
}
