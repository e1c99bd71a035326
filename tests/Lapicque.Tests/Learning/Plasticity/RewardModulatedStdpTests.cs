using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Simulation;

namespace Lapicque.Tests.Learning.Plasticity;

public class RewardModulatedStdpTests
{
    private const double Dt = 0.1;

    // Two pre neurons onto one post neuron forced to fire at 110 ms; pre 0 fires at 100 ms (causal, eligible), pre 1 at 300 ms.
    private static (ClockDrivenSimulator Sim, float[] Weights) Setup(RewardModulatedStdp rule, double w0 = 1.0)
    {
        var net = new Network(
            "rstdp",
            [Population.Create("pre", 2, new SpikeGeneratorSource { Neurons = [0, 1], TimesMs = [100, 300] }),
             Population.Create("teacher", 1, new SpikeGeneratorSource { Neurons = [0], TimesMs = [110 - Dt] }),
             Population.Create("post", 1, new LifParameters { ThresholdMv = 1e4 })],
            [new Projection { Name = "plastic", Source = "pre", Target = "post", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(w0) },
             new Projection { Name = "teach", Source = "teacher", Target = "post", Connectivity = new Connectivity.All(), Weights = new WeightInit.Constant(1e6) }]);
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { DtMs = Dt, Threads = 1 });
        sim.AddPlasticity("plastic", rule);
        return (sim, net.Projections[0].Matrix!.Weights);
    }

    [Fact]
    public void WithoutReward_WeightsDoNotChange_ThoughEligibilityBuildsUp()
    {
        var rule = new RewardModulatedStdp(new RewardStdpParameters());
        var (sim, w) = Setup(rule);
        sim.Run(2000);
        Assert.Equal([1f, 1f], w);
        Assert.NotEqual(0f, rule.Eligibility[0]);
    }

    [Fact]
    public void DelayedReward_ChangesTheEligibleSynapse_ByTheIntegralOfEligibilityTimesDopamine()
    {
        var p = new RewardStdpParameters { Pairing = SpikePairing.Nearest, APlus = 0.1, AMinus = 0.15, TauEligibilityMs = 1000, TauDopamineMs = 200, LearningRate = 0.01, WMin = -10, WMax = 10 };
        var rule = new RewardModulatedStdp(p);
        var (sim, w) = Setup(rule, w0: 0);
        const double rewardMs = 1110; // 1 s after the pairing
        sim.Run(rewardMs);
        rule.Reward(0.5);
        sim.Run(3000);

        // c0 = A+ exp(-10/tau+) at 110 ms, then c0 exp(-(t - 110)/tau_c); d = r exp(-(t - t_r)/tau_d) from t_r on, so
        // dw = eta c0 exp(-(t_r - 110)/tau_c) r / (1/tau_c + 1/tau_d) (the tail after 4.1 s is below 1e-8).
        // Pre 1 fires at 300 ms, after the post spike: c1 = -A- exp(-190/tau-), which the reward turns into depression.
        double tauCd = 1 / ((1 / p.TauEligibilityMs) + (1 / p.TauDopamineMs));
        double c0 = p.APlus * Math.Exp(-10 / p.TauPlusMs) * Math.Exp(-(rewardMs - 110) / p.TauEligibilityMs);
        double c1 = -p.AMinus * Math.Exp(-190 / p.TauMinusMs) * Math.Exp(-(rewardMs - 300) / p.TauEligibilityMs);
        double expected0 = p.LearningRate * c0 * 0.5 * tauCd;
        double expected1 = p.LearningRate * c1 * 0.5 * tauCd;
        Assert.Equal(expected0, w[0], 0.01 * expected0);
        Assert.Equal(expected1, w[1], 0.01 * Math.Abs(expected1));
        Assert.True(w[0] > 0 && w[1] < 0);
    }

    [Fact]
    public void ImpulseReward_WithoutDopamineTrace_IsRTimesEligibility()
    {
        // Florian's MSTDPET (tau_d = 0): the reward changes w at once by eta r c.
        var p = new RewardStdpParameters { TauDopamineMs = 0, TauEligibilityMs = 500, LearningRate = 2, WMax = 10 };
        var rule = new RewardModulatedStdp(p);
        var (sim, w) = Setup(rule);
        sim.Run(200);
        double c = rule.Eligibility[0];
        rule.Reward(0.25);
        sim.Run(Dt);
        double expected = p.LearningRate * 0.25 * c * Math.Exp(-Dt / p.TauEligibilityMs);
        Assert.Equal(expected, w[0] - 1.0, 1e-3 * expected);
        sim.Run(500);
        Assert.Equal(1.0 + expected, w[0], 5);
    }

    [Fact]
    public void Mstdp_WithoutEligibility_ForgetsPairingsBeforeTheReward()
    {
        var rule = new RewardModulatedStdp(new RewardStdpParameters { TauEligibilityMs = 0 });
        var (sim, w) = Setup(rule);
        sim.Run(1000);
        rule.Reward(1);
        sim.Run(2000);
        Assert.Equal([1f, 1f], w);
    }

    [Fact]
    public void Baseline_TracksTheMeanDopamine_AndCancelsARegularReward()
    {
        // Rewards r every T: the mean dopamine is r tau_d / T (here 0.5 * 200 / 100 = 1), which the baseline (tau 2 s) tracks.
        var p = new RewardStdpParameters { BaselineTauMs = 2000, TauDopamineMs = 200 };
        var rule = new RewardModulatedStdp(p);
        var (sim, _) = Setup(rule);
        for (int k = 0; k < 150; k++)
        {
            rule.Reward(0.5);
            sim.Run(100);
        }

        Assert.Equal(1.0, rule.DopamineBaseline, 0.03);
    }
}
