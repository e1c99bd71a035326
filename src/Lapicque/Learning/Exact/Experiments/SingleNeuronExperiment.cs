using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>
/// One QIF neuron learns two target spike times (spec 2.7 b): tau = 1, T = 10, 22 inputs, of which 20 are fixed (times
/// U(0, T), weights N(0, 1) from <see cref="Rng"/>(seed)) and 2 are trainable in weight (from 0) and time (from 1 and 9,
/// kept in [0, T]). The loss is the mean squared error of the first two output times (ordinary spikes, else pseudospikes,
/// <see cref="SpikeTimeMse"/>) against 2.5 and 7.5; each trial clips every gradient element to +-0.02 and takes a plain
/// SGD step of 0.1.
/// </summary>
public static class SingleNeuronExperiment
{
    /// <summary>Trial length T (ms, tau = 1 ms).</summary>
    public const double TrialMs = 10.0;

    /// <summary>The target output times (ms).</summary>
    public static IReadOnlyList<double> Targets { get; } = [2.5, 7.5];

    /// <summary>
    /// Runs <paramref name="trials"/> training trials (&gt;= 1) and records trial 0 (before any step) to <paramref name="trials"/>.
    /// <paramref name="rampSlope"/> &gt; 0 uses the ramp pseudodynamics; <paramref name="progress"/> receives the trials done.
    /// </summary>
    public static SingleNeuronResult Run(int trials = 3000, ulong seed = 3, double learningRate = 0.1, double clip = 0.02, double rampSlope = 0.0, Action<long>? progress = null)
    {
        Check.That(trials >= 1, nameof(trials), ">= 1", trials);
        Check.Positive(learningRate, nameof(learningRate));
        Check.Positive(clip, nameof(clip));
        const int inputs = 22, fixedInputs = 20;
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, inputs, [1]);
        var rng = new Rng(seed);
        double[] times = new double[inputs];
        double[] w = net.FeedForwardWeights(0);
        for (int k = 0; k < fixedInputs; k++)
        {
            times[k] = rng.Uniform(0, TrialMs);
            w[k] = rng.NextNormal();
        }

        times[20] = 1.0;
        times[21] = 9.0;
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = TrialMs, MaxEvents = 200 }) { PseudoRampSlope = rampSlope };
        var tape = new ExactTape();
        var grads = new ExactGradients(net);
        double[][] targets = [[Targets[0], Targets[1]]];
        var loss = new double[trials + 1];
        var t1 = new double[trials + 1];
        var t2 = new double[trials + 1];
        var ordinary = new int[trials + 1];
        var order = new InputSpike[inputs];
        for (int step = 0; step <= trials; step++)
        {
            for (int k = 0; k < inputs; k++)
            {
                order[k] = new InputSpike(times[k], k);
            }

            Array.Sort(order, (a, b) => a.TimeMs.CompareTo(b.TimeMs));
            engine.Forward(order, tape);
            loss[step] = SpikeTimeMse.Apply(tape, targets);
            t1[step] = tape.OutputTime(0, 1);
            t2[step] = tape.OutputTime(0, 2);
            ordinary[step] = tape.OrdinarySpikeCount(0);
            if (step == trials)
            {
                break;
            }

            grads.Clear();
            engine.Backward(tape, grads);
            for (int p = 0; p < inputs; p++)
            {
                int k = order[p].Channel;
                if (k < fixedInputs)
                {
                    continue;
                }

                double gw = Math.Clamp(grads.FeedForward[0][k], -clip, clip);
                double gt = Math.Clamp(grads.InputTimes[p], -clip, clip);
                w[k] -= learningRate * gw;
                times[k] = Math.Clamp(times[k] - (learningRate * gt), 0.0, TrialMs);
            }

            if (progress is not null && (step & 63) == 0)
            {
                progress(step);
            }
        }

        progress?.Invoke(trials);
        return new SingleNeuronResult(loss, t1, t2, ordinary, [w[20], w[21]], [times[20], times[21]], rampSlope);
    }
}
