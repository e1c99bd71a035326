using Lapicque.Data;
using Lapicque.Learning.Exact;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Tests.Learning.Exact;

public class ExactTrainerTests
{
    [Fact]
    public void YinYangThetaNetwork_LearnsClearlyInAFewEpochs()
    {
        YinYangSet data = YinYang.Train();
        const int trainCount = 1000, testFrom = 4000, testCount = 500;
        (ExactTrainer trainer, Func<int, InputSpike[]> encode) = Setup(data, seed: 3);
        int[] testLabels = data.Labels[testFrom..(testFrom + testCount)];
        ExactEpochResult before = trainer.Evaluate(testCount, i => encode(testFrom + i), testLabels);
        ExactEpochResult last = default;
        for (int e = 0; e < 4; e++)
        {
            last = trainer.TrainEpoch(trainCount, encode, data.Labels, e);
        }

        ExactEpochResult after = trainer.Evaluate(testCount, i => encode(testFrom + i), testLabels);
        Assert.True(before.Accuracy < 0.45, $"chance level before training; was {before.Accuracy}");
        Assert.True(after.Accuracy > 0.6, $"held-out accuracy after 4 epochs on 1000 samples: {after.Accuracy}");
        Assert.True(after.Loss < 0.8 * before.Loss, $"loss {before.Loss} -> {after.Loss}");
        Assert.True(last.SpikesPerSample > 0);
    }

    [Fact]
    public void Progress_ReportsEachBatchAndEndsAtTheEpochResult()
    {
        YinYangSet data = YinYang.Train();
        (ExactTrainer trainer, Func<int, InputSpike[]> encode) = Setup(data, seed: 7);
        var reports = new List<(int Done, ExactEpochResult Running)>();
        ExactEpochResult result = trainer.TrainEpoch(100, encode, data.Labels, 0, (done, running) => reports.Add((done, running)));

        // One report per batch of Setup's 32 samples, counting up to all samples.
        const int batch = 32;
        Assert.Equal(Enumerable.Range(1, (100 + batch - 1) / batch).Select(k => Math.Min(k * batch, 100)), reports.Select(r => r.Done));

        // The running figures are means over the samples done: after the last batch they are the epoch's own.
        var last = reports[^1].Running;
        Assert.Equal(result.Loss, last.Loss, 12);
        Assert.Equal(result.Accuracy, last.Accuracy, 12);
        Assert.Equal(result.OrdinaryAccuracy, last.OrdinaryAccuracy, 12);
        Assert.Equal(result.SpikesPerSample, last.SpikesPerSample, 12);
        Assert.All(reports, r => Assert.InRange(r.Running.Accuracy, 0, 1));
    }

    [Fact]
    public void Training_DoesNotDependOnTheThreadCount()
    {
        YinYangSet data = YinYang.Train();
        int keep = Parallelism.MaxThreads;
        double[][] results = new double[2][];
        try
        {
            for (int run = 0; run < 2; run++)
            {
                Parallelism.MaxThreads = run == 0 ? 1 : 3;
                (ExactTrainer trainer, Func<int, InputSpike[]> encode) = Setup(data, seed: 5);
                trainer.TrainEpoch(160, encode, data.Labels, 0);
                results[run] = [.. trainer.Parameters.SelectMany(p => p.Value)];
            }
        }
        finally
        {
            Parallelism.MaxThreads = keep;
        }

        Assert.Equal(results[0], results[1]);
    }

    private static (ExactTrainer Trainer, Func<int, InputSpike[]> Encode) Setup(YinYangSet data, ulong seed)
    {
        var net = new EventNetwork(new ThetaParameters { InitialPhaseMs = 3.0 }, 5, [60, 3]);
        var rng = new Rng(seed);
        foreach (double[] w in new[] { net.FeedForwardWeights(0), net.FeedForwardWeights(1) })
        {
            double half = 1.0 / Math.Sqrt(w.Length / (w == net.FeedForwardWeights(0) ? 60 : 3));
            for (int k = 0; k < w.Length; k++)
            {
                w[k] = rng.Uniform(-half, half);
            }
        }

        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = 2.0, MaxEvents = 1000 });
        var trainer = new ExactTrainer(engine, new ExactTrainerOptions { Optimizer = "adam", LearningRate = 1e-2, BatchSize = 32, DecayEpochs = 50 });
        InputSpike[] Encode(int i)
        {
            ReadOnlySpan<double> f = data.Sample(i);
            var s = new InputSpike[5];
            s[0] = new InputSpike(0.05, 4);
            for (int k = 0; k < 4; k++)
            {
                s[k + 1] = new InputSpike(0.1 + (1.2 * f[k]), k);
            }

            Array.Sort(s, (a, b) => a.TimeMs.CompareTo(b.TimeMs));
            return s;
        }

        return (trainer, Encode);
    }
}
