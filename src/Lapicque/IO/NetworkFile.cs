using System.Globalization;
using System.Text;
using System.Text.Json;
using Lapicque.Networks;
using Lapicque.Neurons;

namespace Lapicque.IO;

/// <summary>Run settings stored with a network file (all optional there; these are the defaults).</summary>
public sealed record SimulationSettings(double DtMs = 0.1, double DurationMs = 1000, ulong Seed = 0, int Threads = 0);

/// <summary>A monitor requested by a network file.</summary>
public abstract record MonitorSpec(string Population)
{
    /// <summary>Spikes of all neurons, or of the listed ones.</summary>
    public sealed record Spikes(string Population, int[]? Neurons) : MonitorSpec(Population);

    /// <summary>A state variable of some neurons every few steps.</summary>
    public sealed record State(string Population, string Variable, int[] Neurons, int EverySteps) : MonitorSpec(Population);

    /// <summary>The population rate.</summary>
    public sealed record Rate(string Population) : MonitorSpec(Population);
}

/// <summary>What a network file holds: the network description, run settings and monitors.</summary>
public sealed record NetworkDocument(Network Network, SimulationSettings Settings, IReadOnlyList<MonitorSpec> Monitors);

/// <summary>
/// Reads and writes network files: JSON describing populations, projections, injected currents, run settings and monitors
/// (schema in docs/simulation.md). Reading checks everything and reports errors with the file, the JSON path, what was
/// expected and what was seen.
/// </summary>
public static class NetworkFile
{
    private static readonly string[] TopFields = ["name", "description", "dt_ms", "duration_ms", "seed", "threads", "populations", "projections", "currents", "monitors"];

    /// <summary>Reads a network file.</summary>
    public static NetworkDocument Read(string path)
    {
        string text = JsonValue.ReadText(path);
        return Parse(text, path);
    }

    /// <summary>Parses network JSON; <paramref name="file"/> names the source in errors.</summary>
    public static NetworkDocument Parse(string json, string? file = null)
    {
        using var doc = JsonValue.Parse(json, file);
        var root = new JsonValue(doc.RootElement, "$", file);
        root.AllowOnly(TopFields);
        string name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(file ?? "network");
        var settings = new SimulationSettings(
            root.Optional("dt_ms")?.Positive() ?? 0.1,
            root.Optional("duration_ms")?.NonNegative() ?? 1000,
            (ulong)(root.Optional("seed")?.Integer(0) ?? 0),
            (int)(root.Optional("threads")?.Integer(0, 1024) ?? 0));
        var pops = root.Get("populations").Items().Select(ReadPopulation).ToList();
        var projections = (root.Optional("projections")?.Items() ?? []).Select(ReadProjection).ToList();
        var currents = (root.Optional("currents")?.Items() ?? []).Select(ReadCurrent).ToList();
        Network network;
        try
        {
            network = new Network(name, pops, projections, currents);
        }
        catch (ArgumentException e)
        {
            throw new FileFormatException(file, "$", Check.MessageOf(e), e);
        }

        var monitors = root.Optional("monitors") is { } m ? ReadMonitors(m, network) : [];
        return new NetworkDocument(network, settings, monitors);
    }

    private static Population ReadPopulation(JsonValue v)
    {
        v.AllowOnly("name", "size", "shape", "model", "preset", "parameters", "initial", "spikes");
        string name = v.Get("name").String();
        int[] shape = v.Optional("shape") is { } s ? s.Integers(1) : [(int)v.Get("size").Integer(1, int.MaxValue)];
        var model = ReadModel(v);
        var initial = new Dictionary<string, InitialValue>(StringComparer.Ordinal);
        if (v.Optional("initial") is { } init)
        {
            foreach ((string variable, JsonValue value) in init.Members())
            {
                initial[variable] = ReadInitial(value);
            }
        }

        return new Population { Name = name, Shape = shape, Model = model, Initial = initial };
    }

    /// <summary>Reads "model", "preset" and "parameters" of <paramref name="pop"/> (also used by the exact-gradient experiment file).</summary>
    internal static INeuronModel ReadModel(JsonValue pop)
    {
        var mv = pop.Get("model");
        string modelName = mv.String();
        var parameters = pop.Optional("parameters");
        switch (modelName)
        {
            case "poisson":
                parameters?.AllowOnly("rate_hz");
                return new PoissonSource { RateHz = parameters?.Optional("rate_hz")?.NonNegative() ?? 10 };
            case "input":
                parameters?.AllowOnly();
                return new ExternalSource();
            case "spike-generator":
                {
                    var spikes = pop.Get("spikes");
                    spikes.AllowOnly("neurons", "times_ms");
                    var neurons = spikes.Get("neurons").Integers(0);
                    var times = spikes.Get("times_ms").Numbers();
                    if (neurons.Length != times.Length)
                    {
                        throw spikes.Error($"'neurons' has {neurons.Length} entries but 'times_ms' has {times.Length}; expected one time per spike.");
                    }

                    return new SpikeGeneratorSource { Neurons = neurons, TimesMs = times };
                }
        }

        if (!NeuronCatalog.TryGet(modelName, out var info))
        {
            throw mv.Error($"unknown model \"{modelName}\"; expected one of: {string.Join(", ", NeuronCatalog.Names.Concat(["poisson", "spike-generator", "input"]))}.");
        }

        string? preset = pop.Optional("preset")?.String();
        var assignments = new List<KeyValuePair<string, string>>();
        if (parameters is { } p)
        {
            foreach ((string key, JsonValue value) in p.Members())
            {
                string text = value.Kind switch
                {
                    JsonValueKind.Number => value.Number().ToString("R", CultureInfo.InvariantCulture),
                    JsonValueKind.String => value.String(),
                    JsonValueKind.True or JsonValueKind.False => value.Boolean() ? "true" : "false",
                    _ => throw value.Error($"expected a number, a string or a boolean; was {value.Describe()}."),
                };
                assignments.Add(new(key, text));
            }
        }

        try
        {
            return info.Create(preset, assignments);
        }
        catch (ArgumentException e)
        {
            throw (parameters ?? mv).Error(Check.MessageOf(e));
        }
    }

    private static InitialValue ReadInitial(JsonValue v) => v.Kind switch
    {
        JsonValueKind.Number => new InitialValue.Constant(v.Number()),
        JsonValueKind.Array => new InitialValue.Values(v.Floats()),
        JsonValueKind.Object => ReadDistribution(v) switch
        {
            ("uniform", double a, double b) => new InitialValue.Uniform(a, b),
            ("normal", double a, double b) => new InitialValue.Normal(a, b),
            var (kind, _, _) => throw v.Error($"unknown initial-value rule '{kind}'; expected a number, an array, {{\"uniform\": [low, high]}} or {{\"normal\": [mean, std]}}."),
        },
        _ => throw v.Error($"expected a number, an array or an object; was {v.Describe()}."),
    };

    private static (string Kind, double A, double B) ReadDistribution(JsonValue v)
    {
        var members = v.Members().ToArray();
        if (members.Length != 1)
        {
            throw v.Error($"expected exactly one rule such as {{\"uniform\": [low, high]}}; found {members.Length} fields.");
        }

        (string kind, JsonValue args) = members[0];
        if (args.Kind != JsonValueKind.Array)
        {
            return (kind, args.Kind == JsonValueKind.Number ? args.Number() : double.NaN, double.NaN);
        }

        double[] p = args.Numbers();
        if (p.Length != 2)
        {
            throw args.Error($"expected two numbers; found {p.Length}.");
        }

        return (kind, p[0], p[1]);
    }

    private static Projection ReadProjection(JsonValue v)
    {
        v.AllowOnly("name", "source", "target", "connectivity", "weights", "synapse", "receptor", "delay_ms", "plasticity");
        string source = v.Get("source").String(), target = v.Get("target").String();
        return new Projection
        {
            Name = v.Optional("name")?.String() ?? $"{source}_{target}",
            Source = source,
            Target = target,
            Connectivity = ReadConnectivity(v.Get("connectivity")),
            Weights = v.Optional("weights") is { } w ? ReadWeights(w) : new WeightInit.Constant(1),
            Synapse = v.Optional("synapse") is { } s ? ReadSynapse(s) : new Synapse.Delta(),
            Receptor = v.Optional("receptor")?.String(),
            Delay = v.Optional("delay_ms") is { } d ? ReadDelay(d) : null,
            Plasticity = v.Optional("plasticity")?.String(),
        };
    }

    private static Connectivity ReadConnectivity(JsonValue v)
    {
        string type = v.Kind == JsonValueKind.String ? v.String() : v.Get("type").String();
        JsonValue? o = v.Kind == JsonValueKind.Object ? v : null;
        switch (type)
        {
            case "all":
                o?.AllowOnly("type");
                return new Connectivity.All();
            case "one_to_one":
                o?.AllowOnly("type");
                return new Connectivity.OneToOne();
            case "fixed_probability":
                Need(o, v, type).AllowOnly("type", "p", "allow_self");
                return new Connectivity.FixedProbability(o!.Value.Get("p").Number(0, 1), o.Value.Optional("allow_self")?.Boolean() ?? true);
            case "fixed_in_degree":
                Need(o, v, type).AllowOnly("type", "k", "allow_self");
                return new Connectivity.FixedInDegree((int)o!.Value.Get("k").Integer(0, int.MaxValue), o.Value.Optional("allow_self")?.Boolean() ?? true);
            case "explicit":
                {
                    var e = Need(o, v, type);
                    e.AllowOnly("type", "sources", "targets");
                    return new Connectivity.Explicit(e.Get("sources").Integers(0), e.Get("targets").Integers(0));
                }

            case "conv2d":
                {
                    var c = Need(o, v, type);
                    c.AllowOnly("type", "kernel", "stride", "padding", "bias", "pool");
                    int[] k = c.Get("kernel").Kind == JsonValueKind.Array ? c.Get("kernel").Integers(1) : [(int)c.Get("kernel").Integer(1, 1024)];
                    if (k.Length is not (1 or 2))
                    {
                        throw c.Get("kernel").Error($"expected a size or [height, width]; found {k.Length} numbers.");
                    }

                    return new Connectivity.Conv2d(
                        k[0], k[^1], (int)(c.Optional("stride")?.Integer(1, 1024) ?? 1), (int)(c.Optional("padding")?.Integer(0, 1024) ?? 0),
                        c.Optional("bias")?.Boolean() ?? false, c.Optional("pool") is { } pool ? ReadPool(pool) : null);
                }

            case "pool2d":
                return ReadPool(Need(o, v, type));
            default:
                throw v.Error($"unknown connectivity '{type}'; expected one of: all, one_to_one, fixed_probability, fixed_in_degree, explicit, conv2d, pool2d.");
        }
    }

    private static JsonValue Need(JsonValue? o, JsonValue v, string type) =>
        o ?? throw v.Error($"connectivity '{type}' needs an object with its parameters, for example {{\"type\": \"{type}\", ...}}.");

    private static Connectivity.Pool2d ReadPool(JsonValue v)
    {
        v.AllowOnly("type", "kind", "size", "stride");
        string kind = v.Get("kind").String();
        var k = kind switch
        {
            "max" => PoolKind.Max,
            "average" => PoolKind.Average,
            "sum" => PoolKind.Sum,
            _ => throw v.Get("kind").Error($"unknown pooling '{kind}'; expected max, average or sum."),
        };
        int size = (int)v.Get("size").Integer(1, 1024);
        return new Connectivity.Pool2d(k, size, (int)(v.Optional("stride")?.Integer(1, 1024) ?? size));
    }

    private static WeightInit ReadWeights(JsonValue v) => v.Kind switch
    {
        JsonValueKind.Number => new WeightInit.Constant(v.Number()),
        JsonValueKind.Array => new WeightInit.Values(v.Floats()),
        JsonValueKind.Object => ReadDistribution(v) switch
        {
            ("uniform", double a, double b) => new WeightInit.Uniform(a, b),
            ("normal", double a, double b) => new WeightInit.Normal(a, b),
            ("fan_in_uniform", double g, _) when !double.IsNaN(g) => new WeightInit.FanInUniform(g),
            ("fan_in_normal", double g, _) when !double.IsNaN(g) => new WeightInit.FanInNormal(g),
            var (kind, _, _) => throw v.Error($"unknown weight rule '{kind}'; expected a number, an array, {{\"uniform\": [low, high]}}, {{\"normal\": [mean, std]}}, {{\"fan_in_uniform\": gain}} or {{\"fan_in_normal\": gain}}."),
        },
        _ => throw v.Error($"expected a number, an array or an object; was {v.Describe()}."),
    };

    private static Synapse ReadSynapse(JsonValue v)
    {
        string type = v.Kind == JsonValueKind.String ? v.String() : v.Get("type").String();
        switch (type)
        {
            case "delta":
                return new Synapse.Delta();
            case "instant":
                return new Synapse.Instant();
            case "current":
                v.AllowOnly("type", "tau_ms");
                return new Synapse.Current(v.Get("tau_ms").Positive());
            case "conductance":
                v.AllowOnly("type", "tau_ms", "reversal_mv");
                return new Synapse.Conductance(v.Get("tau_ms").Positive(), v.Get("reversal_mv").Number());
            default:
                throw v.Error($"unknown synapse '{type}'; expected one of: delta, instant, current, conductance.");
        }
    }

    private static DelayInit ReadDelay(JsonValue v) => v.Kind switch
    {
        JsonValueKind.Number => new DelayInit.Constant(v.NonNegative()),
        JsonValueKind.Array => new DelayInit.Values(v.Items().Select(x => (float)x.NonNegative()).ToArray()),
        JsonValueKind.Object => ReadDistribution(v) switch
        {
            ("uniform", double a, double b) when a >= 0 && b >= a => new DelayInit.Uniform(a, b),
            var (kind, _, _) => throw v.Error($"expected a delay in ms, an array or {{\"uniform\": [low, high]}} with 0 <= low <= high; found '{kind}'."),
        },
        _ => throw v.Error($"expected a number, an array or an object; was {v.Describe()}."),
    };

    private static CurrentInjection ReadCurrent(JsonValue v)
    {
        v.AllowOnly("target", "neurons", "constant", "step", "series");
        string target = v.Get("target").String();
        int[]? neurons = v.Optional("neurons")?.Integers(0);
        if (v.Optional("constant") is { } c)
        {
            return new CurrentInjection.Constant(c.Number()) { Target = target, Neurons = neurons };
        }

        if (v.Optional("step") is { } s)
        {
            s.AllowOnly("value", "onset_ms", "offset_ms");
            return new CurrentInjection.StepPulse(s.Get("value").Number(), s.Get("onset_ms").NonNegative(), s.Get("offset_ms").NonNegative()) { Target = target, Neurons = neurons };
        }

        if (v.Optional("series") is { } series)
        {
            return new CurrentInjection.Series(series.Floats()) { Target = target, Neurons = neurons };
        }

        throw v.Error("expected one of the fields 'constant', 'step' or 'series'.");
    }

    private static List<MonitorSpec> ReadMonitors(JsonValue v, Network network)
    {
        v.AllowOnly("spikes", "states", "rates");
        var list = new List<MonitorSpec>();
        foreach (var s in v.Optional("spikes")?.Items() ?? [])
        {
            if (s.Kind == JsonValueKind.String)
            {
                list.Add(new MonitorSpec.Spikes(PopulationName(s, network), null));
            }
            else
            {
                s.AllowOnly("population", "neurons");
                list.Add(new MonitorSpec.Spikes(PopulationName(s.Get("population"), network), s.Optional("neurons")?.Integers(0)));
            }
        }

        foreach (var s in v.Optional("states")?.Items() ?? [])
        {
            s.AllowOnly("population", "variable", "neurons", "every_steps");
            list.Add(new MonitorSpec.State(
                PopulationName(s.Get("population"), network), s.Get("variable").String(), s.Get("neurons").Integers(0),
                (int)(s.Optional("every_steps")?.Integer(1, int.MaxValue) ?? 1)));
        }

        foreach (var s in v.Optional("rates")?.Items() ?? [])
        {
            list.Add(new MonitorSpec.Rate(PopulationName(s, network)));
        }

        return list;
    }

    private static string PopulationName(JsonValue v, Network network)
    {
        string name = v.String();
        if (!network.Populations.Any(p => p.Name == name))
        {
            throw v.Error($"\"{name}\" is not a population; expected one of: {string.Join(", ", network.Populations.Select(p => p.Name))}.");
        }

        return name;
    }

    /// <summary>
    /// Writes a network description as JSON (the rules, not materialised weights: a built network's random weights are
    /// reproduced from its seed). Round-trips through <see cref="Parse"/>.
    /// </summary>
    public static string Write(Network network, SimulationSettings? settings = null, IReadOnlyList<MonitorSpec>? monitors = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", network.Name);
            if (settings is not null)
            {
                w.WriteNumber("dt_ms", settings.DtMs);
                w.WriteNumber("duration_ms", settings.DurationMs);
                w.WriteNumber("seed", settings.Seed);
                if (settings.Threads != 0)
                {
                    w.WriteNumber("threads", settings.Threads);
                }
            }

            w.WriteStartArray("populations");
            foreach (var p in network.Populations)
            {
                WritePopulation(w, p);
            }

            w.WriteEndArray();
            w.WriteStartArray("projections");
            foreach (var p in network.Projections)
            {
                WriteProjection(w, p);
            }

            w.WriteEndArray();
            if (network.Currents.Count > 0)
            {
                w.WriteStartArray("currents");
                foreach (var c in network.Currents)
                {
                    WriteCurrent(w, c);
                }

                w.WriteEndArray();
            }

            if (monitors is { Count: > 0 })
            {
                WriteMonitors(w, monitors);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePopulation(Utf8JsonWriter w, Population p)
    {
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        if (p.Shape.Length == 1)
        {
            w.WriteNumber("size", p.Shape[0]);
        }
        else
        {
            WriteArray(w, "shape", p.Shape);
        }

        w.WriteString("model", p.Model.ModelName);
        switch (p.Model)
        {
            case PoissonSource ps:
                w.WriteStartObject("parameters");
                w.WriteNumber("rate_hz", ps.RateHz);
                w.WriteEndObject();
                break;
            case SpikeGeneratorSource sg:
                w.WriteStartObject("spikes");
                WriteArray(w, "neurons", sg.Neurons);
                w.WriteStartArray("times_ms");
                foreach (double t in sg.TimesMs)
                {
                    w.WriteNumberValue(t);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case ExternalSource:
                break;
            default:
                {
                    var info = NeuronCatalog.Get(p.Model.ModelName);
                    w.WriteStartObject("parameters");
                    foreach (var prop in info.Parameters)
                    {
                        string text = NeuronModelInfo.FormatValue(prop, p.Model);
                        string key = SnakeCase(prop.Name);
                        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                        {
                            w.WriteNumber(key, d);
                        }
                        else if (text is "True" or "False")
                        {
                            w.WriteBoolean(key, text == "True");
                        }
                        else
                        {
                            w.WriteString(key, text);
                        }
                    }

                    w.WriteEndObject();
                    break;
                }
        }

        if (p.Initial.Count > 0)
        {
            w.WriteStartObject("initial");
            foreach ((string name, InitialValue value) in p.Initial)
            {
                w.WritePropertyName(name);
                WriteValueRule(w, value switch
                {
                    InitialValue.Constant c => ValueRule.Number(c.Value),
                    InitialValue.Uniform u => new ValueRule("uniform", u.Low, u.High),
                    InitialValue.Normal n => new ValueRule("normal", n.Mean, n.Std),
                    InitialValue.Values vals => ValueRule.Array(vals.Data),
                    _ => throw new InvalidOperationException($"Unknown initial-value rule {value}."),
                });
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteProjection(Utf8JsonWriter w, Projection p)
    {
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        w.WriteString("source", p.Source);
        w.WriteString("target", p.Target);
        w.WritePropertyName("connectivity");
        switch (p.Connectivity)
        {
            case Connectivity.All:
                w.WriteStringValue("all");
                break;
            case Connectivity.OneToOne:
                w.WriteStringValue("one_to_one");
                break;
            case Connectivity.FixedProbability fp:
                WriteStartTyped(w, "fixed_probability");
                w.WriteNumber("p", fp.P);
                w.WriteBoolean("allow_self", fp.AllowSelf);
                w.WriteEndObject();
                break;
            case Connectivity.FixedInDegree fd:
                WriteStartTyped(w, "fixed_in_degree");
                w.WriteNumber("k", fd.K);
                w.WriteBoolean("allow_self", fd.AllowSelf);
                w.WriteEndObject();
                break;
            case Connectivity.Explicit e:
                WriteStartTyped(w, "explicit");
                WriteArray(w, "sources", e.Sources);
                WriteArray(w, "targets", e.Targets);
                w.WriteEndObject();
                break;
            case Connectivity.Conv2d c:
                WriteStartTyped(w, "conv2d");
                WriteArray(w, "kernel", [c.KernelH, c.KernelW]);
                w.WriteNumber("stride", c.Stride);
                w.WriteNumber("padding", c.Padding);
                w.WriteBoolean("bias", c.Bias);
                if (c.Pool is { } convPool)
                {
                    w.WritePropertyName("pool");
                    WritePool(w, convPool);
                }

                w.WriteEndObject();
                break;
            case Connectivity.Pool2d pool:
                WritePool(w, pool);
                break;
        }

        w.WritePropertyName("weights");
        WriteValueRule(w, p.Weights switch
        {
            WeightInit.Constant c => ValueRule.Number(c.Value),
            WeightInit.Uniform u => new ValueRule("uniform", u.Low, u.High),
            WeightInit.Normal n => new ValueRule("normal", n.Mean, n.Std),
            WeightInit.FanInUniform f => new ValueRule("fan_in_uniform", f.Gain),
            WeightInit.FanInNormal f => new ValueRule("fan_in_normal", f.Gain),
            WeightInit.Values v => ValueRule.Array(v.Data),
            _ => throw new InvalidOperationException($"Unknown weight rule {p.Weights}."),
        });

        w.WritePropertyName("synapse");
        switch (p.Synapse)
        {
            case Synapse.Delta:
                w.WriteStringValue("delta");
                break;
            case Synapse.Instant:
                w.WriteStringValue("instant");
                break;
            case Synapse.Current c:
                WriteStartTyped(w, "current");
                w.WriteNumber("tau_ms", c.TauMs);
                w.WriteEndObject();
                break;
            case Synapse.Conductance g:
                WriteStartTyped(w, "conductance");
                w.WriteNumber("tau_ms", g.TauMs);
                w.WriteNumber("reversal_mv", g.ReversalMv);
                w.WriteEndObject();
                break;
        }

        if (p.Receptor is not null)
        {
            w.WriteString("receptor", p.Receptor);
        }

        if (p.Delay is not null)
        {
            w.WritePropertyName("delay_ms");
            WriteValueRule(w, p.Delay switch
            {
                DelayInit.Constant d => ValueRule.Number(d.Ms),
                DelayInit.Uniform u => new ValueRule("uniform", u.LowMs, u.HighMs),
                DelayInit.Values v => ValueRule.Array(v.Ms),
                _ => throw new InvalidOperationException($"Unknown delay rule {p.Delay}."),
            });
        }

        if (p.Plasticity is not null)
        {
            w.WriteString("plasticity", p.Plasticity);
        }

        w.WriteEndObject();
    }

    private static void WritePool(Utf8JsonWriter w, Connectivity.Pool2d pool)
    {
        WriteStartTyped(w, "pool2d");
        w.WriteString("kind", pool.Kind switch { PoolKind.Max => "max", PoolKind.Average => "average", _ => "sum" });
        w.WriteNumber("size", pool.Size);
        w.WriteNumber("stride", pool.Stride);
        w.WriteEndObject();
    }

    private static void WriteCurrent(Utf8JsonWriter w, CurrentInjection c)
    {
        w.WriteStartObject();
        w.WriteString("target", c.Target);
        if (c.Neurons is not null)
        {
            WriteArray(w, "neurons", c.Neurons);
        }

        switch (c)
        {
            case CurrentInjection.Constant k:
                w.WriteNumber("constant", k.Value);
                break;
            case CurrentInjection.StepPulse s:
                w.WriteStartObject("step");
                w.WriteNumber("value", s.Value);
                w.WriteNumber("onset_ms", s.OnsetMs);
                w.WriteNumber("offset_ms", s.OffsetMs);
                w.WriteEndObject();
                break;
            case CurrentInjection.Series s:
                w.WritePropertyName("series");
                WriteFloats(w, s.Values);
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteMonitors(Utf8JsonWriter w, IReadOnlyList<MonitorSpec> monitors)
    {
        w.WriteStartObject("monitors");
        w.WriteStartArray("spikes");
        foreach (var m in monitors.OfType<MonitorSpec.Spikes>())
        {
            if (m.Neurons is null)
            {
                w.WriteStringValue(m.Population);
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("population", m.Population);
                WriteArray(w, "neurons", m.Neurons);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("states");
        foreach (var m in monitors.OfType<MonitorSpec.State>())
        {
            w.WriteStartObject();
            w.WriteString("population", m.Population);
            w.WriteString("variable", m.Variable);
            WriteArray(w, "neurons", m.Neurons);
            w.WriteNumber("every_steps", m.EverySteps);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("rates");
        foreach (var m in monitors.OfType<MonitorSpec.Rate>())
        {
            w.WriteStringValue(m.Population);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    // Opens an object whose "type" field names the variant, the form ReadConnectivity, ReadPool and ReadSynapse switch on.
    private static void WriteStartTyped(Utf8JsonWriter w, string type)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
    }

    // Initial values, weights and delays share one JSON form, the one ReadInitial, ReadWeights and ReadDelay read back: a
    // number, an array, {"kind": [a, b]} or {"kind": a} (a one-number rule such as fan_in_uniform, when B is null).
    private static void WriteValueRule(Utf8JsonWriter w, ValueRule rule)
    {
        if (rule.Values is not null)
        {
            WriteFloats(w, rule.Values);
        }
        else if (rule.Kind is null)
        {
            w.WriteNumberValue(rule.A);
        }
        else
        {
            w.WriteStartObject();
            if (rule.B is not { } b)
            {
                w.WriteNumber(rule.Kind, rule.A);
            }
            else
            {
                w.WriteStartArray(rule.Kind);
                w.WriteNumberValue(rule.A);
                w.WriteNumberValue(b);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }
    }

    private static void WriteArray(Utf8JsonWriter w, string name, int[] values)
    {
        w.WriteStartArray(name);
        foreach (int v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteFloats(Utf8JsonWriter w, float[] values)
    {
        w.WriteStartArray();
        foreach (float v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    // One rule of the form WriteValueRule writes: Kind null for a plain number (A) or array (Values).
    private readonly record struct ValueRule(string? Kind, double A, double? B = null, float[]? Values = null)
    {
        public static ValueRule Number(double value) => new(null, value);

        public static ValueRule Array(float[] values) => new(null, 0, Values: values);
    }
}
