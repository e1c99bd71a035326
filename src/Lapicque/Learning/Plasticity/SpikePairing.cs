namespace Lapicque.Learning.Plasticity;

/// <summary>Which spike pairs a trace-based STDP rule counts (Morrison, Diesmann and Gerstner 2008).</summary>
public enum SpikePairing
{
    /// <summary>Every pre spike pairs with every post spike: a trace jumps by 1 at each spike (x &lt;- x + 1).</summary>
    AllToAll,

    /// <summary>
    /// Symmetric nearest-spike: a post spike pairs only with the latest pre spike and a pre spike only with the latest post
    /// spike; a trace is set to 1 at each spike (x &lt;- 1), so older spikes are forgotten.
    /// </summary>
    Nearest,
}
