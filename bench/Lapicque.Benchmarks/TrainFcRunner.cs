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
/// `train-fc [--epochs E] [--batches N] [--threads K] [--data DIR]`: trains the 784-1000-10 LIF network of issue 4
/// (beta 0.95, subtract reset, ATan surrogate, T = 25, batch 128, Adam 5e-4, Bernoulli rate input, cross-entropy on
/// spike counts) on MNIST and prints the time per training step, per epoch and the test accuracy, with the load average.
/// </summary>
internal static class TrainFcRunner
{
    public static int Run(string[] args)
    {
        int epochs = 1, maxBatches = int.MaxValue;
        var options = new MnistRunnerOptions("train-fc")
            .Add("--epochs", v => epochs = int.Parse(v, CultureInfo.InvariantCulture))
            .Add("--batches", v => maxBatches = int.Parse(v, CultureInfo.InvariantCulture))
            .Add("--threads", v => Parallelism.MaxThreads = int.Parse(v, CultureInfo.InvariantCulture));
        if (!options.TryParseAndLoad(args, out var train, out var test))
        {
            return 2;
        }

        const int steps = 25, batchSize = 128;
        var lif = LifParameters.FromBeta(0.95, reset: ResetMode.Subtract);
        var network = new Network(
            "mnist-fc",
            [Population.Create("input", 784, new ExternalSource()), Population.Create("hidden", 1000, lif), Population.Create("output", 10, lif)],
            [
                new Projection { Name = "fc1", Source = "input", Target = "hidden", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
                new Projection { Name = "fc2", Source = "hidden", Target = "output", Connectivity = new Connectivity.All(), Weights = new WeightInit.FanInUniform(), Synapse = new Synapse.Instant() },
            ]).Build(seed: 1);
        var model = SequentialModel.FromNetwork(network, new ATan(2f));
        var optimizer = new Adam<float>(model.Parameters, learningRate: 5e-4);
        var trainer = new SurrogateTrainer(model, new RateEncoder(), new CrossEntropyCountLoss(), optimizer, new TrainerOptions { Steps = steps, Seed = 7 });
        var loader = new DataLoader(train, batchSize, seed: 11);
        var testLoader = new DataLoader(test, 1000, seed: 0, shuffle: false);

        Console.WriteLine(FormattableString.Invariant($"train-fc: 784-1000-10 LIF, T = {steps}, batch {batchSize}, {Parallelism.MaxThreads} threads, GEMM kernel {Gemm.BestKernel}; load average {LoadAverage()}"));
        for (int e = 0; e < epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            var stepTimes = new List<double>();
            double loss = 0;
            long correct = 0, samples = 0;
            int b = 0;
            foreach (var batch in loader.Epoch(e))
            {
                if (b >= maxBatches)
                {
                    break;
                }

                long t0 = Stopwatch.GetTimestamp();
                var (l, c) = trainer.TrainStep(batch, EncoderSeed.ForEpoch(7, e, (long)batch.Index * batchSize));
                stepTimes.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                loss += l;
                correct += c;
                samples += batch.Count;
                b++;
                if (b % 50 == 0)
                {
                    Console.WriteLine(FormattableString.Invariant($"  batch {b}: loss {loss / b:F4}, train accuracy {correct / (double)samples:P2}, median step {Median(stepTimes):F1} ms"));
                }
            }

            double epochSeconds = clock.Elapsed.TotalSeconds;
            var eval = trainer.Evaluate(testLoader);
            Console.WriteLine(FormattableString.Invariant(
                $"epoch {e}: {b} steps, {epochSeconds:F1} s ({samples / epochSeconds:F0} samples/s), step median {Median(stepTimes):F1} ms mean {stepTimes.Average():F1} ms; train loss {loss / Math.Max(1, b):F4} acc {correct / (double)Math.Max(1, samples):P2}; test acc {eval.Accuracy:P2} (eval {eval.Seconds:F1} s, {eval.SpikesPerNeuron:F2} spikes/neuron/sample); load average {LoadAverage()}"));
        }

        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s.Length == 0 ? 0 : s[s.Length / 2];
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
