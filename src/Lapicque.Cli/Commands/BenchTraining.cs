using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Cli.Commands;

/// <summary>
/// The training workloads of <c>lapicque bench train-fc|train-conv</c>: one surrogate-gradient training step (encode,
/// forward, loss, backward, Adam update) of the networks of issue 4, section 7, on random data, so that no dataset is
/// needed. The same workloads as bench/peers/torch_surrogate.py (<c>--net fc|conv</c>).
/// </summary>
/// <remarks>
/// Both networks: LIF with beta 0.95, threshold 1, subtract reset, ATan surrogate (sharpness 2), T = 25, batch 128,
/// Bernoulli rate input from U(0,1) intensities, cross-entropy on output spike counts, Adam, fan-in uniform weights,
/// no bias. FC: 784-1000-10 (Adam 5e-4). Conv: 12C5-MP2-64C5-MP2-FC10 on 1x28x28 images (Adam 1e-3), the layout of
/// examples/mnist-conv.json. Eight batches of random data are cycled.
/// </remarks>
internal static class BenchTraining
{
    private const int TimeSteps = 25;
    private const int BatchSize = 128;
    private const int Classes = 10;

    /// <summary>The workload names.</summary>
    public static readonly string[] Names = ["train-fc", "train-conv"];

    /// <summary>Runs the workload <paramref name="name"/> and writes the report.</summary>
    public static int Run(string name, int steps, int warmup, bool profile, bool json, TextWriter output)
    {
        bool conv = name == "train-conv";
        int inputs = 784;
        var rng = new Rng(3);
        var features = new Tensor(8 * BatchSize, inputs);
        rng.FillUniform(features.Span, 0f, 1f);
        var labels = new int[8 * BatchSize];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = rng.NextInt(Classes);
        }

        var data = new LabeledDataset("random", features, labels, Classes);
        var model = SequentialModel.FromNetwork((conv ? ConvNetwork() : FcNetwork()).Build(seed: 1), new ATan(2f));
        var optimizer = new Adam<float>(model.Parameters, learningRate: conv ? 1e-3 : 5e-4);
        var trainer = new SurrogateTrainer(model, new RateEncoder(), new CrossEntropyCountLoss(), optimizer, new TrainerOptions { Steps = TimeSteps, Seed = 7 });
        var loader = new DataLoader(data, BatchSize, seed: 11);

        // Wall time per step, and the process CPU time (all threads): on a shared, loaded machine the CPU time of a
        // one-thread run is the steadier measure.
        var times = new double[steps];
        var cpu = new double[steps];
        double loss = 0;
        string loadBefore = LoadAverage();
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < warmup + steps; i++)
        {
            int epoch = i / loader.BatchCount, index = i % loader.BatchCount;
            var batch = loader.GetBatch(epoch, index);
            self.Refresh();
            TimeSpan c0 = self.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            (loss, _) = trainer.TrainStep(batch, EncoderSeed.ForEpoch(7, epoch, (long)index * BatchSize));
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            self.Refresh();
            if (i >= warmup)
            {
                times[i - warmup] = ms;
                cpu[i - warmup] = (self.TotalProcessorTime - c0).TotalMilliseconds;
            }
        }

        double median = Median(times);
        double cpuMedian = Median(cpu), cpuMin = cpu.Min();
        double min = times.Min(), max = times.Max();
        double peakMib = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        string loadAfter = LoadAverage();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["impl"] = "lapicque", ["net"] = conv ? "conv" : "fc", ["version"] = typeof(Tensor).Assembly.GetName().Version?.ToString() ?? "",
                ["threads"] = Parallelism.MaxThreads, ["batch"] = BatchSize, ["time_steps"] = TimeSteps, ["warmup"] = warmup, ["steps"] = steps,
                ["step_ms_median"] = Math.Round(median, 2), ["step_ms_min"] = Math.Round(min, 2), ["step_ms_max"] = Math.Round(max, 2),
                ["cpu_ms_median"] = Math.Round(cpuMedian, 2), ["cpu_ms_min"] = Math.Round(cpuMin, 2),
                ["peak_mib"] = Math.Round(peakMib, 1), ["last_loss"] = Math.Round(loss, 4), ["gemm_kernel"] = Gemm.BestKernel.ToString(),
                ["load_average"] = loadBefore, ["load_average_after"] = loadAfter,
            }));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: T = {TimeSteps}, batch {BatchSize}, {Parallelism.MaxThreads} thread(s), {warmup} warm-up + {steps} timed steps"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step median  {median,9:F1} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step min     {min,9:F1} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step max     {max,9:F1} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU per step {cpuMedian,9:F1} ms median, {cpuMin:F1} ms min (all threads)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak memory  {peakMib,9:F1} MiB (working set)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  last loss    {loss,9:F4}"));
            output.WriteLine($"  load average {loadBefore} before, {loadAfter} after");
        }

        if (profile)
        {
            Profile(model, optimizer, loader, steps, output);
        }

        return 0;
    }

    private static Network FcNetwork()
    {
        var lif = LifParameters.FromBeta(0.95, reset: ResetMode.Subtract);
        return new Network(
            "fc-step",
            [Population.Create("input", 784, new ExternalSource()), Population.Create("hidden", 1000, lif), Population.Create("output", Classes, lif)],
            [
                new Projection { Name = "fc1", Source = "input", Target = "hidden", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
                new Projection { Name = "fc2", Source = "hidden", Target = "output", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
            ]);
    }

    private static Network ConvNetwork()
    {
        var lif = LifParameters.FromBeta(0.95, reset: ResetMode.Subtract);
        var pool = new Connectivity.Pool2d(PoolKind.Max, 2, 2);
        return new Network(
            "conv-step",
            [
                new Population { Name = "input", Model = new ExternalSource(), Shape = [1, 28, 28] },
                new Population { Name = "conv1", Model = lif, Shape = [12, 12, 12] },
                new Population { Name = "conv2", Model = lif, Shape = [64, 4, 4] },
                Population.Create("output", Classes, lif),
            ],
            [
                new Projection { Name = "c1", Source = "input", Target = "conv1", Connectivity = new Connectivity.Conv2d(5, 5, Pool: pool), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
                new Projection { Name = "c2", Source = "conv1", Target = "conv2", Connectivity = new Connectivity.Conv2d(5, 5, Pool: pool), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
                new Projection { Name = "fc", Source = "conv2", Target = "output", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
            ]);
    }

    /// <summary>Replays the step phase by phase (encode, forward and backward of each layer, loss, Adam) and prints the median of each.</summary>
    private static void Profile(SequentialModel model, Optimizer<float> optimizer, DataLoader loader, int steps, TextWriter output)
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
        var input = new Tensor(TimeSteps, b, model.InputSize);
        var gradient = new Tensor(TimeSteps, b, model.OutputSize);
        var predictions = new int[b];
        var density = new Dictionary<string, double>();
        for (int i = 0; i < steps; i++)
        {
            var batch = loader.GetBatch(0, i % loader.BatchCount);
            int p = 0;
            long t0 = Stopwatch.GetTimestamp();
            encoder.Encode(batch.FlatFeatures.Span, b, TimeSteps, EncoderSeed.ForEpoch(7, 0, i), input.Span);
            times[p++][i] = Lap(ref t0);
            optimizer.ZeroGradients();
            model.ResetState();
            var x = input;
            foreach (var layer in layers)
            {
                x = layer.Forward(x, training: true);
                times[p++][i] = Lap(ref t0);
                if (i == steps - 1 && layer.EmitsSpikes)
                {
                    density[layer.Name] = SpikeIndex.CountNonZero(x.Span) / (double)x.Length;
                }
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
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile: median per phase over {steps} steps (sum of medians {total:F1} ms)"));
        for (int k = 0; k < names.Count; k++)
        {
            double m = Median(times[k]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[k],-24} {m,9:F2} ms  {m / total,6:P1}"));
        }

        output.WriteLine("spike density (fraction of outputs that are spikes, last step): "
            + string.Join(", ", density.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value:F3}"))));
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
