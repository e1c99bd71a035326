using Lapicque.Analysis;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;

namespace Lapicque.Tests.Simulation;

public class ClockDrivenSimulatorTests
{
    // A non-leaky-enough LIF target (tau 1e6 ms, rest 0) whose v shows every arrival as a step of the weight.
    private static readonly LifParameters Integrator = new() { TauMemMs = 1e6, ThresholdMv = 1e6, ResetMv = 0 };

    private static Network SingleSpike(double spikeMs, DelayInit? delay, Synapse synapse, double weight = 1.0) => new(
        "delay",
        [Population.Create("src", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [spikeMs] }),
         Population.Create("dst", 1, Integrator)],
        [new Projection
        {
            Name = "p", Source = "src", Target = "dst", Connectivity = new Connectivity.OneToOne(),
            Weights = new WeightInit.Constant(weight), Synapse = synapse, Delay = delay,
        }]);

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, 2.5)]
    [InlineData(0.3, 7.1)]
    public void DeltaSynapse_SpikeWithDelayD_ArrivesExactlyDLater(double spikeMs, double delayMs)
    {
        const double dt = 0.1;
        var sim = new ClockDrivenSimulator(SingleSpike(spikeMs, new DelayInit.Constant(delayMs), new Synapse.Delta()), new SimulationOptions { DtMs = dt });
        var v = sim.MonitorState("dst", "v", [0]);
        sim.Run(15);

        // Sample k is the state at (k+1)*dt. The jump must be absent at time spike+delay and present one step later,
        // i.e. it acts from spike + delay on.
        int arrivalStep = (int)Math.Round((spikeMs + delayMs) / dt);
        Assert.Equal(0f, v.Value(arrivalStep - 1, 0));
        Assert.Equal(1f, v.Value(arrivalStep, 0), 4);
        Assert.Equal(spikeMs + delayMs + dt, v.TimeMs(arrivalStep), 9);
    }

    [Fact]
    public void PerSynapseDelays_EachSynapseArrivesAtItsOwnDelay()
    {
        var net = new Network(
            "d",
            [Population.Create("src", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [1.0] }),
             Population.Create("dst", 3, Integrator)],
            [new Projection
            {
                Name = "p", Source = "src", Target = "dst", Connectivity = new Connectivity.All(),
                Delay = new DelayInit.Values([0.5f, 2.0f, 3.3f]),
            }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 0.1 });
        var v = sim.MonitorState("dst", "v", [0, 1, 2]);
        sim.Run(10);
        double[] delays = [0.5, 2.0, 3.3];
        for (int j = 0; j < 3; j++)
        {
            int arrival = (int)Math.Round((1.0 + delays[j]) / 0.1);
            Assert.Equal(0f, v.Value(arrival - 1, j));
            Assert.Equal(1f, v.Value(arrival, j), 4);
        }
    }

    [Fact]
    public void CurrentSynapse_PostsynapticCurrentDecaysWithItsTimeConstant()
    {
        // An exponential current of weight w and tau_s into a LIF with drive units: v follows the analytic PSP
        // w tau_s/(tau_s - tau_m) (exp(-t/tau_s) - exp(-t/tau_m)) to within the held-mean discretisation, O((dt/tau)^2).
        const double tauS = 5, tauM = 20, w = 2, dt = 0.1;
        var target = new LifParameters { TauMemMs = tauM, ThresholdMv = 1e6, ResetMv = -1e6 };
        var net = new Network(
            "psp",
            [Population.Create("src", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [0.1] }), Population.Create("dst", 1, target)],
            [new Projection { Name = "p", Source = "src", Target = "dst", Connectivity = new Connectivity.OneToOne(), Weights = new WeightInit.Constant(w), Synapse = new Synapse.Current(tauS) }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = dt });
        var v = sim.MonitorState("dst", "v", [0]);
        sim.Run(60);
        double peak = 0;
        for (int k = 0; k < v.SampleCount; k++)
        {
            double t = v.TimeMs(k) - 0.1;
            double exact = t <= 0 ? 0 : w * tauS / (tauS - tauM) * (Math.Exp(-t / tauS) - Math.Exp(-t / tauM));
            Assert.True(Math.Abs(v.Value(k, 0) - exact) <= 2e-3 * w, $"t = {t}: {v.Value(k, 0)} vs {exact}");
            peak = Math.Max(peak, exact);
        }

        // Analytic peak: at t = ln(4) * 20/3 ms, 0.315 mV for w = 2.
        Assert.InRange(peak, 0.31, 0.32);
    }

    [Fact]
    public void ConductanceSynapse_PullsTowardsItsReversalPotential()
    {
        var target = new LifParameters { TauMemMs = 20, RestMv = -60, InitialMv = -60, ThresholdMv = 100, ResetMv = -100 };
        foreach ((double reversal, int sign) in new[] { (0.0, 1), (-80.0, -1) })
        {
            var net = new Network(
                "g",
                [Population.Create("src", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [1] }), Population.Create("dst", 1, target)],
                [new Projection { Name = "p", Source = "src", Target = "dst", Connectivity = new Connectivity.OneToOne(), Weights = new WeightInit.Constant(0.5), Synapse = new Synapse.Conductance(5, reversal) }]);
            var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 0.1 });
            var v = sim.MonitorState("dst", "v", [0]);
            sim.Run(10);
            double change = v.Trace(0).Max(x => Math.Abs(x + 60)) * sign;
            Assert.True(sign * (v.Trace(0)[50] + 60) > 0.5, $"E = {reversal}: v(6 ms) = {v.Trace(0)[50]}");
            Assert.True(Math.Abs(change) < Math.Abs(reversal + 60), "never crosses the reversal potential");
        }
    }

    [Fact]
    public void StepCurrent_DrivesOnlyBetweenOnsetAndOffset()
    {
        var lif = new LifParameters { TauMemMs = 10, ThresholdMv = 1, ResetMv = 0 };
        var net = new Network("i", [Population.Create("n", 2, lif)], [], [new CurrentInjection.StepPulse(5, 20, 70) { Target = "n", Neurons = [1] }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = 0.1 });
        var spikes = sim.MonitorSpikes("n");
        sim.Run(100);
        Assert.DoesNotContain(0, spikes.Neurons);
        var times = Enumerable.Range(0, spikes.Count).Select(spikes.TimeMs).ToList();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.InRange(t, 20, 70.1));

        // ISI under drive 5 with threshold 1: tau ln(5/4) = 2.23 ms; (70-20) ms gives 22 spikes.
        Assert.InRange(times.Count, 21, 23);
    }

    [Fact]
    public void SameSeed_SameSpikes_WhateverTheThreadCount()
    {
        List<(long, int)> Run(int threads)
        {
            var sim = new ClockDrivenSimulator(StandardNetworks.Cuba(), new SimulationOptions { Seed = 42, Threads = threads });
            var m = sim.MonitorSpikes("exc");
            sim.Run(150);
            return Enumerable.Range(0, m.Count).Select(k => (m.Steps[k], m.Neurons[k])).ToList();
        }

        var one = Run(1);
        Assert.True(one.Count > 1000);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    [Fact]
    public void Reset_ReproducesTheRun()
    {
        var sim = new ClockDrivenSimulator(StandardNetworks.Coba(), new SimulationOptions { Seed = 7 });
        var m = sim.MonitorSpikes("inh");
        sim.Run(50);
        var first = m.Neurons.ToList();
        sim.Reset();
        var m2 = sim.MonitorSpikes("inh");
        sim.Run(50);
        Assert.Equal(first, m2.Neurons);
    }

    [Fact]
    public void InitialValue_ForUnknownVariable_ListsTheKnownOnes()
    {
        var net = new Network(
            "x",
            [new Population { Name = "n", Model = new LifParameters(), Shape = [3], Initial = new Dictionary<string, InitialValue> { ["u"] = new InitialValue.Constant(1) } }],
            []);
        var ex = Assert.Throws<ArgumentException>(() => new ClockDrivenSimulator(net, new SimulationOptions()));
        Assert.Equal("Population 'n': initial value for unknown state variable 'u'; expected one of: v, refractory.", ex.Message);
    }

    // Reference rates: Brian2 2.5.1 running bench/peers/brian2_networks.py on the same models (5 seeds each), see docs/performance.md.
    [Theory]
    [InlineData("cuba", 5.6)]
    [InlineData("coba", 19.0)]
    public void StandardNetwork_MeanRateMatchesBrian2_Within15Percent(string name, double brian2RateHz)
    {
        double sum = 0;
        ulong[] seeds = [1, 2];
        foreach (ulong seed in seeds)
        {
            var net = name == "cuba" ? StandardNetworks.Cuba() : StandardNetworks.Coba();
            var sim = new ClockDrivenSimulator(net, new SimulationOptions { Seed = seed });
            var e = sim.MonitorSpikes("exc");
            var i = sim.MonitorSpikes("inh");
            sim.Run(1000);
            sum += (e.Count + i.Count) / 4000.0;
        }

        Assert.InRange(sum / seeds.Length, 0.85 * brian2RateHz, 1.15 * brian2RateHz);
    }

    [Fact]
    public void Cuba_IsAsynchronousIrregular()
    {
        var sim = new ClockDrivenSimulator(StandardNetworks.Cuba(), new SimulationOptions { Seed = 3 });
        var e = sim.MonitorSpikes("exc");
        sim.Run(1000);
        var trains = e.TrainsMs();
        Assert.InRange(SpikeStatistics.MeanIsiCv(trains), 0.5, 2.0);
        Assert.True(SpikeStatistics.Synchrony(trains, 1000, 5) < 0.5);
    }
}
