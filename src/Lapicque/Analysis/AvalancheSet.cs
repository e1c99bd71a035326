namespace Lapicque.Analysis;

/// <summary>
/// Neuronal avalanches found in binned population activity: each avalanche is a run of non-empty bins bounded by empty ones.
/// </summary>
/// <param name="BinWidth">Width of one bin, in the unit of the input times (or in steps for step counts).</param>
/// <param name="Sizes">Events (spikes) in each avalanche.</param>
/// <param name="Durations">Bins each avalanche lasts.</param>
/// <param name="Counts">Events per bin (the binned activity A(t)).</param>
public sealed record AvalancheSet(double BinWidth, long[] Sizes, int[] Durations, long[] Counts)
{
    /// <summary>Number of avalanches.</summary>
    public int Count => Sizes.Length;

    /// <summary>Mean avalanche size, or NaN when there is none.</summary>
    public double MeanSize => Sizes.Length == 0 ? double.NaN : Sizes.Average();
}
