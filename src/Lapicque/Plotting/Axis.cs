namespace Lapicque.Plotting;

/// <summary>How one axis of an x-y chart is labelled and scaled.</summary>
public sealed record Axis
{
    /// <summary>What the axis shows, for example "time" or "membrane potential".</summary>
    public string? Label { get; init; }

    /// <summary>The unit, shown in parentheses after the label, for example "ms" or "mV".</summary>
    public string? Unit { get; init; }

    /// <summary>Fixed lower bound; null to fit the data.</summary>
    public double? Min { get; init; }

    /// <summary>Fixed upper bound; null to fit the data.</summary>
    public double? Max { get; init; }

    /// <summary>Base-10 logarithmic scale (values &lt;= 0 are not drawn).</summary>
    public bool Log { get; init; }

    /// <summary>The axis title: "label (unit)", or whichever part is present.</summary>
    public string Title => (Label, Unit) switch
    {
        (null or "", null or "") => "",
        (null or "", _) => $"({Unit})",
        (_, null or "") => Label!,
        _ => $"{Label} ({Unit})",
    };

    /// <summary>
    /// The ticks for data in [<paramref name="dataMin"/>, <paramref name="dataMax"/>]: nice 1-2-5 ticks whose bounds
    /// cover the data; when both <see cref="Min"/> and <see cref="Max"/> are set the bounds are exactly those and
    /// only the ticks inside them are kept.
    /// </summary>
    /// <param name="dataMin">Smallest data value.</param>
    /// <param name="dataMax">Largest data value.</param>
    /// <param name="maxTicks">Most ticks for a linear axis, in [4, 20] (fewer for short axes).</param>
    public AxisTicks Resolve(double dataMin, double dataMax, int maxTicks = 8)
    {
        if (Log)
        {
            return AxisTicks.Log(Min ?? dataMin, Max ?? dataMax);
        }

        if (Min is double lo && Max is double hi && hi > lo)
        {
            var t = AxisTicks.Linear(lo, hi, maxTicks);
            var inside = t.Values.Where(v => v >= lo - (t.Step * 1e-9) && v <= hi + (t.Step * 1e-9)).ToArray();
            return t with { Min = lo, Max = hi, Values = inside };
        }

        double a = Min ?? dataMin, b = Max ?? dataMax;
        if (!(b > a) && (Min is null) != (Max is null))
        {
            // One bound fixed and the data no wider than a point there: open the range away from the fixed bound.
            double pad = a == 0 || !double.IsFinite(a) ? 1 : Math.Abs(a) * 0.1;
            if (Min is not null)
            {
                b = a + pad;
            }
            else
            {
                a = (double.IsFinite(b) ? b : 0) - pad;
            }
        }

        return AxisTicks.Linear(a, b, maxTicks);
    }
}
