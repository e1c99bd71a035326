namespace Lapicque.Encoding;

/// <summary>How <see cref="LatencyEncoder"/> maps an intensity x to a spike time.</summary>
public enum LatencyMode
{
    /// <summary>t = TauSteps (1 - x): time falls linearly with intensity.</summary>
    Linear,

    /// <summary>
    /// t = TauSteps ln(x / (x - Threshold)): the time an RC membrane driven by a constant x takes to charge from 0 to
    /// Threshold (snnTorch's spikegen.latency); the stronger the drive, the earlier the spike.
    /// </summary>
    Logarithmic,
}
