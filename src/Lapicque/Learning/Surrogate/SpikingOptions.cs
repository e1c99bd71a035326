namespace Lapicque.Learning.Surrogate;

/// <summary>Training options shared by the spiking layers.</summary>
public sealed record SpikingOptions
{
    /// <summary>
    /// Whether the decay factor beta is trained (clipped to [0, 1] after each step). Default false. The input gain of
    /// the propagator keeps its initial value (1 for <see cref="Neurons.InputMode.Direct"/>, the snnTorch form).
    /// </summary>
    public bool LearnBeta { get; init; }

    /// <summary>Whether the threshold is trained (kept above the reset potential). Default false.</summary>
    public bool LearnThreshold { get; init; }

    /// <summary>
    /// Whether learnable beta and threshold are per neuron (one value each) rather than one per layer. Per-neuron
    /// values step each neuron with its own propagator through the scalar kernel, which is slower. Default false.
    /// </summary>
    public bool PerNeuron { get; init; }

    /// <summary>
    /// Whether the reset is detached from the graph: the spike that triggers the reset passes no gradient through the
    /// reset term (snnTorch's default; Zenke and Vogels 2021 found it trains better). Default true.
    /// </summary>
    public bool DetachReset { get; init; } = true;

    /// <summary>The defaults: fixed beta and threshold, detached reset.</summary>
    public static SpikingOptions Default { get; } = new();
}
