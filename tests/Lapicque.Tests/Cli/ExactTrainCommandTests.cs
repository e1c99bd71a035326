using System.Globalization;
using Lapicque.IO;
using Lapicque.Learning.Exact;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Tests.Cli;

/// <summary>`lapicque train` and `evaluate` with the exact-gradient trainer on a small generated Yin-Yang task.</summary>
public class ExactTrainCommandTests : IDisposable
{
    internal const string TinyJson = """
        {
          "name": "tiny-exact",
          "trainer": "exact",
          "dataset": { "name": "yinyang", "validation": 100, "train_limit": 400, "test_limit": 200 },
          "network": {
            "neuron": { "model": "theta", "parameters": { "initial_phase_ms": 3.0 } },
            "layers": [24, 3],
            "trial_ms": 2.0,
            "max_events": 500
          },
          "encoding": { "kind": "time_to_first_spike", "early_ms": 0.1, "span_ms": 1.2, "bias_ms": 0.05 },
          "loss": { "gamma": 0.01 },
          "optimizer": { "kind": "adam", "lr": 1e-2, "decay_epochs": 20 },
          "epochs": 2,
          "batch_size": 16,
          "seed": 3
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lapicque-exact-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "exact.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Train_TinyYinYang_LearnsAndWritesTheRunFolder()
    {
        string run = Path.Combine(_dir, "run");
        var (code, stdout, stderr) = CliRunner.Run("train", Write(TinyJson.Replace("\"epochs\": 2", "\"epochs\": 6", StringComparison.Ordinal)), "--out", run);
        Assert.True(code == 0, stderr);
        foreach (string f in new[] { "config.json", "metrics.csv", "report.html", "checkpoints/last.safetensors", "checkpoints/best.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        }

        var rows = RunFolder.ReadMetrics(Path.Combine(run, "metrics.csv"));
        Assert.Equal(6, rows.Count);

        // The continuous decay exp(-epochs / 20) counted in steps: 25 steps per epoch, so after epoch e the rate of the
        // next step is 1e-2 exp(-e / 20).
        for (int e = 0; e < rows.Count; e++)
        {
            Assert.Equal(1e-2 * Math.Exp(-(e + 1) / 20.0), rows[e].LearningRate, 12);
        }

        // Exact gradient descent on a learnable task: the loss falls and the test accuracy clearly beats chance (1/3).
        Assert.True(rows[^1].TrainLoss < 0.9 * rows[0].TrainLoss, $"loss {rows[0].TrainLoss} -> {rows[^1].TrainLoss}");
        string line = stdout.Split('\n').Single(l => l.StartsWith("test accuracy", StringComparison.Ordinal));
        double accuracy = double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 100;
        Assert.True(accuracy > 0.5, line);

        // The untrained network's silent fractions are reported before the first epoch and kept in the report.
        Assert.Contains("before training: silent fraction, hidden1", stdout, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("before training: silent fraction, hidden1", html, StringComparison.Ordinal);

        // The report shows the exact spike times of one test sample (input spikes included) and per-layer rate histograms.
        Assert.Contains("<h2>Spike raster</h2>", html, StringComparison.Ordinal);
        Assert.Matches("input: [1-9][0-9]* spikes from [0-9]+ neurons, hidden1: [0-9]+ spikes from [0-9]+ neurons, output: [0-9]+ spikes from 3 neurons", html);
        Assert.Contains("hidden1 (mean", html, StringComparison.Ordinal);
        Assert.Contains("output (mean", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_EqualsAnUninterruptedRunBitForBit()
    {
        string exp = Write(TinyJson);
        string whole = Path.Combine(_dir, "whole"), split = Path.Combine(_dir, "split");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", whole).ExitCode);
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", split, "--epochs", "1").ExitCode);
        var (code, _, stderr) = CliRunner.Run("train", exp, "--resume", split);
        Assert.True(code == 0, stderr);

        var a = Checkpoint.Load(Path.Combine(whole, "checkpoints", "last.safetensors"));
        var b = Checkpoint.Load(Path.Combine(split, "checkpoints", "last.safetensors"));
        Assert.Equal(a.Metadata.Step, b.Metadata.Step);
        Assert.Equal(a.Names, b.Names);
        Assert.Contains("param/w_ff0", a.Names);
        Assert.Contains("param/x0", a.Names);
        foreach (string name in a.Names)
        {
            Assert.Equal(a.Get(name).Data.ToArray(), b.Get(name).Data.ToArray());
        }

        var ra = RunFolder.ReadMetrics(Path.Combine(whole, "metrics.csv"));
        var rb = RunFolder.ReadMetrics(Path.Combine(split, "metrics.csv"));
        Assert.Equal(ra.Select(r => (r.TrainLoss, r.ValidationLoss, r.LearningRate)), rb.Select(r => (r.TrainLoss, r.ValidationLoss, r.LearningRate)));
    }

    [Fact]
    public void Evaluate_ExactRun_AgreesWithTheLibrarysEvaluation()
    {
        string exp = Write(TinyJson);
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", run).ExitCode);
        string checkpoint = Path.Combine(run, "checkpoints", "last.safetensors");
        var (code, stdout, stderr) = CliRunner.Run("evaluate", checkpoint, "--out", Path.Combine(_dir, "eval"));
        Assert.True(code == 0, stderr);
        Assert.Contains("silent fraction, hidden1", stdout, StringComparison.Ordinal);

        // Yardstick: the library's trainer with the checkpoint's weights on the same test set.
        var e = ExactExperimentFile.Parse(TinyJson);
        var test = e.Dataset.Load(null).Test;
        var net = e.BuildNetwork(test.SampleLength);
        var trainer = new ExactTrainer(e.CreateEngine(net), e.Options);
        Checkpoint.Load(checkpoint).RestoreParameters(trainer.Parameters);
        var reference = trainer.Evaluate(test.Count, i => e.Encoding.Encode(test.Sample(i), null), test.Labels.ToArray());
        var all = File.ReadAllLines(Path.Combine(_dir, "eval", "evaluation.csv")).Select(l => l.Split(',')).Single(r => r[0] == "all");
        Assert.Equal(reference.Accuracy, double.Parse(all[3], CultureInfo.InvariantCulture), 12);
    }

    [Theory]
    [InlineData("\"layers\": [24, 3]", "\"layers\": [24, 4]", "$.network.layers", "one neuron per class")]
    [InlineData("\"model\": \"theta\", \"parameters\": { \"initial_phase_ms\": 3.0 }", "\"model\": \"lif\"", "$.network.neuron.model", "'klos-qif' and 'theta'")]
    [InlineData("\"span_ms\": 1.2", "\"span_ms\": 2.2", "$.encoding", "EarlyMs + SpanMs")]
    [InlineData("\"kind\": \"adam\"", "\"kind\": \"sgd\"", "$.optimizer.kind", "'adam' or 'adabelief'")]
    [InlineData("\"max_events\": 500", "\"max_events\": 500, \"pseudo_ramp_slope\": 1", "$.network.pseudo_ramp_slope", "'klos-qif' networks only")]
    [InlineData("\"trainer\": \"exact\"", "\"trainer\": \"exakt\"", "$.trainer", "expected one of: surrogate, exact")]
    public void BadFields_AreNamedWithWhatWasExpected(string from, string to, string path, string expected)
    {
        var (code, _, stderr) = CliRunner.Run("train", Write(TinyJson.Replace(from, to, StringComparison.Ordinal)), "--out", Path.Combine(_dir, "bad"));
        Assert.Equal(2, code);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "bad")));
    }

    [Fact]
    public void TimeToFirstSpike_PlacesEachFeatureLinearlyAndSortsByTime()
    {
        var enc = new SpikeTimeEncoding.TimeToFirstSpike(0.1, 1.2, 0.05);
        var s = enc.Encode([0.5f, 0f, 1f, 0.25f], null);
        Assert.Equal(5, enc.Channels(4));
        Assert.Equal([4, 1, 3, 0, 2], s.Select(x => x.Channel));
        Assert.Equal([0.05, 0.1, 0.4, 0.7, 1.3], s.Select(x => Math.Round(x.TimeMs, 6)));
    }

    [Fact]
    public void SingleEvent_FlipsPixelsAtTheGivenRate()
    {
        var enc = new SpikeTimeEncoding.SingleEvent(0.02, 0.5, 0.1);
        var image = new float[10_000];
        Array.Fill(image, 1f, 0, 5000);
        Assert.Equal(5000, enc.Encode(image, null).Length);
        Assert.All(enc.Encode(image, null), x => Assert.Equal(0.02, x.TimeMs));

        // With flips: on pixels stay on with probability 0.9, off pixels turn on with 0.1; 5000 of each, so the count is
        // 4500 + 500 = 5000 in expectation with standard deviation sqrt(2 * 5000 * 0.09) = 30.
        var noisy = enc.Encode(image, new Lapicque.Numerics.Rng(5));
        int offOn = noisy.Count(x => x.Channel >= 5000), onOn = noisy.Count(x => x.Channel < 5000);
        Assert.InRange(onOn, 4500 - 90, 4500 + 90);
        Assert.InRange(offOn, 500 - 90, 500 + 90);
    }
}
