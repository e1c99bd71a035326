using System.Text.Json;
using Lapicque.Encoding;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;

namespace Lapicque.IO;

/// <summary>
/// Reads experiment files (schema in docs/training.md): a data set, an encoding, a network (inline, in the network-file
/// schema of docs/simulation.md, or the path of a network file), a trainer and its hyperparameters. Errors name the
/// file, the JSON path, what was expected and what was seen, like <see cref="NetworkFile"/>.
/// </summary>
public static class ExperimentFile
{
    /// <summary>
    /// Trainer kinds this build runs. Extension point: a new trainer (exact gradients, STDP) adds its name here and a
    /// case in the train command's trainer switch; its own hyperparameters go in an optional object named after it.
    /// </summary>
    public static IReadOnlyList<string> Trainers { get; } = ["surrogate", "ann"];

    /// <summary>Data sets known to the parser.</summary>
    public static IReadOnlyList<string> Datasets { get; } = ["mnist", "fashion-mnist", "cifar10", "yinyang"];

    private static readonly string[] TopFields =
        ["name", "description", "dataset", "encoding", "network", "trainer", "surrogate", "loss", "optimizer", "schedule", "epochs", "batch_size", "clip_norm", "seed", "threads", "dt_ms", "ann", "augment",
         "spiking", "bptt_window", "rate_regularizer", "dropout"];

    // Fields that only the spiking ("surrogate") trainer reads; the ANN twin has no spikes, state or dropout layers.
    private static readonly string[] SpikingTrainerFields = ["spiking", "bptt_window", "rate_regularizer", "dropout"];

    private static readonly string[] Surrogates = ["atan", "fast_sigmoid", "sigmoid", "triangle", "single_exponential", "straight_through"];

    /// <summary>Reads an experiment file; a network given as a path is resolved against the file's folder.</summary>
    public static Experiment Read(string path)
    {
        string text = JsonValue.ReadText(path);
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Parses experiment JSON; <paramref name="file"/> names the source in errors and <paramref name="baseDir"/> is the
    /// folder that a relative network path is resolved against (the current folder when null).
    /// </summary>
    public static Experiment Parse(string json, string? file = null, string? baseDir = null)
    {
        using var doc = JsonValue.Parse(json, file);
        var root = new JsonValue(doc.RootElement, "$", file);
        root.AllowOnly(TopFields);
        string name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(file ?? "experiment");
        var (encoder, kind, steps) = ReadEncoding(root.Get("encoding"));
        string trainer = root.Optional("trainer")?.String() ?? "surrogate";
        if (!Trainers.Contains(trainer))
        {
            throw new FileFormatException(file, "$.trainer", $"unknown trainer '{trainer}'; expected one of: {string.Join(", ", Trainers)}.");
        }

        var clip = root.Optional("clip_norm")?.Positive();
        bool batchNorm = false;
        if (root.Optional("ann") is { } ann)
        {
            if (trainer != "ann")
            {
                throw ann.Error($"the \"ann\" options belong to trainer \"ann\"; this experiment's trainer is \"{trainer}\".");
            }

            ann.AllowOnly("batch_norm");
            batchNorm = ann.Optional("batch_norm")?.Boolean() ?? false;
        }

        if (trainer != "surrogate" && SpikingTrainerFields.FirstOrDefault(f => root.Optional(f) is not null) is { } spikingOnly)
        {
            throw root.Get(spikingOnly).Error($"\"{spikingOnly}\" belongs to trainer \"surrogate\"; this experiment's trainer is \"{trainer}\".");
        }

        return new Experiment
        {
            Name = name,
            Dataset = ReadDataset(root.Get("dataset")),
            Encoder = encoder,
            EncodingKind = kind,
            Steps = steps,
            Network = ReadNetwork(root.Get("network"), baseDir),
            Trainer = trainer,
            Surrogate = ReadSurrogate(root.Optional("surrogate")),
            Loss = ReadLoss(root.Optional("loss")),
            Optimizer = ReadOptimizer(root.Get("optimizer")),
            Schedule = ReadSchedule(root.Optional("schedule")),
            Epochs = (int)(root.Optional("epochs")?.Integer(0, 1_000_000) ?? 1),
            BatchSize = (int)(root.Optional("batch_size")?.Integer(1, 1 << 20) ?? 128),
            ClipNorm = clip,
            Seed = (ulong)(root.Optional("seed")?.Integer(0) ?? 0),
            Threads = (int)(root.Optional("threads")?.Integer(0, 1024) ?? 0),
            DtMs = root.Optional("dt_ms")?.Positive() ?? 1.0,
            AnnBatchNorm = batchNorm,
            Augmentation = ReadAugmentation(root.Optional("augment")),
            Spiking = ReadSpiking(root.Optional("spiking")),
            TruncationWindow = (int?)root.Optional("bptt_window")?.Integer(1, 100_000),
            RateRegularizer = ReadRateRegularizer(root.Optional("rate_regularizer")),
            Dropout = ReadDropout(root.Optional("dropout")),
        };
    }

    /// <summary>Reads "spiking": { "learn_beta", "learn_threshold", "per_neuron", "detach_reset" } (defaults: SpikingOptions.Default).</summary>
    private static SpikingOptions ReadSpiking(JsonValue? v)
    {
        if (v is not { } s)
        {
            return SpikingOptions.Default;
        }

        s.AllowOnly("learn_beta", "learn_threshold", "per_neuron", "detach_reset");
        var d = SpikingOptions.Default;
        return new SpikingOptions
        {
            LearnBeta = s.Optional("learn_beta")?.Boolean() ?? d.LearnBeta,
            LearnThreshold = s.Optional("learn_threshold")?.Boolean() ?? d.LearnThreshold,
            PerNeuron = s.Optional("per_neuron")?.Boolean() ?? d.PerNeuron,
            DetachReset = s.Optional("detach_reset")?.Boolean() ?? d.DetachReset,
        };
    }

    /// <summary>Reads "rate_regularizer": { "lower_rate", "lower_strength", "upper_rate", "upper_strength" } (SpikeRateRegularizer).</summary>
    private static SpikeRateRegularizer? ReadRateRegularizer(JsonValue? v)
    {
        if (v is not { } r)
        {
            return null;
        }

        r.AllowOnly("lower_rate", "lower_strength", "upper_rate", "upper_strength");
        var d = new SpikeRateRegularizer();
        return new SpikeRateRegularizer(
            r.Optional("lower_rate")?.Number(0, 1) ?? d.LowerRate,
            r.Optional("lower_strength")?.NonNegative() ?? d.LowerStrength,
            r.Optional("upper_rate")?.Number(0, 1) ?? d.UpperRate,
            r.Optional("upper_strength")?.NonNegative() ?? d.UpperStrength);
    }

    /// <summary>Reads "dropout": a probability in [0, 1).</summary>
    private static double ReadDropout(JsonValue? v)
    {
        if (v is not { } d)
        {
            return 0;
        }

        double p = d.Number();
        return p >= 0 && p < 1 ? p : throw d.Error($"expected a probability in [0, 1); was {p.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Reads "augment": { "shift": pixels, "flip": bool }.</summary>
    private static Data.ImageAugmentation? ReadAugmentation(JsonValue? v)
    {
        if (v is not { } a)
        {
            return null;
        }

        a.AllowOnly("shift", "flip");
        return new Data.ImageAugmentation
        {
            MaxShift = (int)(a.Optional("shift")?.Integer(0, 1 << 16) ?? 0),
            HorizontalFlip = a.Optional("flip")?.Boolean() ?? false,
        };
    }

    private static string Kind(JsonValue v, IReadOnlyList<string> known)
    {
        // A section is either a bare kind string or an object with "kind".
        var k = v.Kind == JsonValueKind.String ? v : v.Get("kind");
        string s = k.String();
        return known.Contains(s) ? s : throw k.Error($"unknown kind '{s}'; expected one of: {string.Join(", ", known)}.");
    }

    /// <summary>Reads a "dataset" field: a name, or an object with name, validation, train_limit, test_limit.</summary>
    internal static DatasetSpec ReadDataset(JsonValue v)
    {
        string name = v.Kind == JsonValueKind.String ? v.String() : v.Get("name").String();
        if (!Datasets.Contains(name))
        {
            throw (v.Kind == JsonValueKind.String ? v : v.Get("name")).Error($"unknown dataset '{name}'; expected one of: {string.Join(", ", Datasets)}.");
        }

        if (v.Kind == JsonValueKind.String)
        {
            return new DatasetSpec(name);
        }

        v.AllowOnly("name", "validation", "train_limit", "test_limit");
        double validation = 0;
        if (v.Optional("validation") is { } val)
        {
            validation = val.NonNegative();
            if (validation >= 1 && validation != Math.Floor(validation))
            {
                throw val.Error($"expected a fraction in [0, 1) or a whole number of samples; was {validation}.");
            }
        }

        return new DatasetSpec(
            name, validation, (int?)v.Optional("train_limit")?.Integer(1, int.MaxValue), (int?)v.Optional("test_limit")?.Integer(1, int.MaxValue));
    }

    private static (ISpikeEncoder Encoder, string Kind, int Steps) ReadEncoding(JsonValue v)
    {
        string kind = Kind(v, ["rate", "poisson", "latency", "direct"]);
        v.AllowOnly(kind switch
        {
            "rate" or "direct" => ["kind", "steps", "gain"],
            "poisson" => ["kind", "steps", "max_rate_hz", "dt_ms"],
            _ => ["kind", "steps", "mode", "threshold", "tau_steps", "normalize", "epsilon"],
        });
        int steps = (int)v.Get("steps").Integer(1, 100_000);
        ISpikeEncoder encoder = kind switch
        {
            "rate" => new RateEncoder { Gain = v.Optional("gain")?.NonNegative() ?? 1.0 },
            "direct" => new ConstantCurrentEncoder((float)(v.Optional("gain")?.Number(-1e6, 1e6) ?? 1.0)),
            "poisson" => new PoissonEncoder { MaxRateHz = v.Optional("max_rate_hz")?.NonNegative() ?? 100, DtMs = v.Optional("dt_ms")?.Positive() ?? 1.0 },
            _ => new LatencyEncoder
            {
                Mode = v.Optional("mode") is { } m ? Kind(m, ["linear", "logarithmic"]) == "linear" ? LatencyMode.Linear : LatencyMode.Logarithmic : LatencyMode.Linear,
                Threshold = v.Optional("threshold")?.Number(0, 1) ?? 0.01,
                TauSteps = v.Optional("tau_steps")?.Positive() ?? 5.0,
                Normalize = v.Optional("normalize")?.Boolean() ?? true,
                Epsilon = v.Optional("epsilon")?.Positive() ?? 0.01,
            },
        };
        try
        {
            switch (encoder)
            {
                case RateEncoder r:
                    r.Validate();
                    break;
                case PoissonEncoder q:
                    q.Validate();
                    break;
                case LatencyEncoder l:
                    l.Validate();
                    break;
            }
        }
        catch (ArgumentException e)
        {
            throw v.Error(Check.MessageOf(e));
        }

        return (encoder, kind, steps);
    }

    private static Networks.Network ReadNetwork(JsonValue v, string? baseDir)
    {
        if (v.Kind == JsonValueKind.String)
        {
            string p = v.String();
            string full = Path.IsPathRooted(p) ? p : Path.Combine(baseDir ?? Directory.GetCurrentDirectory(), p);
            if (!File.Exists(full))
            {
                throw v.Error($"network file '{full}' does not exist.");
            }

            return NetworkFile.Read(full).Network;
        }

        try
        {
            return NetworkFile.Parse(v.Element.GetRawText(), v.File).Network;
        }
        catch (FileFormatException e)
        {
            // The network parser's paths start at its own root; re-root them under this field.
            throw new FileFormatException(v.File, v.Path + e.JsonPath[1..], e.Problem, e);
        }
    }

    private static SurrogateSpec ReadSurrogate(JsonValue? v)
    {
        if (v is not { } s)
        {
            return new SurrogateSpec("atan", 2.0);
        }

        string kind = Kind(s, Surrogates);
        double defaultSharpness = kind switch { "atan" => 2, "fast_sigmoid" or "sigmoid" => 25, "single_exponential" => 5, "triangle" => 1, _ => 0 };
        if (s.Kind == JsonValueKind.String)
        {
            return new SurrogateSpec(kind, defaultSharpness);
        }

        s.AllowOnly("kind", "sharpness");
        double sharp = kind == "straight_through" ? s.Optional("sharpness")?.NonNegative() ?? 0 : s.Optional("sharpness")?.Positive() ?? defaultSharpness;
        return new SurrogateSpec(kind, sharp);
    }

    private static ILoss ReadLoss(JsonValue? v)
    {
        if (v is not { } l)
        {
            return new CrossEntropyCountLoss();
        }

        string kind = Kind(l, ["cross_entropy_count", "count_mse", "membrane_cross_entropy", "first_spike_cross_entropy"]);
        if (l.Kind == JsonValueKind.Object)
        {
            l.AllowOnly("kind", "correct_rate", "incorrect_rate", "reduction", "scale");
        }

        JsonValue? Opt(string name) => l.Kind == JsonValueKind.Object ? l.Optional(name) : null;
        return kind switch
        {
            "cross_entropy_count" => new CrossEntropyCountLoss(),
            "count_mse" => new CountMseLoss(Opt("correct_rate")?.Number(0, 1) ?? 0.8, Opt("incorrect_rate")?.Number(0, 1) ?? 0.2),
            "membrane_cross_entropy" => new MembraneCrossEntropyLoss(Opt("reduction") is { } r
                ? Kind(r, ["max", "final", "mean"]) switch { "max" => MembraneReduction.Max, "final" => MembraneReduction.Final, _ => MembraneReduction.Mean }
                : MembraneReduction.Max),
            _ => new FirstSpikeCrossEntropyLoss(Opt("scale")?.Positive() ?? 1.0),
        };
    }

    private static OptimizerSpec ReadOptimizer(JsonValue v)
    {
        string kind = Kind(v, ["sgd", "adam", "adamw", "adabelief"]);
        v.AllowOnly(kind switch
        {
            "sgd" => ["kind", "lr", "momentum", "nesterov", "weight_decay"],
            "adabelief" => ["kind", "lr", "beta1", "beta2", "epsilon"],
            _ => ["kind", "lr", "beta1", "beta2", "epsilon", "weight_decay"],
        });
        double lr = v.Get("lr").Positive();
        return new OptimizerSpec(
            kind,
            lr,
            v.Optional("beta1")?.Number(0, 0.999999) ?? 0.9,
            v.Optional("beta2")?.Number(0, 0.999999999) ?? 0.999,
            v.Optional("epsilon")?.Positive(),
            v.Optional("weight_decay")?.NonNegative() ?? (kind == "adamw" ? 0.01 : 0),
            v.Optional("momentum")?.Number(0, 0.999999) ?? 0,
            v.Optional("nesterov")?.Boolean() ?? false);
    }

    private static LearningRateSchedule ReadSchedule(JsonValue? v)
    {
        if (v is not { } s)
        {
            return new LearningRateSchedule.Constant();
        }

        string kind = Kind(s, ["constant", "step", "exponential", "cosine"]);
        if (s.Kind == JsonValueKind.String)
        {
            return kind == "constant" ? new LearningRateSchedule.Constant() : throw s.Error($"schedule '{kind}' needs parameters; write it as an object with \"kind\".");
        }

        s.AllowOnly(kind switch
        {
            "constant" => ["kind"],
            "step" => ["kind", "every", "gamma"],
            "exponential" => ["kind", "gamma"],
            _ => ["kind", "total", "min_lr"],
        });
        return kind switch
        {
            "constant" => new LearningRateSchedule.Constant(),
            "step" => new LearningRateSchedule.StepDecay((int)s.Get("every").Integer(1, int.MaxValue), s.Get("gamma").Positive()),
            "exponential" => new LearningRateSchedule.Exponential(s.Get("gamma").Positive()),
            _ => new LearningRateSchedule.Cosine(s.Get("total").Integer(1), s.Optional("min_lr")?.NonNegative() ?? 0),
        };
    }
}
