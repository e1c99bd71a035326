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
/// Options: --neurons 100 --train 60000 --train-seconds S (stop training early) --label 10000 --test 10000 --dt 0.5 --seed 1 --out DIR --threads N --data DIR.
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
                Log($"trained {i + 1}: {watch.Elapsed.TotalMilliseconds / (i + 1):F2} ms/image, boosts {net.Boosts}, mean theta {Mean(net.ThetaMv()):F2} mV");
            }
        }

        double trainS = watch.Elapsed.TotalSeconds;
        SaveFields(net, Path.Combine(outDir, $"diehlcook-{neurons}-fields.svg"));

        // Label on the last `label` trained images (the paper labels on the final training responses).
        int labelStart = train >= label ? train - label : 0;
        watch.Restart();
        var labelImages = trainSet.Features.Data.AsMemory(labelStart * p.Inputs, label * p.Inputs);
        var labelResponses = DiehlCookEvaluation.Responses(net, labelImages, seed + 1000);
        var assignment = DiehlCookLabels.Assign(labelResponses, trainSet.Labels.Slice(labelStart, label), neurons, Mnist.ClassCount);
        double labelS = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var testResponses = DiehlCookEvaluation.Responses(net, testSet.Features.Data.AsMemory(0, test * p.Inputs), seed + 2000);
        double accuracy = DiehlCookLabels.Accuracy(testResponses, testSet.Labels[..test], assignment, Mnist.ClassCount);
        double testS = watch.Elapsed.TotalSeconds;
        double trainAcc = DiehlCookLabels.Accuracy(labelResponses, trainSet.Labels.Slice(labelStart, label), assignment, Mnist.ClassCount);

        string line = string.Create(CultureInfo.InvariantCulture,
            $"diehlcook neurons={neurons} dt={dt} train={train} label={label} test={test} test_acc={accuracy:F4} label_acc={trainAcc:F4} " +
            $"train_s={trainS:F1} ms_per_train_image={trainS * 1000 / Math.Max(1, train):F2} label_s={labelS:F1} test_s={testS:F1} threads={threads} boosts={net.Boosts} seed={seed}");
        Log(line);
        File.AppendAllText(Path.Combine(outDir, "diehlcook-results.txt"), line + Environment.NewLine);
        return 0;
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
