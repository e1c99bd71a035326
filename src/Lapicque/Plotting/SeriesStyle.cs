namespace Lapicque.Plotting;

/// <summary>How a data series is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>Straight segments between points (long series are reduced to min/max per pixel column).</summary>
    Line,

    /// <summary>A staircase: each value held until the next x (currents and other step-wise inputs).</summary>
    Steps,

    /// <summary>A small filled circle at each point.</summary>
    Markers,

    /// <summary>A short vertical tick at the top of the plot at each x (spike times); y is ignored.</summary>
    Events,

    /// <summary>Filled bars from zero: bar k spans X[k] to X[k+1]; the last bar is as wide as the one before it.</summary>
    Bars,
}
