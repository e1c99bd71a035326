using System.Diagnostics;
using System.Globalization;
using Lapicque.Data;
using Lapicque.Learning.Plasticity.SpikingCnn;
using Lapicque.Numerics;
using Lapicque.Plotting;

namespace Lapicque.Benchmarks;

/// <summary>
/// `scnn`: trains the Kheradpisheh et al. 2018 STDP spiking CNN on MNIST (layer 1, then layer 2, on subsets of the
/// training images), extracts features of the training and test sets, fits the softmax read-out, and writes the
/// learned-feature figures and one results line. Options: --l1 N (STDP images for layer 1, default 3000),
/// --l1-max N (images presented at most, default 20000), --l2 N, --l2-max N, --train N (read-out images, default 60000),
/// --test N (default 10000), --grid G (feature regions per side, default 1), --epochs E, --seed S, --out DIR.
/// </summary>
internal static class ScnnRunner
{
    public static int Run(string[] args)
    {
        int l1 = Arg(args, "--l1", 3000);
        int l1Max = Arg(args, "--l1-max", 20000);
        int l2 = Arg(args, "--l2", 3000);
        int l2Max = Arg(args, "--l2-max", 20000);
        int trainCount = Arg(args, "--train", 60000);
        int testCount = Arg(args, "--test", 10000);
        int grid = Arg(args, "--grid", 1);
        int epochs = Arg(args, "--epochs", 30);
        ulong seed = (ulong)Arg(args, "--seed", 1);
        string outDir = ArgS(args, "--out", "scnn-out");
        Directory.CreateDirectory(outDir);

        var total = Stopwatch.StartNew();
        string dataDir = DataDirectory.Resolve(null);
        var train = Mnist.Load(dataDir, DatasetSplit.Train);
        var test = Mnist.Load(dataDir, DatasetSplit.Test);
        if (trainCount < train.Count)
        {
            train = train.Subset(Enumerable.Range(0, trainCount).ToArray());
        }

        if (testCount < test.Count)
        {
            test = test.Subset(Enumerable.Range(0, testCount).ToArray());
        }

        var config = ScnnConfig.Mnist with { FeatureGrid = grid };
        var net = new ScnnNetwork(config, seed);
        Console.WriteLine(FormattableString.Invariant($"threads {Parallelism.MaxThreads}; train {train.Count}, test {test.Count}"));

        var sw = Stopwatch.StartNew();
        var encoded = net.EncodeAll(train, Math.Min(Math.Max(l1, l2), train.Count));
        double tEncode = sw.Elapsed.TotalSeconds;
        double meanSpikes = encoded.Average(w => w.SpikeCount);

        sw.Restart();
        var r1 = net.TrainLayer(1, encoded.Take(l1).ToArray(), l1Max, seed + 10);
        double tL1 = sw.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"layer 1: {r1.ImagesSeen} images, C = {r1.FinalConvergence:F4}, converged {r1.Converged}, a+ {r1.FinalAPlus}, {tL1:F1} s"));

        sw.Restart();
        var l2Input = net.Layer1OutputAll(encoded.Take(l2).ToArray());
        double tL2In = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var r2 = net.TrainLayer(2, l2Input, l2Max, seed + 20);
        double tL2 = sw.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"layer 2: {r2.ImagesSeen} images, C = {r2.FinalConvergence:F4}, converged {r2.Converged}, a+ {r2.FinalAPlus}, {tL2:F1} s (+{tL2In:F1} s layer-1 outputs)"));

        sw.Restart();
        var fTrain = net.ExtractFeatures(train);
        var fTest = net.ExtractFeatures(test);
        double tFeatures = sw.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"features: {net.FeatureCount} per image, {tFeatures:F1} s for {train.Count + test.Count} images"));

        sw.Restart();
        var readout = new SoftmaxReadout(net.FeatureCount, Mnist.ClassCount);
        double trainAcc = readout.Fit(fTrain, train.Labels, epochs: epochs, seed: seed + 30);
        double testAcc = readout.Accuracy(fTest, test.Labels);
        double tReadout = sw.Elapsed.TotalSeconds;

        WriteFigures(net, outDir);
        string line = FormattableString.Invariant(
            $"scnn mnist: test {testAcc * 100:F2}% train {trainAcc * 100:F2}% | features {net.FeatureCount} (grid {grid}) | stdp L1 {r1.ImagesSeen} imgs of {l1} C={r1.FinalConvergence:F4} {tL1:F1}s, L2 {r2.ImagesSeen} imgs of {l2} C={r2.FinalConvergence:F4} {tL2:F1}s | encode {tEncode:F1}s ({meanSpikes:F0} spikes/img) features {tFeatures:F1}s readout {tReadout:F1}s ({epochs} epochs) | total {total.Elapsed.TotalSeconds:F1}s threads {Parallelism.MaxThreads}");
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(outDir, "results.txt"), line + Environment.NewLine);
        return 0;
    }

    private static void WriteFigures(ScnnNetwork net, string outDir)
    {
        int k1 = net.Config.Conv1.KernelSize;
        var g1 = new ImageGrid(k1, k1) { ColumnsPerRow = 10, Scaling = ImageScaling.Symmetric, Title = "Layer-1 kernels (on - off)", Width = 560, Height = 200 };
        var kernels = net.Layer1Kernels();
        for (int m = 0; m < kernels.Length; m++)
        {
            g1.Add(kernels[m], m.ToString(CultureInfo.InvariantCulture));
        }

        g1.Save(Path.Combine(outDir, "scnn-layer1.svg"));
        (var patterns, int side) = net.Layer2Patterns();
        var g2 = new ImageGrid(side, side) { ColumnsPerRow = 20, Scaling = ImageScaling.PerImage, Title = "Layer-2 preferred patterns", Width = 900, Height = 300 };
        for (int m = 0; m < patterns.Length; m++)
        {
            g2.Add(patterns[m]);
        }

        g2.Save(Path.Combine(outDir, "scnn-layer2.svg"));
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string ArgS(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
