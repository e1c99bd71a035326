using Lapicque.Encoding;
using Lapicque.Numerics;

namespace Lapicque.Tests.Encoding;

public class EncoderSeedTests
{
    [Fact]
    public void ForSample_IsRngStreamFirstSamplePlusIndex()
    {
        var seed = new EncoderSeed(99, 40);
        Assert.Equal(Rng.ForStream(99, 43).NextUInt64(), seed.ForSample(3).NextUInt64());
    }

    [Fact]
    public void From_TakesOneDrawOfTheCallersGenerator()
    {
        var rng = new Rng(7);
        var twin = new Rng(7);
        var seed = EncoderSeed.From(rng);
        Assert.Equal(new EncoderSeed(twin.NextUInt64(), 0), seed);
        Assert.Equal(twin.NextUInt64(), rng.NextUInt64());
    }

    [Fact]
    public void ForEpoch_IsReproducible_AndEpochsGetDifferentSpikes()
    {
        Assert.Equal(EncoderSeed.ForEpoch(5, 2, 256), EncoderSeed.ForEpoch(5, 2, 256));
        Assert.Equal(256UL, EncoderSeed.ForEpoch(5, 2, 256).FirstSample);
        Assert.NotEqual(EncoderSeed.ForEpoch(5, 2, 256).Seed, EncoderSeed.ForEpoch(5, 3, 256).Seed);
        Assert.NotEqual(EncoderSeed.ForEpoch(5, 2, 256).Seed, EncoderSeed.ForEpoch(6, 2, 256).Seed);

        float[] x = new float[64];
        x.AsSpan().Fill(0.5f);
        float[] a = new float[640], b = new float[640];
        new RateEncoder().Encode(x, 1, 10, EncoderSeed.ForEpoch(5, 0, 0), a);
        new RateEncoder().Encode(x, 1, 10, EncoderSeed.ForEpoch(5, 1, 0), b);
        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentOutOfRangeException>(() => EncoderSeed.ForEpoch(5, -1, 0));
    }
}
