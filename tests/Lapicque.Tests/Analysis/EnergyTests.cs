using Lapicque.Analysis;
using Lapicque.Networks;
using Lapicque.Neurons;

namespace Lapicque.Tests.Analysis;

public class EnergyTests
{
    // The tiny 3-2-1 network with 10 input, 4 hidden and 1 output spike over 5 steps: 24 SynOps, 8 MACs, 15 updates.
    private static ActivityReport TinyRun() => ActivityReport.FromPopulationCounts(ActivityReportTests.Tiny(), [10, 4, 1], steps: 5);

    [Fact]
    public void Horowitz45nm_HasThePublishedConstants()
    {
        var m = EnergyModel.Horowitz45nm;
        Assert.Equal(0.9, m.AccumulatePj);
        Assert.Equal(3.7, m.MultiplyPj);
        Assert.Equal(m.MultiplyPj + m.AccumulatePj, m.MacPj, 12);
    }

    [Fact]
    public void Snn_And_Ann_OnTinyNetwork_MatchHandArithmetic()
    {
        var r = TinyRun();
        var snn = EnergyModel.Horowitz45nm.Snn(r);
        Assert.Equal(24 * 0.9, snn.SynapticPj, 9);
        Assert.Equal(15 * 5.5, snn.NeuronPj, 9);
        Assert.Equal(104.1, snn.TotalPj, 9);
        Assert.Equal(8 * 4.6, EnergyModel.Horowitz45nm.Ann(r).TotalPj, 9);

        // With 10 pJ per weight read: 24 reads for the SNN, 8 for the ANN.
        Assert.Equal(104.1 + 240, EnergyModel.Horowitz45nmWithSram.Snn(r).TotalPj, 9);
        Assert.Equal(36.8 + 80, EnergyModel.Horowitz45nmWithSram.Ann(r).TotalPj, 9);
    }

    [Fact]
    public void Constants_AreOverridable()
    {
        var m = EnergyModel.Horowitz45nm with { AccumulatePj = 1, NeuronUpdatePj = 0 };
        Assert.Equal(24, m.Snn(TinyRun()).TotalPj, 12);
        var bad = EnergyModel.Horowitz45nm with { MacPj = -1 };
        var e = Assert.Throws<ArgumentException>(() => bad.Ann(TinyRun()));
        Assert.Contains("MacPj must be >= 0; was -1", e.Message);
    }

    [Fact]
    public void Gpu_UsesBoardPowerOverPeakMacRate()
    {
        // A100: 400 W / (19.5e12 / 2 MAC/s) = 41.03 pJ per MAC; 8 MACs.
        Assert.Equal(41.0256, GpuProfile.A100Fp32.PjPerMac, 3);
        Assert.Equal(8 * 400.0 / 9.75, GpuProfile.A100Fp32.Ann(TinyRun()).TotalPj, 6);
    }

    [Fact]
    public void Chips_TinyNetworkFits_EnergyMatchesHandArithmetic()
    {
        var r = TinyRun();
        var loihi = ChipProfiles.Loihi2.Fit(r);
        Assert.True(loihi.Fits);
        Assert.Equal(1, loihi.CoresNeeded); // 3 neurons share one core
        Assert.Equal((24 * 23.6) + (15 * 52), loihi.Energy!.TotalPj, 9);

        var tn = ChipProfiles.TrueNorth.Fit(r);
        Assert.True(tn.Fits);
        Assert.Equal(24 * 26, tn.Energy!.TotalPj, 9);
        Assert.Contains(tn.Energy.Caveats, c => c.Contains("neuron updates not counted", StringComparison.Ordinal));

        var xylo = ChipProfiles.Xylo.Fit(r);
        Assert.True(xylo.Fits);
        Assert.Null(xylo.Energy);
    }

    [Fact]
    public void TrueNorth_FanInAbove256_DoesNotFit_AndCoresFollowSynapseMemory()
    {
        // 300 inputs all-to-all onto 300 neurons: fan-in 300 > 256 axons; a core's 65,536 synapses hold 218 such neurons.
        var lif = new LifParameters();
        var net = new Network(
            "wide",
            [Population.Create("in", 300, new ExternalSource()), Population.Create("h", 300, lif)],
            [new Projection { Name = "p", Source = "in", Target = "h", Connectivity = new Connectivity.All() }]).Build(1);
        var r = ActivityReport.FromPopulationCounts(net, [0, 0], steps: 1);
        var fit = ChipProfiles.TrueNorth.Fit(r);
        Assert.False(fit.Fits);
        Assert.Contains(fit.Problems, p => p.Contains("fan-in: 300 > 256", StringComparison.Ordinal));
        Assert.Equal(2, fit.CoresNeeded);

        // Xylo: 300 input channels > 16 and 90,000 synapses > 64,000.
        var xylo = ChipProfiles.Xylo.Fit(r);
        Assert.Contains(xylo.Problems, p => p.Contains("inputs: 300 > 16", StringComparison.Ordinal));
        Assert.Contains(xylo.Problems, p => p.Contains("synapses: 90000 > 64000", StringComparison.Ordinal));

        // Loihi 2: fits in one core (8192 neurons, ~937,500 synapses per core).
        Assert.True(ChipProfiles.Loihi2.Fit(r).Fits);
        Assert.Equal(1, ChipProfiles.Loihi2.Fit(r).CoresNeeded);
    }

    [Fact]
    public void Loihi2_TooManyNeurons_NeedsMoreCoresThanItHas()
    {
        var net = new Network("big", [Population.Create("h", 1_100_000, new LifParameters())], []);
        var fit = ChipProfiles.Loihi2.Fit(ActivityReport.FromPopulationCounts(net, [0], steps: 1));
        Assert.False(fit.Fits);
        Assert.Equal(135, fit.CoresNeeded); // ceil(1.1e6 / 8192)
        Assert.Contains(fit.Problems, p => p.Contains("neurons: 1100000 > 1000000", StringComparison.Ordinal));
        Assert.Contains(fit.Problems, p => p.Contains("cores: 135 needed > 128", StringComparison.Ordinal));
    }

    [Fact]
    public void Catalogue_FindsByName_AndRejectsUnknownNames()
    {
        Assert.Same(ChipProfiles.TrueNorth, ChipProfiles.Find("TrueNorth"));
        Assert.Equal(4096 * 256, ChipProfiles.TrueNorth.MaxNeurons);
        Assert.Equal(4096L * 65_536, ChipProfiles.TrueNorth.MaxSynapses);
        var e = Assert.Throws<ArgumentException>(() => ChipProfiles.Find("loihi3"));
        Assert.Contains("loihi2, truenorth, spinnaker2, xylo", e.Message);
    }

    [Fact]
    public void Report_Text_ListsEveryPlatform()
    {
        string text = EnergyReport.Create(TinyRun()).ToText();
        Assert.Contains("0.0001041", text); // 104.1 pJ in uJ
        foreach (var chip in ChipProfiles.All)
        {
            Assert.Contains(chip.Name, text);
        }
    }
}

public class AxonLimitTests
{
    [Fact]
    public void TrueNorth_RandomSourcesIntoOneCore_ExceedTheAxonLimit_WhileFanInFits()
    {
        // 300 sources, 100 targets each receiving 100 random sources: fan-in 100 <= 256, but the one core holding all 100
        // targets receives from nearly all 300 sources (a source is missed with probability (1 - 1/3)^100 ~ 2e-18).
        var lif = new Lapicque.Neurons.LifParameters();
        var net = new Network(
            "axons",
            [Population.Create("in", 300, new ExternalSource()), Population.Create("h", 100, lif)],
            [new Projection { Name = "p", Source = "in", Target = "h", Connectivity = new Connectivity.FixedInDegree(100) }]).Build(4);
        var fit = ChipProfiles.TrueNorth.Fit(ActivityReport.FromPopulationCounts(net, [0, 0], steps: 1));
        Assert.Equal(100, fit.MaxFanIn);
        Assert.DoesNotContain(fit.Problems, p => p.StartsWith("fan-in", StringComparison.Ordinal));
        Assert.Contains(fit.Problems, p => p.Contains("axons per core: 300 distinct sources into one core > 256", StringComparison.Ordinal));

        // One-to-one wiring of 200 sources needs only 200 axons per core.
        var oneToOne = new Network(
            "o2o",
            [Population.Create("in", 200, new ExternalSource()), Population.Create("h", 200, lif)],
            [new Projection { Name = "p", Source = "in", Target = "h", Connectivity = new Connectivity.OneToOne() }]).Build(4);
        Assert.True(ChipProfiles.TrueNorth.Fit(ActivityReport.FromPopulationCounts(oneToOne, [0, 0], steps: 1)).Fits);
    }

    [Fact]
    public void GpuDenseSnn_ChargesEverySynapseEveryStep()
    {
        // Tiny network: 8 synapses x 5 steps = 40 MACs at 41.03 pJ.
        var r = ActivityReport.FromPopulationCounts(ActivityReportTests.Tiny(), [10, 4, 1], steps: 5);
        Assert.Equal(40 * 400.0 / 9.75, GpuProfile.A100Fp32.DenseSnn(r).TotalPj, 6);
    }
}
