namespace Lapicque.Plotting;

/// <summary>
/// Colours: the Okabe-Ito qualitative palette (distinguishable under the common colour-vision deficiencies) for
/// series, and the viridis sequential map (perceptually uniform, colour-blind safe, readable in grey) for values.
/// </summary>
public static class Palette
{
    /// <summary>Okabe and Ito (2008), reordered so that the first colours contrast most on white; yellow is left out.</summary>
    public static IReadOnlyList<string> Series { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    /// <summary>Axis lines, ticks and labels.</summary>
    public const string Ink = "#333333";

    /// <summary>Light grid lines.</summary>
    public const string Grid = "#e6e6e6";

    // Viridis sampled at 9 evenly spaced points (matplotlib's table); linear interpolation between them stays
    // within about 1% of the full 256-entry map.
    private static readonly (byte R, byte G, byte B)[] ViridisAnchors =
    [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ];

    /// <summary>The series colour for index <paramref name="i"/> (cycles).</summary>
    public static string SeriesColor(int i) => Series[((i % Series.Count) + Series.Count) % Series.Count];

    /// <summary>Viridis at <paramref name="t"/> in [0, 1] (clamped; NaN gives the low end).</summary>
    public static (byte R, byte G, byte B) Viridis(double t)
    {
        if (!(t > 0))
        {
            return ViridisAnchors[0];
        }

        if (t >= 1)
        {
            return ViridisAnchors[^1];
        }

        double x = t * (ViridisAnchors.Length - 1);
        int k = (int)x;
        double f = x - k;
        var a = ViridisAnchors[k];
        var b = ViridisAnchors[k + 1];
        return (Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
    }

    /// <summary>An "#rrggbb" string.</summary>
    public static string Hex((byte R, byte G, byte B) c) => $"#{c.R:x2}{c.G:x2}{c.B:x2}";

    /// <summary>Relative luminance (0 black .. 1 white), used to choose black or white text on a cell.</summary>
    public static double Luminance((byte R, byte G, byte B) c) => ((0.2126 * c.R) + (0.7152 * c.G) + (0.0722 * c.B)) / 255.0;

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
}
