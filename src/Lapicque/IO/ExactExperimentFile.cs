using System.Text.Json;
using Lapicque.Learning.Exact;
using Lapicque.Neurons;

namespace Lapicque.IO;

/// <summary>
/// Reads experiment files with <c>"trainer": "exact"</c> (schema in docs/training.md). Errors name the file, the JSON path,
/// what was expected and what was seen, like <see cref="ExperimentFile"/>.
/// </summary>
public static class ExactExperimentFile
{
    private static readonly string[] TopFields =
        ["name", "description", "trainer", "dataset", "network", "encoding", "loss", "optimizer", "clip_value", "train_initial_state", "epochs", "batch_size", "seed", "threads"];

    /// <summary>Reads an exact-gradient experiment file.</summary>
    public static ExactExperiment Read(string path)
    {
        string text = JsonValue.ReadText(path);
        return Parse(text, path);
    }

    /// <summary>Parses exact-gradient experiment JSON; <paramref name="file"/> names the source in errors.</summary>
    public static ExactExperiment Parse(string json, string? file = null)
    {
        using var doc = JsonValue.Parse(json, file);
        var root = new JsonValue(doc.RootElement, "$", file);
        root.AllowOnly(TopFields);
        var trainer = root.Get("trainer");
        if (trainer.String() != "exact")
        {
            throw trainer.Error($"expected \"exact\" for this schema; was '{trainer.String()}'.");
        }

        string name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(file ?? "experiment");
        var dataset = ExperimentFile.ReadDataset(root.Get("dataset"));
        ulong seed = (ulong)(root.Optional("seed")?.Integer(0) ?? 0);
        var net = root.Get("network");
        net.AllowOnly("neuron", "layers", "recurrent", "trial_ms", "max_events", "weights", "pseudo_ramp_slope");
        var neuronField = net.Get("neuron");
        neuronField.AllowOnly("model", "preset", "parameters");
        var neuron = NetworkFile.ReadModel(neuronField);
        if (neuron is not (KlosQifParameters or ThetaParameters))
        {
            throw neuronField.Get("model").Error($"the exact engine runs the models 'klos-qif' and 'theta'; was '{neuron.ModelName}'.");
        }

        var layersField = net.Get("layers");
        int[] layers = layersField.Integers(1);
        if (layers.Length == 0)
        {
            throw layersField.Error("expected at least one layer (the output layer).");
        }

        int classes = DatasetClasses(dataset.Name);
        if (layers[^1] != classes)
        {
            throw layersField.Error($"the last layer is the output and needs one neuron per class of {dataset.Name} ({classes}); was {layers[^1]}.");
        }

        double trial = net.Get("trial_ms").Positive();
        var (scale, mean) = ReadWeights(net.Optional("weights"), layers.Length);
        double ramp = 0;
        if (net.Optional("pseudo_ramp_slope") is { } rampField)
        {
            ramp = rampField.NonNegative();
            if (ramp > 0 && neuron is not KlosQifParameters)
            {
                throw rampField.Error("the ramp pseudodynamics is defined for 'klos-qif' networks only; use 0 for theta.");
            }
        }

        var encoding = ReadEncoding(root.Get("encoding"), trial);
        var loss = ReadLoss(root.Optional("loss"));
        var options = ReadOptimizer(root.Get("optimizer")) with
        {
            BatchSize = (int)(root.Optional("batch_size")?.Integer(1, 1 << 20) ?? 32),
            ClipValue = root.Optional("clip_value")?.NonNegative() ?? 0,
            TrainInitialState = root.Optional("train_initial_state")?.Boolean() ?? true,
            Loss = loss,
            Seed = seed,
        };
        return new ExactExperiment
        {
            Name = name,
            Dataset = dataset,
            Neuron = neuron,
            Layers = layers,
            Recurrent = net.Optional("recurrent")?.Boolean() ?? false,
            TrialMs = trial,
            PseudoRampSlope = ramp,
            MaxEvents = (int)(net.Optional("max_events")?.Integer(1, 100_000_000) ?? 2000),
            WeightScale = scale,
            WeightMean = mean,
            Encoding = encoding,
            Options = options,
            Epochs = (int)(root.Optional("epochs")?.Integer(0, 1_000_000) ?? 1),
            Threads = (int)(root.Optional("threads")?.Integer(0, 1024) ?? 0),
            Seed = seed,
        };
    }

    private static int DatasetClasses(string dataset) => dataset == "yinyang" ? Data.YinYang.ClassCount : 10;

    private static (double[] Scale, double[] Mean) ReadWeights(JsonValue? v, int layers)
    {
        var scale = Enumerable.Repeat(1.0, layers).ToArray();
        var mean = new double[layers];
        if (v is not { } w)
        {
            return (scale, mean);
        }

        w.AllowOnly("scale", "mean");
        Fill(w.Optional("scale"), scale, positive: true);
        Fill(w.Optional("mean"), mean, positive: false);
        return (scale, mean);

        void Fill(JsonValue? f, double[] target, bool positive)
        {
            if (f is not { } x)
            {
                return;
            }

            if (x.Kind == JsonValueKind.Number)
            {
                Array.Fill(target, positive ? x.Positive() : x.Number());
                return;
            }

            double[] values = x.Numbers();
            if (values.Length != layers)
            {
                throw x.Error($"expected one number per layer ({layers}) or a single number; was {values.Length} numbers.");
            }

            if (positive && values.Any(d => d <= 0))
            {
                throw x.Error("expected numbers > 0.");
            }

            values.CopyTo(target, 0);
        }
    }

    private static SpikeTimeEncoding ReadEncoding(JsonValue v, double trialMs)
    {
        string kind = v.Get("kind").String();
        SpikeTimeEncoding encoding;
        switch (kind)
        {
            case "time_to_first_spike":
                v.AllowOnly("kind", "early_ms", "span_ms", "bias_ms");
                encoding = new SpikeTimeEncoding.TimeToFirstSpike(
                    v.Optional("early_ms")?.NonNegative() ?? 0.0, v.Get("span_ms").Positive(), v.Optional("bias_ms")?.NonNegative());
                break;
            case "single_event":
                v.AllowOnly("kind", "time_ms", "threshold", "flip_probability");
                encoding = new SpikeTimeEncoding.SingleEvent(
                    v.Get("time_ms").NonNegative(), v.Optional("threshold")?.Number(0, 1) ?? 0.5, v.Optional("flip_probability")?.Number(0, 1) ?? 0.0);
                break;
            default:
                throw v.Get("kind").Error($"unknown kind '{kind}'; expected one of: time_to_first_spike, single_event.");
        }

        try
        {
            encoding.Validate(trialMs);
        }
        catch (ArgumentException e)
        {
            throw v.Error(Check.MessageOf(e));
        }

        return encoding;
    }

    private static FirstSpikeCrossEntropy ReadLoss(JsonValue? v)
    {
        if (v is not { } l)
        {
            return new FirstSpikeCrossEntropy();
        }

        l.AllowOnly("kind", "gamma", "temperature_ms");
        if (l.Optional("kind") is { } k && k.String() != "first_spike_cross_entropy")
        {
            throw k.Error($"the exact trainer's loss is 'first_spike_cross_entropy'; was '{k.String()}'.");
        }

        return new FirstSpikeCrossEntropy(l.Optional("gamma")?.NonNegative() ?? 1e-2, l.Optional("temperature_ms")?.Positive() ?? 1.0);
    }

    private static ExactTrainerOptions ReadOptimizer(JsonValue v)
    {
        v.AllowOnly("kind", "lr", "decay_epochs");
        var kind = v.Get("kind");
        if (kind.String() is not ("adam" or "adabelief"))
        {
            throw kind.Error($"the exact trainer takes 'adam' or 'adabelief'; was '{kind.String()}'.");
        }

        return new ExactTrainerOptions
        {
            Optimizer = kind.String(),
            LearningRate = v.Get("lr").Positive(),
            DecayEpochs = v.Optional("decay_epochs")?.Positive() ?? double.PositiveInfinity,
        };
    }
}
