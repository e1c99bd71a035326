using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>
/// A recurrent network of QIF neurons learns target spike trains (spec 2.7 c): N = 10 neurons (tau = 1, alpha = 10,
/// T = 10) with dense recurrent weights (no self-connections), each driven by its own excitatory (+5) and inhibitory (-5)
/// Poisson input of rate 1; the first 2 neurons must emit given Poisson target trains (rates 1 and 1/2, a dead time of 1
/// added to every inter-spike interval after the first, only targets before T kept). The input and targets are drawn once
/// from <see cref="Rng"/>(seed) and are the same in every trial.
/// </summary>
/// <remarks>
/// <para>Loss: with t_(i,n) the n-th output time of target neuron i (its n-th ordinary spike, else a pseudospike) and
/// s_(i,n) its target, L = (1/N_t) [ sum_(i,n) ((t_(i,n) - s_(i,n)) / (s_(i,n) + 2))^2 + sum_i sentinel_i ], N_t the number
/// of targets; the sentinel of neuron i is a target at 1.1 T for its output time K_i + 1, penalised in the same way only
/// when that time comes earlier (it keeps extra spikes out of the trial). Dividing by s + 2 weighs late targets less, as
/// the authors do.</para>
/// <para>Trainable: the recurrent weights (from 0; the diagonal is kept at 0) and the initial states (V0, I0) of all neurons
/// (from 0). Optimiser: AdaBelief with the learning rate lr exp(-trial / DecayTrials). The gradient is exact
/// (<see cref="ExactEngine.Backward"/>), pseudospikes included. The authors' line-search variant is not implemented.</para>
/// </remarks>
public static class RecurrentExperiment
{
    /// <summary>Runs the experiment; <paramref name="progress"/> receives the trials done.</summary>
    public static RecurrentResult Run(RecurrentOptions options, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = options.Neurons;
        double trial = options.TrialMs;
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 2 * n, [n], recurrent: true);
        var rng = new Rng(options.Seed);
        InputSpike[] inputs = Inputs(options, rng, net.FeedForwardWeights(0));
        double[][] targets = Targets(options, rng);

        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = options.MaxEvents }) { PseudoRampSlope = options.RampSlope };
        var tape = new ExactTape();
        var grads = new ExactGradients(net);
        double[] rec = net.RecurrentWeights(0)!;
        var pRec = new Parameter<double>("w_rec", rec);
        var pInit = new Parameter<double>("x0", net.InitialState);
        var optimizer = new AdaBelief<double>([pRec, pInit], options.LearningRate);

        var loss = new double[options.Trials + 1];
        var ordinary = new int[options.Trials + 1];
        RecurrentSpikes before = default!, after = default!;
        for (int step = 0; step <= options.Trials; step++)
        {
            engine.Forward(inputs, tape);
            loss[step] = Loss(tape, targets, trial);
            ordinary[step] = tape.SpikeCount;
            if (step == 0)
            {
                before = Spikes(tape);
            }

            if (step == options.Trials)
            {
                after = Spikes(tape);
                break;
            }

            grads.Clear();
            engine.Backward(tape, grads);
            grads.Recurrent[0]!.AsSpan().CopyTo(pRec.Gradient);
            for (int j = 0; j < n; j++)
            {
                // No self-connections: a zero gradient leaves the zero diagonal unchanged under AdaBelief.
                pRec.Gradient[(j * n) + j] = 0.0;
            }

            grads.InitialState.AsSpan().CopyTo(pInit.Gradient);
            optimizer.LearningRate = options.LearningRate * Math.Exp(-step / options.DecayTrials);
            optimizer.Step();
            if (progress is not null && (step & 63) == 0)
            {
                progress(step);
            }
        }

        progress?.Invoke(options.Trials);
        return new RecurrentResult(options, loss, ordinary, targets, before, after, (double[])rec.Clone(), (double[])net.InitialState.Clone());
    }

    /// <summary>
    /// The loss of the class remarks for one trial, seeding dL/d(output times) into <paramref name="tape"/>; neurons past
    /// targets.Length have no target.
    /// </summary>
    internal static double Loss(ExactTape tape, double[][] targets, double trialMs)
    {
        int total = 0;
        foreach (double[] t in targets)
        {
            total += t.Length;
        }

        double norm = 1.0 / Math.Max(total, 1);
        double sentinel = 1.1 * trialMs;
        double loss = 0.0;
        for (int i = 0; i < targets.Length; i++)
        {
            double[] s = targets[i];
            for (int k = 1; k <= s.Length + 1; k++)
            {
                double target = k <= s.Length ? s[k - 1] : sentinel;
                double t = tape.OutputTime(i, k);
                if (k > s.Length && t >= sentinel)
                {
                    continue;
                }

                double scale = 1.0 / (target + 2.0);
                double d = (t - target) * scale;
                loss += d * d;
                tape.AddOutputTimeGradient(i, k, 2.0 * d * scale * norm);
            }
        }

        return loss * norm;
    }

    // Each neuron j has channel 2j (excitatory, +w) and 2j + 1 (inhibitory, -w): Poisson trains started 10 mean intervals
    // before 0 and cut to [0, T), merged and sorted.
    private static InputSpike[] Inputs(RecurrentOptions o, Rng rng, double[] wIn)
    {
        int n = o.Neurons;
        var list = new List<InputSpike>();
        for (int j = 0; j < n; j++)
        {
            for (int sign = 0; sign < 2; sign++)
            {
                int channel = (2 * j) + sign;
                wIn[(channel * n) + j] = sign == 0 ? o.InputWeight : -o.InputWeight;
                double t = -10.0 / o.InputRate;
                while (true)
                {
                    t += rng.NextExponential() / o.InputRate;
                    if (t >= o.TrialMs)
                    {
                        break;
                    }

                    if (t >= 0)
                    {
                        list.Add(new InputSpike(t, channel));
                    }
                }
            }
        }

        list.Sort((a, b) => a.TimeMs != b.TimeMs ? a.TimeMs.CompareTo(b.TimeMs) : a.Channel.CompareTo(b.Channel));
        return [.. list];
    }

    private static double[][] Targets(RecurrentOptions o, Rng rng)
    {
        var targets = new double[o.TargetNeurons][];
        for (int i = 0; i < o.TargetNeurons; i++)
        {
            var t = new List<double>();
            double rate = o.TargetRates[i];
            double time = rng.NextExponential() / rate;
            while (time < o.TrialMs)
            {
                t.Add(time);
                time += (rng.NextExponential() / rate) + o.TargetDeadTimeMs;
            }

            targets[i] = [.. t];
        }

        return targets;
    }

    private static RecurrentSpikes Spikes(ExactTape tape)
    {
        var times = new List<double>();
        var neurons = new List<int>();
        for (int e = 0; e < tape.Events; e++)
        {
            if (tape.EventKindOf(e) == EventKind.Spike)
            {
                times.Add(tape.EventTime(e));
                neurons.Add(tape.EventIndex(e));
            }
        }

        var pseudo = new double[tape.OutputCount];
        for (int i = 0; i < pseudo.Length; i++)
        {
            pseudo[i] = tape.OutputTime(i, tape.OrdinarySpikeCount(i) + 1);
        }

        return new RecurrentSpikes([.. times], [.. neurons], pseudo);
    }
}
