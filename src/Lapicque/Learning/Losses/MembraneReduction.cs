namespace Lapicque.Learning.Losses;

/// <summary>How <see cref="MembraneCrossEntropyLoss"/> turns a readout's membrane trace into logits.</summary>
public enum MembraneReduction
{
    /// <summary>The maximum over time of each class's membrane.</summary>
    Max,

    /// <summary>The membrane after the last step.</summary>
    Final,

    /// <summary>The mean over time of each class's membrane.</summary>
    Mean,
}
