using System.Globalization;
using System.Text.Json;

namespace Lapicque.IO;

/// <summary>
/// What a checkpoint records besides its arrays, stored as strings in the safetensors "__metadata__" map:
/// "format", "config" (the run configuration as JSON text), "epoch", "step", "optimizer" (JSON: name, step_count,
/// learning_rate, state_keys), "rng" (JSON: name to unsigned 64-bit value as a decimal string, for seeds and stream
/// positions), "metrics" (JSON: name to number; NaN and infinities as the strings "NaN", "Infinity", "-Infinity"),
/// "sha256" (hex SHA-256 of the data section, added on save) and any <see cref="Extra"/> entries.
/// </summary>
public sealed class CheckpointMetadata
{
    /// <summary>Value of the "format" entry.</summary>
    public const string FormatName = "lapicque-checkpoint-1";

    internal static readonly string[] ReservedKeys = ["format", "config", "epoch", "step", "optimizer", "rng", "metrics", "sha256"];

    /// <summary>The run configuration (an experiment file's JSON text), or null.</summary>
    public string? ConfigJson { get; set; }

    /// <summary>Number of completed epochs.</summary>
    public int Epoch { get; set; }

    /// <summary>Number of completed training steps (mini-batches) over the whole run.</summary>
    public long Step { get; set; }

    /// <summary>Name of the optimizer whose state is stored (for example "adam"), or null.</summary>
    public string? OptimizerName { get; set; }

    /// <summary>The optimizer's step count (drives Adam's bias correction).</summary>
    public long OptimizerStepCount { get; set; }

    /// <summary>The optimizer's learning rate at the time of the checkpoint, or null.</summary>
    public double? LearningRate { get; set; }

    /// <summary>The optimizer state keys ("parameter/slot") stored as tensors "optim/KEY".</summary>
    public List<string> OptimizerStateKeys { get; } = [];

    /// <summary>Random seeds and stream positions by name, for example "seed" and "shuffle_stream".</summary>
    public Dictionary<string, ulong> Rng { get; } = new(StringComparer.Ordinal);

    /// <summary>Metrics by name, for example "val_acc".</summary>
    public Dictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Further string entries; keys must not collide with the reserved ones listed on the class.</summary>
    public Dictionary<string, string> Extra { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, string> ToStrings()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = FormatName };
        if (ConfigJson is not null)
        {
            try
            {
                using var _ = JsonDocument.Parse(ConfigJson);
            }
            catch (JsonException e)
            {
                throw new ArgumentException("ConfigJson must be valid JSON: " + e.Message, nameof(ConfigJson), e);
            }

            map["config"] = ConfigJson;
        }

        map["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture);
        map["step"] = Step.ToString(CultureInfo.InvariantCulture);
        if (OptimizerName is not null)
        {
            map["optimizer"] = Json(w =>
            {
                w.WriteString("name", OptimizerName);
                w.WriteNumber("step_count", OptimizerStepCount);
                if (LearningRate is { } lr)
                {
                    WriteNumber(w, "learning_rate", lr);
                }

                w.WriteStartArray("state_keys");
                foreach (string k in OptimizerStateKeys)
                {
                    w.WriteStringValue(k);
                }

                w.WriteEndArray();
            });
        }

        map["rng"] = Json(w =>
        {
            foreach ((string k, ulong v) in Rng)
            {
                w.WriteString(k, v.ToString(CultureInfo.InvariantCulture));
            }
        });
        map["metrics"] = Json(w =>
        {
            foreach ((string k, double v) in Metrics)
            {
                WriteNumber(w, k, v);
            }
        });
        foreach ((string k, string v) in Extra)
        {
            if (Array.IndexOf(ReservedKeys, k) >= 0)
            {
                throw new ArgumentException($"Extra metadata key '{k}' is reserved; use another name.", nameof(Extra));
            }

            map[k] = v;
        }

        return map;
    }

    internal static CheckpointMetadata FromStrings(IReadOnlyDictionary<string, string> map, string? file)
    {
        const string root = "$[\"__metadata__\"]";
        var m = new CheckpointMetadata();
        if (!map.TryGetValue("format", out string? format) || format != FormatName)
        {
            throw new FileFormatException(file, root + "[\"format\"]", $"expected '{FormatName}'; was {(format is null ? "missing" : "'" + format + "'")} - not a Lapicque checkpoint?");
        }

        m.ConfigJson = map.GetValueOrDefault("config");
        m.Epoch = (int)Integer(map, "epoch", 0, int.MaxValue, file);
        m.Step = Integer(map, "step", 0, long.MaxValue, file);
        if (map.TryGetValue("optimizer", out string? opt))
        {
            using var doc = JsonValue.Parse(opt, file);
            var v = new JsonValue(doc.RootElement, root + "[\"optimizer\"]", file);
            m.OptimizerName = v.Get("name").String();
            m.OptimizerStepCount = v.Get("step_count").Integer(0);
            m.LearningRate = v.Optional("learning_rate") is { } lr ? NumberOrSpecial(lr) : null;
            foreach (var k in v.Get("state_keys").Items())
            {
                m.OptimizerStateKeys.Add(k.String());
            }
        }

        if (map.TryGetValue("rng", out string? rng))
        {
            using var doc = JsonValue.Parse(rng, file);
            foreach (var (name, value) in new JsonValue(doc.RootElement, root + "[\"rng\"]", file).Members())
            {
                m.Rng[name] = ulong.TryParse(value.String(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong u)
                    ? u
                    : throw value.Error($"expected an unsigned 64-bit integer as a decimal string; was '{value.String()}'.");
            }
        }

        if (map.TryGetValue("metrics", out string? metrics))
        {
            using var doc = JsonValue.Parse(metrics, file);
            foreach (var (name, value) in new JsonValue(doc.RootElement, root + "[\"metrics\"]", file).Members())
            {
                m.Metrics[name] = NumberOrSpecial(value);
            }
        }

        foreach ((string k, string v) in map)
        {
            if (Array.IndexOf(ReservedKeys, k) < 0)
            {
                m.Extra[k] = v;
            }
        }

        return m;
    }

    private static long Integer(IReadOnlyDictionary<string, string> map, string key, long low, long high, string? file)
    {
        string path = $"$[\"__metadata__\"][\"{key}\"]";
        if (!map.TryGetValue(key, out string? text))
        {
            throw new FileFormatException(file, path, "missing required entry.");
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) && v >= low && v <= high
            ? v
            : throw new FileFormatException(file, path, $"expected an integer in [{low}, {high}]; was '{text}'.");
    }

    private static double NumberOrSpecial(JsonValue v) => v.Kind == JsonValueKind.String
        ? v.String() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            string s => throw v.Error($"expected a number, \"NaN\", \"Infinity\" or \"-Infinity\"; was '{s}'."),
        }
        : v.Number();

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
