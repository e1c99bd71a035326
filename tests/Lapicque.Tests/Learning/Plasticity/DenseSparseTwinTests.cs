using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Learning.Plasticity;

// The rules take a SIMD row path on dense matrices and a scalar per-synapse path on sparse ones; the same synapses stored
// both ways must learn the same weights.
public class DenseSparseTwinTests
{
    private const int Inputs = 7;

    private static float[] Learn(int targets, bool dense, Func<IPlasticityRule> rule)
    {
        var all = Enumerable.Range(0, Inputs * targets);
        Connectivity connectivity = dense
            ? new Connectivity.All()
            : new Connectivity.Explicit(all.Select(k => k / targets).ToArray(), all.Select(k => k % targets).ToArray());
        var initial = all.Select(k => 0.2f + (0.6f * (((k * 37) % 11) / 10f))).ToArray();
        var net = new Network(
            "twin",
            [Population.Create("in", Inputs, new PoissonSource { RateHz = 40 }),
             Population.Create("drive", Math.Max(1, targets), new PoissonSource { RateHz = 30 }),
             Population.Create("out", Math.Max(1, targets), new LifParameters { TauMemMs = 10, ThresholdMv = 10, ResetMv = 0 })],
            [new Projection { Name = "plastic", Source = "in", Target = "out", Connectivity = connectivity, Weights = new WeightInit.Values(initial) },
             new Projection { Name = "drive", Source = "drive", Target = "out", Connectivity = new Connectivity.OneToOne(), Weights = new WeightInit.Constant(100) }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 0.5, Seed = 5, Threads = 1 });
        sim.AddPlasticity("plastic", rule());
        sim.Run(300);
        return net.Projections[0].Matrix!.ToDense();
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void PairStdp_DenseRowsMatchSparseSynapses(int targets)
    {
        if (targets == 0 || targets > 64)
        {
            return; // a population needs a neuron; 1000 targets would only repeat the vector body
        }

        var p = new PairStdpParameters { APlus = 0.02, AMinus = 0.021, WMax = 1 };
        var dense = Learn(targets, true, () => new PairStdp(p));
        var sparse = Learn(targets, false, () => new PairStdp(p));
        Assert.Equal(sparse.Length, dense.Length);
        for (int k = 0; k < dense.Length; k++)
        {
            Assert.Equal(sparse[k], dense[k], 5);
        }

        Assert.NotEqual(Learn(targets, true, () => new PairStdp(p with { APlus = 0 })), dense);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    public void OtherRules_DenseMatchesSparse(int targets)
    {
        Func<IPlasticityRule>[] rules =
        [
            () => new PairStdp(new PairStdpParameters { Mu = 1, Pairing = SpikePairing.Nearest }),
            () => new TripletStdp(TripletStdpParameters.VisualCortexAllToAll with { WMax = 1 }),
            () => new KheradpishehStdp(0.05, 0.04, oncePerPresentation: false),
        ];
        foreach (var rule in rules)
        {
            var dense = Learn(targets, true, rule);
            var sparse = Learn(targets, false, rule);
            for (int k = 0; k < dense.Length; k++)
            {
                Assert.Equal(sparse[k], dense[k], 5);
            }
        }
    }
}
