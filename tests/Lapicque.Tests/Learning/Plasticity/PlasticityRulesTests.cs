using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;

namespace Lapicque.Tests.Learning.Plasticity;

public class PlasticityRulesTests
{
    [Fact]
    public void Attach_AddsTheNamedRule_AndItLearns()
    {
        var net = new Network(
            "named",
            [Population.Create("pre", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [10] }),
             Population.Create("teacher", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [14.9] }),
             Population.Create("post", 1, new LifParameters { ThresholdMv = 1e4 })],
            [new Projection { Name = "plastic", Source = "pre", Target = "post", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(0.5), Plasticity = "stdp" },
             new Projection { Name = "teach", Source = "teacher", Target = "post", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(1e6) }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 0.1, Threads = 1 });
        var rules = PlasticityRules.Attach(sim);
        Assert.IsType<PairStdp>(Assert.Single(rules).Value);
        sim.Run(20);
        var p = new PairStdpParameters();
        Assert.Equal(0.5 + (p.APlus * Math.Exp(-5 / p.TauPlusMs)), net.Projections[0].Matrix!.Weights[0], 5);
    }

    [Fact]
    public void UnknownName_ListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => PlasticityRules.Create("sdtp"));
        Assert.Contains("'sdtp'", e.Message);
        Assert.Contains("kheradpisheh", e.Message);
        foreach (string name in PlasticityRules.Names)
        {
            Assert.NotNull(PlasticityRules.Create(name));
        }
    }

    [Fact]
    public void AddPlasticity_UnknownProjection_NamesTheKnownOnes()
    {
        var net = new Network(
            "n",
            [Population.Create("a", 1, new PoissonSource()), Population.Create("b", 1, new LifParameters())],
            [new Projection { Name = "ab", Source = "a", Target = "b", Connectivity = new Connectivity.All() }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions());
        var e = Assert.Throws<ArgumentException>(() => sim.AddPlasticity("ba", new PairStdp(new PairStdpParameters())));
        Assert.Contains("'ba'", e.Message);
        Assert.Contains("ab", e.Message);
    }
}
