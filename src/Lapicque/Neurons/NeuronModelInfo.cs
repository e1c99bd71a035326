using System.Globalization;
using System.Reflection;

namespace Lapicque.Neurons;

/// <summary>
/// One registered neuron model: its name, its default parameters, its presets and its settable parameters
/// (the public init properties of the record of type double, float, int, long, bool or an enum).
/// </summary>
public sealed class NeuronModelInfo
{
    private readonly Func<INeuronModel, INeuronModel> _clone;

    private NeuronModelInfo(string name, string description, Type parametersType, INeuronModel defaults,
        IReadOnlyDictionary<string, INeuronModel> presets, Func<INeuronModel, INeuronModel> clone)
    {
        Name = name;
        Description = description;
        ParametersType = parametersType;
        Defaults = defaults;
        Presets = presets;
        _clone = clone;
        Parameters = parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod is { IsPublic: true } && IsSupported(p.PropertyType))
            .ToArray();
    }

    /// <summary>Short name used on the command line and in files.</summary>
    public string Name { get; }

    /// <summary>One-line description.</summary>
    public string Description { get; }

    /// <summary>The parameter record type.</summary>
    public Type ParametersType { get; }

    /// <summary>The record with its default values.</summary>
    public INeuronModel Defaults { get; }

    /// <summary>Named parameter sets (case-insensitive keys); empty when the record defines none.</summary>
    public IReadOnlyDictionary<string, INeuronModel> Presets { get; }

    /// <summary>The parameters that <see cref="Create"/> can set, in declaration order.</summary>
    public IReadOnlyList<PropertyInfo> Parameters { get; }

    /// <summary>
    /// Describes <typeparamref name="TParameters"/>: the name is its <see cref="INeuronModel.ModelName"/>, the defaults
    /// its parameterless constructor, and the presets its <c>public static IReadOnlyDictionary&lt;string, TParameters&gt; Presets</c>
    /// when it has one.
    /// </summary>
    public static NeuronModelInfo Of<TParameters>(string description)
        where TParameters : class, INeuronModel, new()
    {
        var defaults = new TParameters();
        var presets = new Dictionary<string, INeuronModel>(StringComparer.OrdinalIgnoreCase);
        var property = typeof(TParameters).GetProperty("Presets", BindingFlags.Public | BindingFlags.Static);
        if (property?.GetValue(null) is IReadOnlyDictionary<string, TParameters> table)
        {
            foreach (var (key, value) in table)
            {
                presets[key] = value;
            }
        }

        // Records have a compiler-generated copy method; using it keeps every field, including ones we do not set.
        var cloneMethod = typeof(TParameters).GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance);
        Func<INeuronModel, INeuronModel> clone = cloneMethod is null
            ? m => m
            : m => (INeuronModel)cloneMethod.Invoke(m, null)!;
        return new NeuronModelInfo(defaults.ModelName, description, typeof(TParameters), defaults, presets, clone);
    }

    /// <summary>
    /// Builds a parameter record: the preset (or the defaults when <paramref name="preset"/> is null), then each
    /// NAME=VALUE assignment (names case-insensitive, '_' and '-' ignored; numbers in the invariant culture; enums by
    /// name), then <see cref="INeuronModel.Validate"/>. Throws <see cref="ArgumentException"/> naming the unknown preset
    /// or parameter and listing the valid ones, or the value that could not be read and the expected format.
    /// </summary>
    public INeuronModel Create(string? preset, IEnumerable<KeyValuePair<string, string>> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        INeuronModel start = Defaults;
        if (preset is not null && !Presets.TryGetValue(preset, out start!))
        {
            string known = Presets.Count == 0 ? "none" : string.Join(", ", Presets.Keys);
            throw new ArgumentException($"Unknown preset '{preset}' for model '{Name}'; expected one of: {known}.", nameof(preset));
        }

        var model = _clone(start);
        foreach (var (name, text) in assignments)
        {
            var property = FindParameter(name);
            property.SetValue(model, ParseValue(property, text));
        }

        model.Validate();
        return model;
    }

    /// <summary>The parameter called <paramref name="name"/>; throws listing the valid names.</summary>
    public PropertyInfo FindParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Normalize(name);
        foreach (var p in Parameters)
        {
            if (Normalize(p.Name) == key)
            {
                return p;
            }
        }

        throw new ArgumentException(
            $"Unknown parameter '{name}' for model '{Name}'; expected one of: {string.Join(", ", Parameters.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>The value of parameter <paramref name="property"/> in <paramref name="model"/> as invariant text.</summary>
    public static string FormatValue(PropertyInfo property, INeuronModel model)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.GetValue(model) switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            var other => other?.ToString() ?? "",
        };
    }

    /// <summary>The expected format of a parameter's value, for help and error messages.</summary>
    public static string Expectation(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var t = property.PropertyType;
        if (t.IsEnum)
        {
            return "one of: " + string.Join(", ", Enum.GetNames(t));
        }

        return t == typeof(int) || t == typeof(long) ? "an integer" : t == typeof(bool) ? "true or false" : "a finite number";
    }

    private static object ParseValue(PropertyInfo property, string text)
    {
        var t = property.PropertyType;
        var inv = CultureInfo.InvariantCulture;
        object? value = null;
        if (t == typeof(double) && double.TryParse(text, NumberStyles.Float, inv, out double d) && double.IsFinite(d))
        {
            value = d;
        }
        else if (t == typeof(float) && float.TryParse(text, NumberStyles.Float, inv, out float f) && float.IsFinite(f))
        {
            value = f;
        }
        else if (t == typeof(int) && int.TryParse(text, NumberStyles.Integer, inv, out int i))
        {
            value = i;
        }
        else if (t == typeof(long) && long.TryParse(text, NumberStyles.Integer, inv, out long l))
        {
            value = l;
        }
        else if (t == typeof(bool) && bool.TryParse(text, out bool b))
        {
            value = b;
        }
        else if (t.IsEnum && !text.All(char.IsAsciiDigit) && Enum.TryParse(t, text, ignoreCase: true, out object? e) && Enum.IsDefined(t, e!))
        {
            value = e;
        }

        return value ?? throw new ArgumentException($"{property.Name} must be {Expectation(property)}; was '{text}'.", property.Name);
    }

    private static bool IsSupported(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(bool) || t.IsEnum;

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
