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
/// <remarks>The step timed is <see cref="SurrogateTrainer.TrainStep"/>: encode, forward, loss, backward, Adam update.</remarks>
internal static class TrainStepRunner
{
    public static int Run(string[] args)
    {
        int steps = 20, warmup = 3;
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
                case "--threads":
                    Parallelism.MaxThreads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"train-fc-step: unknown option '{args[i]}'; expected --steps, --warmup or --threads.");
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
        double median = times.Length % 2 == 1 ? times[times.Length / 2] : 0.5 * (times[(times.Length / 2) - 1] + times[times.Length / 2]);
        double peakMib = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(FormattableString.Invariant(
            $"{{\"impl\": \"lapicque\", \"version\": \"{typeof(Tensor).Assembly.GetName().Version}\", \"threads\": {Parallelism.MaxThreads}, \"batch\": {batchSize}, \"time_steps\": {timeSteps}, \"warmup\": {warmup}, \"steps\": {steps}, \"step_ms_median\": {median:F2}, \"step_ms_min\": {times[0]:F2}, \"step_ms_max\": {times[^1]:F2}, \"peak_mib\": {peakMib:F1}, \"last_loss\": {loss:F4}, \"gemm_kernel\": \"{Gemm.BestKernel}\", \"load_average\": \"{loadBefore}\"}}"));
        return 0;
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
