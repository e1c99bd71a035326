using System.Runtime.CompilerServices;

namespace Lapicque;

/// <summary>Boundary checks for parameter records: each message names the field, the expectation and the value seen.</summary>
public static class Check
{
    /// <summary>Requires value &gt; 0 and finite.</summary>
    public static void Positive(double value, [CallerArgumentExpression(nameof(value))] string field = "")
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{Field(field)} must be > 0; was {Format(value)}.", Field(field));
        }
    }

    /// <summary>Requires value &gt;= 0 and finite.</summary>
    public static void NonNegative(double value, [CallerArgumentExpression(nameof(value))] string field = "")
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{Field(field)} must be >= 0; was {Format(value)}.", Field(field));
        }
    }

    /// <summary>Requires a finite value.</summary>
    public static void Finite(double value, [CallerArgumentExpression(nameof(value))] string field = "")
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{Field(field)} must be finite; was {Format(value)}.", Field(field));
        }
    }

    /// <summary>Requires low &lt;= value &lt;= high.</summary>
    public static void InRange(double value, double low, double high, [CallerArgumentExpression(nameof(value))] string field = "")
    {
        if (!(value >= low && value <= high))
        {
            throw new ArgumentException($"{Field(field)} must be in [{Format(low)}, {Format(high)}]; was {Format(value)}.", Field(field));
        }
    }

    /// <summary>Requires low &lt; value &lt; high.</summary>
    public static void InOpenRange(double value, double low, double high, [CallerArgumentExpression(nameof(value))] string field = "")
    {
        if (!(value > low && value < high))
        {
            throw new ArgumentException($"{Field(field)} must be in ({Format(low)}, {Format(high)}); was {Format(value)}.", Field(field));
        }
    }

    /// <summary>Requires <paramref name="condition"/>; otherwise throws with the given message about the field.</summary>
    public static void That(bool condition, string field, string expectation, double value)
    {
        if (!condition)
        {
            throw new ArgumentException($"{field} must be {expectation}; was {Format(value)}.", field);
        }
    }

    /// <summary>
    /// The message of <paramref name="e"/> without the " (Parameter 'name')" suffix .NET appends, for messages that already
    /// name the field themselves.
    /// </summary>
    public static string MessageOf(ArgumentException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Formats a number with the invariant culture.</summary>
    public static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    // CallerArgumentExpression gives "TauMemMs" or "this.TauMemMs"; keep the field name only.
    private static string Field(string expression)
    {
        int dot = expression.LastIndexOf('.');
        return dot >= 0 ? expression[(dot + 1)..] : expression;
    }
}
