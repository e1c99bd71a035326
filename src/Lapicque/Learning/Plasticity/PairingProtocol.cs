using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// The classic pairing experiment, run through the clock-driven simulator: one presynaptic neuron (a spike generator) with
/// one plastic synapse onto one postsynaptic LIF neuron, which a second generator (the "teacher", through a strong delta
/// synapse) forces to fire at given times. The plastic synapse is a delta synapse far below threshold, so the post neuron
/// fires exactly when told. Times must lie on the dt grid; a post time must be at least 2 dt.
/// </summary>
public static class PairingProtocol
{
    private static readonly LifParameters Post = new() { TauMemMs = 20, ThresholdMv = 1e4, ResetMv = 0, RestMv = 0 };

    /// <summary>Runs the protocol and returns the final weight of the plastic synapse.</summary>
    public static double Run(IPlasticityRule rule, double initialWeight, IReadOnlyList<double> preTimesMs, IReadOnlyList<double> postTimesMs, double dtMs = 0.1)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Check.Finite(initialWeight);
        Check.Positive(dtMs);
        double end = 0;
        var teacher = new double[postTimesMs.Count];
        for (int k = 0; k < teacher.Length; k++)
        {
            Check.That(postTimesMs[k] >= 2 * dtMs, $"postTimesMs[{k}]", $">= 2 dt ({Check.Format(2 * dtMs)})", postTimesMs[k]);

            // A teacher spike stamped t acts in the next step, so the post neuron fires stamped t + dt.
            teacher[k] = postTimesMs[k] - dtMs;
            end = Math.Max(end, postTimesMs[k]);
        }

        foreach (double t in preTimesMs)
        {
            end = Math.Max(end, t);
        }

        var net = new Network(
            "pairing",
            [Population.Create("pre", 1, new SpikeGeneratorSource { Neurons = new int[preTimesMs.Count], TimesMs = [.. preTimesMs] }),
             Population.Create("teacher", 1, new SpikeGeneratorSource { Neurons = new int[teacher.Length], TimesMs = teacher }),
             Population.Create("post", 1, Post)],
            [new Projection { Name = "plastic", Source = "pre", Target = "post", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(initialWeight) },
             new Projection { Name = "teach", Source = "teacher", Target = "post", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(1e6) }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = dtMs, Threads = 1 });
        sim.AddPlasticity("plastic", rule);
        sim.Run(end + (2 * dtMs));
        return net.Projections[0].Matrix!.Weights[0];
    }

    /// <summary>
    /// The STDP window: for each delay d = t_post - t_pre in <paramref name="delaysMs"/>, one pre and one post spike
    /// (the earlier at <paramref name="firstMs"/>) with a fresh rule from <paramref name="rule"/>; returns the weight changes.
    /// </summary>
    public static double[] Window(Func<IPlasticityRule> rule, double initialWeight, IReadOnlyList<double> delaysMs, double dtMs = 0.1, double firstMs = 10)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var dw = new double[delaysMs.Count];
        for (int k = 0; k < dw.Length; k++)
        {
            double d = delaysMs[k];
            double pre = d >= 0 ? firstMs : firstMs - d;
            double post = pre + d;
            dw[k] = Run(rule(), initialWeight, [pre], [post], dtMs) - initialWeight;
        }

        return dw;
    }

    /// <summary>
    /// A pairing protocol: <paramref name="pairs"/> pre-post pairs at <paramref name="frequencyHz"/>, the post spike
    /// <paramref name="delayMs"/> after the pre spike (negative: before). Returns the total weight change.
    /// </summary>
    public static double Pairs(IPlasticityRule rule, double initialWeight, int pairs, double frequencyHz, double delayMs, double dtMs = 0.1, double firstMs = 10)
    {
        Check.That(pairs >= 1, nameof(pairs), ">= 1", pairs);
        Check.Positive(frequencyHz);
        double period = Math.Round(1000.0 / frequencyHz / dtMs) * dtMs;
        var pre = new double[pairs];
        var post = new double[pairs];
        double start = firstMs + Math.Max(0, -delayMs);
        for (int k = 0; k < pairs; k++)
        {
            pre[k] = start + (k * period);
            post[k] = pre[k] + delayMs;
        }

        return Run(rule, initialWeight, pre, post, dtMs) - initialWeight;
    }
}
