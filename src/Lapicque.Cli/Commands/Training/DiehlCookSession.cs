using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lapicque.Cli.Rendering;
using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Plasticity.DiehlCook;
using Lapicque.Numerics;
using Lapicque.Plotting;

namespace Lapicque.Cli.Commands.Training;

/// <summary>
/// Unsupervised STDP training of the Diehl &amp; Cook (2015) network (<see cref="DiehlCookNetwork"/>), trainer
/// "stdp-diehl-cook". An epoch presents the training images once, in file order, with learning on; then the neurons are
/// labelled by their mean response (fixed weights) to the last <c>label_images</c> images of the epoch, and the labelling
/// accuracy is the epoch's training accuracy. The Poisson input of image i in epoch e is drawn from a stream keyed by
/// (seed, e, i), so a resumed run repeats an uninterrupted one bit for bit. A checkpoint holds the input weights, the
/// threshold adaptation (and theta in mV), the neuron labels and the image and boost counters.
/// </summary>
/// <remarks>
/// Experiment file: <c>name</c>, <c>trainer</c>, <c>dataset</c> (mnist or fashion-mnist: a name, or an object with
/// name, validation, train_limit, test_limit), <c>epochs</c>, <c>seed</c>, <c>threads</c>, and the trainer's own section
/// <c>diehl_cook</c>: neurons (100), dt_ms (0.5), present_ms (350), rest_ms (150), max_rate_hz (63.75), label_images
/// (10000), images_per_epoch (all). Everything else is the paper's and its Brian code's (<see cref="DiehlCookParameters"/>).
/// </remarks>
internal sealed class DiehlCookSession : TrainingSession
{
    private const ulong InputSalt = 0xD1E4_1C00_C0CC_2015UL;
    private const string Prefix = "diehl_cook/";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] TopFields = ["name", "description", "trainer", "dataset", "epochs", "seed", "threads", "diehl_cook"];
    private static readonly string[] OwnFields = ["neurons", "dt_ms", "present_ms", "rest_ms", "max_rate_hz", "label_images", "images_per_epoch"];

    private readonly string _name;
    private readonly DatasetSpec _dataset;
    private readonly DiehlCookParameters _parameters;
    private readonly ulong _seed;
    private readonly int _labelImages;
    private readonly int? _imagesPerEpoch;
    private DiehlCookNetwork? _network;
    private int[] _assignment;
    private LabeledDataset? _train;
    private LabeledDataset? _validation;
    private LabeledDataset? _test;

    private DiehlCookSession(string name, DatasetSpec dataset, DiehlCookParameters parameters, int epochs, ulong seed, int threads, int labelImages, int? imagesPerEpoch)
    {
        _name = name;
        _dataset = dataset;
        _parameters = parameters;
        Epochs = epochs;
        _seed = seed;
        Threads = threads;
        _labelImages = labelImages;
        _imagesPerEpoch = imagesPerEpoch;
        _assignment = Enumerable.Repeat(-1, parameters.Excitatory).ToArray();
    }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override string Trainer => "stdp-diehl-cook";

    /// <inheritdoc/>
    public override int Epochs { get; }

    /// <inheritdoc/>
    public override int Threads { get; }

    /// <inheritdoc/>
    public override string TrialDescription => string.Create(Inv, $"presentation of {_parameters.PresentMs:G4} ms");

    /// <inheritdoc/>
    public override string ReportSubtitle => string.Create(Inv,
        $"stdp-diehl-cook trainer (unsupervised), {_parameters.Excitatory} excitatory neurons, dt {_parameters.DtMs:G3} ms, {_parameters.PresentMs:G4} ms per image, labels from {_labelImages} images");

    /// <summary>The network (null until data or a checkpoint fixed the input width).</summary>
    public DiehlCookNetwork? Network => _network;

    /// <summary>Factory for <see cref="TrainingSessions"/>.</summary>
    public static TrainingSession Create(string json, string? file, string? baseDir)
    {
        using var doc = JsonValue.Parse(json, file);
        var root = new JsonValue(doc.RootElement, "$", file);
        root.AllowOnly(TopFields);
        string name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(file ?? "experiment");
        var dataset = ReadDataset(root.Get("dataset"));
        int epochs = (int)(root.Optional("epochs")?.Integer(0, 1_000_000) ?? 1);
        ulong seed = (ulong)(root.Optional("seed")?.Integer(0) ?? 0);
        int threads = (int)(root.Optional("threads")?.Integer(0, 4096) ?? 0);
        var p = new DiehlCookParameters();
        int labelImages = 10000;
        int? perEpoch = null;
        if (root.Optional("diehl_cook") is { } own)
        {
            own.AllowOnly(OwnFields);
            p = p with
            {
                Excitatory = (int)(own.Optional("neurons")?.Integer(1, 1_000_000) ?? p.Excitatory),
                DtMs = own.Optional("dt_ms")?.Positive() ?? p.DtMs,
                PresentMs = own.Optional("present_ms")?.Positive() ?? p.PresentMs,
                RestMs = own.Optional("rest_ms")?.NonNegative() ?? p.RestMs,
                MaxRateHz = own.Optional("max_rate_hz")?.Positive() ?? p.MaxRateHz,
            };
            labelImages = (int)(own.Optional("label_images")?.Integer(1, int.MaxValue) ?? labelImages);
            perEpoch = own.Optional("images_per_epoch") is { } n ? (int)n.Integer(1, int.MaxValue) : null;
            try
            {
                p.Validate();
            }
            catch (ArgumentException e)
            {
                throw own.Error(e.Message);
            }
        }

        return new DiehlCookSession(name, dataset, p, epochs, seed, threads, labelImages, perEpoch);
    }

    /// <inheritdoc/>
    public override void LoadTrainingData(string? dataDir)
    {
        (var train, _test) = _dataset.Load(dataDir);
        (_train, _validation) = _dataset.SplitValidation(train, _seed);
        Build(train.SampleLength);
    }

    /// <inheritdoc/>
    public override LabeledDataset LoadTestData(string? dataDir)
    {
        // The training command loads both splits in LoadTrainingData; evaluate loads them here.
        var test = _test ?? _dataset.Load(dataDir).Test;
        Build(test.SampleLength);
        return test;
    }

    /// <inheritdoc/>
    public override string Describe(int epochs) => string.Create(Inv,
        $"{_name}: {ImagesPerEpoch} training images per epoch{(_validation is null ? string.Empty : $", {_validation.Count} validation")}, {_parameters.Inputs}-{_parameters.Excitatory} Diehl & Cook network, dt {_parameters.DtMs:G3} ms, {epochs} epochs, labels from the last {Math.Min(_labelImages, ImagesPerEpoch)} images, {Parallelism.MaxThreads} threads for labelling");

    /// <inheritdoc/>
    public override EpochMetrics RunEpoch(CliContext context, int epoch, int epochs, ref long step)
    {
        var net = _network!;
        var train = _train!;
        int count = ImagesPerEpoch;
        var counts = new int[_parameters.Excitatory];
        long spikes = 0;
        var clock = Stopwatch.StartNew();
        ProgressRunner.Run(context, $"epoch {epoch + 1}/{epochs}", count, report =>
        {
            for (int i = 0; i < count; i++)
            {
                net.Train(train.Sample(i), counts, Rng.ForStream(_seed ^ InputSalt, ((ulong)epoch << 32) | (uint)i));
                spikes += counts.Sum();
                if ((i + 1) % 100 == 0 || i + 1 == count)
                {
                    report(i + 1);
                }
            }
        });
        double seconds = clock.Elapsed.TotalSeconds;
        step += count;

        int label = Math.Min(_labelImages, count);
        int start = count - label;
        var images = train.Features.Data.AsMemory(start * _parameters.Inputs, label * _parameters.Inputs);
        var responses = DiehlCookEvaluation.Responses(net, images, _seed + 1000);
        var labels = train.Labels.Slice(start, label);
        _assignment = DiehlCookLabels.Assign(responses, labels, _parameters.Excitatory, train.ClassCount);
        double trainAccuracy = DiehlCookLabels.Accuracy(responses, labels, _assignment, train.ClassCount);
        double validation = double.NaN;
        if (_validation is { } v)
        {
            var r = DiehlCookEvaluation.Responses(net, v.Features.Data, _seed + 3000);
            validation = DiehlCookLabels.Accuracy(r, v.Labels, _assignment, v.ClassCount);
        }

        return new EpochMetrics(
            epoch + 1,
            double.NaN,
            trainAccuracy,
            ValidationAccuracy: validation,
            SamplesPerSecond: seconds > 0 ? count / seconds : 0,
            SpikesPerNeuron: (double)spikes / count / _parameters.Excitatory,
            Seconds: seconds);
    }

    /// <inheritdoc/>
    public override void Save(Checkpoint checkpoint)
    {
        var net = _network!;
        int n = _parameters.Excitatory;
        checkpoint.AddFloats(Prefix + "weights", net.Weights.Weights, _parameters.Inputs, n);
        checkpoint.AddFloats(Prefix + "adaptation", net.Adaptation, n);
        checkpoint.AddFloats(Prefix + "theta_mv", net.ThetaMv(), n);
        checkpoint.AddInt32(Prefix + "labels", _assignment, n);
        checkpoint.AddInt64(Prefix + "counters", [net.ImagesTrained, net.Boosts], 2);
    }

    /// <inheritdoc/>
    public override void Restore(Checkpoint checkpoint, bool optimizer)
    {
        if (_network is null)
        {
            // Evaluate restores before loading data: both data sets this trainer reads have 28 x 28 images.
            Build(28 * 28);
        }

        var net = _network!;
        int n = _parameters.Excitatory;
        Copy(checkpoint.GetFloats(Prefix + "weights"), net.Weights.Weights, "weights");
        Copy(checkpoint.GetFloats(Prefix + "adaptation"), net.Adaptation, "adaptation");
        var labels = checkpoint.GetInt32(Prefix + "labels");
        if (labels.Length != n)
        {
            throw new FileFormatException(checkpoint.FileName, Prefix + "labels", string.Create(Inv, $"expected {n} labels; was {labels.Length}."));
        }

        _assignment = labels;
        var c = checkpoint.GetInt64(Prefix + "counters");
        net.RestoreCounters(c[0], c[1]);
    }

    /// <inheritdoc/>
    public override EvaluateCommand.Measurement Measure(LabeledDataset data)
    {
        var clock = Stopwatch.StartNew();
        var net = _network!;
        int n = _parameters.Excitatory;
        var responses = DiehlCookEvaluation.Responses(net, data.Features.Data, _seed + 2000);
        var predictions = new int[data.Count];

        // Per-neuron spike counts over the presentations (spike times are not recorded): the rate histogram and,
        // summed, the spikes per neuron.
        var counts = new long[n];
        for (int s = 0; s < data.Count; s++)
        {
            var row = responses.AsSpan(s * n, n);
            predictions[s] = DiehlCookLabels.Predict(row, _assignment, data.ClassCount);
            for (int k = 0; k < n; k++)
            {
                counts[k] += row[k];
            }
        }

        var confusion = new ConfusionMatrix(data.ClassCount);
        confusion.Add(data.Labels, predictions);
        double perNeuron = data.Count > 0 ? (double)counts.Sum() / data.Count / n : 0;
        var extra = new List<(string, double)>
        {
            ("labelled neurons", _assignment.Count(a => a >= 0)),
            ("mean threshold (mV)", net.ThresholdMv().Average()),
            ("images trained", net.ImagesTrained),
        };
        var rates = EvaluateCommand.LayerActivity.Rates(counts, data.Count, _parameters.PresentMs);
        var activity = new[] { new EvaluateCommand.LayerActivity("excitatory", n, _parameters.PresentMs, rates, null, null) };
        return new EvaluateCommand.Measurement(confusion, double.NaN, [("excitatory", perNeuron)], clock.Elapsed.TotalSeconds, extra, activity);
    }

    /// <summary>The receptive fields: each excitatory neuron's 784 input weights as a 28 x 28 image, with its label.</summary>
    public override IReadOnlyList<string> WriteFigures(string folder)
    {
        var net = _network!;
        int n = _parameters.Excitatory, inputs = _parameters.Inputs;
        int side = (int)Math.Round(Math.Sqrt(inputs));
        if (side * side != inputs)
        {
            return [];
        }

        int columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(n)));
        int rows = (n + columns - 1) / columns;
        var grid = new ImageGrid(side, side)
        {
            ColumnsPerRow = columns,
            Width = (44 * columns) + 40,
            Height = (52 * rows) + 60,
            Title = string.Create(Inv, $"Receptive fields after {net.ImagesTrained} images"),
        };
        var w = net.Weights.Weights;
        var field = new float[inputs];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                field[i] = w[(i * n) + j];
            }

            grid.Add(field, _assignment[j] >= 0 ? _assignment[j].ToString(Inv) : "-");
        }

        grid.Save(Path.Combine(folder, "receptive-fields.svg"));
        return ["receptive-fields.svg"];
    }

    private int ImagesPerEpoch => Math.Min(_imagesPerEpoch ?? int.MaxValue, _train?.Count ?? int.MaxValue);

    private void Build(int features)
    {
        if (_network is not null)
        {
            return;
        }

        _network = new DiehlCookNetwork(_parameters with { Inputs = features }, _seed);
    }

    private static void Copy(float[] source, float[] target, string name)
    {
        if (source.Length != target.Length)
        {
            throw new FileFormatException(null, Prefix + name, string.Create(Inv, $"expected {target.Length} values; was {source.Length}."));
        }

        source.CopyTo(target, 0);
    }

    /// <summary>A dataset of 28 x 28 grey images in [0, 1]: "mnist" or "fashion-mnist", by name or as an object.</summary>
    internal static DatasetSpec ReadDataset(JsonValue v)
    {
        JsonValue nameField = v.Kind == JsonValueKind.String ? v : v.Get("name");
        string name = nameField.String();
        if (name is not ("mnist" or "fashion-mnist"))
        {
            throw nameField.Error($"this trainer reads 28 x 28 grey images: expected 'mnist' or 'fashion-mnist'; was '{name}'.");
        }

        if (v.Kind == JsonValueKind.String)
        {
            return new DatasetSpec(name);
        }

        v.AllowOnly("name", "validation", "train_limit", "test_limit");
        return new DatasetSpec(
            name,
            v.Optional("validation")?.NonNegative() ?? 0,
            v.Optional("train_limit") is { } t ? (int)t.Integer(1, int.MaxValue) : null,
            v.Optional("test_limit") is { } e ? (int)e.Integer(1, int.MaxValue) : null);
    }
}
