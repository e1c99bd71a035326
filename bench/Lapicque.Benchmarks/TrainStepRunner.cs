using System.Diagnostics;
using System.Globalization;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `train-fc-step [--steps N] [--warmup W] [--threads K]`: times one training step of the 784-1000-10 LIF network of
/// issue 4 (beta 0.95, subtract reset, ATan 2, T = 25, batch 128, Adam 5e-4, Bernoulli rate input, cross-entropy on
/// spike counts) on random data (U(0,1) intensities, random labels), so it needs no dataset, and prints one JSON line
/// with the same fields as bench/peers/torch_surrogate.py: median step time after warm-up and peak working set.
/// </summary>
/// <remarks>The step timed is <see cref="SurrogateTrainer.TrainStep"/>: encode, forward, loss, backward, Adam update.
/// `--profile` then replays the same step phase by phase (encode, forward and backward of each layer, loss, Adam) and
/// prints the median of each phase, to show where the step goes.</remarks>
internal static class TrainStepRunner
{
    public static int Run(string[] args)
    {
        int steps = 20, warmup = 3;
        bool profile = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--steps":
                    steps = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--profile":
                    profile = true;
                    break;
                case "--threads":
                    Parallelism.MaxThreads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"train-fc-step: unknown option '{args[i]}'; expected --steps, --warmup, --threads or --profile.");
                    return 2;
            }
        }

        if (steps < 1 || warmup < 0)
        {
            Console.Error.WriteLine($"train-fc-step: --steps must be >= 1 and --warmup >= 0; were {steps} and {warmup}.");
            return 2;
        }

        const int timeSteps = 25, batchSize = 128, inputs = 784, classes = 10;

        // Eight batches of random data, cycled, as torch_surrogate.py does.
        var rng = new Rng(3);
        var features = new Tensor(8 * batchSize, inputs);
        rng.FillUniform(features.Span, 0f, 1f);
        var labels = new int[8 * batchSize];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = rng.NextInt(classes);
        }

        var data = new LabeledDataset("random", features, labels, classes);
        var lif = LifParameters.FromBeta(0.95, reset: ResetMode.Subtract);
        var network = new Network(
            "fc-step",
            [Population.Create("input", inputs, new ExternalSource()), Population.Create("hidden", 1000, lif), Population.Create("output", classes, lif)],
            [
                new Projection { Name = "fc1", Source = "input", Target = "hidden", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
                new Projection { Name = "fc2", Source = "hidden", Target = "output", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
            ]).Build(seed: 1);
        var model = SequentialModel.FromNetwork(network, new ATan(2f));
        var optimizer = new Adam<float>(model.Parameters, learningRate: 5e-4);
        var trainer = new SurrogateTrainer(model, new RateEncoder(), new CrossEntropyCountLoss(), optimizer, new TrainerOptions { Steps = timeSteps, Seed = 7 });
        var loader = new DataLoader(data, batchSize, seed: 11);

        var times = new double[steps];
        double loss = 0;
        string loadBefore = LoadAverage();
        for (int i = 0; i < warmup + steps; i++)
        {
            int epoch = i / loader.BatchCount, index = i % loader.BatchCount;
            var batch = loader.GetBatch(epoch, index);
            long t0 = Stopwatch.GetTimestamp();
            (loss, _) = trainer.TrainStep(batch, EncoderSeed.ForEpoch(7, epoch, (long)index * batchSize));
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (i >= warmup)
            {
                times[i - warmup] = ms;
            }
        }

        Array.Sort(times);
        double median = Median(times);
        double peakMib = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(FormattableString.Invariant(
            $"{{\"impl\": \"lapicque\", \"version\": \"{typeof(Tensor).Assembly.GetName().Version}\", \"threads\": {Parallelism.MaxThreads}, \"batch\": {batchSize}, \"time_steps\": {timeSteps}, \"warmup\": {warmup}, \"steps\": {steps}, \"step_ms_median\": {median:F2}, \"step_ms_min\": {times[0]:F2}, \"step_ms_max\": {times[^1]:F2}, \"peak_mib\": {peakMib:F1}, \"last_loss\": {loss:F4}, \"gemm_kernel\": \"{Gemm.BestKernel}\", \"load_average\": \"{loadBefore}\"}}"));
        if (profile)
        {
            Profile(model, optimizer, loader, steps, timeSteps);
        }

        return 0;
    }

    private static void Profile(SequentialModel model, Optimizer<float> optimizer, DataLoader loader, int steps, int timeSteps)
    {
        var layers = model.Layers;
        var names = new List<string> { "encode" };
        names.AddRange(layers.Select(l => "forward " + l.Name));
        names.Add("loss");
        names.AddRange(layers.Reverse().Select(l => "backward " + l.Name));
        names.Add("adam");
        var times = new double[names.Count][];
        for (int k = 0; k < times.Length; k++)
        {
            times[k] = new double[steps];
        }

        var encoder = new RateEncoder();
        var loss = new CrossEntropyCountLoss();
        int b = loader.BatchSize;
        var input = new Tensor(timeSteps, b, model.InputSize);
        var gradient = new Tensor(timeSteps, b, model.OutputSize);
        var predictions = new int[b];
        for (int i = 0; i < steps; i++)
        {
            var batch = loader.GetBatch(0, i % loader.BatchCount);
            int p = 0;
            long t0 = Stopwatch.GetTimestamp();
            encoder.Encode(batch.FlatFeatures.Span, b, timeSteps, EncoderSeed.ForEpoch(7, 0, i), input.Span);
            times[p++][i] = Lap(ref t0);
            optimizer.ZeroGradients();
            model.ResetState();
            var x = input;
            foreach (var layer in layers)
            {
                x = layer.Forward(x, training: true);
                times[p++][i] = Lap(ref t0);
            }

            loss.Evaluate(x, batch.Labels, gradient, predictions);
            times[p++][i] = Lap(ref t0);
            var g = gradient;
            for (int l = layers.Count - 1; l >= 0; l--)
            {
                g = layers[l].Backward(g, needInputGradient: l > 0) ?? g;
                times[p++][i] = Lap(ref t0);
            }

            optimizer.Step();
            times[p][i] = Lap(ref t0);
        }

        double total = times.Sum(Median);
        Console.WriteLine(FormattableString.Invariant($"profile: median per phase over {steps} steps (sum of medians {total:F1} ms)"));
        for (int k = 0; k < names.Count; k++)
        {
            double m = Median(times[k]);
            Console.WriteLine(FormattableString.Invariant($"  {names[k],-22} {m,8:F2} ms  {m / total,6:P1}"));
        }
    }

    private static double Lap(ref long t0)
    {
        long now = Stopwatch.GetTimestamp();
        double ms = Stopwatch.GetElapsedTime(t0, now).TotalMilliseconds;
        t0 = now;
        return ms;
    }

    private static double Median(double[] xs)
    {
        var s = (double[])xs.Clone();
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[(s.Length / 2) - 1] + s[s.Length / 2]);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
