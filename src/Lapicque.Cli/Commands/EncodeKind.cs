using System.Globalization;
using Lapicque.Cli.Parsing;
using Lapicque.Encoding;

namespace Lapicque.Cli.Commands;

/// <summary>
/// One settable field of an encoder for <c>lapicque encode --param NAME=VALUE</c>: its name (the record's property),
/// the format of its value, its default, and how it is applied (null when the text is not a valid value).
/// </summary>
internal sealed record EncoderParameter(string Name, string Expectation, string DefaultText, Func<object, string, object?> Apply);

/// <summary>
/// One KIND of <c>lapicque encode</c>: its name, a one-line description, the encoder record with its defaults, and the
/// parameters --param may set. The parameters are listed by hand (not found by reflection) so that only fields that
/// make sense from the command line are offered: PopulationEncoder's Inner encoder is fixed to a RateEncoder, whose
/// gain is exposed as Gain.
/// </summary>
internal sealed record EncodeKind(string Name, string Description, object Defaults, IReadOnlyList<EncoderParameter> Parameters)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Every kind, in the order help lists them.</summary>
    public static IReadOnlyList<EncodeKind> All { get; } =
    [
        new("rate", "Bernoulli rate coding: p = clamp(Gain x, 0, 1) per step", new RateEncoder(),
        [
            Number<RateEncoder>("Gain", "1", (e, v) => e with { Gain = v }),
        ]),
        new("poisson", "Poisson rate coding: p = 1 - exp(-MaxRateHz x DtMs / 1000) per step", new PoissonEncoder(),
        [
            Number<PoissonEncoder>("MaxRateHz", "100", (e, v) => e with { MaxRateHz = v }),
            Number<PoissonEncoder>("DtMs", "1", (e, v) => e with { DtMs = v }),
        ]),
        new("latency", "Time-to-first-spike coding: one spike per channel, earlier for stronger inputs", new LatencyEncoder(),
        [
            Choice<LatencyEncoder, LatencyMode>("Mode", "Linear", (e, v) => e with { Mode = v }),
            Number<LatencyEncoder>("Threshold", "0.01", (e, v) => e with { Threshold = v }),
            Number<LatencyEncoder>("TauSteps", "5", (e, v) => e with { TauSteps = v }),
            Bool<LatencyEncoder>("Normalize", "true", (e, v) => e with { Normalize = v }),
            Number<LatencyEncoder>("Epsilon", "0.01", (e, v) => e with { Epsilon = v }),
        ]),
        new("population", "Gaussian receptive fields (M per input) whose responses are rate-coded", new PopulationEncoder(),
        [
            Integer<PopulationEncoder>("NeuronsPerFeature", "8", (e, v) => e with { NeuronsPerFeature = v }),
            Number<PopulationEncoder>("Min", "0", (e, v) => e with { Min = v }),
            Number<PopulationEncoder>("Max", "1", (e, v) => e with { Max = v }),
            Number<PopulationEncoder>("Sigma", "the spacing of the centres", (e, v) => e with { Sigma = v }),
            Number<PopulationEncoder>("Gain", "1", (e, v) => e with { Inner = new RateEncoder { Gain = v } }),
        ]),
        new("delta", "Delta modulation of a time series into on/off spikes", new DeltaEncoder(),
        [
            Number<DeltaEncoder>("Threshold", "0.1", (e, v) => e with { Threshold = v }),
            Choice<DeltaEncoder, DeltaReference>("Reference", "LastEmitted", (e, v) => e with { Reference = v }),
            Bool<DeltaEncoder>("StartFromZero", "false", (e, v) => e with { StartFromZero = v }),
        ]),
    ];

    /// <summary>The names of every kind.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(k => k.Name).ToArray();

    /// <summary>The kind called <paramref name="name"/>; a usage error naming KIND and listing the kinds otherwise.</summary>
    public static EncodeKind Get(string name)
    {
        var kind = All.FirstOrDefault(k => k.Name == name);
        if (kind is null)
        {
            string? near = Suggest.Closest(name, Names);
            throw new CliUsageException(
                $"KIND must be one of: {string.Join(", ", Names)}; was '{name}'.{(near is null ? "" : $" Did you mean {near}?")}", "encode");
        }

        return kind;
    }

    /// <summary>
    /// The encoder with the defaults, each NAME=VALUE applied in turn (names case-insensitive, '_' and '-' ignored),
    /// then validated. Usage errors name the unknown parameter and list the valid ones, or name the bad value.
    /// </summary>
    public object Create(IEnumerable<KeyValuePair<string, string>> assignments)
    {
        object encoder = Defaults;
        foreach (var (name, text) in assignments)
        {
            var parameter = Parameters.FirstOrDefault(p => Normalize(p.Name) == Normalize(name));
            if (parameter is null)
            {
                string? near = Suggest.Closest(name, Parameters.Select(p => p.Name));
                throw new CliUsageException(
                    $"--param: unknown parameter '{name}' for KIND {Name}; expected one of: {string.Join(", ", Parameters.Select(p => p.Name))}."
                    + (near is null ? "" : $" Did you mean {near}?"), "encode");
            }

            encoder = parameter.Apply(encoder, text)
                ?? throw new CliUsageException($"--param: {parameter.Name} must be {parameter.Expectation}; was '{text}'.", "encode");
        }

        try
        {
            switch (encoder)
            {
                case RateEncoder r: r.Validate(); break;
                case PoissonEncoder p: p.Validate(); break;
                case LatencyEncoder l: l.Validate(); break;
                case PopulationEncoder p: p.Validate(); break;
                case DeltaEncoder d: d.Validate(); break;
            }
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--param: {Check.MessageOf(e)}", "encode");
        }

        return encoder;
    }

    private static string Normalize(string name) =>
        name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static EncoderParameter Number<T>(string name, string defaultText, Func<T, double, T> with)
        where T : class =>
        new(name, "a finite number", defaultText, (e, s) =>
            double.TryParse(s, NumberStyles.Float, Inv, out double v) && double.IsFinite(v) ? with((T)e, v) : null);

    private static EncoderParameter Integer<T>(string name, string defaultText, Func<T, int, T> with)
        where T : class =>
        new(name, "an integer", defaultText, (e, s) => int.TryParse(s, NumberStyles.Integer, Inv, out int v) ? with((T)e, v) : null);

    private static EncoderParameter Bool<T>(string name, string defaultText, Func<T, bool, T> with)
        where T : class =>
        new(name, "true or false", defaultText, (e, s) => bool.TryParse(s, out bool v) ? with((T)e, v) : null);

    private static EncoderParameter Choice<T, TEnum>(string name, string defaultText, Func<T, TEnum, T> with)
        where T : class
        where TEnum : struct, Enum =>
        new(name, "one of: " + string.Join(", ", Enum.GetNames<TEnum>()), defaultText, (e, s) =>
            !s.All(char.IsAsciiDigit) && Enum.TryParse(s, ignoreCase: true, out TEnum v) && Enum.IsDefined(v) ? with((T)e, v) : null);
}
