using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Conversion;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Conversion;

public class ConversionTests
{
    private static float[] Uniform(Rng rng, int n, float scale)
    {
        var a = new float[n];
        rng.FillUniform(a, -scale, scale);
        return a;
    }

    [Fact]
    public void FoldBatchNorm_PreservesEvaluationOutput()
    {
        var rng = new Rng(11);
        var bn = new BatchNormLayer("bn", [5]);
        rng.FillUniform(bn.Gamma.Value, 0.5f, 2f);
        rng.FillUniform(bn.Beta.Value, -1f, 1f);
        rng.FillUniform(bn.RunningMean, -1f, 1f);
        rng.FillUniform(bn.RunningVariance, 0.2f, 3f);
        var ann = new SequentialModel([
            new LinearLayer("fc1", [4], 5, Uniform(rng, 20, 1f), Uniform(rng, 5, 0.5f)), bn, new ReluLayer("relu", [5]),
            new LinearLayer("fc2", [5], 3, Uniform(rng, 15, 1f), Uniform(rng, 3, 0.5f)),
        ]);
        var x = new Tensor(1, 7, 4);
        rng.FillUniform(x.Span, -1f, 1f);
        var expected = ann.Forward(x, training: false).Span.ToArray();
        var folded = AnnToSnnConverter.FoldBatchNorm(ann.Layers);
        Assert.DoesNotContain(folded, l => l is BatchNormLayer);
        var actual = new SequentialModel(folded).Forward(x, training: false).Span.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(400)]
    public void ConvertedLayer_RatesApproachNormalisedReluWithin1OverT(int steps)
    {
        // One hidden layer driven by constant current: IF with subtract reset fires floor(T a) times for a constant
        // normalised drive a in [0, 1], so |rate - clip(a, 0, 1)| <= 1 / T (Rueckauer et al. 2017, eq. 4).
        var rng = new Rng(12);
        var ann = new SequentialModel([
            new LinearLayer("fc1", [6], 8, Uniform(rng, 48, 1f), Uniform(rng, 8, 0.3f)), new ReluLayer("relu", [8]),
            new LinearLayer("out", [8], 2, Uniform(rng, 16, 1f), new float[2]),
        ]);
        var x = new Tensor(1, 16, 6);
        rng.FillUniform(x.Span, 0f, 1f);
        var (snn, scales) = AnnToSnnConverter.Convert(ann, x, new ConversionOptions { Percentile = 100 });
        ann.Forward(x, training: false);
        var relu = ann.LayerOutput(1).Span.ToArray();
        var input = new Tensor(steps, 16, 6);
        new ConstantCurrentEncoder().Encode(x.Span, 16, steps, default, input.Span);
        snn.ResetState();
        snn.Forward(input, training: false);
        var spikes = snn.LayerOutput(1).Span;
        int n = 16 * 8;
        for (int i = 0; i < n; i++)
        {
            double count = 0;
            for (int t = 0; t < steps; t++)
            {
                count += spikes[(t * n) + i];
            }

            double target = Math.Min(relu[i] / scales[0], 1.0);
            Assert.True(Math.Abs((count / steps) - target) <= (1.0 / steps) + 1e-4, $"neuron {i}: rate {count / steps}, normalised ReLU {target}");
        }
    }

    [Fact]
    public void ConvertedNetwork_AccuracyApproachesAnnOnSyntheticTask()
    {
        // Three Gaussian blobs in [0, 1]^4; an MLP with BN trained at T = 1 through the surrogate trainer's loop.
        var rng = new Rng(13);
        const int n = 600, f = 4, classes = 3;
        float[][] centres = [[0.2f, 0.8f, 0.3f, 0.5f], [0.8f, 0.2f, 0.6f, 0.4f], [0.5f, 0.5f, 0.9f, 0.1f]];
        var features = new Tensor(n, f);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % classes;
            for (int j = 0; j < f; j++)
            {
                features.Span[(i * f) + j] = Math.Clamp(centres[labels[i]][j] + (0.15f * (float)rng.NextNormal()), 0f, 1f);
            }
        }

        var data = new LabeledDataset("blobs", features, labels, classes);
        var ann = new SequentialModel([
            new LinearLayer("fc1", [f], 16, Uniform(rng, f * 16, 0.5f), new float[16]), new BatchNormLayer("bn1", [16]), new ReluLayer("relu1", [16]),
            new LinearLayer("fc2", [16], 16, Uniform(rng, 16 * 16, 0.25f), new float[16]), new ReluLayer("relu2", [16]),
            new LinearLayer("out", [16], classes, Uniform(rng, 16 * classes, 0.25f), new float[classes]),
        ]);
        var trainer = new SurrogateTrainer(
            ann, new ConstantCurrentEncoder(), new MembraneCrossEntropyLoss(MembraneReduction.Final), new Adam<float>(ann.Parameters, 1e-2),
            new TrainerOptions { Steps = 1, Seed = 1 });
        trainer.Fit(new DataLoader(data, 32, seed: 2), epochs: 15);
        var loader = new DataLoader(data, 100, seed: 3, shuffle: false);
        double annAccuracy = trainer.Evaluate(loader).Accuracy;
        Assert.True(annAccuracy > 0.9, $"ANN accuracy {annAccuracy}");

        var calibration = Tensor.FromArray(features.Span.ToArray(), 1, n, f);
        var (snn, _) = AnnToSnnConverter.Convert(ann, calibration);
        var result = SnnEvaluator.Evaluate(snn, loader, new ConstantCurrentEncoder(), [1, 200], seed: 4);
        Assert.True(result.Accuracy[1] >= annAccuracy - 0.02, $"SNN accuracy at T = 200 {result.Accuracy[1]}, ANN {annAccuracy}");
        Assert.True(result.Accuracy[1] > result.Accuracy[0], $"accuracy should grow with T: T = 1 {result.Accuracy[0]}, T = 200 {result.Accuracy[1]}");
        Assert.True(result.SynapticOperationsPerSample[1] > result.SynapticOperationsPerSample[0]);

        // Spike-count readout with max normalisation (Diehl et al. 2015): the output layer fires too.
        var (counting, _) = AnnToSnnConverter.Convert(ann, calibration, new ConversionOptions { Percentile = 100, Readout = SnnReadout.SpikeCount });
        Assert.IsType<IfLayer>(counting.Layers[^1]);
        var spikes = SnnEvaluator.Evaluate(counting, loader, new ConstantCurrentEncoder(), [200], seed: 4);
        Assert.True(spikes.Accuracy[0] >= annAccuracy - 0.03, $"spike-count SNN accuracy at T = 200 {spikes.Accuracy[0]}, ANN {annAccuracy}");
    }
}
