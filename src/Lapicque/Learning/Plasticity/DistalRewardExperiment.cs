using System.Globalization;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Settings of the distal-reward experiment (<see cref="DistalRewardExperiment"/>).
/// </summary>
public sealed record DistalRewardOptions
{
    /// <summary>Number of Poisson inputs; input 0 carries the rewarded synapse.</summary>
    public int Inputs { get; init; } = 50;

    /// <summary>Rate of each input in Hz.</summary>
    public double InputRateHz { get; init; } = 5;

    /// <summary>Simulated time in s.</summary>
    public double DurationS { get; init; } = 1000;

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; init; } = 1;

    /// <summary>A reward follows when the post neuron fires within this many ms after input 0.</summary>
    public double WindowMs { get; init; } = 10;

    /// <summary>Shortest delay of the reward after the rewarded event, in ms.</summary>
    public double RewardDelayMinMs { get; init; } = 1000;

    /// <summary>
    /// Longest delay of the reward after the rewarded event, in ms (uniform in between). Izhikevich drew 1 to 3 s; the
    /// default fixes 1 s, which learns about three times faster (see docs/plasticity.md).
    /// </summary>
    public double RewardDelayMaxMs { get; init; } = 1000;

    /// <summary>Size of each reward (added to the dopamine level).</summary>
    public double RewardAmount { get; init; } = 0.5;

    /// <summary>Initial weight of every synapse (delta synapses onto a neuron with threshold 1 mV above rest).</summary>
    public double InitialWeight { get; init; } = 0.1;

    /// <summary>Constant drive of the post neuron in mV.</summary>
    public double DriveMv { get; init; }

    /// <summary>
    /// Rate in Hz of an independent Poisson source that makes the post neuron fire (through a synapse above threshold), so
    /// that its activity does not hinge on the plastic weights: without it, growing weights raise the firing rate and with it
    /// the reward rate, a positive feedback under which all weights run to a bound or a random synapse wins. 0 turns it off.
    /// </summary>
    public double BackgroundRateHz { get; init; } = 10;

    /// <summary>
    /// The learning rule: Izhikevich's STDP and time constants, weights in [0, 0.5] (half the distance to threshold, so that no
    /// single input fires the neuron), and the dopamine baseline of Legenstein et al. (20 s), without which the rewards,
    /// frequent here, act as a tonic level and every weight drifts by its mean eligibility (down, as A- &gt; A+).
    /// </summary>
    public RewardStdpParameters Rule { get; init; } = new() { WMax = 0.5, LearningRate = 5e-4, BaselineTauMs = 20000 };

    /// <summary>
    /// Interval in steps of the homeostatic weight normalisation that keeps the sum of the weights at its initial value
    /// (<see cref="WeightNormalisation"/>); 0, the default, turns it off.
    /// </summary>
    public int NormaliseEverySteps { get; init; }

    /// <summary>Interval in ms between weight samples.</summary>
    public double RecordEveryMs { get; init; } = 1000;

    /// <summary>Seed of the inputs and the reward delays.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>The learning curve of a distal-reward run: one sample per <see cref="DistalRewardOptions.RecordEveryMs"/>.</summary>
public sealed record DistalRewardResult(double[] TimeS, float[] RewardedWeight, float[] MeanOtherWeight, float[] MaxOtherWeight, int[] Rewards, int PostSpikes)
{
    /// <summary>Writes the curve as CSV (invariant culture): time_s, rewarded_weight, mean_other_weight, max_other_weight, rewards.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("time_s,rewarded_weight,mean_other_weight,max_other_weight,rewards");
        for (int k = 0; k < TimeS.Length; k++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{TimeS[k]:G6},{RewardedWeight[k]:G6},{MeanOtherWeight[k]:G6},{MaxOtherWeight[k]:G6},{Rewards[k]}"));
        }
    }
}

/// <summary>
/// Izhikevich's 2007 distal-reward problem, on one neuron: Poisson inputs reach a LIF neuron through plastic synapses under
/// reward-modulated STDP, while an independent background source keeps the neuron firing at about its rate. Whenever the
/// neuron fires within <see cref="DistalRewardOptions.WindowMs"/> after input 0, a reward follows 1 s (or 1 to 3 s) later,
/// by which time many other input-output coincidences have happened. Only the eligibility
/// trace links the reward to the event that earned it, and yet the rewarded synapse grows to its maximum while the others
/// stay small: the credit is assigned by the correlation between eligibility and dopamine.
/// </summary>
public static class DistalRewardExperiment
{
    /// <summary>Runs the experiment and returns the learning curve.</summary>
    public static DistalRewardResult Run(DistalRewardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.That(options.Inputs >= 2, nameof(options.Inputs), ">= 2", options.Inputs);
        Check.Positive(options.DurationS);
        Check.Positive(options.RecordEveryMs);
        Check.That(options.RewardDelayMaxMs >= options.RewardDelayMinMs && options.RewardDelayMinMs >= 0, nameof(options.RewardDelayMaxMs), $">= RewardDelayMinMs ({Check.Format(options.RewardDelayMinMs)}) >= 0", options.RewardDelayMaxMs);
        var post = new LifParameters { TauMemMs = 10, ThresholdMv = 1, ResetMv = 0, RefractoryMs = 2 };
        var net = new Network(
            "distal-reward",
            [Population.Create("in", options.Inputs, new PoissonSource { RateHz = options.InputRateHz }),
             Population.Create("background", 1, new PoissonSource { RateHz = options.BackgroundRateHz }),
             Population.Create("out", 1, post)],
            [new Projection { Name = "plastic", Source = "in", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(options.InitialWeight) },
             new Projection { Name = "background", Source = "background", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(2.0) }],
            [new CurrentInjection.Constant(options.DriveMv) { Target = "out" }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = options.DtMs, Seed = options.Seed, Threads = 1 });
        var rule = new RewardModulatedStdp(options.Rule);
        var critic = new Critic(rule, options, new Rng(options.Seed ^ 0x5EEDUL));
        sim.AddPlasticity("plastic", rule);
        sim.AddPlasticity("plastic", critic);
        if (options.NormaliseEverySteps > 0)
        {
            sim.AddPlasticity("plastic", new WeightNormalisation(options.Inputs * options.InitialWeight, options.NormaliseEverySteps));
        }

        var w = net.Projections[0].Matrix!.Weights;

        int samples = (int)Math.Round(options.DurationS * 1000 / options.RecordEveryMs);
        var time = new double[samples + 1];
        var rewarded = new float[samples + 1];
        var mean = new float[samples + 1];
        var max = new float[samples + 1];
        var rewards = new int[samples + 1];
        for (int k = 0; k <= samples; k++)
        {
            if (k > 0)
            {
                sim.Run(options.RecordEveryMs);
            }

            time[k] = sim.TimeMs / 1000;
            rewarded[k] = w[0];
            float sum = 0, top = float.MinValue;
            for (int i = 1; i < w.Length; i++)
            {
                sum += w[i];
                top = Math.Max(top, w[i]);
            }

            mean[k] = sum / (w.Length - 1);
            max[k] = top;
            rewards[k] = critic.Rewards;
        }

        return new DistalRewardResult(time, rewarded, mean, max, rewards, critic.PostSpikes);
    }

    // Watches the spikes of the plastic projection and schedules the delayed rewards (added after the learning rule, so a
    // reward given in step n reaches the dopamine in step n + 1).
    private sealed class Critic(RewardModulatedStdp rule, DistalRewardOptions options, Rng rng) : IPlasticityRule
    {
        private readonly List<long> _due = [];
        private long _lastInput0 = long.MinValue / 2;

        public int Rewards { get; private set; }

        public int PostSpikes { get; private set; }

        public void Bind(PlasticityContext context)
        {
        }

        public void Reset()
        {
            _due.Clear();
            _lastInput0 = long.MinValue / 2;
        }

        public void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired)
        {
            double dt = options.DtMs;
            if (postFired.Length > 0)
            {
                PostSpikes++;

                // Input 0 acts one step after it fires, so "post within the window after input 0" is 1 <= n - m <= window / dt.
                long lag = step - _lastInput0;
                if (lag >= 1 && lag * dt <= options.WindowMs)
                {
                    double delay = rng.Uniform(options.RewardDelayMinMs, options.RewardDelayMaxMs);
                    _due.Add(step + (long)Math.Round(delay / dt));
                }
            }

            if (preFired.Length > 0 && preFired[0] == 0)
            {
                _lastInput0 = step;
            }

            for (int k = _due.Count - 1; k >= 0; k--)
            {
                if (_due[k] <= step)
                {
                    rule.Reward(options.RewardAmount);
                    Rewards++;
                    _due.RemoveAt(k);
                }
            }
        }
    }
}
