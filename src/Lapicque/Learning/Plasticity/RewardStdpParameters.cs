namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Reward-modulated STDP with eligibility traces (Izhikevich 2007). Pair STDP does not change the weight directly but goes
/// into a per-synapse eligibility trace c: at a post spike c += APlus x_pre, at a pre spike c -= AMinus y_post, and
/// c' = -c / TauEligibilityMs. Rewards feed a dopamine level d, d' = -d / TauDopamineMs, d += r at a reward. The weight
/// follows w' = LearningRate c (d + TonicDopamine) per ms, clipped to [WMin, WMax].
/// Variants: TauEligibilityMs = 0 gives Florian 2007's MSTDP (no eligibility: each step's STDP terms change w at once by
/// LearningRate (d + TonicDopamine) times the term); TauEligibilityMs &gt; 0 is his MSTDPET (the same as Izhikevich's with
/// TauDopamineMs = 0, where a reward r changes w by LearningRate r c at once). BaselineTauMs &gt; 0 subtracts the running
/// mean of the dopamine, dbar' = (d - dbar) / BaselineTauMs, so that w' = LearningRate c (d - dbar + TonicDopamine): the
/// reward-prediction-error form of Legenstein, Pecevski and Maass 2008, under which a weight changes on average only by the
/// covariance of its eligibility with the reward (their exponential eligibility kernel only, not the alpha-shaped one).
/// Without it, frequent rewards act as a tonic level, and every weight drifts by its mean eligibility.
/// Izhikevich's values: tau+ = tau- = 20 ms, APlus = 0.1, AMinus = 0.15 with nearest-spike traces, tau_c = 1 s,
/// tau_d = 200 ms, a reward of 0.5, weights in [0, 4].
/// </summary>
public sealed record RewardStdpParameters
{
    /// <summary>tau+ in ms of the presynaptic trace.</summary>
    public double TauPlusMs { get; init; } = 20;

    /// <summary>tau- in ms of the postsynaptic trace.</summary>
    public double TauMinusMs { get; init; } = 20;

    /// <summary>STDP potentiation amplitude into the eligibility (&gt;= 0).</summary>
    public double APlus { get; init; } = 0.1;

    /// <summary>STDP depression amplitude into the eligibility (&gt;= 0).</summary>
    public double AMinus { get; init; } = 0.15;

    /// <summary>Spike pairing of the STDP traces.</summary>
    public SpikePairing Pairing { get; init; } = SpikePairing.Nearest;

    /// <summary>Eligibility time constant in ms (&gt;= 0; 0 means no eligibility trace).</summary>
    public double TauEligibilityMs { get; init; } = 1000;

    /// <summary>Dopamine time constant in ms (&gt;= 0; 0 means a reward acts at once).</summary>
    public double TauDopamineMs { get; init; } = 200;

    /// <summary>Learning rate: weight change per ms per unit of c times d.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Constant dopamine added to d in the weight update (Izhikevich's tonic level); 0 keeps weights still without reward.</summary>
    public double TonicDopamine { get; init; }

    /// <summary>Time constant in ms (&gt;= 0) of the running dopamine mean subtracted in the weight update; 0 subtracts nothing.</summary>
    public double BaselineTauMs { get; init; }

    /// <summary>Lower weight bound.</summary>
    public double WMin { get; init; }

    /// <summary>Upper weight bound (&gt; WMin).</summary>
    public double WMax { get; init; } = 4;

    /// <summary>Checks every field.</summary>
    public void Validate()
    {
        Check.Positive(TauPlusMs);
        Check.Positive(TauMinusMs);
        Check.NonNegative(APlus);
        Check.NonNegative(AMinus);
        Check.That(Enum.IsDefined(Pairing), nameof(Pairing), "AllToAll or Nearest", (int)Pairing);
        Check.NonNegative(TauEligibilityMs);
        Check.NonNegative(TauDopamineMs);
        Check.Finite(LearningRate);
        Check.Finite(TonicDopamine);
        Check.NonNegative(BaselineTauMs);
        Check.Finite(WMin);
        Check.That(WMax > WMin && double.IsFinite(WMax), nameof(WMax), $"finite and > WMin ({Check.Format(WMin)})", WMax);
    }
}
