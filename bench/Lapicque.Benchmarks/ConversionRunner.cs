using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Conversion;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Numerics;
using Lapicque.Plotting;

namespace Lapicque.Benchmarks;

/// <summary>
/// `convert [--epochs E] [--test N] [--out DIR] [--data DIR] [--percentile P]`: trains a 784-512(BN)-256-10 ReLU MLP on
/// MNIST at T = 1 with the surrogate trainer (constant-current encoder, softmax cross-entropy on the logits, Adam 1e-3,
/// batch 64), converts it (BN folded, IF with subtract reset, P-th percentile normalisation, membrane readout) and
/// evaluates the SNN on the first N test images at T = 25, 50, 100, 200 with constant-current and Bernoulli rate input.
/// Writes conversion.csv and accuracy_vs_steps.svg to DIR.
/// </summary>
internal static class ConversionRunner
{
    public static int Run(string[] args)
    {
        int epochs = 1, testCount = 10000;
        double percentile = 99.9;
        string outDir = "docs/figures/conversion";
        var options = new MnistRunnerOptions("convert")
            .Add("--epochs", v => epochs = int.Parse(v, CultureInfo.InvariantCulture))
            .Add("--test", v => testCount = int.Parse(v, CultureInfo.InvariantCulture))
            .Add("--percentile", v => percentile = double.Parse(v, CultureInfo.InvariantCulture))
            .Add("--out", v => outDir = v);
        if (!options.TryParseAndLoad(args, out var train, out var test))
        {
            return 2;
        }

        var rng = new Rng(21);
        var ann = new SequentialModel([
            new LinearLayer("fc1", [784], 512, FanIn(rng, 784, 512), new float[512]), new BatchNormLayer("bn1", [512]), new ReluLayer("relu1", [512]),
            new LinearLayer("fc2", [512], 256, FanIn(rng, 512, 256), new float[256]), new BatchNormLayer("bn2", [256]), new ReluLayer("relu2", [256]),
            new LinearLayer("out", [256], 10, FanIn(rng, 256, 10), new float[10]),
        ]);
        var trainer = new SurrogateTrainer(
            ann, new ConstantCurrentEncoder(), new MembraneCrossEntropyLoss(MembraneReduction.Final), new Adam<float>(ann.Parameters, 1e-3),
            new TrainerOptions { Steps = 1, Seed = 7 });
        var clock = Stopwatch.StartNew();
        trainer.Fit(new DataLoader(train, 64, seed: 11), epochs, progress: e => Console.WriteLine(FormattableString.Invariant(
            $"epoch {e.Epoch}: loss {e.Loss:F4}, train accuracy {e.Accuracy:P2}, {e.Seconds:F1} s")));
        const int batch = 100;
        int batches = (testCount + batch - 1) / batch;
        var testLoader = new DataLoader(test, batch, seed: 0, shuffle: false);
        double annAccuracy = AnnAccuracy(ann, testLoader, batches);
        Console.WriteLine(FormattableString.Invariant($"ANN test accuracy {annAccuracy:P2} on {Math.Min(testCount, test.Count)} images (training {clock.Elapsed.TotalSeconds:F0} s)"));

        // Calibration: the first 1000 training images (Rueckauer et al. use a fraction of the training set).
        const int calib = 1000;
        var calibration = new Tensor(1, calib, 784);
        train.Features.Span[..(calib * 784)].CopyTo(calibration.Span);
        var (snn, scales) = AnnToSnnConverter.Convert(ann, calibration, new ConversionOptions { Percentile = percentile });
        Console.WriteLine("layer scales lambda: " + string.Join(", ", scales.Select(s => s.ToString("G4", CultureInfo.InvariantCulture))));
        long macs = SnnEvaluator.AnnMacs(ann);
        int[] steps = [25, 50, 100, 200];
        var csv = new StringBuilder("input,steps,snn_accuracy,ann_accuracy,synops_per_sample,ann_macs_per_sample,synops_over_macs\n");
        var chart = new LineChart
        {
            Title = "MNIST MLP 784-512-256-10: converted SNN accuracy against time steps",
            XAxis = new Axis { Label = "time steps T", Log = true },
            YAxis = new Axis { Label = "test accuracy", Unit = "%" },
        };
        foreach (var (label, encoder) in new (string, ISpikeEncoder)[] { ("constant-current", new ConstantCurrentEncoder()), ("rate-coded", new RateEncoder()) })
        {
            clock.Restart();
            var r = SnnEvaluator.Evaluate(snn, testLoader, encoder, steps, seed: 5, maxBatches: batches);
            for (int i = 0; i < steps.Length; i++)
            {
                csv.Append(FormattableString.Invariant(
                    $"{label},{steps[i]},{r.Accuracy[i]:F4},{annAccuracy:F4},{r.SynapticOperationsPerSample[i]:F0},{macs},{r.SynapticOperationsPerSample[i] / macs:F3}\n"));
                Console.WriteLine(FormattableString.Invariant(
                    $"SNN {label} T = {steps[i]}: accuracy {r.Accuracy[i]:P2}, synops/sample {r.SynapticOperationsPerSample[i]:E3} ({r.SynapticOperationsPerSample[i] / macs:F2} x ANN MACs {macs})"));
            }

            Console.WriteLine(FormattableString.Invariant($"  ({label} evaluation {clock.Elapsed.TotalSeconds:F0} s)"));
            chart.Add("SNN, " + label, steps.Select(s => (double)s).ToArray(), r.Accuracy.Select(a => 100 * a).ToArray(), SeriesStyle.Line);
        }

        chart.Add("ANN", steps.Select(s => (double)s).ToArray(), steps.Select(_ => 100 * annAccuracy).ToArray(), SeriesStyle.Line);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "conversion.csv"), csv.ToString(), new UTF8Encoding(false));
        chart.Save(Path.Combine(outDir, "accuracy_vs_steps.svg"));
        Console.WriteLine($"wrote {Path.Combine(outDir, "conversion.csv")} and accuracy_vs_steps.svg");
        return 0;
    }

    private static double AnnAccuracy(SequentialModel ann, DataLoader loader, int batches)
    {
        long correct = 0, samples = 0;
        int b = 0;
        foreach (var batch in loader.Epoch(0))
        {
            if (b++ >= batches)
            {
                break;
            }

            var x = Tensor.FromArray(batch.FlatFeatures.Span.ToArray(), 1, batch.Count, 784);
            var y = ann.Forward(x, training: false).Span;
            for (int i = 0; i < batch.Count; i++)
            {
                int best = 0;
                for (int k = 1; k < 10; k++)
                {
                    best = y[(i * 10) + k] > y[(i * 10) + best] ? k : best;
                }

                correct += best == batch.Labels[i] ? 1 : 0;
                samples++;
            }
        }

        return correct / (double)Math.Max(1, samples);
    }

    private static float[] FanIn(Rng rng, int fanIn, int fanOut)
    {
        var w = new float[fanIn * fanOut];
        float bound = (float)Math.Sqrt(6.0 / fanIn);
        rng.FillUniform(w, -bound, bound);
        return w;
    }
}
