using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;
using Lapicque.Tests.Neurons;

namespace Lapicque.Tests.Simulation.EventDriven;

public class EventDrivenSimulatorTests
{
    private const double H = 1e-4;

    [Fact]
    public void QifNetwork_SpikeTimesAndFinalStateMatchFineRk4()
    {
        var net = RandomQifNetwork(seed: 11);
        InputSpike[] inputs = RandomInputs(seed: 12, channels: 3, perChannel: 2, trialMs: 6.0);
        var sim = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 6.0, MaxEvents = 200 });
        EventTrial trial = sim.Run(inputs);
        (List<NetworkSpike> reference, QifRk4[] neurons) = NetworkRk4(net, inputs, 6.0);

        NetworkSpike[] spikes = trial.Spikes();
        Assert.True(spikes.Length >= 4, $"the test network should spike; it spiked {spikes.Length} times");
        AssertSameSpikes(reference, spikes);
        for (int j = 0; j < net.NeuronCount; j++)
        {
            AssertClose(neurons[j].V, trial.FinalState[j], 1e-7, $"V[{j}](T)");
            AssertClose(neurons[j].I, trial.FinalState[net.NeuronCount + j], 1e-7, $"I[{j}](T)");
        }
    }

    [Fact]
    public void ThetaNetwork_SpikeTimesMatchFineRk4OfTheVForm()
    {
        var model = new ThetaParameters();
        var net = new EventNetwork(model, 2, [4, 2], recurrent: true);
        var rng = new Rng(21);
        Fill(net.FeedForwardWeights(0), rng, -0.5, 2.0);
        Fill(net.FeedForwardWeights(1), rng, -1.0, 1.5);
        FillRecurrent(net, rng, -0.8, 0.8);
        for (int j = 0; j < net.NeuronCount; j++)
        {
            net.InitialState[j] = rng.Uniform(0.0, model.PeriodMs);
        }

        InputSpike[] inputs = RandomInputs(seed: 22, channels: 2, perChannel: 3, trialMs: 9.0);
        EventTrial trial = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 9.0, MaxEvents = 200 }).Run(inputs);
        (List<NetworkSpike> reference, QifRk4[] neurons) = NetworkRk4(net, inputs, 9.0);
        NetworkSpike[] spikes = trial.Spikes();
        Assert.True(spikes.Length >= 6);
        AssertSameSpikes(reference, spikes);
        ThetaConstants k = model.Constants();
        for (int j = 0; j < net.NeuronCount; j++)
        {
            AssertClose(Theta.PhaseOf(k, neurons[j].V), trial.FinalState[j], 1e-7, $"phase[{j}](T)");
        }
    }

    [Theory]
    [InlineData("klos-qif")]
    [InlineData("theta")]
    public void ClockDrivenPopulation_SpikesWithinOneStepOfTheEventDrivenTimes(string model)
    {
        // Inputs on the step grid: the clock-driven population is then exact up to stamping a spike with its step end.
        const double dt = 1e-3, trialMs = 8.0;
        INeuronModel p = model == "theta" ? new ThetaParameters { InitialPhaseMs = 1.0 } : new KlosQifParameters { TauMs = 1.0 };
        var net = new EventNetwork(p, 3, [1]);
        double[] w = net.FeedForwardWeights(0);
        (w[0], w[1], w[2]) = model == "theta" ? (1.5, -2.0, 0.7) : (3.0, -1.0, 2.0);
        InputSpike[] inputs = [new(0.5, 0), new(1.7, 2), new(2.9, 1), new(3.3, 0), new(5.1, 2), new(5.2, 0)];
        double[] exact = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = trialMs }).Run(inputs).SpikeTimes(0);

        NeuronPopulation pop = p.CreatePopulation(1, dt);
        float[] drive = new float[1], spikes = new float[1];
        var clock = new List<double>();
        int nextIn = 0;
        for (int step = 0; step < (int)Math.Round(trialMs / dt); step++)
        {
            drive[0] = 0f;
            while (nextIn < inputs.Length && (int)Math.Round(inputs[nextIn].TimeMs / dt) == step)
            {
                drive[0] += (float)w[inputs[nextIn++].Channel];
            }

            pop.Step(drive, spikes);
            if (spikes[0] == 1f)
            {
                clock.Add((step + 1) * dt);
            }
        }

        Assert.True(exact.Length >= 2, $"the test neuron should spike; it spiked {exact.Length} times");
        Assert.Equal(exact.Length, clock.Count);
        // The populations keep their state in float32: a theta phase near Theta = 6 ms rounds by up to 2.4e-7 ms per
        // step, which over 8000 steps can shift a spike by a few 1e-4 ms.
        double slack = model == "theta" ? 5e-4 : 1e-6;
        for (int k = 0; k < exact.Length; k++)
        {
            Assert.InRange(clock[k] - exact[k], -slack, dt + slack);
        }
    }

    [Fact]
    public void SingleInput_SpikeFollowsTheKickByTheClosedFormDelay()
    {
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 1, [1]);
        net.FeedForwardWeights(0)[0] = 4.0;
        EventTrial trial = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 5.0 }).Run([new InputSpike(0.5, 0)]);
        double delay = new QifRk4(1.0, 0.0, 4.0).RunToSpike(10, H);
        Assert.Equal(3, trial.Events.Count);
        Assert.Equal(new EventRecord(0.5, EventKind.Input, 0), trial.Events[0]);
        Assert.Equal(EventKind.Spike, trial.Events[1].Kind);
        AssertClose(0.5 + delay, trial.Events[1].TimeMs, 1e-9, "spike time");
        Assert.Equal(double.NegativeInfinity, trial.StateAfter(1)[0]);
        Assert.Equal(new EventRecord(5.0, EventKind.TrialEnd, -1), trial.Events[2]);
    }

    [Fact]
    public void Tape_IsTimeOrderedAndEndsWithTheTrialEnd()
    {
        var net = RandomQifNetwork(seed: 31);
        EventTrial trial = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 6.0, MaxEvents = 200 })
            .Run(RandomInputs(seed: 32, channels: 3, perChannel: 2, trialMs: 8.0));
        for (int e = 1; e < trial.Events.Count; e++)
        {
            Assert.True(trial.Events[e].TimeMs >= trial.Events[e - 1].TimeMs);
            if (trial.Events[e].Kind == EventKind.Spike)
            {
                Assert.Equal(double.NegativeInfinity, trial.StateAfter(e)[trial.Events[e].Index]);
            }
        }

        Assert.Equal(EventKind.TrialEnd, trial.Events[^1].Kind);
        Assert.Single(trial.Events, e => e.Kind == EventKind.TrialEnd);
        Assert.Equal(6.0, trial.Events[^1].TimeMs);
        Assert.Equal(net.InitialState, trial.InitialState.ToArray());
    }

    [Fact]
    public void EventCap_ReachedBeforeTrialEnd_ThrowsAClearError()
    {
        // A theta neuron oscillates with period 6: 10 ms hold at least one spike.
        var net = new EventNetwork(new ThetaParameters { InitialPhaseMs = 5.0 }, 1, [1]);
        var sim = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 100.0, MaxEvents = 3 });
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run([]));
        Assert.StartsWith("MaxEvents (3) was reached at t = 13 ms, before the trial end T = 100 ms", ex.Message);
        Assert.Equal(3, new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 13.5, MaxEvents = 3 }).Run([]).Spikes().Length);
    }

    [Fact]
    public void RunBatch_EqualsSequentialRuns_WhateverTheThreadCount()
    {
        var net = RandomQifNetwork(seed: 41);
        var batch = new List<InputSpike[]>();
        for (int b = 0; b < 6; b++)
        {
            batch.Add(RandomInputs(seed: (ulong)(100 + b), channels: 3, perChannel: 2, trialMs: 6.0));
        }

        var sim = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 6.0, MaxEvents = 200 });
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            EventTrial[] one = sim.RunBatch(batch);
            Parallelism.MaxThreads = 4;
            EventTrial[] four = sim.RunBatch(batch);
            for (int b = 0; b < batch.Count; b++)
            {
                EventTrial alone = sim.Run(batch[b]);
                Assert.Equal(alone.Events, one[b].Events);
                Assert.Equal(alone.Events, four[b].Events);
                Assert.Equal(alone.FinalState.ToArray(), four[b].FinalState.ToArray());
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void WithoutRecordedStates_EventsAndFinalStateAreTheSame()
    {
        var net = RandomQifNetwork(seed: 51);
        InputSpike[] inputs = RandomInputs(seed: 52, channels: 3, perChannel: 2, trialMs: 6.0);
        EventTrial full = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 6.0, MaxEvents = 200 }).Run(inputs);
        EventTrial lean = new EventDrivenSimulator(net, new EventSimulationOptions { TrialMs = 6.0, MaxEvents = 200, RecordStates = false }).Run(inputs);
        Assert.Equal(full.Events, lean.Events);
        Assert.Equal(full.FinalState.ToArray(), lean.FinalState.ToArray());
        Assert.False(lean.RecordsStates);
        var ex = Assert.Throws<InvalidOperationException>(() => lean.StateAfter(0).ToArray());
        Assert.Contains("RecordStates = true", ex.Message);
    }

    [Fact]
    public void BadInputsAndModels_AreRejectedWithClearMessages()
    {
        var net = new EventNetwork(new KlosQifParameters(), 2, [1]);
        var sim = new EventDrivenSimulator(net, new EventSimulationOptions());
        var ex = Assert.Throws<ArgumentException>(() => sim.Run([new InputSpike(0.5, 0), new InputSpike(0.2, 1)]));
        Assert.StartsWith("inputs[1].TimeMs must be finite, >= 0 and >= the previous input time (0.5); was 0.2.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => sim.Run([new InputSpike(0.5, 2)]));
        Assert.StartsWith("inputs[0].Channel must be in [0, 1]; was 2.", ex.Message);
        var theta = new EventNetwork(new ThetaParameters(), 1, [2]);
        theta.InitialState[1] = 7.0;
        ex = Assert.Throws<ArgumentException>(() => new EventDrivenSimulator(theta, new EventSimulationOptions()).Run([]));
        Assert.StartsWith("InitialState[1] must be a phase in [0, 6]; was 7.", ex.Message);
        net.InitialState[1] = double.NaN;
        ex = Assert.Throws<ArgumentException>(() => sim.Run([]));
        Assert.StartsWith("InitialState[1] must be a finite current I; was NaN.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new EventNetwork(new LifParameters(), 1, [1]));
        Assert.StartsWith("The event-driven simulator supports the models 'klos-qif' and 'theta'; the network's model was 'lif'.", ex.Message);
    }

    private static EventNetwork RandomQifNetwork(ulong seed)
    {
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 3, [3, 2], recurrent: true);
        var rng = new Rng(seed);
        Fill(net.FeedForwardWeights(0), rng, 0.5, 4.0);
        Fill(net.FeedForwardWeights(1), rng, -1.0, 5.0);
        FillRecurrent(net, rng, -1.5, 1.5);
        return net;
    }

    private static void Fill(double[] w, Rng rng, double low, double high)
    {
        for (int k = 0; k < w.Length; k++)
        {
            w[k] = rng.Uniform(low, high);
        }
    }

    private static void FillRecurrent(EventNetwork net, Rng rng, double low, double high)
    {
        for (int l = 0; l < net.LayerCount; l++)
        {
            double[] w = net.RecurrentWeights(l)!;
            int size = net.LayerSizes[l];
            Fill(w, rng, low, high);
            for (int k = 0; k < size; k++)
            {
                w[(k * size) + k] = 0.0;
            }
        }
    }

    private static InputSpike[] RandomInputs(ulong seed, int channels, int perChannel, double trialMs)
    {
        var rng = new Rng(seed);
        var list = new List<InputSpike>();
        for (int c = 0; c < channels; c++)
        {
            for (int k = 0; k < perChannel; k++)
            {
                list.Add(new InputSpike(rng.Uniform(0.0, trialMs), c));
            }
        }

        list.Sort((a, b) => a.TimeMs.CompareTo(b.TimeMs));
        return [.. list];
    }

    // Yardstick: every neuron integrated by fixed-step RK4 (QifRk4), with spikes located inside a step and the whole
    // network stopped there to transmit, and inputs applied at their exact times.
    private static (List<NetworkSpike> Spikes, QifRk4[] Neurons) NetworkRk4(EventNetwork net, InputSpike[] inputs, double trialMs)
    {
        int n = net.NeuronCount;
        bool qif = net.Model is KlosQifParameters;
        var neurons = new QifRk4[n];
        for (int j = 0; j < n; j++)
        {
            if (qif)
            {
                neurons[j] = new QifRk4(((KlosQifParameters)net.Model).TauMs, net.InitialState[j], net.InitialState[n + j]);
            }
            else
            {
                var p = (ThetaParameters)net.Model;
                neurons[j] = new QifRk4(p.TauMs, Theta.PotentialOf(p.Constants(), net.InitialState[j]), p.Drive, decayingCurrent: false);
            }
        }

        var spikes = new List<NetworkSpike>();
        var saved = new (bool, double, double, double)[n];
        double t = 0.0;
        int nextIn = 0;
        while (t < trialMs)
        {
            double inputTime = nextIn < inputs.Length ? inputs[nextIn].TimeMs : double.PositiveInfinity;
            double stop = Math.Min(Math.Min(t + H, inputTime), trialMs);
            double first = double.PositiveInfinity;
            int source = -1;
            for (int j = 0; j < n; j++)
            {
                saved[j] = neurons[j].Save();
                double at = neurons[j].Advance(stop - t);
                if (at < first)
                {
                    first = at;
                    source = j;
                }
            }

            if (source >= 0)
            {
                for (int j = 0; j < n; j++)
                {
                    neurons[j].Restore(saved[j]);
                    neurons[j].Advance(first);
                }

                t += first;
                spikes.Add(new NetworkSpike(t, source));
                neurons[source].ResetToNegativeInfinity();
                int layer = net.LayerOf(source);
                int local = source - net.LayerOffset(layer);
                if (layer + 1 < net.LayerCount)
                {
                    Kick(net, neurons, net.FeedForwardWeights(layer + 1), local, layer + 1, qif);
                }

                if (net.RecurrentWeights(layer) is double[] rec)
                {
                    Kick(net, neurons, rec, local, layer, qif);
                }
            }
            else
            {
                t = stop;
                if (stop == inputTime)
                {
                    Kick(net, neurons, net.FeedForwardWeights(0), inputs[nextIn++].Channel, 0, qif);
                }
            }
        }

        return (spikes, neurons);
    }

    private static void Kick(EventNetwork net, QifRk4[] neurons, double[] weights, int row, int layer, bool qif)
    {
        int size = net.LayerSizes[layer];
        for (int k = 0; k < size; k++)
        {
            QifRk4 target = neurons[net.LayerOffset(layer) + k];
            if (qif)
            {
                target.KickI(weights[(row * size) + k]);
            }
            else
            {
                target.KickV(weights[(row * size) + k]);
            }
        }
    }

    private static void AssertSameSpikes(List<NetworkSpike> expected, NetworkSpike[] actual)
    {
        Assert.True(expected.Count == actual.Length, $"spike counts differ: RK4 {expected.Count}, event-driven {actual.Length}");
        for (int k = 0; k < actual.Length; k++)
        {
            Assert.Equal(expected[k].Neuron, actual[k].Neuron);
            AssertClose(expected[k].TimeMs, actual[k].TimeMs, 1e-8, $"spike {k} of neuron {actual[k].Neuron}");
        }
    }

    private static void AssertClose(double expected, double actual, double rel, string what)
    {
        double scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= rel * scale, $"{what}: expected {expected:R}, got {actual:R}.");
    }
}
