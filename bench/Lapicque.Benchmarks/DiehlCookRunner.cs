using System.Diagnostics;
using System.Globalization;
using Lapicque.Data;
using Lapicque.Learning.Plasticity.DiehlCook;
using Lapicque.Numerics;
using Lapicque.Plotting;

namespace Lapicque.Benchmarks;

/// <summary>
/// `diehlcook`: trains the Diehl &amp; Cook (2015) network on MNIST, labels the neurons on training images with fixed
/// weights, evaluates on the test set, writes the receptive fields as an SVG grid and one results line.
/// Options: --neurons 100 --train 60000 --train-seconds S (stop training early) --label 10000 --test 10000 --dt 0.5 --seed 1 --out DIR --threads N --data DIR
/// --eval-at 1000,5000,... (also label and test at these image counts: the learning curve, DIR/diehlcook-N-curve.csv).
/// </summary>
internal static class DiehlCookRunner
{
    public static int Run(string[] args)
    {
        int neurons = Int(args, "--neurons", 100), train = Int(args, "--train", 60000), label = Int(args, "--label", 10000);
        int test = Int(args, "--test", 10000), threads = Int(args, "--threads", Environment.ProcessorCount);
        double dt = double.Parse(Opt(args, "--dt") ?? "0.5", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(Opt(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        double budgetS = double.Parse(Opt(args, "--train-seconds") ?? "1e9", CultureInfo.InvariantCulture);
        string outDir = Opt(args, "--out") ?? "diehlcook-out";
        Directory.CreateDirectory(outDir);
        Parallelism.MaxThreads = threads;

        string dataDir = DataDirectory.Resolve(Opt(args, "--data"));
        var trainSet = Mnist.Load(dataDir, DatasetSplit.Train);
        var testSet = Mnist.Load(dataDir, DatasetSplit.Test);
        train = Math.Min(train, trainSet.Count);
        test = Math.Min(test, testSet.Count);
        label = Math.Min(label, trainSet.Count);
        var p = new DiehlCookParameters { Excitatory = neurons, DtMs = dt };
        var net = new DiehlCookNetwork(p, seed);
        Log($"Diehl & Cook: {neurons} excitatory, dt {dt} ms, train {train}, label {label}, test {test}, threads {threads}");
        var evalAt = (Opt(args, "--eval-at") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();
        string curvePath = Path.Combine(outDir, $"diehlcook-{neurons}-curve.csv");
        if (evalAt.Count > 0)
        {
            File.WriteAllText(curvePath, "images_trained,test_accuracy,label_accuracy,boosts,mean_threshold_mv,train_s" + Environment.NewLine);
        }

        double evalS = 0;

        var counts = new int[neurons];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < train; i++)
        {
            // Epochs past 60,000 wrap around the training set.
            net.Train(trainSet.Sample(i % trainSet.Count), counts);
            bool over = watch.Elapsed.TotalSeconds > budgetS;
            if (over)
            {
                Log($"training time budget {budgetS} s reached after {i + 1} images");
                train = i + 1;
            }

            if ((i + 1) % 500 == 0 || i + 1 == train)
            {
                Log($"trained {i + 1}: {(watch.Elapsed.TotalSeconds - evalS) * 1000 / (i + 1):F2} ms/image, boosts {net.Boosts}, mean theta {Mean(net.ThetaMv()):F2} mV, mean threshold {Mean(net.ThresholdMv()):F2} mV");
            }

            if (evalAt.Contains(i + 1) && i + 1 < train)
            {
                double start = watch.Elapsed.TotalSeconds;
                var (acc, labelAcc, _, _) = Evaluate(net, trainSet, testSet, i + 1, label, test, seed);
                AppendCurve(curvePath, i + 1, acc, labelAcc, net, start - evalS);
                evalS += watch.Elapsed.TotalSeconds - start;
            }
        }

        double trainS = watch.Elapsed.TotalSeconds - evalS;
        SaveFields(net, Path.Combine(outDir, $"diehlcook-{neurons}-fields.svg"));

        var (accuracy, trainAcc, labelS, testS) = Evaluate(net, trainSet, testSet, train, label, test, seed, Path.Combine(outDir, $"diehlcook-{neurons}-neurons.csv"));
        if (evalAt.Count > 0)
        {
            AppendCurve(curvePath, train, accuracy, trainAcc, net, trainS);
        }

        string line = string.Create(CultureInfo.InvariantCulture,
            $"diehlcook neurons={neurons} dt={dt} train={train} label={label} test={test} test_acc={accuracy:F4} label_acc={trainAcc:F4} " +
            $"train_s={trainS:F1} ms_per_train_image={trainS * 1000 / Math.Max(1, train):F2} label_s={labelS:F1} test_s={testS:F1} threads={threads} boosts={net.Boosts} seed={seed}");
        Log(line);
        File.AppendAllText(Path.Combine(outDir, "diehlcook-results.txt"), line + Environment.NewLine);
        return 0;
    }

    /// <summary>Labels on the last <paramref name="label"/> trained images (with fixed weights) and tests on the first <paramref name="test"/> test images.</summary>
    private static (double TestAccuracy, double LabelAccuracy, double LabelS, double TestS) Evaluate(DiehlCookNetwork net, LabeledDataset trainSet, LabeledDataset testSet, int trained, int label, int test, ulong seed, string? neuronsCsv = null)
    {
        var p = net.Parameters;
        int labelStart = trained >= label ? trained - label : 0;
        int count = Math.Min(label, trained);
        var watch = Stopwatch.StartNew();
        var labelImages = trainSet.Features.Data.AsMemory(labelStart * p.Inputs, count * p.Inputs);
        var labelResponses = DiehlCookEvaluation.Responses(net, labelImages, seed + 1000);
        var labels = trainSet.Labels.Slice(labelStart, count);
        var assignment = DiehlCookLabels.Assign(labelResponses, labels, p.Excitatory, Mnist.ClassCount);
        double labelS = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var testResponses = DiehlCookEvaluation.Responses(net, testSet.Features.Data.AsMemory(0, test * p.Inputs), seed + 2000);
        double accuracy = DiehlCookLabels.Accuracy(testResponses, testSet.Labels[..test], assignment, Mnist.ClassCount);
        double testS = watch.Elapsed.TotalSeconds;
        double labelAcc = DiehlCookLabels.Accuracy(labelResponses, labels, assignment, Mnist.ClassCount);
        if (neuronsCsv is not null)
        {
            // Per neuron: theta, threshold, class, mean spikes per labelling image and per test image.
            int n = p.Excitatory;
            var theta = net.ThetaMv();
            var threshold = net.ThresholdMv();
            var sb = new System.Text.StringBuilder("neuron,theta_mv,threshold_mv,class,label_spikes_per_image,test_spikes_per_image\n");
            for (int j = 0; j < n; j++)
            {
                double ls = 0, ts = 0;
                for (int s = 0; s < count; s++)
                {
                    ls += labelResponses[(s * n) + j];
                }

                for (int s = 0; s < test; s++)
                {
                    ts += testResponses[(s * n) + j];
                }

                sb.Append(CultureInfo.InvariantCulture, $"{j},{theta[j]:F3},{threshold[j]:F3},{assignment[j]},{ls / Math.Max(1, count):F4},{ts / Math.Max(1, test):F4}\n");
            }

            File.WriteAllText(neuronsCsv, sb.ToString());
        }

        return (accuracy, labelAcc, labelS, testS);
    }

    private static void AppendCurve(string path, int trained, double accuracy, double labelAccuracy, DiehlCookNetwork net, double trainS)
    {
        string row = string.Create(CultureInfo.InvariantCulture, $"{trained},{accuracy:F4},{labelAccuracy:F4},{net.Boosts},{Mean(net.ThresholdMv()):F3},{trainS:F1}");
        File.AppendAllText(path, row + Environment.NewLine);
        Log($"curve: trained {trained}, test accuracy {accuracy:P2}, label accuracy {labelAccuracy:P2}");
    }

    private static void SaveFields(DiehlCookNetwork net, string path)
    {
        var p = net.Parameters;
        int n = p.Excitatory, side = (int)Math.Round(Math.Sqrt(n));
        var grid = new ImageGrid(Mnist.ImageSize, Mnist.ImageSize) { ColumnsPerRow = side, Width = 40 * side + 40, Height = 40 * ((n + side - 1) / side) + 60, Title = $"Diehl & Cook receptive fields, {n} neurons" };
        var w = net.Weights.Weights;
        var field = new float[p.Inputs];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < p.Inputs; i++)
            {
                field[i] = w[(i * n) + j];
            }

            grid.Add(field);
        }

        grid.Save(path);
        Log($"wrote {path}");
    }

    private static double Mean(float[] x) => x.Length == 0 ? 0 : x.Average();

    private static void Log(string s) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {s}");

    private static string? Opt(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Opt(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
