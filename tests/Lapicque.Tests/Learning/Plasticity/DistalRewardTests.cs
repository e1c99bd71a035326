using Lapicque.Learning.Plasticity;

namespace Lapicque.Tests.Learning.Plasticity;

public class DistalRewardTests
{
    [Fact]
    public void RewardedSynapse_GrowsToTheMaximum_WhileTheOthersStaySmall()
    {
        var result = DistalRewardExperiment.Run(new DistalRewardOptions());
        string path = Environment.GetEnvironmentVariable("LAPICQUE_DISTAL_REWARD_CSV") ?? string.Empty;
        if (path.Length > 0)
        {
            using var writer = new StreamWriter(path);
            result.WriteCsv(writer);
        }

        float wMax = (float)new DistalRewardOptions().Rule.WMax;
        Assert.True(result.RewardedWeight[^1] >= 0.95f * wMax, $"rewarded weight ended at {result.RewardedWeight[^1]}");
        Assert.True(result.MeanOtherWeight[^1] <= 0.25f * wMax, $"mean other weight ended at {result.MeanOtherWeight[^1]}");
        Assert.True(result.MaxOtherWeight[^1] < 0.7f * wMax, $"largest other weight ended at {result.MaxOtherWeight[^1]}");

        // Learning takes time: half-way the rewarded weight has not yet reached the bound.
        Assert.True(result.RewardedWeight[result.TimeS.Length / 4] < 0.8f * wMax);
        Assert.True(result.Rewards[^1] > 0);
    }

    [Fact]
    public void WithoutTheEligibilityTrace_TheDelayedRewardCannotFindTheSynapse()
    {
        // Control: MSTDP (no eligibility) sees only the STDP terms of the step in which dopamine is present, which have
        // nothing to do with the event that earned a reward 1-3 s earlier.
        var options = new DistalRewardOptions { DurationS = 300, Rule = new DistalRewardOptions().Rule with { TauEligibilityMs = 0 } };
        var result = DistalRewardExperiment.Run(options);
        Assert.True(result.RewardedWeight[^1] < 0.5f * (float)options.Rule.WMax, $"rewarded weight ended at {result.RewardedWeight[^1]}");
    }

    [Fact]
    public void WithoutTheDopamineBaseline_TheMeanEligibilityDecides()
    {
        // Without subtracting the mean dopamine, the frequent rewards act as a tonic level: synapses move by their mean
        // eligibility, not by its covariance with the reward. With A- > A+ that mean is negative, and every weight, the
        // rewarded one included, is driven down.
        var options = new DistalRewardOptions { DurationS = 300, Rule = new DistalRewardOptions().Rule with { BaselineTauMs = 0 } };
        var result = DistalRewardExperiment.Run(options);
        float wMax = (float)options.Rule.WMax;
        Assert.True(result.RewardedWeight[^1] < 0.05f, $"rewarded weight ended at {result.RewardedWeight[^1]}");
        Assert.True(result.MeanOtherWeight[^1] < 0.05f, $"mean other weight ended at {result.MeanOtherWeight[^1]}");
    }
}
