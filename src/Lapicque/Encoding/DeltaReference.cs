namespace Lapicque.Encoding;

/// <summary>What <see cref="DeltaEncoder"/> compares the signal with.</summary>
public enum DeltaReference
{
    /// <summary>
    /// Delta modulation: a tracked level moves by Threshold with every spike, and a spike fires when the signal is
    /// more than Threshold away from the level. Integrating Threshold * (on - off) reconstructs the signal.
    /// </summary>
    LastEmitted,

    /// <summary>The previous sample (snnTorch's spikegen.delta): a spike marks a change of more than Threshold in one step.</summary>
    PreviousStep,
}
