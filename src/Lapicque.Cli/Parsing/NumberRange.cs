using System.Globalization;

namespace Lapicque.Cli.Parsing;

/// <summary>The accepted range of a numeric option, and its description for help and errors ("a number > 0 (ms)").</summary>
internal sealed record NumberRange(double Min = double.NegativeInfinity, double Max = double.PositiveInfinity,
    bool MinInclusive = true, bool MaxInclusive = true, bool Integer = false, string? Unit = null)
{
    public static NumberRange Any(string? unit = null) => new(Unit: unit);

    public static NumberRange Positive(string? unit = null, double max = double.PositiveInfinity) => new(0, max, MinInclusive: false, Unit: unit);

    public static NumberRange NonNegative(string? unit = null, double max = double.PositiveInfinity) => new(0, max, Unit: unit);

    public static NumberRange Integers(long min, long max) => new(min, max, Integer: true);

    public bool Contains(double v) =>
        (MinInclusive ? v >= Min : v > Min) && (MaxInclusive ? v <= Max : v < Max);

    public string Describe()
    {
        string kind = Integer ? "an integer" : "a number";
        string unit = Unit is null ? "" : $" ({Unit})";
        bool hasMin = !double.IsNegativeInfinity(Min), hasMax = !double.IsPositiveInfinity(Max);
        string range = (hasMin, hasMax) switch
        {
            (true, true) => $" in {(MinInclusive ? "[" : "(")}{F(Min)}, {F(Max)}{(MaxInclusive ? "]" : ")")}",
            (true, false) => $" {(MinInclusive ? ">=" : ">")} {F(Min)}",
            (false, true) => $" {(MaxInclusive ? "<=" : "<")} {F(Max)}",
            _ => "",
        };
        return kind + range + unit;
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
