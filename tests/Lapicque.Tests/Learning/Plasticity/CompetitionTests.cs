using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;

namespace Lapicque.Tests.Learning.Plasticity;

public class CompetitionTests
{
    private static readonly LifParameters If = new() { TauMemMs = 1e9, ThresholdMv = 1, ResetMv = 0, Input = InputMode.Direct };

    // Volleys: every input neuron fires at each time; input i drives output i through a delta synapse of weight drive[i].
    private static Network Volleys(INeuronModel model, float[] drive, double[] timesMs)
    {
        int n = drive.Length;
        var neurons = timesMs.SelectMany(_ => Enumerable.Range(0, n)).ToArray();
        var times = timesMs.SelectMany(t => Enumerable.Repeat(t, n)).ToArray();
        return new Network(
            "kwta",
            [Population.Create("in", n, new SpikeGeneratorSource { Neurons = neurons, TimesMs = times }),
             Population.Create("out", n, model)],
            [new Projection { Name = "ff", Source = "in", Target = "out", Connectivity = new Connectivity.OneToOne(), Weights = new WeightInit.Values(drive) }]);
    }

    private static List<int>[] Run(Network net, double ms)
    {
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 1, Threads = 1 });
        var m = sim.MonitorSpikes("out");
        sim.Run(ms);
        var byStep = Enumerable.Range(0, (int)ms).Select(_ => new List<int>()).ToArray();
        for (int k = 0; k < m.Count; k++)
        {
            byStep[m.Steps[k]].Add(m.Neurons[k]);
        }

        return byStep;
    }

    [Fact]
    public void PerStep_OnlyTheKMostDepolarisedFire()
    {
        float[] drive = [1.5f, 2.0f, 1.2f, 0.5f, 3.0f, 2.0f];
        var free = Run(Volleys(If, drive, [3]), 6);
        Assert.Equal([0, 1, 2, 4, 5], free[3]);

        var kwta = Run(Volleys(new KWinnerTakeAll(If, K: 2), drive, [3]), 6);
        Assert.Equal([1, 4], kwta[3]); // 3.0 and the first of the two 2.0s
        Assert.Equal(2, kwta.Sum(s => s.Count));
    }

    [Fact]
    public void Losers_AreResetWithoutFiring()
    {
        // Drive 0.6 twice: without competition the second volley fires neuron 0; with k = 1 neuron 1 (0.9) wins the first
        // volley, and neuron 0, which also crossed on the second volley, is reset by losing, not left at 1.2.
        float[] drive = [0.6f, 0.9f];
        var net = Volleys(new KWinnerTakeAll(If, K: 1), drive, [2, 3]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 1, Threads = 1 });
        var m = sim.MonitorSpikes("out");
        sim.Run(4);
        Assert.Equal([1], m.Neurons);
        Assert.Equal(0f, sim.State("out").State("v")[0]);
    }

    [Fact]
    public void PerPresentation_FirstKWinnersKeepFiring_OthersAreSilentUntilTheNextPresentation()
    {
        float[] drive = [1.5f, 2.0f, 1.2f, 3.0f];
        var net = Volleys(new KWinnerTakeAll(If, K: 2, Scope: WinnerScope.PerPresentation), drive, [2, 4, 6]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 1, Threads = 1 });
        var m = sim.MonitorSpikes("out");
        sim.Run(5);
        Assert.Equal([1, 3, 1, 3], m.Neurons);
        var pop = Assert.IsType<KWinnerTakeAllPopulation>(sim.State("out"));
        Assert.Equal(2, pop.WinnerCount);

        // A new presentation in which neuron 3's input is cut: the two best of the rest win.
        pop.BeginPresentation();
        net.Projections[0].Matrix!.Weights[3] = 0f;
        sim.Run(2);
        Assert.Equal([1, 3, 1, 3, 0, 1], m.Neurons);
    }

    [Fact]
    public void LateralInhibition_TheMostDrivenNeuronSilencesTheOthers()
    {
        var lif = new LifParameters { TauMemMs = 20, ThresholdMv = 1, ResetMv = 0, RefractoryMs = 2 };
        var inh = new LifParameters { TauMemMs = 10, ThresholdMv = 1, ResetMv = 0 };
        double[] drive = [1.20, 1.35, 1.25, 1.30, 1.50];
        Network Build(bool inhibit)
        {
            var pops = new List<Population> { Population.Create("exc", 5, lif) };
            var projs = new List<Projection>();
            if (inhibit)
            {
                var (pop, toInh, fromInh) = LateralInhibition.Create("exc", 5, inh, 2.0, -5.0, new Synapse.Delta(), new Synapse.Current(5));
                pops.Add(pop);
                projs.Add(toInh);
                projs.Add(fromInh);
            }

            var currents = drive.Select((d, i) => (CurrentInjection)new CurrentInjection.Constant(d) { Target = "exc", Neurons = [i] });
            return new Network("li", pops, projs, currents);
        }

        int[] Counts(bool inhibit)
        {
            var sim = new ClockDrivenSimulator(Build(inhibit), new SimulationOptions { DtMs = 0.1, Threads = 1 });
            var m = sim.MonitorSpikes("exc");
            sim.Run(500);
            var counts = new int[5];
            foreach (int n in m.Neurons)
            {
                counts[n]++;
            }

            return counts;
        }

        var free = Counts(false);
        var competed = Counts(true);

        // Without inhibition every neuron fires (drive above threshold), faster with more drive.
        Assert.All(free, c => Assert.True(c > 5));
        Assert.True(free[4] > free[1] && free[1] > free[3] && free[3] > free[2] && free[2] > free[0]);

        // With it, neuron 4 wins and the others are (nearly) silent; the winner keeps most of its rate.
        Assert.True(competed[4] > 0.5 * free[4], $"winner fired {competed[4]} times; alone {free[4]}");
        for (int i = 0; i < 4; i++)
        {
            Assert.True(competed[i] <= 1, $"neuron {i} fired {competed[i]} times under inhibition");
        }
    }
}
