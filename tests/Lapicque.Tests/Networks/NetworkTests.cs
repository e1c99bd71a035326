using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Networks;

public class NetworkTests
{
    private static Network Recurrent(Connectivity c, int n = 400, ulong seed = 3) => new Network(
        "net",
        [Population.Create("p", n, new LifParameters())],
        [new Projection { Name = "rec", Source = "p", Target = "p", Connectivity = c }]).Build(seed);

    [Fact]
    public void FixedProbability_DensityWithinBinomialBounds()
    {
        const double p = 0.02;
        var m = Recurrent(new Connectivity.FixedProbability(p), 1000).Projections[0].Matrix!;
        double n = 1000.0 * 1000.0, mean = n * p, sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(m.Count, mean - (5 * sd), mean + (5 * sd));

        // Rows are sorted, unique and in range.
        for (int s = 0; s < m.SourceCount; s++)
        {
            (int a, int b) = m.Row(s);
            for (int k = a + 1; k < b; k++)
            {
                Assert.True(m.Targets![k] > m.Targets[k - 1]);
            }
        }

        // Each target's in-degree is Binomial(1000, p): its variance should match, too (a clustered sampler would fail).
        int[] deg = m.InDegrees();
        double mu = deg.Average(), var = deg.Select(d => (d - mu) * (d - mu)).Sum() / (deg.Length - 1);
        Assert.InRange(var, 0.75 * 1000 * p * (1 - p), 1.25 * 1000 * p * (1 - p));
    }

    [Fact]
    public void FixedProbability_NoSelfWhenDisallowed_AndSameSeedSameMatrix()
    {
        var a = Recurrent(new Connectivity.FixedProbability(0.3, AllowSelf: false), 200, 9).Projections[0].Matrix!;
        var b = Recurrent(new Connectivity.FixedProbability(0.3, AllowSelf: false), 200, 9).Projections[0].Matrix!;
        var c = Recurrent(new Connectivity.FixedProbability(0.3, AllowSelf: false), 200, 10).Projections[0].Matrix!;
        for (int s = 0; s < 200; s++)
        {
            (int x, int y) = a.Row(s);
            for (int k = x; k < y; k++)
            {
                Assert.NotEqual(s, a.Targets![k]);
            }
        }

        Assert.Equal(a.Targets, b.Targets);
        Assert.NotEqual(a.Targets, c.Targets);
    }

    [Fact]
    public void FixedInDegree_EveryTargetHasExactlyKDistinctSources()
    {
        var m = Recurrent(new Connectivity.FixedInDegree(25, AllowSelf: false), 100).Projections[0].Matrix!;
        Assert.All(m.InDegrees(), d => Assert.Equal(25, d));
        var seen = new HashSet<(int, int)>();
        for (int s = 0; s < 100; s++)
        {
            (int a, int b) = m.Row(s);
            for (int k = a; k < b; k++)
            {
                Assert.NotEqual(s, m.Targets![k]);
                Assert.True(seen.Add((s, m.Targets[k])));
            }
        }
    }

    [Fact]
    public void Explicit_WeightsAndDelaysFollowTheirPairs()
    {
        var net = new Network(
            "n",
            [Population.Create("a", 3, new PoissonSource()), Population.Create("b", 4, new LifParameters())],
            [new Projection
            {
                Name = "ab", Source = "a", Target = "b",
                Connectivity = new Connectivity.Explicit([2, 0, 2, 1], [3, 1, 0, 2]),
                Weights = new WeightInit.Values([0.1f, 0.2f, 0.3f, 0.4f]),
                Delay = new DelayInit.Values([1f, 2f, 3f, 4f]),
            }]).Build(1);
        float[] dense = net.Projections[0].Matrix!.ToDense();
        Assert.Equal(0.1f, dense[(2 * 4) + 3]);
        Assert.Equal(0.2f, dense[(0 * 4) + 1]);
        Assert.Equal(0.3f, dense[(2 * 4) + 0]);
        Assert.Equal(0.4f, dense[(1 * 4) + 2]);
        var m = net.Projections[0].Matrix!;
        (int r0, int r1) = m.Row(2);
        Assert.Equal([0, 3], m.Targets![r0..r1]);
        Assert.Equal([3f, 1f], m.DelaysMs![r0..r1]);
    }

    [Fact]
    public void All_IsDenseSourceMajor_WithFanInInit()
    {
        var net = new Network(
            "n",
            [Population.Create("x", 784, new ExternalSource()), Population.Create("h", 100, new LifParameters())],
            [new Projection { Name = "xh", Source = "x", Target = "h", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform() }]).Build(5);
        var m = net.Projections[0].Matrix!;
        Assert.True(m.IsDense);
        Assert.Equal(784 * 100, m.Count);
        float bound = 1f / MathF.Sqrt(784);
        Assert.All(m.Weights, w => Assert.InRange(w, -bound, bound));
        Assert.Equal((100, 200), m.Row(1));
    }

    [Fact]
    public void Validate_UnknownPopulation_NamesTheProjectionAndTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Network(
            "n",
            [Population.Create("exc", 10, new LifParameters())],
            [new Projection { Name = "e2i", Source = "exc", Target = "inh", Connectivity = new Connectivity.All() }]));
        Assert.Equal("projections[0] 'e2i'.target 'inh' is not a population; expected one of: exc.", ex.Message);
    }

    [Fact]
    public void Validate_ProjectionOntoInput_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Network(
            "n",
            [Population.Create("in", 10, new PoissonSource()), Population.Create("exc", 10, new LifParameters())],
            [new Projection { Name = "back", Source = "exc", Target = "in", Connectivity = new Connectivity.OneToOne() }]));
        Assert.Contains("input populations receive no projections", ex.Message);
    }

    [Fact]
    public void Validate_ConvShapeMismatch_SaysWhatTheConvolutionGives()
    {
        // 28 -> 5x5 valid convolution -> 24 -> 2x2 max pooling -> 12: a consistent network builds.
        var ok = new Network(
            "n",
            [new Population { Name = "img", Model = new ExternalSource(), Shape = [1, 28, 28] },
             new Population { Name = "c1", Model = new LifParameters(), Shape = [12, 12, 12] }],
            [new Projection { Name = "conv", Source = "img", Target = "c1", Connectivity = new Connectivity.Conv2d(5, 5, Pool: new Connectivity.Pool2d(PoolKind.Max, 2, 2)) }]).Build(1);
        Assert.Equal(12 * 25, ok.Projections[0].Kernel!.Length);

        var bad = Assert.Throws<ArgumentException>(() => new Network(
            "n",
            [new Population { Name = "img", Model = new ExternalSource(), Shape = [1, 28, 28] },
             new Population { Name = "c1", Model = new LifParameters(), Shape = [12, 24, 24] }],
            [new Projection { Name = "conv", Source = "img", Target = "c1", Connectivity = new Connectivity.Conv2d(5, 5, Pool: new Connectivity.Pool2d(PoolKind.Max, 2, 2)) }]));
        Assert.Contains("of a [1, 28, 28] source gives [C, 12, 12]; the target is [12, 24, 24]", bad.Message);
    }

    [Fact]
    public void Validate_ModelErrors_AreNamedByPopulation()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Network(
            "n", [Population.Create("exc", 10, new LifParameters { TauMemMs = -5 })], []));
        Assert.Equal("populations[0] 'exc'.model: TauMemMs must be > 0; was -5.", ex.Message);
    }

    [Fact]
    public void PoissonSource_RateMatchesWithinBinomialBound()
    {
        var pop = new PoissonSource { RateHz = 50 }.CreatePopulation(1000, 0.1);
        pop.Seed(new Rng(11));
        float[] spikes = new float[1000];
        long count = 0;
        for (int step = 0; step < 10000; step++)
        {
            pop.Step(default, spikes);
            foreach (float s in spikes)
            {
                count += (long)s;
            }
        }

        // 1000 neurons x 1 s at 50 Hz; p per step = 1 - exp(-0.005).
        double p = -double.ExpM1(-0.005), n = 1e7, mean = n * p, sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(count, mean - (5 * sd), mean + (5 * sd));
    }

    [Fact]
    public void SpikeGenerator_EmitsAtTheFirstGridTimeAtOrAfterEachSpike()
    {
        var pop = new SpikeGeneratorSource { Neurons = [1, 0, 1], TimesMs = [0.3, 1.0, 0.05] }.CreatePopulation(2, 0.1);
        float[] spikes = new float[2];
        var emitted = new List<(int Step, int Neuron)>();
        for (int step = 0; step < 20; step++)
        {
            pop.Step(default, spikes);
            for (int i = 0; i < 2; i++)
            {
                if (spikes[i] == 1f)
                {
                    emitted.Add((step, i));
                }
            }
        }

        // Step s is stamped (s+1)*dt: 0.05 -> 0.1 (step 0), 0.3 -> step 2, 1.0 -> step 9.
        Assert.Equal([(0, 1), (2, 1), (9, 0)], emitted);
    }
}
