using Lapicque.Networks;
using Lapicque.Simulation;

namespace Lapicque.Tests.Simulation;

public class ClockDrivenThreadingTests
{
    private static List<(long Step, int Neuron)> Spikes(Network net, int threads, double minStepUs, out bool multithreaded)
    {
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { Seed = 11, Threads = threads, ParallelMinStepMicroseconds = minStepUs });
        var e = sim.MonitorSpikes("exc");
        var i = sim.MonitorSpikes("inh");
        sim.Run(60);
        multithreaded = sim.IsMultithreaded;
        var all = Enumerable.Range(0, e.Count).Select(k => (e.Steps[k], e.Neurons[k])).ToList();
        all.AddRange(Enumerable.Range(0, i.Count).Select(k => (i.Steps[k], 10000 + i.Neurons[k])));
        return all;
    }

    // The worker team splits every population into ranges; each neuron must get the same bits on any split, so the
    // spike lists of 1, 2 and 3 threads are identical (and in ascending neuron order within a step).
    [Theory]
    [InlineData("cuba")]
    [InlineData("coba")]
    [InlineData("cobahh")]
    public void ForcedWorkerTeam_SameSpikesAsOneThread(string name)
    {
        Network Build() => name switch
        {
            "cuba" => StandardNetworks.Cuba(),
            "coba" => StandardNetworks.Coba(),
            _ => StandardNetworks.CobaHH(),
        };

        var one = Spikes(Build(), 1, 0, out bool mt1);
        Assert.False(mt1);
        Assert.True(one.Count > 100, $"only {one.Count} spikes");
        for (int k = 1; k < one.Count; k++)
        {
            if (one[k].Step == one[k - 1].Step)
            {
                Assert.True(one[k].Neuron > one[k - 1].Neuron || one[k].Neuron >= 10000);
            }
        }

        foreach (int threads in new[] { 2, 3 })
        {
            var many = Spikes(Build(), threads, 0, out bool mt);
            Assert.True(mt);
            Assert.Equal(one, many);
        }
    }

    // A step far below the threshold stays on the calling thread: no team is started for work smaller than a barrier.
    [Fact]
    public void ShortSteps_StayOnOneThread()
    {
        var net = new Network("tiny", [new Population { Name = "exc", Model = new Lapicque.Neurons.LifParameters(), Shape = [10] }, new Population { Name = "inh", Model = new Lapicque.Neurons.LifParameters(), Shape = [10] }], []);
        Spikes(net, 2, 1e6, out bool mt);
        Assert.False(mt);
    }
}
