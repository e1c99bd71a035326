using Lapicque.Learning.Plasticity.SpikingCnn;

namespace Lapicque.Tests.Learning.Plasticity.SpikingCnn;

public class InputCodingTests
{
    [Fact]
    public void DogKernel_IsZeroMean_Symmetric_CentreOnSurroundOff()
    {
        var k = DogFilter.Kernel(7, 1, 2);
        Assert.Equal(49, k.Length);
        Assert.Equal(0, k.Sum(), 5);
        Assert.True(k[24] > 0, "centre must be positive");
        Assert.True(k[0] < 0 && k[3] < 0, "corners and edges (surround) must be negative");
        Assert.Equal(k.Max(), k[24]);
        for (int y = 0; y < 7; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                Assert.Equal(k[(y * 7) + x], k[(x * 7) + y], 6);
                Assert.Equal(k[(y * 7) + x], k[(y * 7) + 6 - x], 6);
            }
        }

        // Analytic centre value 1 / Zc - 1 / Zs, with Z the unnormalised Gaussians' sums over the window.
        double zc = 0, zs = 0;
        for (int y = -3; y <= 3; y++)
        {
            for (int x = -3; x <= 3; x++)
            {
                zc += Math.Exp(-((x * x) + (y * y)) / 2.0);
                zs += Math.Exp(-((x * x) + (y * y)) / 8.0);
            }
        }

        // Both normalised Gaussians sum to 1, so the raw DoG already has zero mean and centring leaves it unchanged.
        Assert.Equal((1 / zc) - (1 / zs), k[24], 5);
    }

    [Fact]
    public void DogFilter_UniformPatchIsSilent_BrightDotIsOn_DarkDotIsOff()
    {
        var k = DogFilter.Kernel(7, 1, 2);
        int h = 15, w = 15;
        var uniform = Enumerable.Repeat(0.7f, h * w).ToArray();
        var onOff = new float[2 * h * w];
        DogFilter.Apply(uniform, h, w, k, onOff);
        // Interior (the window fully inside) sees a uniform patch: zero response on both channels.
        for (int y = 3; y < h - 3; y++)
        {
            for (int x = 3; x < w - 3; x++)
            {
                Assert.Equal(0, onOff[(y * w) + x], 5);
                Assert.Equal(0, onOff[(h * w) + (y * w) + x], 5);
            }
        }

        var dot = new float[h * w];
        dot[(7 * w) + 7] = 1;
        DogFilter.Apply(dot, h, w, k, onOff);
        Assert.Equal(k[24], onOff[(7 * w) + 7], 6);
        Assert.Equal(0, onOff[(h * w) + (7 * w) + 7]);
        // Three pixels away the surround dominates: off response equal to -kernel there.
        Assert.Equal(-k[(3 * 7) + 6], onOff[(h * w) + (7 * w) + 10], 6);

        var hole = uniform.ToArray();
        hole[(7 * w) + 7] = 0;
        DogFilter.Apply(hole, h, w, k, onOff);
        Assert.Equal(0.7f * k[24], onOff[(h * w) + (7 * w) + 7], 5);
        Assert.Equal(0, onOff[(7 * w) + 7]);
    }

    [Fact]
    public void DogKernel_RejectsSurroundNotWiderThanCentre_NamingTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => DogFilter.Kernel(7, 2, 1));
        Assert.Contains("sigmaSurroundPx", e.Message);
        Assert.Contains("was 1", e.Message);
    }

    [Fact]
    public void LatencyCoding_StrongerFiresEarlier_WeakNeverFires_EqualCountBins()
    {
        var rng = new Lapicque.Numerics.Rng(3);
        var values = new float[200];
        rng.FillUniform(values, -0.5f, 1f);
        var times = new int[values.Length];
        LatencyCoding.Times(values, 10, 0.1f, times);
        int n = values.Count(v => v > 0.1f);
        var perStep = new int[10];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0.1f)
            {
                Assert.Equal(SpikeWave.Never, times[i]);
                continue;
            }

            Assert.InRange(times[i], 0, 9);
            perStep[times[i]]++;
            for (int j = 0; j < values.Length; j++)
            {
                if (values[j] > 0.1f && values[i] > values[j])
                {
                    Assert.True(times[i] <= times[j], $"value {values[i]} fired at {times[i]}, after weaker {values[j]} at {times[j]}");
                }
            }
        }

        // Rank r of n fires at floor(r * 10 / n): every step holds n/10 spikes, rounded.
        foreach (int c in perStep)
        {
            Assert.InRange(c, (n / 10) - 1, (n / 10) + 1);
        }

        Assert.Equal(n, perStep.Sum());
    }

    [Fact]
    public void SpikeWave_PerStepListsHoldExactlyTheNeuronsFiringThen()
    {
        int[] times = [3, SpikeWave.Never, 0, 3, 1, SpikeWave.Never, 0, 2];
        var wave = SpikeWave.FromTimes(times, 2, 2, 2, 4);
        Assert.Equal([2, 6], wave.SpikesAt(0).ToArray());
        Assert.Equal([4], wave.SpikesAt(1).ToArray());
        Assert.Equal([7], wave.SpikesAt(2).ToArray());
        Assert.Equal([0, 3], wave.SpikesAt(3).ToArray());
        Assert.Equal(6, wave.SpikeCount);
        var e = Assert.Throws<ArgumentException>(() => SpikeWave.FromTimes([0, 5], 1, 1, 2, 4));
        Assert.Contains("times[1] must be in [0, 4) or Never; was 5", e.Message);
    }

    [Fact]
    public void Pooling_FiresWithTheEarliestSpikeInEachWindow()
    {
        int N = SpikeWave.Never;
        int[] times =
        [
            5, 2, N, N,
            N, 7, N, 4,
            N, N, 1, 1,
            N, N, 0, N,
        ];
        var output = new int[4];
        SpikePooling.MaxPoolTimes(times, 1, 4, 4, 2, 2, output);
        Assert.Equal([2, 4, N, 0], output);
    }
}
