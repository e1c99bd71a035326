using Lapicque.Learning.Plasticity.SpikingCnn;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Plasticity.SpikingCnn;

public class SpikingConvLayerTests
{
    private static SpikeWave RandomWave(Rng rng, int c, int h, int w, int steps, double density)
    {
        var times = new int[c * h * w];
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = rng.NextDouble() < density ? rng.NextInt(steps) : SpikeWave.Never;
        }

        return SpikeWave.FromTimes(times, c, h, w, steps);
    }

    [Fact]
    public void Integrate_MatchesNaivePerStepConvolutionOfCumulativeSpikes()
    {
        var rng = new Rng(11);
        var p = new ScnnConvParameters(InputChannels: 3, Maps: 4, KernelSize: 3, Threshold: 3.5f, MaxWinners: 1, InhibitionRadius: 0, WeightMean: 0.5f, WeightStd: 0.3f);
        var layer = new SpikingConvLayer(p, 5);
        int h = 7, w = 6, steps = 6;
        var wave = RandomWave(rng, 3, h, w, steps, 0.4);
        int oh = h - 2, ow = w - 2;
        var v = new float[oh * ow * 4];
        var fire = new int[v.Length];
        var fireV = new float[v.Length];
        layer.Integrate(wave, p.Threshold, v, fire, fireV);

        // Yardstick: at every step, a dense convolution of the inputs that have spiked so far (non-leaky IF).
        for (int m = 0; m < 4; m++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int expectedFire = SpikeWave.Never;
                    double atFire = 0, final = 0;
                    for (int t = 0; t < steps; t++)
                    {
                        double s = 0;
                        for (int c = 0; c < 3; c++)
                        {
                            for (int ky = 0; ky < 3; ky++)
                            {
                                for (int kx = 0; kx < 3; kx++)
                                {
                                    if (wave.Times[(((c * h) + oy + ky) * w) + ox + kx] <= t)
                                    {
                                        s += layer.Weight(m, c, ky, kx);
                                    }
                                }
                            }
                        }

                        if (expectedFire == SpikeWave.Never && s >= p.Threshold)
                        {
                            expectedFire = t;
                            atFire = s;
                        }

                        final = s;
                    }

                    int i = (((oy * ow) + ox) * 4) + m;
                    Assert.Equal(final, v[i], 1e-4);
                    Assert.Equal(expectedFire, fire[i]);
                    if (expectedFire != SpikeWave.Never)
                    {
                        Assert.Equal(atFire, fireV[i], 1e-4);
                    }
                }
            }
        }

        Assert.Contains(fire, t => t != SpikeWave.Never);
        Assert.Contains(fire, t => t == SpikeWave.Never);
    }

    [Fact]
    public void Neuron_FiresAtMostOnce_EvenWhenItsPotentialStaysAboveThreshold()
    {
        // One input channel, 1 x 1 kernel of weight 1, threshold 1: the input fires at step 1 and the potential then
        // stays at 1 for all later steps; the output wave must hold a single spike at step 1.
        var p = new ScnnConvParameters(1, 1, 1, 1f, 1, 0);
        var layer = new SpikingConvLayer(p, 1);
        layer.Weights[0] = 1f;
        var wave = SpikeWave.FromTimes([1], 1, 1, 1, 5);
        var v = new float[1];
        var fire = new int[1];
        var fireV = new float[1];
        layer.Integrate(wave, 1f, v, fire, fireV);
        var outTimes = new int[1];
        SpikingConvLayer.PositionWinners(fire, fireV, 1, 1, outTimes);
        var output = SpikeWave.FromTimes(outTimes, 1, 1, 1, 5);
        Assert.Equal(1, output.SpikeCount);
        Assert.Equal(1, output.SpikesAt(1).Length);
    }

    [Fact]
    public void PositionWinners_KeepOnlyTheEarliestMap_TiesGoToTheLargerPotential()
    {
        int N = SpikeWave.Never;
        // 3 positions x 3 maps, layout [position, map].
        int[] fire = [4, 2, 3, /**/ 1, 1, N, /**/ N, N, N];
        float[] fireV = [9, 5, 8, /**/ 6, 7, 0, /**/ 0, 0, 0];
        var output = new int[9];
        SpikingConvLayer.PositionWinners(fire, fireV, 3, 3, output);
        // Output layout [map, position].
        Assert.Equal([N, N, N, /**/ 2, 1, N, /**/ N, N, N], output);
    }

    [Fact]
    public void SelectWinners_OnePerMap_EarliestFirst_InhibitsWithinTheRadius()
    {
        int N = SpikeWave.Never;
        int h = 1, w = 6, maps = 2;
        // Layout [x, map] on one row.
        int[] fire = [3, N, /*x1*/ 0, 0, /*x2*/ 1, N, /*x3*/ N, 2, /*x4*/ N, N, /*x5*/ 2, 5];
        float[] fireV = [5, 0, /*x1*/ 4, 6, /*x2*/ 9, 0, /*x3*/ 0, 7, /*x4*/ 0, 0, /*x5*/ 3, 8];
        var winners = new StdpWinner[4];
        // Radius 1: the first winner is map 1 at x1 (t 0, larger potential); map 1 is then taken, x0..x2 inhibited;
        // the next is map 0 at x5 (t 2), which inhibits x4..x5; nothing else is left.
        int n = SpikingConvLayer.SelectWinners(fire, fireV, h, w, maps, 4, 1, winners);
        Assert.Equal(2, n);
        Assert.Equal(new StdpWinner(1, 0, 1, 0), winners[0]);
        Assert.Equal(new StdpWinner(0, 0, 5, 2), winners[1]);

        // Radius 0 and one winner allowed: only the very first.
        n = SpikingConvLayer.SelectWinners(fire, fireV, h, w, maps, 1, 0, winners);
        Assert.Equal(1, n);
        Assert.Equal(new StdpWinner(1, 0, 1, 0), winners[0]);

        // Radius 0: map 0 cannot win at x1 (same position as the first winner), so its earliest elsewhere is x2 (t 1).
        n = SpikingConvLayer.SelectWinners(fire, fireV, h, w, maps, 4, 0, winners);
        Assert.Equal(2, n);
        Assert.Equal(new StdpWinner(0, 0, 2, 1), winners[1]);
    }

    [Fact]
    public void Stdp_SignFollowsSpikeOrder_AndTheSoftBoundVanishesAtZeroAndOne()
    {
        Assert.Equal(0.1f * 0.25f, Stdp.Delta(0.5f, true, 0.1f, 0.05f), 6);
        Assert.Equal(-0.05f * 0.25f, Stdp.Delta(0.5f, false, 0.1f, 0.05f), 6);
        Assert.Equal(0f, Stdp.Delta(0f, true, 0.1f, 0.05f));
        Assert.Equal(0f, Stdp.Delta(1f, false, 0.1f, 0.05f));
        Assert.True(Stdp.Delta(0.5f, true, 0.1f, 0.1f) > Stdp.Delta(0.9f, true, 0.1f, 0.1f));
        Assert.True(Stdp.Delta(0.5f, true, 0.1f, 0.1f) > Stdp.Delta(0.1f, true, 0.1f, 0.1f));
    }

    [Fact]
    public void ApplyStdp_PotentiatesInputsAtOrBeforeThePostSpike_DepressesLaterAndSilent_OnlyInTheWinnersMap()
    {
        var p = new ScnnConvParameters(1, 2, 2, 1f, 1, 0, WeightMean: 0.5f, WeightStd: 0f);
        var layer = new SpikingConvLayer(p, 1);
        int N = SpikeWave.Never;
        // 3 x 3 input; the winner at output (1, 1) of map 1 fired at step 2 sees inputs (1,1)=1, (1,2)=2, (2,1)=3, (2,2)=N.
        var wave = SpikeWave.FromTimes([0, 0, 0, 0, 1, 2, 0, 3, N], 1, 3, 3, 4);
        layer.ApplyStdp(wave, new StdpWinner(1, 1, 1, 2), 0.1f, 0.08f);
        Assert.Equal(0.5f + 0.025f, layer.Weight(1, 0, 0, 0), 6);
        Assert.Equal(0.5f + 0.025f, layer.Weight(1, 0, 0, 1), 6);
        Assert.Equal(0.5f - 0.02f, layer.Weight(1, 0, 1, 0), 6);
        Assert.Equal(0.5f - 0.02f, layer.Weight(1, 0, 1, 1), 6);
        for (int ky = 0; ky < 2; ky++)
        {
            for (int kx = 0; kx < 2; kx++)
            {
                Assert.Equal(0.5f, layer.Weight(0, 0, ky, kx));
            }
        }
    }

    [Fact]
    public void Convergence_IsMeanOfWTimesOneMinusW()
    {
        Assert.Equal(0.25, Stdp.Convergence([0.5f, 0.5f]), 9);
        Assert.Equal(0, Stdp.Convergence([0f, 1f, 1f, 0f]), 9);
        Assert.Equal(((0.8 * 0.2) + (0.1 * 0.9)) / 4, Stdp.Convergence([0.8f, 0.1f, 0f, 1f]), 6);
        // Initial weights N(0.8, 0.05): E[w(1-w)] = m(1-m) - s^2 = 0.16 - 0.0025.
        var layer = new SpikingConvLayer(new ScnnConvParameters(2, 30, 5, 15, 5, 3), 9);
        Assert.Equal(0.1575, layer.Convergence(), 2);
    }

    [Fact]
    public void Parameters_RejectBadFields_NamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => new SpikingConvLayer(new ScnnConvParameters(2, 30, 5, -1, 5, 3), 1));
        Assert.Contains("Threshold must be > 0; was -1", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SpikingConvLayer(new ScnnConvParameters(2, 30, 5, 1, 5, -2), 1));
        Assert.Contains("InhibitionRadius must be >= 0; was -2", e.Message);
    }
}
