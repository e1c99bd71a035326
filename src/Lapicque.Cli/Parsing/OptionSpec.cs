using System.Globalization;

namespace Lapicque.Cli.Parsing;

/// <summary>
/// One option of a command: <c>--name VALUE</c> (or <c>--name=VALUE</c>), or a flag without value. The converter turns
/// the text into a typed value and checks its range; a failure becomes an error naming the option, the expected
/// format and the value seen.
/// </summary>
internal sealed class OptionSpec
{
    public required string Name { get; init; }

    public char? Short { get; init; }

    /// <summary>Placeholder of the value in help ("MS"); null for a flag.</summary>
    public string? ValueName { get; init; }

    public required string Description { get; init; }

    public bool Required { get; init; }

    public bool Repeatable { get; init; }

    /// <summary>Default shown in help; null for none.</summary>
    public string? DefaultText { get; init; }

    /// <summary>What a valid value looks like, for errors ("a number > 0 (ms)").</summary>
    public string Expectation { get; init; } = "a value";

    /// <summary>Converts the text; returns null when it is not valid.</summary>
    public Func<string, object?> Convert { get; init; } = s => s;

    public bool IsFlag => ValueName is null;

    public string LongForm => "--" + Name;

    public static OptionSpec Number(string name, string valueName, string description, NumberRange range, bool required = false, string? defaultText = null) => new()
    {
        Name = name,
        ValueName = valueName,
        Description = description,
        Required = required,
        DefaultText = defaultText,
        Expectation = range.Describe(),
        Convert = s =>
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || !range.Contains(v))
            {
                return null;
            }

            if (range.Integer)
            {
                if (v != Math.Floor(v))
                {
                    return null;
                }

                return (long)v;
            }

            return v;
        },
    };

    public static OptionSpec Text(string name, string valueName, string description, string expectation, bool required = false, bool repeatable = false, char? shortName = null, string? defaultText = null) => new()
    {
        Name = name,
        Short = shortName,
        ValueName = valueName,
        Description = description,
        Required = required,
        Repeatable = repeatable,
        DefaultText = defaultText,
        Expectation = expectation,
        Convert = s => s.Length == 0 ? null : s,
    };

    /// <summary>A NAME=VALUE pair, returned as a KeyValuePair&lt;string, string&gt;.</summary>
    public static OptionSpec KeyValue(string name, string description) => new()
    {
        Name = name,
        ValueName = "NAME=VALUE",
        Description = description,
        Repeatable = true,
        Expectation = "NAME=VALUE",
        Convert = s =>
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            return eq <= 0 || eq == s.Length - 1 ? null : new KeyValuePair<string, string>(s[..eq].Trim(), s[(eq + 1)..].Trim());
        },
    };

    public static OptionSpec Flag(string name, string description, char? shortName = null) => new()
    {
        Name = name,
        Short = shortName,
        Description = description,
        Convert = _ => true,
    };
}
