namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Pair-based STDP with traces (Song, Miller and Abbott 2000; Morrison et al. 2008). With pre trace x (tau+) and post trace
/// y (tau-), each pre spike depresses, w &lt;- w - A-(w) y, and each post spike potentiates, w &lt;- w + A+(w) x, which for
/// one pair at delay d = t_post - t_pre gives the window dw = A+(w) exp(-d / tau+) for d &gt;= 0 and -A-(w) exp(d / tau-)
/// for d &lt; 0. The weight dependence follows Guetig et al. 2003:
/// A+(w) = APlus (WMax - w)^Mu and A-(w) = AMinus (w - WMin)^Mu; Mu = 0 is additive (weights then clipped to
/// [WMin, WMax], hard bounds), Mu = 1 multiplicative (soft bounds, van Rossum et al. 2000).
/// </summary>
public sealed record PairStdpParameters
{
    /// <summary>Potentiation time constant tau+ in ms (&gt; 0).</summary>
    public double TauPlusMs { get; init; } = 20.0;

    /// <summary>Depression time constant tau- in ms (&gt; 0).</summary>
    public double TauMinusMs { get; init; } = 20.0;

    /// <summary>Potentiation amplitude (&gt;= 0): weight units when Mu = 0, else per (weight unit)^Mu.</summary>
    public double APlus { get; init; } = 0.01;

    /// <summary>Depression amplitude (&gt;= 0), same units as <see cref="APlus"/>.</summary>
    public double AMinus { get; init; } = 0.0105;

    /// <summary>Lower weight bound.</summary>
    public double WMin { get; init; }

    /// <summary>Upper weight bound (&gt; WMin).</summary>
    public double WMax { get; init; } = 1.0;

    /// <summary>Weight-dependence exponent in [0, 1]: 0 additive, 1 multiplicative.</summary>
    public double Mu { get; init; }

    /// <summary>Which spike pairs count.</summary>
    public SpikePairing Pairing { get; init; } = SpikePairing.AllToAll;

    /// <summary>Checks every field.</summary>
    public void Validate()
    {
        Check.Positive(TauPlusMs);
        Check.Positive(TauMinusMs);
        Check.NonNegative(APlus);
        Check.NonNegative(AMinus);
        Check.Finite(WMin);
        Check.That(WMax > WMin && double.IsFinite(WMax), nameof(WMax), $"finite and > WMin ({Check.Format(WMin)})", WMax);
        Check.InRange(Mu, 0, 1);
        Check.That(Enum.IsDefined(Pairing), nameof(Pairing), "AllToAll or Nearest", (int)Pairing);
    }
}
