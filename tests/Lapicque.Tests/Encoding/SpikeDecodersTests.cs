using Lapicque.Encoding;
using Lapicque.Numerics;

namespace Lapicque.Tests.Encoding;

public class SpikeDecodersTests
{
    // A hand-made raster [T = 4, B = 2, N = 3]; rows are steps, each row is [sample 0 | sample 1].
    private static readonly float[] Raster =
    [
        0, 1, 0,   0, 0, 0,
        1, 1, 0,   0, 0, 0,
        0, 0, 0,   1, 0, 0,
        1, 1, 0,   1, 0, 1,
    ];

    [Fact]
    public void SpikeCount_CountsPerNeuron()
    {
        float[] counts = new float[6];
        SpikeDecoders.SpikeCount(Raster, 4, counts);
        Assert.Equal([2f, 3f, 0f, 2f, 0f, 1f], counts);
    }

    [Fact]
    public void RateHz_IsCountOverWindowInSeconds()
    {
        float[] rates = new float[6];
        SpikeDecoders.RateHz(Raster, 4, 2.0, rates); // window 8 ms
        Assert.Equal([250f, 375f, 0f, 250f, 0f, 125f], rates);
    }

    [Fact]
    public void FirstSpikeStep_IsFirstActiveStep_SilentIsWindowLengthOrMarker()
    {
        float[] first = new float[6];
        SpikeDecoders.FirstSpikeStep(Raster, 4, first);
        Assert.Equal([1f, 0f, 4f, 2f, 4f, 3f], first);
        SpikeDecoders.FirstSpikeStep(Raster, 4, float.PositiveInfinity, first);
        Assert.Equal([1f, 0f, float.PositiveInfinity, 2f, float.PositiveInfinity, 3f], first);
    }

    [Fact]
    public void MaxOverTime_IsPeakIncludingNegativeTraces()
    {
        float[] v = [-3f, 0.5f, -2f, 1f, -1f, 0.25f, -5f, 2f];
        float[] max = new float[2];
        SpikeDecoders.MaxOverTime(v, 4, max);
        Assert.Equal([-1f, 2f], max);
    }

    [Fact]
    public void ClassHelpers_PickArgMaxOrArgMin_TiesToLowestIndex_NaNNeverWins()
    {
        int[] classes = new int[3];
        SpikeDecoders.ClassFromCounts([1f, 4f, 4f, 0f, 0f, 0f, float.NaN, -1f, -2f], 3, classes);
        Assert.Equal([1, 0, 1], classes);
        SpikeDecoders.ClassFromFirstSpike([5f, 2f, 7f, 9f, 9f, 9f, float.NaN, 3f, 1f], 3, classes);
        Assert.Equal([1, 0, 2], classes);
        SpikeDecoders.ClassFromMembrane([-0.5f, -0.1f, -0.9f, 0.2f, 0.3f, 0.1f, float.NaN, float.NaN, float.NaN], 3, classes);
        Assert.Equal([1, 1, 0], classes);
    }

    [Fact]
    public void EncodeThenDecode_RoundTripsLatencyOrder()
    {
        // A latency code decoded by first-spike step predicts the strongest input as the class.
        float[] x = [0.2f, 0.9f, 0.5f, 0.7f, 0.1f, 0.3f];
        var spikes = new LatencyEncoder().Encode(Tensor.FromArray(x, 2, 3), 10, default);
        var first = SpikeDecoders.FirstSpikeStep(spikes);
        Assert.Equal([2, 3], first.Shape.ToArray());
        int[] classes = new int[2];
        SpikeDecoders.ClassFromFirstSpike(first.Span, 3, classes);
        Assert.Equal([1, 0], classes);
    }

    [Fact]
    public void TensorForms_DropTheTimeDimension()
    {
        var raster = Tensor.FromArray((float[])Raster.Clone(), 4, 2, 3);
        var counts = SpikeDecoders.SpikeCount(raster);
        Assert.Equal([2, 3], counts.Shape.ToArray());
        Assert.Equal(3f, counts[0, 1]);
        Assert.Equal(375f, SpikeDecoders.RateHz(raster, 2.0)[0, 1]);
        Assert.Equal(1f, SpikeDecoders.MaxOverTime(raster)[1, 2]);
        Assert.Contains("expected [T, B, ...]", Assert.Throws<ArgumentException>(() => SpikeDecoders.SpikeCount(new Tensor(5))).Message);
    }

    [Fact]
    public void BadArguments_NameArgumentExpectationAndValue()
    {
        Assert.Contains("spikes.Length was 10; expected steps * destination.Length = 4 * 3 = 12.",
            Assert.Throws<ArgumentException>(() => SpikeDecoders.SpikeCount(new float[10], 4, new float[3])).Message);
        Assert.Contains("steps must be > 0; was 0.",
            Assert.ThrowsAny<ArgumentException>(() => SpikeDecoders.FirstSpikeStep(new float[3], 0, new float[3])).Message);
        Assert.StartsWith("dtMs must be > 0; was -1.",
            Assert.Throws<ArgumentException>(() => SpikeDecoders.RateHz(new float[3], 1, -1, new float[3])).Message);
        Assert.Contains("scores.Length was 5; expected batch * classes = 2 * 3 = 6.",
            Assert.Throws<ArgumentException>(() => SpikeDecoders.ArgMax(new float[5], 3, new int[2])).Message);
    }
}
