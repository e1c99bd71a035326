using Lapicque.Analysis;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;

namespace Lapicque.Tests.Analysis;

public class ActivityReportTests
{
    private static readonly LifParameters Lif = new() { TauMemMs = 10, ThresholdMv = 1, ResetMv = 0 };

    // 3 inputs -> 2 hidden -> 1 output, dense.
    internal static Network Tiny(INeuronModel? input = null) => new Network(
        "tiny",
        [Population.Create("in", 3, input ?? new ExternalSource()), Population.Create("hid", 2, Lif), Population.Create("out", 1, Lif)],
        [new Projection { Name = "in_hid", Source = "in", Target = "hid", Connectivity = new Connectivity.All() },
         new Projection { Name = "hid_out", Source = "hid", Target = "out", Connectivity = new Connectivity.All() }]).Build(1);

    [Fact]
    public void TinyNetwork_CountsMatchHandArithmetic()
    {
        // 10 input spikes, 4 hidden, 1 output over 5 steps of one sample.
        var r = ActivityReport.FromPopulationCounts(Tiny(), [10, 4, 1], steps: 5);

        // SynOps: each input spike reaches 2 hidden neurons, each hidden spike 1 output: 10*2 + 4*1 = 24.
        Assert.Equal(24, r.SynapticOperations);
        Assert.Equal(20, r.Projections[0].SynapticOperations);
        Assert.Equal(4, r.Projections[1].SynapticOperations);

        // Dense ANN pass: 3*2 + 2*1 = 8 MACs; the SNN run densely touches 8 synapses in each of 5 steps.
        Assert.Equal(8, r.AnnMacs);
        Assert.Equal(0, r.AnnAdds);
        Assert.Equal(40, r.DenseSynapticOperations);

        // Updates: (2 + 1) hosted neurons x 5 steps; inputs are not updated.
        Assert.Equal(15, r.NeuronUpdates);
        Assert.Equal(3, r.HostedNeurons);
        Assert.Equal(3, r.InputNeurons);
        Assert.Equal(15, r.Spikes);

        // Memory: 8 float32 weights of dense matrices; LIF keeps v and refractory: 4 B x 2 x 3 neurons.
        Assert.Equal(32, r.WeightBytes);
        Assert.Equal(24, r.StateBytes);
        Assert.Equal(3, r.MaxFanIn(1));
        Assert.Equal(2, r.MaxFanIn(2));
        Assert.Equal(2, r.MaxFanOut);
    }

    [Fact]
    public void Samples_DividePerInferenceFiguresAndMultiplyAnnOps()
    {
        var r = ActivityReport.FromPopulationCounts(Tiny(), [20, 8, 2], steps: 5, samples: 2);
        Assert.Equal(16, r.AnnMacs);
        Assert.Equal(30, r.NeuronUpdates);
        Assert.Equal(48, r.SynapticOperations);

        // Per inference the energy equals the one-sample case: (24 * 0.9 + 15 * 5.5) pJ.
        Assert.Equal((24 * 0.9) + (15 * 5.5), EnergyModel.Horowitz45nm.Snn(r).TotalPj, 9);
    }

    [Fact]
    public void SparseFanOut_PerNeuronCountsAreExact_TotalsUseMeanFanOut()
    {
        // Synapses 0->0, 0->1, 1->1: fan-outs 2, 1, 0.
        var net = new Network(
            "sparse",
            [Population.Create("a", 3, new ExternalSource()), Population.Create("b", 2, Lif)],
            [new Projection { Name = "ab", Source = "a", Target = "b", Connectivity = new Connectivity.Explicit([1, 0, 0], [1, 1, 0]) }]).Build(3);
        var exact = ActivityReport.FromNeuronCounts(net, [new long[] { 3, 5, 7 }, null], steps: 10);
        Assert.Equal((3 * 2) + (5 * 1) + (7 * 0), exact.SynapticOperations);

        // Mean fan-out 3 synapses / 3 neurons = 1: 15 spikes give 15.
        var mean = ActivityReport.FromPopulationCounts(net, [15, 0], steps: 10);
        Assert.Equal(15, mean.SynapticOperations);

        // Sparse storage: weights + int32 targets (3 each) + 4 row offsets.
        Assert.Equal((4 * 3) + (4 * 3) + (4 * 4), exact.WeightBytes);
        Assert.Equal(2, exact.MaxFanIn(1));
    }

    [Fact]
    public void Convolution_FanOutCountsCoveringWindows()
    {
        // [1, 4, 4] -> 3x3 conv, 2 output channels -> [2, 2, 2]. The corner pixel is in one window, the pixel (1, 1) in four.
        var net = new Network(
            "conv",
            [new Population { Name = "img", Model = new ExternalSource(), Shape = [1, 4, 4] },
             new Population { Name = "fm", Model = Lif, Shape = [2, 2, 2] }],
            [new Projection { Name = "c", Source = "img", Target = "fm", Connectivity = new Connectivity.Conv2d(3, 3) }]).Build(1);
        int[] fanOut = ProjectionFanOut.PerSource(net, net.Projections[0]);
        Assert.Equal(2 * 1, fanOut[0]);
        Assert.Equal(2 * 4, fanOut[5]);
        Assert.Equal(2 * 2, fanOut[1]);

        // Every one of 2 x 2 x 2 outputs reads 3 x 3 inputs: 72 connections, 72 MACs (no padding).
        Assert.Equal(72, fanOut.Sum());
        var r = ActivityReport.FromNeuronCounts(net, [Enumerable.Repeat(1L, 16).ToArray(), null], steps: 1);
        Assert.Equal(72, r.SynapticOperations);
        Assert.Equal(72, r.AnnMacs);
        Assert.Equal(9, r.MaxFanIn(1));
    }

    [Fact]
    public void PaddedConvolution_AnnCountsPaddingButSynapsesDoNot()
    {
        // [1, 4, 4], 3x3, padding 1 -> [2, 4, 4]. Per axis the windows covering positions 0..3 number 2, 3, 3, 2 (sum 10).
        var net = new Network(
            "conv",
            [new Population { Name = "img", Model = new ExternalSource(), Shape = [1, 4, 4] },
             new Population { Name = "fm", Model = Lif, Shape = [2, 4, 4] }],
            [new Projection { Name = "c", Source = "img", Target = "fm", Connectivity = new Connectivity.Conv2d(3, 3, Padding: 1) }]).Build(1);
        Assert.Equal(2 * 10 * 10, ProjectionFanOut.Connections(net, net.Projections[0]));
        Assert.Equal(2 * 16 * 9, ProjectionFanOut.DenseOperations(net, net.Projections[0]));
        var r = ActivityReport.FromPopulationCounts(net, [0, 0], steps: 1);
        // An interior output reads all 9 inputs; the corner output only 2 x 2.
        Assert.Equal(9, r.MaxFanIn(1));
    }

    [Fact]
    public void Pooling_IsCountedAsAdditions()
    {
        var net = new Network(
            "pool",
            [new Population { Name = "fm", Model = new ExternalSource(), Shape = [2, 4, 4] },
             new Population { Name = "p", Model = Lif, Shape = [2, 2, 2] }],
            [new Projection { Name = "pool", Source = "fm", Target = "p", Connectivity = new Connectivity.Pool2d(PoolKind.Sum, 2, 2) }]).Build(1);
        var r = ActivityReport.FromPopulationCounts(net, [32, 0], steps: 1);

        // Non-overlapping 2x2 windows: each pixel feeds one output; 8 outputs x 4 additions.
        Assert.Equal(32, r.SynapticOperations);
        Assert.Equal(0, r.AnnMacs);
        Assert.Equal(32, r.AnnAdds);
        Assert.Equal(0, r.WeightBytes);
    }

    [Fact]
    public void FromSimulation_CountsGeneratorSpikesTimesFanOut()
    {
        // Input neurons 0, 1, 2 fire 2, 1 and 3 times: 6 spikes, each reaching both hidden neurons.
        var input = new SpikeGeneratorSource { Neurons = [0, 0, 1, 2, 2, 2], TimesMs = [1, 3, 2, 1, 2, 3] };
        var net = Tiny(input);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 1 });
        var monitors = new[] { sim.MonitorSpikes("in"), sim.MonitorSpikes("hid"), sim.MonitorSpikes("out") };
        sim.Run(20);
        var r = ActivityReport.FromSimulation(sim, monitors);
        Assert.Equal(6, r.Populations[0].Spikes);
        Assert.Equal((6 * 2) + (monitors[1].Count * 1), r.SynapticOperations);
        Assert.Equal(3 * 20, r.NeuronUpdates);
        Assert.Equal(1.0, r.DtMs);
    }

    [Fact]
    public void FromSimulation_MissingMonitorOnASender_IsRejected()
    {
        var sim = new ClockDrivenSimulator(Tiny(new SpikeGeneratorSource()), new SimulationOptions { DtMs = 1 });
        var m = sim.MonitorSpikes("in");
        var e = Assert.Throws<ArgumentException>(() => ActivityReport.FromSimulation(sim, [m]));
        Assert.Contains("'hid'", e.Message);
    }

    [Fact]
    public void WrongNumberOfCounts_IsRejectedWithBothNumbers()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivityReport.FromPopulationCounts(Tiny(), [1, 2], steps: 1));
        Assert.Contains("2 entries", e.Message);
        Assert.Contains("3 populations", e.Message);
    }
}
