namespace Lapicque.Learning.Conversion;

/// <summary>How the converted network reads its output.</summary>
public enum SnnReadout
{
    /// <summary>
    /// The last weight layer has no neurons; its input current is accumulated over T steps (the "membrane" of a
    /// non-firing integrator) and the class is the argmax. Exact in the limit of large T and free of output saturation.
    /// </summary>
    Membrane,

    /// <summary>The last layer becomes IF neurons too (normalised like the hidden ones); the class is the most spikes.</summary>
    SpikeCount,
}

/// <summary>Settings of <see cref="AnnToSnnConverter.Convert"/>.</summary>
public sealed record ConversionOptions
{
    /// <summary>
    /// Percentile p of the positive activations of each layer over the calibration data that becomes that layer's scale
    /// lambda (Rueckauer et al. 2017 use 99.9; 100 is the maximum of Diehl et al. 2015). In (0, 100]. Default 99.9.
    /// </summary>
    public double Percentile { get; init; } = 99.9;

    /// <summary>How the output is read. Default <see cref="SnnReadout.Membrane"/>.</summary>
    public SnnReadout Readout { get; init; } = SnnReadout.Membrane;

    /// <summary>Checks the ranges.</summary>
    public void Validate() => Check.That(Percentile > 0 && Percentile <= 100, nameof(Percentile), "in (0, 100]", Percentile);
}
