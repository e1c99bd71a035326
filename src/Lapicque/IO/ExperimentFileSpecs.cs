using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;

namespace Lapicque.IO;

/// <summary>
/// A parsed experiment file (schema in docs/training.md): what to train on, how to encode it, the network, the trainer
/// and its hyperparameters. Everything is validated by <see cref="ExperimentFile.Parse"/>.
/// </summary>
public sealed record Experiment
{
    /// <summary>Name of the experiment (run folders are named after it).</summary>
    public required string Name { get; init; }

    /// <summary>Data set and split.</summary>
    public required DatasetSpec Dataset { get; init; }

    /// <summary>Spike encoder of the input.</summary>
    public required ISpikeEncoder Encoder { get; init; }

    /// <summary>Name of the encoder kind (rate, poisson, latency).</summary>
    public required string EncodingKind { get; init; }

    /// <summary>Time steps T per sample (&gt;= 1).</summary>
    public required int Steps { get; init; }

    /// <summary>The network (not yet built: call <see cref="Network.Build"/> with <see cref="Seed"/>).</summary>
    public required Network Network { get; init; }

    /// <summary>Trainer kind: one of <see cref="ExperimentFile.Trainers"/>.</summary>
    public required string Trainer { get; init; }

    /// <summary>Surrogate gradient kind and sharpness.</summary>
    public required SurrogateSpec Surrogate { get; init; }

    /// <summary>Loss on the output layer.</summary>
    public required ILoss Loss { get; init; }

    /// <summary>Optimizer kind and hyperparameters.</summary>
    public required OptimizerSpec Optimizer { get; init; }

    /// <summary>Learning-rate schedule over epochs (index 0 = first epoch).</summary>
    public required LearningRateSchedule Schedule { get; init; }

    /// <summary>Number of epochs (&gt;= 0).</summary>
    public required int Epochs { get; init; }

    /// <summary>Mini-batch size (&gt;= 1).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Global gradient-norm clip, or null for none.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Seed of the weights, data order, split and encoder spikes.</summary>
    public ulong Seed { get; init; }

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Simulation step in ms (&gt; 0); the neuron time constants are converted with it.</summary>
    public double DtMs { get; init; } = 1.0;

    /// <summary>
    /// Trainer "ann" only (<c>"ann": { "batch_norm": true }</c>): batch normalisation after the weight layer of every hidden
    /// population, folded into the weights by the converter.
    /// </summary>
    public bool AnnBatchNorm { get; init; }

    /// <summary>
    /// Random changes to the training images (<c>"augment": { "shift": 2, "flip": false }</c>), or null for none; validation
    /// and test samples are never changed.
    /// </summary>
    public ImageAugmentation? Augmentation { get; init; }

    /// <summary>
    /// Learnable decay and threshold, per layer or per neuron, and the reset gradient of every spiking layer
    /// (<c>"spiking": { "learn_beta": true, "learn_threshold": false, "per_neuron": false, "detach_reset": true }</c>).
    /// Default <see cref="SpikingOptions.Default"/>.
    /// </summary>
    public SpikingOptions Spiking { get; init; } = SpikingOptions.Default;

    /// <summary>
    /// Truncated BPTT window K in steps (<c>"bptt_window": K</c>, K &gt;= 1), or null for full BPTT; K &gt;= T is full
    /// BPTT (<see cref="TrainerOptions.TruncationWindow"/>).
    /// </summary>
    public int? TruncationWindow { get; init; }

    /// <summary>Spike-rate penalties on the hidden spiking layers (<c>"rate_regularizer"</c>), or null for none.</summary>
    public SpikeRateRegularizer? RateRegularizer { get; init; }

    /// <summary>
    /// Dropout probability P in [0, 1) after every hidden spiking layer (<c>"dropout": P</c>); 0 adds no layer.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>The trainer options this experiment implies.</summary>
    public TrainerOptions TrainerOptions() => new()
    {
        Steps = Steps,
        Seed = Seed,
        Schedule = Schedule,
        ClipNorm = ClipNorm,
        TruncationWindow = TruncationWindow,
        Regularizer = RateRegularizer,
    };

    /// <summary>
    /// Builds the network with <see cref="Seed"/> and turns it into a trainable model with the surrogate and
    /// <see cref="Spiking"/>; with <see cref="Dropout"/> &gt; 0 a <see cref="DropoutLayer"/> (named LAYER/dropout) follows
    /// every spiking layer but the last one.
    /// </summary>
    /// <exception cref="NotSupportedException">The network is not a feed-forward chain the trainer supports.</exception>
    public SequentialModel BuildModel()
    {
        var built = Network.Build(Seed);
        float s = (float)Surrogate.Sharpness;
        var model = Surrogate.Kind switch
        {
            "atan" => SequentialModel.FromNetwork(built, new ATan(s), Spiking, DtMs),
            "fast_sigmoid" => SequentialModel.FromNetwork(built, new FastSigmoid(s), Spiking, DtMs),
            "sigmoid" => SequentialModel.FromNetwork(built, new Sigmoid(s), Spiking, DtMs),
            "triangle" => SequentialModel.FromNetwork(built, new Triangle(s), Spiking, DtMs),
            "single_exponential" => SequentialModel.FromNetwork(built, new SingleExponential(s), Spiking, DtMs),
            "straight_through" => SequentialModel.FromNetwork(built, new StraightThrough(s), Spiking, DtMs),
            _ => throw new NotSupportedException($"surrogate '{Surrogate.Kind}' is not known."),
        };
        return Dropout > 0 ? WithDropout(model) : model;
    }

    private SequentialModel WithDropout(SequentialModel model)
    {
        var layers = new List<Layer>();
        int count = 0;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            layers.Add(layer);
            if (layer.EmitsSpikes && i < model.Layers.Count - 1)
            {
                // Each dropout layer has its own seed, derived from the run seed and its position among the dropout layers.
                ulong x = Seed ^ (0xD20B_0D7E_5EED_0001UL * (ulong)(++count));
                layers.Add(new DropoutLayer(layer.Name + "/dropout", [.. layer.OutputShape], Dropout, Numerics.Rng.SplitMix64(ref x)));
            }
        }

        return new SequentialModel(layers);
    }
}

/// <summary>Which data set, how many samples, and the validation split.</summary>
/// <param name="Name">mnist, fashion-mnist, cifar10 or yinyang.</param>
/// <param name="Validation">Validation samples held out of the training set: a fraction in (0, 1) or a count &gt;= 1; 0 = none.</param>
/// <param name="TrainLimit">Use only the first N training samples (before the split), or null for all.</param>
/// <param name="TestLimit">Use only the first N test samples, or null for all.</param>
public sealed record DatasetSpec(string Name, double Validation = 0, int? TrainLimit = null, int? TestLimit = null)
{
    /// <summary>Loads the training and test sets (<paramref name="dataDir"/> is unused for yinyang, which is generated).</summary>
    public (LabeledDataset Train, LabeledDataset Test) Load(string? dataDir)
    {
        LabeledDataset train, test;
        if (Name == "yinyang")
        {
            train = YinYangData("yinyang-train", YinYang.Generate(TrainLimit ?? 5000, 42));
            test = YinYangData("yinyang-test", YinYang.Generate(TestLimit ?? 1000, 40));
            return (train, test);
        }

        string dir = DataDirectory.Resolve(dataDir);
        (train, test) = Name switch
        {
            "mnist" => (Mnist.Load(dir, DatasetSplit.Train), Mnist.Load(dir, DatasetSplit.Test)),
            "fashion-mnist" => (FashionMnist.Load(dir, DatasetSplit.Train), FashionMnist.Load(dir, DatasetSplit.Test)),
            "cifar10" => (Cifar10.Load(dir, DatasetSplit.Train), Cifar10.Load(dir, DatasetSplit.Test)),
            _ => throw new NotSupportedException($"dataset '{Name}' is not known."),
        };
        return (First(train, TrainLimit), First(test, TestLimit));
    }

    /// <summary>Splits <paramref name="train"/> into training and validation parts (validation null when none is asked).</summary>
    /// <remarks>
    /// Yin-Yang has a published validation set (seed 41, Kriener et al.), so it is generated rather than split off: the
    /// training set stays whole and the validation set has <see cref="Validation"/> samples (a fraction counts against
    /// the training set's size).
    /// </remarks>
    public (LabeledDataset Train, LabeledDataset? Validation) SplitValidation(LabeledDataset train, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (Validation <= 0)
        {
            return (train, null);
        }

        if (Name == "yinyang")
        {
            int n = Validation >= 1 ? (int)Validation : Math.Max(1, (int)Math.Round(Validation * train.Count));
            return (train, YinYangData("yinyang-validation", YinYang.Generate(n, 41)));
        }

        var (t, v) = Validation < 1 ? train.Split(Validation, seed) : train.Split((int)Validation, seed);
        return (t, v);
    }

    private static LabeledDataset First(LabeledDataset set, int? limit)
    {
        if (limit is not { } n || n >= set.Count)
        {
            return set;
        }

        var idx = new int[n];
        for (int i = 0; i < n; i++)
        {
            idx[i] = i;
        }

        return set.Subset(idx, set.Name);
    }

    private static LabeledDataset YinYangData(string name, YinYangSet set) =>
        new(name, Numerics.Tensor.FromArray(set.FeaturesAsSingle(), set.Count, YinYang.FeatureCount), set.Labels, YinYang.ClassCount, ["yin", "yang", "dot"]);
}

/// <summary>Surrogate gradient kind (atan, fast_sigmoid, sigmoid, triangle, single_exponential, straight_through) and its sharpness.</summary>
public sealed record SurrogateSpec(string Kind, double Sharpness);

/// <summary>Optimizer kind (sgd, adam, adamw, adabelief) and hyperparameters.</summary>
public sealed record OptimizerSpec(
    string Kind, double LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double? Epsilon = null, double WeightDecay = 0, double Momentum = 0, bool Nesterov = false)
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Optimizer<float> Create(IEnumerable<Parameter<float>> parameters) => Kind switch
    {
        "sgd" => new Sgd<float>(parameters, LearningRate, Momentum, Nesterov, WeightDecay),
        "adam" => new Adam<float>(parameters, LearningRate, Beta1, Beta2, Epsilon ?? 1e-8, WeightDecay, decoupled: false),
        "adamw" => new Adam<float>(parameters, LearningRate, Beta1, Beta2, Epsilon ?? 1e-8, WeightDecay, decoupled: true),
        "adabelief" => new AdaBelief<float>(parameters, LearningRate, Beta1, Beta2, Epsilon ?? 1e-16),
        _ => throw new NotSupportedException($"optimizer '{Kind}' is not known."),
    };
}
