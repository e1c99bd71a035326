using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Numerics;
using Lapicque.Tests.IO;

namespace Lapicque.Tests.Learning.Training;

/// <summary>
/// The options of <see cref="SurrogateTrainer"/> that experiment files switch on (spiking options, truncated BPTT,
/// rate regulariser, dropout), run through the trainer on the tiny Yin-Yang experiment of
/// <see cref="ExperimentFileTests"/>.
/// </summary>
public class SurrogateTrainerOptionsTests
{
    private static readonly EncoderSeed BatchSeed = EncoderSeed.ForEpoch(3, 0, 0);

    private static (SurrogateTrainer Trainer, SequentialModel Model) Trainer(Experiment e, int? window = null, SequentialModel? model = null)
    {
        model ??= e.BuildModel();
        var options = e.TrainerOptions() with { TruncationWindow = window ?? e.TruncationWindow };
        return (new SurrogateTrainer(model, e.Encoder, e.Loss, e.Optimizer.Create(model.Parameters), options), model);
    }

    private static (Batch Batch, DataLoader Loader) FirstBatch(Experiment e)
    {
        var (train, _) = e.Dataset.Load(null);
        var loader = new DataLoader(train, e.BatchSize, seed: 5);
        return (loader.GetBatch(0, 0), loader);
    }

    [Fact]
    public void TruncatedStep_CountsTheSpikesOfTheWholeSequence()
    {
        var e = ExperimentFile.Parse(ExperimentFileTests.TinyJson);
        var (batch, _) = FirstBatch(e);

        // Yardstick: one full forward pass of a fresh model on the same encoded input, counting every spiking layer.
        var reference = e.BuildModel();
        var input = new Tensor(e.Steps, batch.Count, 4);
        e.Encoder.Encode(batch.FlatFeatures.Span, batch.Count, e.Steps, BatchSeed, input.Span);
        reference.ResetState();
        reference.Forward(input, training: false);
        long spikes = 0, neuronSamples = 0;
        for (int i = 0; i < reference.Layers.Count; i++)
        {
            if (reference.Layers[i].EmitsSpikes)
            {
                spikes += reference.LayerOutput(i).Span.ToArray().Count(v => v != 0f);
                neuronSamples += (long)reference.Layers[i].OutputSize * batch.Count;
            }
        }

        Assert.Equal((0L, 0L), Trainer(e).Trainer.LastStepSpikes);
        Assert.Equal(((32 + 3) * 20), neuronSamples);
        Assert.True(spikes > 0);

        // T = 10 in windows of 3, 3, 3, 1 and in one window: the forward pass, hence the count, does not depend on it.
        foreach (int? window in new int?[] { null, 3, 7 })
        {
            var (trainer, _) = Trainer(e, window);
            trainer.TrainStep(batch, BatchSeed);
            Assert.Equal((spikes, neuronSamples), trainer.LastStepSpikes);
        }
    }

    [Fact]
    public void Dropout_MasksAreTheSameInEveryWindowOfATruncatedSequence()
    {
        var e = ExperimentFile.Parse(ExperimentFileTests.With("\"dropout\": 0.5,"));
        var (batch, _) = FirstBatch(e);
        var (full, fullModel) = Trainer(e);
        var (truncated, truncatedModel) = Trainer(e, window: 3);
        var (fullLoss, fullCorrect) = full.TrainStep(batch, BatchSeed);
        var (_, truncatedCorrect) = truncated.TrainStep(batch, BatchSeed);

        // The output spikes, and so the predictions, follow the masks: a mask redrawn per window would change them.
        Assert.Equal(full.LastStepSpikes, truncated.LastStepSpikes);
        Assert.Equal(fullCorrect, truncatedCorrect);
        var a = fullModel.Layers.OfType<DropoutLayer>().Single().Mask.ToArray();
        var b = truncatedModel.Layers.OfType<DropoutLayer>().Single().Mask.ToArray();
        Assert.Equal(a, b);

        // A model without dropout sees other output spikes on the same batch (the masks do act), and the count follows
        // the layer rate: about half the hidden units are silenced.
        Assert.InRange(a.Count(v => v == 0f), 0.4 * a.Length, 0.6 * a.Length);
        var (plain, _) = Trainer(ExperimentFile.Parse(ExperimentFileTests.TinyJson));
        var (plainLoss, _) = plain.TrainStep(batch, BatchSeed);
        Assert.NotEqual(plainLoss, fullLoss);
    }

    [Fact]
    public void Dropout_MasksDependOnTheBatchKeyOnly()
    {
        var e = ExperimentFile.Parse(ExperimentFileTests.With("\"dropout\": 0.5,"));
        var (batch, _) = FirstBatch(e);
        var (trainer, model) = Trainer(e);
        var drop = model.Layers.OfType<DropoutLayer>().Single();
        trainer.TrainStep(batch, BatchSeed);
        var first = drop.Mask.ToArray();
        trainer.TrainStep(batch, BatchSeed);
        Assert.Equal(first, drop.Mask.ToArray());

        // Another batch position or another epoch draws other masks.
        trainer.TrainStep(batch, EncoderSeed.ForEpoch(3, 0, 20));
        Assert.NotEqual(first, drop.Mask.ToArray());
        trainer.TrainStep(batch, EncoderSeed.ForEpoch(3, 1, 0));
        Assert.NotEqual(first, drop.Mask.ToArray());

        // A model built afresh (as a resumed run builds it) draws the same masks for the same key.
        var (again, againModel) = Trainer(e);
        again.TrainStep(batch, BatchSeed);
        Assert.Equal(first, againModel.Layers.OfType<DropoutLayer>().Single().Mask.ToArray());
    }

    [Fact]
    public void DetachReset_FromTheFileReachesEverySpikingLayer()
    {
        var attached = ExperimentFile.Parse(ExperimentFileTests.With("\"spiking\": { \"detach_reset\": false },"));
        var detached = ExperimentFile.Parse(ExperimentFileTests.TinyJson);
        var (batch, _) = FirstBatch(detached);

        // Yardstick: the model FromNetwork builds with the same options in code.
        var direct = SequentialModel.FromNetwork(attached.Network.Build(attached.Seed), new FastSigmoid(10), new SpikingOptions { DetachReset = false });
        var gradients = new List<float[][]>();
        var losses = new List<double>();
        foreach (var (e, model) in new[] { (attached, attached.BuildModel()), (attached, direct), (detached, detached.BuildModel()) })
        {
            var (trainer, m) = Trainer(e, model: model);
            losses.Add(trainer.TrainStep(batch, BatchSeed).Loss);
            gradients.Add([.. m.Parameters.Select(p => p.Gradient.ToArray())]);
        }

        // The forward pass is the same; only the gradient through the reset term differs.
        Assert.Equal(losses[0], losses[1]);
        Assert.Equal(losses[0], losses[2]);
        Assert.Equal(gradients[1], gradients[0]);
        Assert.NotEqual(gradients[2][0], gradients[0][0]);
        Assert.NotEqual(gradients[2][1], gradients[0][1]);
    }

    [Fact]
    public void LearnBeta_IsTrainedWithinItsRange()
    {
        var e = ExperimentFile.Parse(ExperimentFileTests.With("\"spiking\": { \"learn_beta\": true, \"per_neuron\": true },"));
        var (batch, _) = FirstBatch(e);
        var (trainer, model) = Trainer(e);
        var beta = model.Parameters.Single(p => p.Name == "hidden/beta");
        trainer.TrainStep(batch, BatchSeed);
        Assert.Contains(beta.Gradient, g => g != 0f);
        Assert.Contains(beta.Value, v => Math.Abs(v - 0.95f) > 1e-4f);
        Assert.All(beta.Value, v => Assert.InRange(v, 0f, 1f));

        // The layer steps with the trained values (they are the parameter's own array).
        var layer = Assert.IsType<LifLayer<FastSigmoid>>(model.Layers[1]);
        Assert.Equal(beta.Value, layer.Beta.ToArray());
    }

    [Fact]
    public void RateRegularizer_FromTheFileLowersTheHiddenRate()
    {
        // Upper bound 0 spikes per step with a strong weight: the penalty pushes the hidden population toward silence.
        var plain = ExperimentFile.Parse(ExperimentFileTests.TinyJson);
        var sparse = ExperimentFile.Parse(ExperimentFileTests.With("\"rate_regularizer\": { \"upper_rate\": 0, \"upper_strength\": 50 },"));
        var rates = new List<double>();
        foreach (var e in new[] { plain, sparse })
        {
            var (_, loader) = FirstBatch(e);
            var (trainer, model) = Trainer(e);
            trainer.TrainEpoch(loader, 0);
            var result = trainer.Evaluate(loader);
            rates.Add(result.SpikesPerNeuron);
        }

        Assert.True(rates[1] < 0.7 * rates[0], $"spikes per neuron without {rates[0]}, with the regulariser {rates[1]}");
    }
}
