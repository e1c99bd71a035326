using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Training;

public class SurrogateTrainerTests
{
    private const int Features = 20;

    // Two classes: class 0 is bright on the first half of the features, class 1 on the second half, plus noise.
    private static LabeledDataset TwoClass(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Tensor(count, Features);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            for (int f = 0; f < Features; f++)
            {
                bool bright = (f < Features / 2) == (labels[i] == 0);
                x[i, f] = (float)Math.Clamp((bright ? 0.7 : 0.15) + (0.1 * rng.NextNormal()), 0, 1);
            }
        }

        return new LabeledDataset("two-class", x, labels, 2);
    }

    private static Network Net(INeuronModel output, ulong seed = 5, int hidden = 16) => new Network(
        "tiny",
        [Population.Create("in", Features, new ExternalSource()), Population.Create("h", hidden, LifParameters.FromBeta(0.9)), Population.Create("out", 2, output)],
        [
            new Projection { Name = "fc1", Source = "in", Target = "h", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
            new Projection { Name = "fc2", Source = "h", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
        ]).Build(seed);

    private static SurrogateTrainer Trainer(SequentialModel model, ILoss loss, TrainerOptions? options = null, double lr = 1e-2) =>
        new(model, new RateEncoder(), loss, new Adam<float>(model.Parameters, lr), options ?? new TrainerOptions { Steps = 10, Seed = 3 });

    [Fact]
    public void FromNetwork_BuildsLayersOverTheNetworkWeights()
    {
        var net = Net(LifParameters.FromBeta(0.9));
        var model = SequentialModel.FromNetwork(net, new ATan());
        Assert.Equal(4, model.Layers.Count);
        var fc1 = Assert.IsType<LinearLayer>(model.Layers[0]);
        Assert.Same(net.Projections[0].Matrix!.Weights, fc1.Weight.Value);
        Assert.IsType<LifLayer<ATan>>(model.Layers[1]);
        Assert.Equal(Features, model.InputSize);
        Assert.Equal(2, model.OutputSize);
        Assert.Equal(2, model.Parameters.Count);
    }

    [Fact]
    public void FromNetwork_NamesWhatItCannotTrain()
    {
        var net = new Network(
            "bad",
            [Population.Create("in", 4, new ExternalSource()), Population.Create("h", 3, LifParameters.FromBeta(0.9))],
            [new Projection { Name = "p", Source = "in", Target = "h", Connectivity = new Connectivity.All() }]).Build(1);
        var e = Assert.Throws<NotSupportedException>(() => SequentialModel.FromNetwork(net, new ATan()));
        Assert.Contains("Projection 'p'", e.Message);
        Assert.Contains("Synapse.Instant", e.Message);
    }

    [Fact]
    public void FromNetwork_ConvolutionalChain()
    {
        var lif = LifParameters.FromBeta(0.9);
        var net = new Network(
            "conv",
            [
                new Population { Name = "img", Model = new ExternalSource(), Shape = [1, 8, 8] },
                new Population { Name = "c1", Model = lif, Shape = [2, 3, 3] },
                Population.Create("out", 3, LeakyIntegratorParameters.FromBeta(0.8)),
            ],
            [
                new Projection { Name = "conv", Source = "img", Target = "c1", Connectivity = new Connectivity.Conv2d(3, 3, Pool: new Connectivity.Pool2d(PoolKind.Max, 2, 2)), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
                new Projection { Name = "fc", Source = "c1", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
            ]).Build(2);
        var model = SequentialModel.FromNetwork(net, new FastSigmoid());
        Assert.Equal(["conv", "conv/pool", "c1", "fc", "out"], model.Layers.Select(l => l.Name).ToArray());
        var input = new Tensor(4, 2, 1, 8, 8);
        new Rng(1).FillUniform(input.Span);
        Assert.Equal([4, 2, 3], model.Forward(input, false).Shape.ToArray());
    }

    [Fact]
    public void Fit_TwoClassProblem_ReachesHighAccuracy()
    {
        var model = SequentialModel.FromNetwork(Net(LifParameters.FromBeta(0.9)), new ATan());
        var trainer = Trainer(model, new CrossEntropyCountLoss());
        var train = new DataLoader(TwoClass(256, 1), 32, seed: 2);
        var test = new DataLoader(TwoClass(128, 99), 64, seed: 0, shuffle: false);
        double before = trainer.Evaluate(test).Accuracy;
        var history = trainer.Fit(train, 4, test);
        Assert.True(history[^1].Validation!.Accuracy >= 0.95, $"validation accuracy {history[^1].Validation!.Accuracy} (before training {before})");
        Assert.True(history[^1].Loss < history[0].Loss, $"loss {history[0].Loss} -> {history[^1].Loss}");
        Assert.True(history[^1].SpikesPerNeuron > 0);
        Assert.Equal(256, history[0].Samples);
    }

    [Fact]
    public void Fit_LeakyIntegratorReadoutWithMembraneLoss_Learns()
    {
        var model = SequentialModel.FromNetwork(Net(LeakyIntegratorParameters.FromBeta(0.8)), new FastSigmoid(10f));
        var trainer = Trainer(model, new MembraneCrossEntropyLoss(MembraneReduction.Max), new TrainerOptions { Steps = 10, Seed = 4, TruncationWindow = 5, ClipNorm = 5 });
        var history = trainer.Fit(new DataLoader(TwoClass(256, 1), 32, seed: 2), 4, new DataLoader(TwoClass(128, 99), 64, seed: 0, shuffle: false));
        Assert.True(history[^1].Validation!.Accuracy >= 0.95, $"validation accuracy {history[^1].Validation!.Accuracy}");
    }

    [Fact]
    public void TrainStep_SameBitsWhateverTheThreadCount()
    {
        float[] Run(int threads)
        {
            int keep = Parallelism.MaxThreads;
            Parallelism.MaxThreads = threads;
            try
            {
                var options = new SpikingOptions { LearnBeta = true, LearnThreshold = true };
                var model = SequentialModel.FromNetwork(Net(LifParameters.FromBeta(0.9), hidden: 64), new ATan(), options);
                var trainer = Trainer(model, new CrossEntropyCountLoss(), new TrainerOptions { Steps = 10, Seed = 8, Regularizer = new SpikeRateRegularizer(0.05, 1, 0.2, 1) });
                var loader = new DataLoader(TwoClass(96, 1), 48, seed: 2);
                trainer.TrainEpoch(loader, 0);
                return model.Parameters.SelectMany(p => p.Value).ToArray();
            }
            finally
            {
                Parallelism.MaxThreads = keep;
            }
        }

        var one = Run(1);
        Assert.Equal(one, Run(3));
        Assert.Equal(one, Run(8));
    }

    [Fact]
    public void TrainStep_WindowCoveringTheSequence_EqualsFullBptt()
    {
        float[] Run(int? window)
        {
            var model = SequentialModel.FromNetwork(Net(LifParameters.FromBeta(0.9)), new ATan());
            var trainer = Trainer(model, new CrossEntropyCountLoss(), new TrainerOptions { Steps = 10, Seed = 8, TruncationWindow = window });
            trainer.TrainEpoch(new DataLoader(TwoClass(64, 1), 32, seed: 2), 0);
            return model.Parameters.SelectMany(p => p.Value).ToArray();
        }

        Assert.Equal(Run(null), Run(10));
        Assert.NotEqual(Run(null), Run(3));
    }

    [Fact]
    public void TrainStep_NaNGradient_StopsBeforeTheUpdate()
    {
        var net = Net(LifParameters.FromBeta(0.9));
        var model = SequentialModel.FromNetwork(net, new ATan());
        var trainer = Trainer(model, new CrossEntropyCountLoss());
        var w = model.Parameters[1].Value;
        w[3] = float.NaN;
        var before = model.Parameters[0].Value.ToArray();
        var loader = new DataLoader(TwoClass(32, 1), 32, seed: 2);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.TrainEpoch(loader, 0));
        Assert.Contains("diverged", e.Message);
        Assert.Equal(before, model.Parameters[0].Value);
    }

    [Fact]
    public void TrainEpoch_TruncatedWindows_CountEverySpike()
    {
        // One batch: the parameters are the same for all windows, and the windows carry the state, so the spikes are
        // those of the full forward pass.
        double Spikes(int? window)
        {
            var model = SequentialModel.FromNetwork(Net(LifParameters.FromBeta(0.9)), new ATan());
            var trainer = Trainer(model, new CrossEntropyCountLoss(), new TrainerOptions { Steps = 10, Seed = 8, TruncationWindow = window });
            return trainer.TrainEpoch(new DataLoader(TwoClass(32, 1), 32, seed: 2), 0).SpikesPerNeuron;
        }

        double full = Spikes(null);
        Assert.True(full > 0);
        Assert.Equal(full, Spikes(3), 12);
    }
}
