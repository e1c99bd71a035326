using System.Diagnostics;
using System.Globalization;
using Lapicque.Cli.Rendering;
using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Plasticity.SpikingCnn;
using Lapicque.Numerics;
using Lapicque.Plotting;

namespace Lapicque.Cli.Commands.Training;

/// <summary>
/// The STDP spiking CNN of Kheradpisheh et al. 2018 (<see cref="ScnnNetwork"/>), trainer "stdp-scnn". The first epoch
/// learns conv1 and then conv2 by STDP (unsupervised, on the first training images, until convergence or a cap), extracts
/// the conv2 features of the training set and fits the linear read-out (<see cref="SoftmaxReadout"/>); every later epoch
/// continues fitting the read-out on the same features. A checkpoint holds both kernel banks, the read-out (feature
/// means and scales, weights, biases) and how many images each layer learned from. Everything is a function of the
/// seed, so a resumed run equals an uninterrupted one.
/// </summary>
/// <remarks>
/// Experiment file: <c>name</c>, <c>trainer</c>, <c>dataset</c> (mnist or fashion-mnist, as for stdp-diehl-cook),
/// <c>epochs</c>, <c>seed</c>, <c>threads</c>, and the trainer's own section <c>scnn</c>: layer1_images (3000),
/// layer1_max (20000), layer2_images (3000), layer2_max (20000): the distinct images each layer learns from and the
/// most presentations before it stops unconverged; feature_grid (1: the paper's global max pooling; 2 gives 400
/// features), readout_epochs (30), readout_lr (1e-3). The network constants are <see cref="ScnnConfig.Mnist"/>.
/// </remarks>
internal sealed class ScnnSession : TrainingSession
{
    private const string Prefix = "scnn/";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] TopFields = ["name", "description", "trainer", "dataset", "epochs", "seed", "threads", "scnn"];
    private static readonly string[] OwnFields = ["layer1_images", "layer1_max", "layer2_images", "layer2_max", "feature_grid", "readout_epochs", "readout_lr"];

    private readonly string _name;
    private readonly DatasetSpec _dataset;
    private readonly ulong _seed;
    private readonly int _l1, _l1Max, _l2, _l2Max, _readoutEpochs;
    private readonly double _readoutLr;
    private readonly ScnnNetwork _network;
    private readonly SoftmaxReadout _readout;
    private long[] _learned = [0, 0];
    private LabeledDataset? _train;
    private LabeledDataset? _validation;
    private LabeledDataset? _test;
    private float[]? _trainFeatures;

    private ScnnSession(string name, DatasetSpec dataset, ScnnConfig config, int epochs, ulong seed, int threads, int[] counts, int readoutEpochs, double readoutLr)
    {
        _name = name;
        _dataset = dataset;
        Epochs = epochs;
        _seed = seed;
        Threads = threads;
        (_l1, _l1Max, _l2, _l2Max) = (counts[0], counts[1], counts[2], counts[3]);
        _readoutEpochs = readoutEpochs;
        _readoutLr = readoutLr;
        _network = new ScnnNetwork(config, seed);
        _readout = new SoftmaxReadout(_network.FeatureCount, 10);
    }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override string Trainer => "stdp-scnn";

    /// <inheritdoc/>
    public override int Epochs { get; }

    /// <inheritdoc/>
    public override int Threads { get; }

    /// <inheritdoc/>
    public override string TrialDescription => string.Create(Inv, $"{_network.Config.Steps} latency steps");

    /// <inheritdoc/>
    public override string ReportSubtitle => string.Create(Inv,
        $"stdp-scnn trainer: conv1 {_network.Config.Conv1.Maps} and conv2 {_network.Config.Conv2.Maps} maps learned by STDP, {_network.FeatureCount} features, softmax read-out");

    /// <summary>The network (its kernels are learned in the first epoch).</summary>
    public ScnnNetwork Network => _network;

    /// <summary>Factory for <see cref="TrainingSessions"/>.</summary>
    public static TrainingSession Create(string json, string? file, string? baseDir)
    {
        using var doc = JsonValue.Parse(json, file);
        var root = new JsonValue(doc.RootElement, "$", file);
        root.AllowOnly(TopFields);
        string name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(file ?? "experiment");
        var dataset = DiehlCookSession.ReadDataset(root.Get("dataset"));
        int epochs = (int)(root.Optional("epochs")?.Integer(0, 1_000_000) ?? 1);
        ulong seed = (ulong)(root.Optional("seed")?.Integer(0) ?? 0);
        int threads = (int)(root.Optional("threads")?.Integer(0, 4096) ?? 0);
        int[] counts = [3000, 20000, 3000, 20000];
        int grid = 1, readoutEpochs = 30;
        double lr = 1e-3;
        if (root.Optional("scnn") is { } own)
        {
            own.AllowOnly(OwnFields);
            string[] names = ["layer1_images", "layer1_max", "layer2_images", "layer2_max"];
            for (int k = 0; k < names.Length; k++)
            {
                counts[k] = (int)(own.Optional(names[k])?.Integer(1, int.MaxValue) ?? counts[k]);
            }

            grid = (int)(own.Optional("feature_grid")?.Integer(1, 16) ?? grid);
            readoutEpochs = (int)(own.Optional("readout_epochs")?.Integer(1, 100_000) ?? readoutEpochs);
            lr = own.Optional("readout_lr")?.Positive() ?? lr;
        }

        return new ScnnSession(name, dataset, ScnnConfig.Mnist with { FeatureGrid = grid }, epochs, seed, threads, counts, readoutEpochs, lr);
    }

    /// <inheritdoc/>
    public override void LoadTrainingData(string? dataDir)
    {
        (var train, _test) = _dataset.Load(dataDir);
        (_train, _validation) = _dataset.SplitValidation(train, _seed);
    }

    /// <inheritdoc/>
    public override LabeledDataset LoadTestData(string? dataDir) => _test ?? _dataset.Load(dataDir).Test;

    /// <inheritdoc/>
    public override string Describe(int epochs) => string.Create(Inv,
        $"{_name}: {_train!.Count} training images{(_validation is null ? string.Empty : $", {_validation.Count} validation")}; STDP on the first {_l1} (conv1) and {_l2} (conv2) images; {_network.FeatureCount} features; read-out {_readoutEpochs} passes per epoch; {epochs} epochs, {Parallelism.MaxThreads} threads");

    /// <inheritdoc/>
    public override EpochMetrics RunEpoch(CliContext context, int epoch, int epochs, ref long step)
    {
        var train = _train!;
        var clock = Stopwatch.StartNew();
        if (_learned[0] == 0)
        {
            int first = Math.Min(Math.Max(_l1, _l2), train.Count);
            ProgressRunner.Run(context, $"epoch {epoch + 1}/{epochs}: STDP", 3, report =>
            {
                var encoded = _network.EncodeAll(train, first);
                var r1 = _network.TrainLayer(1, encoded.Take(Math.Min(_l1, first)).ToArray(), _l1Max, _seed + 10);
                report(1);
                var r2 = _network.TrainLayer(2, _network.Layer1OutputAll(encoded.Take(Math.Min(_l2, first)).ToArray()), _l2Max, _seed + 20);
                report(2);
                _learned = [r1.ImagesSeen, r2.ImagesSeen];
                report(3);
            });
            step += _learned[0] + _learned[1];
        }

        if (_trainFeatures is null)
        {
            ProgressRunner.Run(context, $"epoch {epoch + 1}/{epochs}: features", 1, report =>
            {
                _trainFeatures = _network.ExtractFeatures(train);
                report(1);
            });
        }

        double trainAccuracy = _readout.Fit(_trainFeatures, train.Labels, _readoutEpochs, learningRate: _readoutLr, seed: _seed + 30 + (ulong)epoch);
        double validation = _validation is { } v ? _readout.Accuracy(_network.ExtractFeatures(v), v.Labels) : double.NaN;
        double seconds = clock.Elapsed.TotalSeconds;
        return new EpochMetrics(epoch + 1, double.NaN, trainAccuracy, ValidationAccuracy: validation, SamplesPerSecond: seconds > 0 ? train.Count / seconds : 0, Seconds: seconds);
    }

    /// <inheritdoc/>
    public override void Save(Checkpoint checkpoint)
    {
        var c = _network.Config;
        checkpoint.AddFloats(Prefix + "conv1", _network.Layer1.Weights, c.Conv1.Maps, c.Conv1.InputChannels, c.Conv1.KernelSize, c.Conv1.KernelSize);
        checkpoint.AddFloats(Prefix + "conv2", _network.Layer2.Weights, c.Conv2.Maps, c.Conv2.InputChannels, c.Conv2.KernelSize, c.Conv2.KernelSize);
        checkpoint.AddFloats(Prefix + "readout_mean", _readout.FeatureMean, _readout.FeatureCount);
        checkpoint.AddFloats(Prefix + "readout_inverse_std", _readout.FeatureInverseStd, _readout.FeatureCount);
        checkpoint.AddFloats(Prefix + "readout_weights", _readout.Weights, _readout.ClassCount, _readout.FeatureCount);
        checkpoint.AddFloats(Prefix + "readout_biases", _readout.Biases, _readout.ClassCount);
        checkpoint.AddInt64(Prefix + "images_learned", _learned, 2);
    }

    /// <inheritdoc/>
    public override void Restore(Checkpoint checkpoint, bool optimizer)
    {
        Copy(checkpoint, "conv1", _network.Layer1.Weights);
        Copy(checkpoint, "conv2", _network.Layer2.Weights);
        Copy(checkpoint, "readout_mean", _readout.FeatureMean);
        Copy(checkpoint, "readout_inverse_std", _readout.FeatureInverseStd);
        Copy(checkpoint, "readout_weights", _readout.Weights);
        Copy(checkpoint, "readout_biases", _readout.Biases);
        _learned = checkpoint.GetInt64(Prefix + "images_learned");
        _trainFeatures = null;
    }

    /// <inheritdoc/>
    public override EvaluateCommand.Measurement Measure(LabeledDataset data)
    {
        var clock = Stopwatch.StartNew();
        var features = _network.ExtractFeatures(data);
        int f = _network.FeatureCount;
        var predictions = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            predictions[i] = _readout.Predict(features.AsSpan(i * f, f));
        }

        var confusion = new ConfusionMatrix(data.ClassCount);
        confusion.Add(data.Labels, predictions);
        var extra = new List<(string, double)>
        {
            ("conv1 STDP images", _learned[0]),
            ("conv2 STDP images", _learned[1]),
            ("conv1 convergence", _network.Layer1.Convergence()),
            ("conv2 convergence", _network.Layer2.Convergence()),
        };
        return new EvaluateCommand.Measurement(confusion, double.NaN, [], clock.Elapsed.TotalSeconds, extra);
    }

    /// <summary>The learned features: conv1 kernels (on minus off) and conv2's preferred input patterns.</summary>
    public override IReadOnlyList<string> WriteFigures(string folder)
    {
        int k1 = _network.Config.Conv1.KernelSize;
        var g1 = new ImageGrid(k1, k1) { ColumnsPerRow = 10, Scaling = ImageScaling.Symmetric, Title = "conv1 kernels (on - off), learned by STDP", Width = 560, Height = 200 };
        var kernels = _network.Layer1Kernels();
        for (int m = 0; m < kernels.Length; m++)
        {
            g1.Add(kernels[m], m.ToString(Inv));
        }

        g1.Save(Path.Combine(folder, "scnn-layer1.svg"));
        (var patterns, int side) = _network.Layer2Patterns();
        var g2 = new ImageGrid(side, side) { ColumnsPerRow = 20, Scaling = ImageScaling.PerImage, Title = "conv2 preferred patterns, learned by STDP", Width = 900, Height = 300 };
        foreach (var pattern in patterns)
        {
            g2.Add(pattern);
        }

        g2.Save(Path.Combine(folder, "scnn-layer2.svg"));
        return ["scnn-layer1.svg", "scnn-layer2.svg"];
    }

    private static void Copy(Checkpoint checkpoint, string name, Span<float> target)
    {
        var source = checkpoint.GetFloats(Prefix + name);
        if (source.Length != target.Length)
        {
            throw new FileFormatException(checkpoint.FileName, Prefix + name, string.Create(Inv, $"expected {target.Length} values; was {source.Length}."));
        }

        source.CopyTo(target);
    }
}
