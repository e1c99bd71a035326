using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Conversion;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Conversion;

/// <summary>Conversion of convolutional networks: BN folding per channel, IF rates against normalised ReLU, pooling, a trained conv net.</summary>
public class ConvConversionTests
{
    private static float[] Uniform(Rng rng, int n, float low, float high)
    {
        var a = new float[n];
        rng.FillUniform(a, low, high);
        return a;
    }

    private static Conv2dLayer Conv(Rng rng, string name, int[] input, int outChannels, int padding, bool bias = true, int stride = 1)
    {
        int fanIn = input[0] * 9;
        float bound = (float)Math.Sqrt(6.0 / fanIn);
        return new Conv2dLayer(name, input, outChannels, 3, 3, stride, padding, Uniform(rng, outChannels * fanIn, -bound, bound), bias ? Uniform(rng, outChannels, -0.1f, 0.1f) : null);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 0, false)]
    public void FoldBatchNorm_Conv_EqualsUnfusedNetworkToFloatRounding(int stride, int padding, bool bias)
    {
        var rng = new Rng(31);
        var conv = Conv(rng, "conv", [2, 7, 7], 3, padding, bias, stride);
        var bn = new BatchNormLayer("bn", conv.OutputShape);
        rng.FillUniform(bn.Gamma.Value, 0.5f, 2f);
        rng.FillUniform(bn.Beta.Value, -1f, 1f);
        rng.FillUniform(bn.RunningMean, -1f, 1f);
        rng.FillUniform(bn.RunningVariance, 0.2f, 3f);
        var relu = new ReluLayer("relu", conv.OutputShape);
        var flat = new FlattenLayer("flat", conv.OutputShape);
        var fc = new LinearLayer("fc", [flat.OutputSize], 4, Uniform(rng, flat.OutputSize * 4, -0.5f, 0.5f), Uniform(rng, 4, -0.1f, 0.1f));
        var ann = new SequentialModel([conv, bn, relu, flat, fc]);
        var x = new Tensor(1, 5, 2 * 7 * 7);
        rng.FillUniform(x.Span, 0f, 1f);

        // Yardstick: the unfused network in evaluation mode, layer by layer (BN output before the ReLU, and the logits).
        ann.Forward(x, training: false);
        var expectedBn = ann.LayerOutput(1).Span.ToArray();
        var expected = ann.LayerOutput(4).Span.ToArray();
        var folded = new SequentialModel(AnnToSnnConverter.FoldBatchNorm(ann.Layers));
        Assert.DoesNotContain(folded.Layers, l => l is BatchNormLayer);
        folded.Forward(x, training: false);
        var actualConv = folded.LayerOutput(0).Span;
        var actual = folded.LayerOutput(3).Span;
        for (int i = 0; i < expectedBn.Length; i++)
        {
            Assert.True(Math.Abs(expectedBn[i] - actualConv[i]) <= 1e-5 * (1 + Math.Abs(expectedBn[i])), $"element {i}: BN {expectedBn[i]}, folded {actualConv[i]}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"logit {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Theory]
    [InlineData(PoolKind.Average, 40)]
    [InlineData(PoolKind.Average, 400)]
    [InlineData(PoolKind.Max, 40)]
    [InlineData(PoolKind.Max, 400)]
    public void ConvertedConvNet_FirstLayerRatesWithin1OverT_DeeperRatesApproachNormalisedActivations(PoolKind pool, int steps)
    {
        // conv -> pool -> ReLU -> conv -> ReLU -> flatten -> fc. Driven by constant current, the first IF layer
        // receives a constant normalised drive a / lambda and fires floor(T a / lambda) times: rate within 1 / T of
        // min(a / lambda, 1) (Rueckauer et al. 2017, eq. 4), for every neuron of every feature map. The second layer is
        // driven by spikes, whose rates carry the first layer's values, so its rates tend to a2 / lambda2 as T grows.
        var rng = new Rng(32);
        var c1 = Conv(rng, "c1", [1, 8, 8], 4, padding: 1);
        var p1 = new Pool2dLayer("p1", c1.OutputShape, pool, 2, 2);
        var r1 = new ReluLayer("r1", p1.OutputShape);
        var c2 = Conv(rng, "c2", p1.OutputShape, 4, padding: 0);
        var r2 = new ReluLayer("r2", c2.OutputShape);
        var flat = new FlattenLayer("flat", c2.OutputShape);
        var fc = new LinearLayer("fc", [flat.OutputSize], 3, Uniform(rng, flat.OutputSize * 3, -0.5f, 0.5f), new float[3]);
        var ann = new SequentialModel([c1, p1, r1, c2, r2, flat, fc]);
        const int b = 6;
        var x = new Tensor(1, b, 64);
        rng.FillUniform(x.Span, 0f, 1f);
        ann.Forward(x, training: false);
        var a1 = ann.LayerOutput(2).Span.ToArray();
        var a2 = ann.LayerOutput(4).Span.ToArray();

        var (snn, scales) = AnnToSnnConverter.Convert(ann, x, new ConversionOptions { Percentile = 100 });
        Assert.Equal(2, scales.Length);
        var input = new Tensor(steps, b, 64);
        new ConstantCurrentEncoder().Encode(x.Span, b, steps, default, input.Span);
        snn.ResetState();
        snn.Forward(input, training: false);

        // With max pooling the IF neurons sit before the gate; the gate's output carries the pooled rate.
        int first = pool == PoolKind.Max ? IndexOf<SpikeMaxPoolLayer>(snn, 0) : IndexOf<IfLayer>(snn, 0);
        int second = IndexOf<IfLayer>(snn, first + 1);
        var rate1 = Rates(snn.LayerOutput(first).Span, steps);
        var rate2 = Rates(snn.LayerOutput(second).Span, steps);
        Assert.Equal(a1.Length, rate1.Length);
        for (int i = 0; i < a1.Length; i++)
        {
            double target = Math.Min(a1[i] / scales[0], 1.0);
            Assert.True(Math.Abs(rate1[i] - target) <= (1.0 / steps) + 1e-4, $"layer 1 neuron {i}: rate {rate1[i]}, a / lambda {target}");
        }

        double worst = 0;
        for (int i = 0; i < a2.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(rate2[i] - Math.Min(a2[i] / scales[1], 1.0)));
        }

        // Rueckauer et al. (2017, eq. 5): the error of a deeper layer is the propagated 1/T error of the layers below
        // plus its own; with weights of this size a few times 1 / T.
        Assert.True(worst <= 6.0 / steps, $"layer 2: largest |rate - a / lambda| {worst} at T = {steps}");
    }

    [Fact]
    public void SpikeMaxPool_FollowsTheMostActiveInput_NotTheUnionOfSpikes()
    {
        // One 2 x 2 window of independent Bernoulli trains with rates 0.2, 0.3, 0.1, 0.5. The gate's output rate tends
        // to the largest input rate (0.5); passing any spike would give 1 - 0.8 * 0.7 * 0.9 * 0.5 = 0.748.
        const int steps = 4000;
        double[] rates = [0.2, 0.3, 0.1, 0.5];
        var rng = new Rng(33);
        var x = new Tensor(steps, 1, 4);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < 4; i++)
            {
                x.Span[(t * 4) + i] = rng.NextDouble() < rates[i] ? 1f : 0f;
            }
        }

        var gate = new SpikeMaxPoolLayer("gate", [1, 2, 2], 2, 2);
        Assert.Equal([1, 1, 1], gate.OutputShape);
        var y = gate.Forward(x, training: false).Span;
        double count = 0;
        for (int t = 0; t < steps; t++)
        {
            count += y[t];
        }

        // 3 binomial standard deviations of the most active train's count.
        Assert.True(Math.Abs((count / steps) - 0.5) <= 3 * Math.Sqrt(0.25 / steps) + (10.0 / steps), $"gate rate {count / steps}");
        // Ties are where a gate that switches freely double-counts: two regular trains of equal rate 1/4 in one 2 x 2
        // window, the last input firing two steps before the first, alternate the lead. The output count must equal the
        // largest input count after every step.
        const int length = 40;
        var regular = new Tensor(length, 1, 4);
        for (int t = 0; t < length; t++)
        {
            regular.Span[t * 4] = t % 4 == 2 ? 1f : 0f;
            regular.Span[(t * 4) + 3] = t % 4 == 0 ? 1f : 0f;
        }

        var gate2 = new SpikeMaxPoolLayer("gate2", [1, 2, 2], 2, 2);
        var out2 = gate2.Forward(regular, training: false).Span;
        double n0 = 0, n3 = 0, o = 0;
        for (int t = 0; t < length; t++)
        {
            n0 += regular.Span[t * 4];
            n3 += regular.Span[(t * 4) + 3];
            o += out2[t];
            Assert.Equal(Math.Max(n0, n3), o);
        }

        gate.ResetState();
        var silent = gate.Forward(new Tensor(3, 1, 4), training: false).Span;
        Assert.Equal(0f, silent[0] + silent[1] + silent[2]);
    }

    [Fact]
    public void SynapticFanOut_ConvCountsRealTaps_LinearCountsOutputs()
    {
        // No padding: the textbook count C_out * C_in * kH * kW * H' * W' = 4 * 2 * 9 * 3 * 3 = 648 MACs.
        var rng = new Rng(34);
        var valid = Conv(rng, "valid", [2, 5, 5], 4, padding: 0);
        Assert.Equal(648, SynapticFanOut.Macs([valid]));

        // Padding 1 on a 3 x 3 input, 2 output channels: the centre pixel feeds all 9 outputs, a corner 4.
        var same = Conv(rng, "same", [1, 3, 3], 2, padding: 1);
        var f = SynapticFanOut.Of(same)!;
        Assert.Equal(2 * 9, f[4]);
        Assert.Equal(2 * 4, f[0]);
        Assert.Equal(2 * 6, f[1]);
        Assert.Equal(2 * ((4 * 4) + (4 * 6) + 9), SynapticFanOut.Macs([same]));
        var fc = new LinearLayer("fc", [7], 3, new float[21]);
        Assert.Equal(21, SynapticFanOut.Macs([fc]));
        Assert.Null(SynapticFanOut.Of(new ReluLayer("r", [3])));
    }

    [Fact]
    public void AnnModel_FromNetwork_ReluAfterHiddenPopulations_WeightsInPlace()
    {
        var net = new Network(
            "tiny",
            [
                new Population { Name = "in", Model = new ExternalSource(), Shape = [1, 6, 6] },
                new Population { Name = "h", Model = new Lapicque.Neurons.IntegrateAndFireParameters(), Shape = [2, 2, 2] },
                new Population { Name = "out", Model = new Lapicque.Neurons.IntegrateAndFireParameters(), Shape = [3] },
            ],
            [
                new Projection { Name = "c", Source = "in", Target = "h", Connectivity = new Connectivity.Conv2d(3, 3, Bias: true, Pool: new Connectivity.Pool2d(PoolKind.Average, 2, 2)), Weights = new WeightInit.FanInUniform() },
                new Projection { Name = "fc", Source = "h", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform() },
            ]).Build(5);
        var ann = AnnModel.FromNetwork(net);
        Assert.Collection(
            ann.Layers,
            l => Assert.IsType<Conv2dLayer>(l),
            l => Assert.Equal(PoolKind.Average, Assert.IsType<Pool2dLayer>(l).Kind),
            l => Assert.IsType<ReluLayer>(l),
            l => Assert.IsType<LinearLayer>(l));
        Assert.Same(net.Projections[0].Kernel, ((Conv2dLayer)ann.Layers[0]).Weight.Value);
        Assert.Same(net.Projections[1].Matrix!.Weights, ((LinearLayer)ann.Layers[3]).Weight.Value);
        Assert.Equal(["c/weight", "c/bias", "fc/weight"], ann.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void AnnModel_FromNetwork_BatchNormAfterEachHiddenWeightLayer_FoldsAndKeepsRunningStatistics()
    {
        var net = new Network(
            "tiny-bn",
            [
                new Population { Name = "in", Model = new ExternalSource(), Shape = [1, 6, 6] },
                new Population { Name = "h", Model = new Lapicque.Neurons.IntegrateAndFireParameters(), Shape = [2, 2, 2] },
                new Population { Name = "out", Model = new Lapicque.Neurons.IntegrateAndFireParameters(), Shape = [3] },
            ],
            [
                new Projection { Name = "c", Source = "in", Target = "h", Connectivity = new Connectivity.Conv2d(3, 3, Bias: true, Pool: new Connectivity.Pool2d(PoolKind.Average, 2, 2)), Weights = new WeightInit.FanInUniform() },
                new Projection { Name = "fc", Source = "h", Target = "out", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform() },
            ]).Build(6);
        var ann = AnnModel.FromNetwork(net, batchNorm: true);

        // BN directly after the convolution (where it folds), before the pool; none after the output layer.
        Assert.Collection(
            ann.Layers,
            l => Assert.IsType<Conv2dLayer>(l),
            l => Assert.Equal("h/bn", Assert.IsType<BatchNormLayer>(l).Name),
            l => Assert.IsType<Pool2dLayer>(l),
            l => Assert.IsType<ReluLayer>(l),
            l => Assert.IsType<LinearLayer>(l));
        Assert.DoesNotContain(AnnToSnnConverter.FoldBatchNorm(ann.Layers), l => l is BatchNormLayer);

        // Running statistics are state, not parameters: they go through the checkpoint by name.
        var bn = (BatchNormLayer)ann.Layers[1];
        bn.RunningMean[0] = 0.25f;
        bn.RunningVariance[1] = 3.5f;
        var checkpoint = new Lapicque.IO.Checkpoint();
        AnnModel.SaveRunningStatistics(ann, checkpoint);
        var other = AnnModel.FromNetwork(net, batchNorm: true);
        AnnModel.RestoreRunningStatistics(other, checkpoint);
        var restored = (BatchNormLayer)other.Layers[1];
        Assert.Equal([0.25f, 0f], restored.RunningMean);
        Assert.Equal([1f, 3.5f], restored.RunningVariance);
        Assert.Throws<Lapicque.IO.FileFormatException>(() => AnnModel.RestoreRunningStatistics(other, new Lapicque.IO.Checkpoint()));
    }

    [Fact]
    public void ConvertedConvNet_AccuracyApproachesAnnAsTGrows()
    {
        // Bars on 8 x 8 images: horizontal, vertical or diagonal, at a random place, with pixel noise. A conv net with
        // BN and average pooling is trained at T = 1, converted, and evaluated at T = 2, 10, 100 from one simulation.
        var rng = new Rng(35);
        const int n = 480, classes = 3;
        var features = new Tensor(n, 64);
        var labels = new int[n];
        for (int s = 0; s < n; s++)
        {
            labels[s] = s % classes;
            int p = rng.NextInt(6) + 1;
            for (int k = 0; k < 64; k++)
            {
                features.Span[(s * 64) + k] = 0.25f * rng.NextFloat();
            }

            for (int k = 0; k < 8; k++)
            {
                int y = labels[s] == 0 ? p : k, xx = labels[s] == 1 ? p : k;
                if (labels[s] == 2)
                {
                    (y, xx) = (k, (k + p) % 8);
                }

                features.Span[(s * 64) + (y * 8) + xx] = 0.75f + (0.25f * rng.NextFloat());
            }
        }

        var data = new LabeledDataset("bars", features, labels, classes);
        var c1 = Conv(rng, "c1", [1, 8, 8], 4, padding: 1);
        var bn = new BatchNormLayer("bn1", c1.OutputShape);
        var r1 = new ReluLayer("r1", c1.OutputShape);
        var p1 = new Pool2dLayer("p1", c1.OutputShape, PoolKind.Average, 2, 2);
        var c2 = Conv(rng, "c2", p1.OutputShape, 6, padding: 0);
        var r2 = new ReluLayer("r2", c2.OutputShape);
        var flat = new FlattenLayer("flat", c2.OutputShape);
        var fc = new LinearLayer("fc", [flat.OutputSize], classes, Uniform(rng, flat.OutputSize * classes, -0.2f, 0.2f), new float[classes]);
        var ann = new SequentialModel([c1, bn, r1, p1, c2, r2, flat, fc]);
        var trainer = new SurrogateTrainer(
            ann, new ConstantCurrentEncoder(), new MembraneCrossEntropyLoss(MembraneReduction.Final), new Adam<float>(ann.Parameters, 1e-2),
            new TrainerOptions { Steps = 1, Seed = 1 });
        trainer.Fit(new DataLoader(data, 32, seed: 2), epochs: 12);
        var loader = new DataLoader(data, 120, seed: 3, shuffle: false);
        double annAccuracy = SnnEvaluator.AnnAccuracy(ann, loader);
        Assert.True(annAccuracy > 0.9, $"ANN accuracy {annAccuracy}");

        var calibration = Tensor.FromArray(features.Span.ToArray(), 1, n, 64);
        var (snn, _) = AnnToSnnConverter.Convert(ann, calibration);
        Assert.Contains(snn.Layers, l => l is Conv2dLayer);
        var result = SnnEvaluator.Evaluate(snn, loader, new ConstantCurrentEncoder(), [2, 10, 100], seed: 4);
        double gap2 = annAccuracy - result.Accuracy[0], gap100 = annAccuracy - result.Accuracy[2];
        Assert.True(gap100 <= 0.02, $"SNN accuracy at T = 100 {result.Accuracy[2]}, ANN {annAccuracy}");
        Assert.True(gap100 < gap2, $"the gap to the ANN should shrink with T: T = 2 {result.Accuracy[0]}, T = 100 {result.Accuracy[2]}, ANN {annAccuracy}");
        Assert.True(result.SynapticOperationsPerSample[2] > result.SynapticOperationsPerSample[1]);
    }

    private static int IndexOf<T>(SequentialModel model, int from)
    {
        for (int i = from; i < model.Layers.Count; i++)
        {
            if (model.Layers[i] is T)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no {typeof(T).Name} after layer {from}");
    }

    private static double[] Rates(ReadOnlySpan<float> spikes, int steps)
    {
        int n = spikes.Length / steps;
        var r = new double[n];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                r[i] += spikes[(t * n) + i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            r[i] /= steps;
        }

        return r;
    }
}
