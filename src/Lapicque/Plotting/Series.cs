namespace Lapicque.Plotting;

/// <summary>A named data series: points (X[i], Y[i]) drawn in one colour and style.</summary>
/// <param name="Name">Legend text; empty for no legend entry.</param>
/// <param name="X">X values (increasing for lines and steps).</param>
/// <param name="Y">Y values, same length as X; NaN leaves a gap.</param>
/// <param name="Style">How the series is drawn.</param>
/// <param name="Color">"#rrggbb", or null for the next palette colour.</param>
public sealed record Series(string Name, double[] X, double[] Y, SeriesStyle Style, string? Color);
