using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Numerics;
using Lapicque.Simulation;

namespace Lapicque.Tests.Learning.Plasticity;

public class WeightNormalisationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Normalise_SetsEachIncomingSum_AndKeepsTheRatios(bool dense)
    {
        var rng = new Rng(3);
        const int s = 37, t = 11;
        SynapseMatrix m;
        if (dense)
        {
            m = SynapseMatrix.Dense(s, t, new float[s * t]);
        }
        else
        {
            var src = Enumerable.Range(0, 200).Select(_ => rng.NextInt(s)).ToArray();
            var dst = Enumerable.Range(0, 200).Select(_ => rng.NextInt(t - 1)).ToArray(); // target t-1 gets nothing
            m = SynapseMatrix.FromPairs(s, t, src, dst, out _);
        }

        for (int k = 0; k < m.Count; k++)
        {
            m.Weights[k] = (float)rng.Uniform(0, 1);
        }

        var before = (float[])m.Weights.Clone();
        WeightNormalisation.Normalise(m, 78);
        var sums = new double[t];
        for (int k = 0; k < m.Count; k++)
        {
            sums[m.TargetOf(k)] += m.Weights[k];
        }

        var degree = m.InDegrees();
        for (int j = 0; j < t; j++)
        {
            Assert.Equal(degree[j] == 0 ? 0 : 78, sums[j], 3);
        }

        // One factor per target: w / w_before is the same for every synapse onto j.
        var ratio = new double[t];
        for (int k = 0; k < m.Count; k++)
        {
            int j = m.TargetOf(k);
            double r = m.Weights[k] / (double)before[k];
            if (ratio[j] == 0)
            {
                ratio[j] = r;
            }

            Assert.Equal(ratio[j], r, 4);
        }
    }

    [Fact]
    public void AsARule_KeepsTheSumsWhileStdpLearns()
    {
        var net = new Network(
            "norm",
            [Population.Create("in", 20, new PoissonSource { RateHz = 40 }),
             Population.Create("out", 4, new Lapicque.Neurons.LifParameters { TauMemMs = 10, ThresholdMv = 1, ResetMv = 0 })],
            [new Projection { Name = "ff", Source = "in", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.Uniform(0, 0.3) }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 0.5, Seed = 11, Threads = 1 });
        sim.AddPlasticity("ff", new PairStdp(new PairStdpParameters { APlus = 0.02, AMinus = 0.01 }));
        sim.AddPlasticity("ff", new WeightNormalisation(2.5, everySteps: 100));
        var spikes = sim.MonitorSpikes("out");
        var m = net.Projections[0].Matrix!;
        var initial = (float[])m.Weights.Clone();
        for (int block = 0; block < 10; block++)
        {
            sim.Run(50); // 100 steps: the normalisation has just run
            for (int j = 0; j < 4; j++)
            {
                double sum = 0;
                for (int i = 0; i < 20; i++)
                {
                    sum += m.Weights[(i * 4) + j];
                }

                Assert.Equal(2.5, sum, 4);
            }
        }

        Assert.True(spikes.Count > 0);
        Assert.NotEqual(initial, m.Weights);
    }
}
