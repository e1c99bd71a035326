using System.Globalization;

namespace Lapicque.Plotting;

/// <summary>
/// The tick positions of one axis and the axis bounds they imply. For a linear axis the ticks are the multiples of
/// <see cref="Step"/> (1, 2 or 5 times a power of ten) from <see cref="Min"/> to <see cref="Max"/>; the bounds are
/// widened outward to the nearest multiples, so the ticks always cover the data range.
/// </summary>
/// <param name="Min">Lower bound of the axis (the first tick).</param>
/// <param name="Max">Upper bound of the axis (the last tick).</param>
/// <param name="Step">Distance between ticks (linear axes); for log axes the ratio between major ticks.</param>
/// <param name="Values">Tick positions in increasing order.</param>
/// <param name="IsLog">Whether the axis is logarithmic (base 10).</param>
public sealed record AxisTicks(double Min, double Max, double Step, IReadOnlyList<double> Values, bool IsLog)
{
    private static readonly double[] Mantissas = [1, 2, 5];

    /// <summary>
    /// "Nice" ticks for the data range [<paramref name="dataMin"/>, <paramref name="dataMax"/>]: the smallest step of the
    /// form {1, 2, 5} x 10^k that needs at most <paramref name="maxTicks"/> ticks. With maxTicks 8 (the default) this
    /// gives 4 to 8 ticks. An empty range (min = max) is widened by 10% (or to [-1, 1] at zero); non-finite input gives [0, 1].
    /// </summary>
    /// <param name="dataMin">Smallest data value.</param>
    /// <param name="dataMax">Largest data value.</param>
    /// <param name="maxTicks">Most ticks allowed, in [4, 20].</param>
    public static AxisTicks Linear(double dataMin, double dataMax, int maxTicks = 8)
    {
        Check.InRange(maxTicks, 4, 20, nameof(maxTicks));
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax))
        {
            (dataMin, dataMax) = (0, 1);
        }

        if (dataMin > dataMax)
        {
            (dataMin, dataMax) = (dataMax, dataMin);
        }

        double span = dataMax - dataMin;
        double scale = Math.Max(Math.Abs(dataMin), Math.Abs(dataMax));
        if (span <= scale * 1e-12)
        {
            double pad = scale == 0 ? 1 : scale * 0.1;
            dataMin -= pad;
            dataMax += pad;
            span = dataMax - dataMin;
        }

        // Start a decade below the step that would give maxTicks intervals, so the first candidate always needs too
        // many ticks; then walk up the 1-2-5 ladder to the first step that fits.
        int exponent = (int)Math.Floor(Math.Log10(span / maxTicks)) - 1;
        for (int guard = 0; guard < 40; guard++)
        {
            double decade = Math.Pow(10, exponent);
            foreach (double m in Mantissas)
            {
                double step = m * decade;
                long lo = (long)Math.Floor((dataMin / step) + 1e-9);
                long hi = (long)Math.Ceiling((dataMax / step) - 1e-9);
                if (hi - lo + 1 <= maxTicks)
                {
                    var values = new double[hi - lo + 1];
                    for (long k = lo; k <= hi; k++)
                    {
                        // k*m is an exact integer and 10^|e| an exact double (|e| <= 22), so one division or
                        // multiplication gives the double nearest the true tick (0.6, not 0.6000000000000001).
                        values[k - lo] = exponent >= 0 ? k * m * decade : k * m / Math.Pow(10, -exponent);
                    }

                    return new AxisTicks(values[0], values[^1], step, values, false);
                }
            }

            exponent++;
        }

        throw new InvalidOperationException($"No tick step found for the range [{dataMin}, {dataMax}].");
    }

    /// <summary>
    /// Base-10 logarithmic ticks: the powers of ten covering [<paramref name="dataMin"/>, <paramref name="dataMax"/>]
    /// (both must be &gt; 0; non-positive or non-finite input gives [1, 10]). When the range spans at most one decade,
    /// 2 and 5 times the power of ten are added; when it spans more than 8 decades, every k-th power is kept.
    /// </summary>
    public static AxisTicks Log(double dataMin, double dataMax)
    {
        if (!(dataMin > 0) || !(dataMax > 0) || !double.IsFinite(dataMin) || !double.IsFinite(dataMax))
        {
            (dataMin, dataMax) = (1, 10);
        }

        if (dataMin > dataMax)
        {
            (dataMin, dataMax) = (dataMax, dataMin);
        }

        int lo = (int)Math.Floor(Math.Log10(dataMin) + 1e-9);
        int hi = (int)Math.Ceiling(Math.Log10(dataMax) - 1e-9);
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        int every = (int)Math.Ceiling((hi - lo) / 8.0);
        lo = (int)Math.Floor(lo / (double)every) * every;
        hi = (int)Math.Ceiling(hi / (double)every) * every;
        var values = new List<double>();
        for (int k = lo; k <= hi; k += every)
        {
            double d = Math.Pow(10, k);
            values.Add(d);
            if (hi - lo == 1 && k < hi)
            {
                values.Add(2 * d);
                values.Add(5 * d);
            }
        }

        return new AxisTicks(values[0], values[^1], Math.Pow(10, every), values, true);
    }

    /// <summary>Tick label text for <paramref name="value"/>, with as many decimals as the step needs (invariant culture).</summary>
    public string Label(double value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (IsLog)
        {
            int k = (int)Math.Round(Math.Log10(value));
            return k is >= -3 and <= 4 ? value.ToString("0.###", inv) : value.ToString("0E+0", inv);
        }

        if (Math.Abs(value) < Step * 1e-6)
        {
            value = 0;
        }

        double scale = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (scale >= 1e6 || Step < 1e-4)
        {
            return value.ToString("0.##E+0", inv);
        }

        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(Step) + 1e-9));
        return value.ToString("F" + decimals.ToString(inv), inv);
    }

    /// <summary>Maps <paramref name="value"/> to [0, 1] along the axis (0 at <see cref="Min"/>; log scale when <see cref="IsLog"/>).</summary>
    public double Fraction(double value)
    {
        if (IsLog)
        {
            double lv = value > 0 ? Math.Log10(value) : double.NegativeInfinity;
            return (lv - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min));
        }

        return (value - Min) / (Max - Min);
    }
}
