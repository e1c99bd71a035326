namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Triplet STDP of Pfister and Gerstner 2006. Presynaptic traces r1 (tau+) and r2 (tau_x), postsynaptic traces o1 (tau-)
/// and o2 (tau_y). At a pre spike: w &lt;- w - o1 (A2- + A3- r2), then r1, r2 jump. At a post spike:
/// w &lt;- w + r1 (A2+ + A3+ o2), then o1, o2 jump. The triplet terms read r2 and o2 just before the jump ("epsilon"
/// before the spike in the paper). Jumps add 1 (all-to-all) or set to 1 (nearest-spike). Weights are clipped to
/// [WMin, WMax]; the amplitudes are relative changes of a weight of 1.
/// The presets are the fits of the paper's Table 4 to the visual-cortex (Sjostrom et al. 2001) and hippocampal
/// (Wang et al. 2005) data, with tau+ = 16.8 ms and tau- = 33.7 ms; the minimal models set A2+ and A3- to zero.
/// </summary>
public sealed record TripletStdpParameters
{
    /// <summary>tau+ in ms, of the pair potentiation trace r1.</summary>
    public double TauPlusMs { get; init; } = 16.8;

    /// <summary>tau- in ms, of the pair depression trace o1.</summary>
    public double TauMinusMs { get; init; } = 33.7;

    /// <summary>tau_x in ms, of the presynaptic triplet trace r2.</summary>
    public double TauXMs { get; init; } = 101;

    /// <summary>tau_y in ms, of the postsynaptic triplet trace o2.</summary>
    public double TauYMs { get; init; } = 125;

    /// <summary>Pair potentiation amplitude A2+ (&gt;= 0).</summary>
    public double A2Plus { get; init; } = 5e-10;

    /// <summary>Triplet potentiation amplitude A3+ (&gt;= 0).</summary>
    public double A3Plus { get; init; } = 6.2e-3;

    /// <summary>Pair depression amplitude A2- (&gt;= 0).</summary>
    public double A2Minus { get; init; } = 7e-3;

    /// <summary>Triplet depression amplitude A3- (&gt;= 0).</summary>
    public double A3Minus { get; init; } = 2.3e-4;

    /// <summary>Which spike pairs count.</summary>
    public SpikePairing Pairing { get; init; } = SpikePairing.AllToAll;

    /// <summary>Lower weight bound.</summary>
    public double WMin { get; init; }

    /// <summary>Upper weight bound (&gt; WMin).</summary>
    public double WMax { get; init; } = double.MaxValue;

    /// <summary>Visual cortex, all-to-all, full model.</summary>
    public static TripletStdpParameters VisualCortexAllToAll => new();

    /// <summary>Visual cortex, all-to-all, minimal model (A2+ = A3- = 0).</summary>
    public static TripletStdpParameters VisualCortexAllToAllMinimal => new()
    {
        TauYMs = 125, A2Plus = 0, A3Plus = 6.5e-3, A2Minus = 7.1e-3, A3Minus = 0,
    };

    /// <summary>Visual cortex, nearest-spike, full model.</summary>
    public static TripletStdpParameters VisualCortexNearest => new()
    {
        Pairing = SpikePairing.Nearest, TauXMs = 714, TauYMs = 40, A2Plus = 8.8e-11, A3Plus = 5.3e-2, A2Minus = 6.6e-3, A3Minus = 3.1e-3,
    };

    /// <summary>Visual cortex, nearest-spike, minimal model (A2+ = A3- = 0).</summary>
    public static TripletStdpParameters VisualCortexNearestMinimal => new()
    {
        Pairing = SpikePairing.Nearest, TauYMs = 40, A2Plus = 0, A3Plus = 5.6e-2, A2Minus = 8e-3, A3Minus = 0,
    };

    /// <summary>Hippocampal culture, all-to-all, full model.</summary>
    public static TripletStdpParameters HippocampalAllToAll => new()
    {
        TauXMs = 946, TauYMs = 27, A2Plus = 6.1e-3, A3Plus = 6.7e-3, A2Minus = 1.6e-3, A3Minus = 1.4e-3,
    };

    /// <summary>Hippocampal culture, all-to-all, minimal model (A3- = 0).</summary>
    public static TripletStdpParameters HippocampalAllToAllMinimal => new()
    {
        TauYMs = 40, A2Plus = 5.3e-3, A3Plus = 8e-3, A2Minus = 3.5e-3, A3Minus = 0,
    };

    /// <summary>
    /// The STDP of Diehl and Cook 2015 (their Brian code): nearest-spike traces with tau_pre = tau_post1 = 20 ms and
    /// tau_post2 = 40 ms; a pre spike depresses by nu_pre post1 (nu_pre = 1e-4), a post spike potentiates by
    /// nu_post pre post2 (nu_post = 0.01, post2 read before its reset); weights in [0, 1]. That is this triplet rule with
    /// A2+ = A3- = 0, tau+ = tau- = 20 ms, tau_y = 40 ms. An isolated pair does not potentiate: it takes a second post spike.
    /// </summary>
    public static TripletStdpParameters DiehlCook => new()
    {
        Pairing = SpikePairing.Nearest, TauPlusMs = 20, TauMinusMs = 20, TauYMs = 40, A2Plus = 0, A3Plus = 0.01, A2Minus = 1e-4, A3Minus = 0, WMin = 0, WMax = 1,
    };

    /// <summary>Checks every field.</summary>
    public void Validate()
    {
        Check.Positive(TauPlusMs);
        Check.Positive(TauMinusMs);
        Check.Positive(TauXMs);
        Check.Positive(TauYMs);
        Check.NonNegative(A2Plus);
        Check.NonNegative(A3Plus);
        Check.NonNegative(A2Minus);
        Check.NonNegative(A3Minus);
        Check.Finite(WMin);
        Check.That(WMax > WMin, nameof(WMax), $"> WMin ({Check.Format(WMin)})", WMax);
        Check.That(Enum.IsDefined(Pairing), nameof(Pairing), "AllToAll or Nearest", (int)Pairing);
    }
}
