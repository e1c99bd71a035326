using System.Globalization;
using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Training;
using Lapicque.Tests.IO;

namespace Lapicque.Tests.Cli;

public class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lapicque-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string WriteExperiment(string dir, string? json = null)
    {
        string path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, json ?? ExperimentFileTests.TinyJson);
        return path;
    }

    [Fact]
    public void Train_TinyYinYang_WritesTheRunFolderAndLearns()
    {
        string run = Path.Combine(_dir, "run");
        string exp = WriteExperiment(_dir, ExperimentFileTests.TinyJson.Replace("\"epochs\": 2", "\"epochs\": 3", StringComparison.Ordinal));
        var (code, stdout, stderr) = CliRunner.Run("train", exp, "--out", run);
        Assert.True(code == 0, stderr);
        foreach (string f in new[] { "config.json", "metrics.csv", "report.html", "checkpoints/last.safetensors", "checkpoints/best.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        }

        var rows = RunFolder.ReadMetrics(Path.Combine(run, "metrics.csv"));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Epoch));
        Assert.All(rows, r => Assert.InRange(r.ValidationAccuracy, 0, 1));

        // Step decay every 2 epochs by 0.5 from 0.01: 0.01, 0.01, 0.005.
        Assert.Equal([0.01, 0.01, 0.005], rows.Select(r => Math.Round(r.LearningRate, 12)));

        // Gradient descent on a learnable task: the training loss falls and the test accuracy beats chance (1/3).
        Assert.True(rows[^1].TrainLoss < rows[0].TrainLoss, $"loss {rows[0].TrainLoss} -> {rows[^1].TrainLoss}");
        string line = stdout.Split('\n').Single(l => l.StartsWith("test accuracy", StringComparison.Ordinal));
        double accuracy = double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 100;
        Assert.True(accuracy > 0.4, line);
        Assert.Equal(3, Checkpoint.Load(Path.Combine(run, "checkpoints", "last.safetensors")).Metadata.Epoch);
    }

    [Fact]
    public void Resume_EqualsAnUninterruptedRunBitForBit()
    {
        string exp = WriteExperiment(_dir);
        string whole = Path.Combine(_dir, "whole"), split = Path.Combine(_dir, "split");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", whole).ExitCode);
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", split, "--epochs", "1").ExitCode);
        Assert.Equal(1, Checkpoint.Load(Path.Combine(split, "checkpoints", "last.safetensors")).Metadata.Epoch);
        var (code, _, stderr) = CliRunner.Run("train", exp, "--resume", split);
        Assert.True(code == 0, stderr);

        var a = Checkpoint.Load(Path.Combine(whole, "checkpoints", "last.safetensors"));
        var b = Checkpoint.Load(Path.Combine(split, "checkpoints", "last.safetensors"));
        Assert.Equal(2, b.Metadata.Epoch);
        Assert.Equal(a.Metadata.Step, b.Metadata.Step);
        Assert.Equal(a.Metadata.OptimizerStepCount, b.Metadata.OptimizerStepCount);
        Assert.Equal(a.Names, b.Names);
        foreach (string name in a.Names)
        {
            Assert.Equal(a.Get(name).Data.ToArray(), b.Get(name).Data.ToArray());
        }

        var ra = RunFolder.ReadMetrics(Path.Combine(whole, "metrics.csv"));
        var rb = RunFolder.ReadMetrics(Path.Combine(split, "metrics.csv"));
        Assert.Equal(ra.Select(r => (r.Epoch, r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy, r.SpikesPerNeuron)),
            rb.Select(r => (r.Epoch, r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy, r.SpikesPerNeuron)));
    }

    [Theory]
    [InlineData("\"spiking\": { \"learn_beta\": true, \"learn_threshold\": true },", "hidden/beta")]
    [InlineData("\"dropout\": 0.3,", null)]
    [InlineData("\"dropout\": 0.3, \"bptt_window\": 4, \"spiking\": { \"learn_beta\": true, \"per_neuron\": true }, \"rate_regularizer\": { \"upper_rate\": 0.1, \"upper_strength\": 1 },", "output/beta")]
    public void Resume_WithTrainerOptions_EqualsAnUninterruptedRunBitForBit(string fields, string? learnedConstant)
    {
        string exp = WriteExperiment(_dir, ExperimentFileTests.With(fields));
        string whole = Path.Combine(_dir, "whole"), split = Path.Combine(_dir, "split");
        var (wholeCode, _, wholeErr) = CliRunner.Run("train", exp, "--out", whole);
        Assert.True(wholeCode == 0, wholeErr);
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", split, "--epochs", "1").ExitCode);
        var (code, _, stderr) = CliRunner.Run("train", exp, "--resume", split);
        Assert.True(code == 0, stderr);

        var a = Checkpoint.Load(Path.Combine(whole, "checkpoints", "last.safetensors"));
        var b = Checkpoint.Load(Path.Combine(split, "checkpoints", "last.safetensors"));
        Assert.Equal(2, b.Metadata.Epoch);
        Assert.Equal(a.Names, b.Names);
        foreach (string name in a.Names)
        {
            Assert.Equal(a.Get(name).Data.ToArray(), b.Get(name).Data.ToArray());
        }

        if (learnedConstant is not null)
        {
            // A learnable constant is saved with the weights, and training moved it from its start (beta = 0.95).
            var beta = b.GetFloats(Checkpoint.ParameterPrefix + learnedConstant);
            Assert.Contains(beta, v => Math.Abs(v - 0.95f) > 1e-4f);
        }

        var ra = RunFolder.ReadMetrics(Path.Combine(whole, "metrics.csv"));
        var rb = RunFolder.ReadMetrics(Path.Combine(split, "metrics.csv"));
        Assert.Equal(ra.Select(r => (r.Epoch, r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy, r.SpikesPerNeuron)),
            rb.Select(r => (r.Epoch, r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy, r.SpikesPerNeuron)));
    }

    [Fact]
    public void Train_TruncatedBptt_ReportsTheSpikesOfEveryStep()
    {
        // T = 10 in windows of 3, 3, 3, 1: the last window alone would show about a tenth of the spikes.
        string json = ExperimentFileTests.With("\"bptt_window\": 3,").Replace("\"epochs\": 2", "\"epochs\": 1", StringComparison.Ordinal);
        string run = Path.Combine(_dir, "run");
        var (code, stdout, stderr) = CliRunner.Run("train", WriteExperiment(_dir, json), "--out", run);
        Assert.True(code == 0, stderr);
        Assert.Contains("truncated BPTT window 3", stdout, StringComparison.Ordinal);
        double reported = RunFolder.ReadMetrics(Path.Combine(run, "metrics.csv")).Single().SpikesPerNeuron;

        // Yardstick: the library's SurrogateTrainer.TrainEpoch on the same split, loader order and encoder seeds.
        var e = ExperimentFile.Parse(json);
        var model = e.BuildModel();
        var trainer = new SurrogateTrainer(model, e.Encoder, e.Loss, e.Optimizer.Create(model.Parameters), e.TrainerOptions());
        var (train, _) = e.Dataset.Load(null);
        var (part, _) = e.Dataset.SplitValidation(train, e.Seed);
        var loader = new DataLoader(part, e.BatchSize, seed: e.Seed ^ 0xDA7A_0D3EUL);
        var expected = trainer.TrainEpoch(loader, 0);
        Assert.True(expected.SpikesPerNeuron > 0);
        Assert.Equal(expected.SpikesPerNeuron, reported);
    }

    [Fact]
    public void Resume_WithADifferentExperiment_IsRefused()
    {
        string exp = WriteExperiment(_dir);
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", run, "--epochs", "1").ExitCode);
        string other = WriteExperiment(_dir, ExperimentFileTests.TinyJson.Replace("\"seed\": 3", "\"seed\": 4", StringComparison.Ordinal));
        var (code, _, stderr) = CliRunner.Run("train", other, "--resume", run);
        Assert.Equal(2, code);
        Assert.Contains("different experiment", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"lr\": 0.01", "\"lr\": \"fast\"", "$.optimizer.lr", "a number")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"augment\": { \"shift\": 1 },", "$.augment", "[C, H, W]")]
    public void Train_MalformedExperiment_NamesTheJsonPath(string original, string replacement, string path, string expected)
    {
        string exp = WriteExperiment(_dir, ExperimentFileTests.TinyJson.Replace(original, replacement, StringComparison.Ordinal));
        var (code, _, stderr) = CliRunner.Run("train", exp, "--out", Path.Combine(_dir, "run"));
        Assert.Equal(2, code);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }

    [Fact]
    public void Train_Divergence_StopsAndKeepsTheLastGoodCheckpoint()
    {
        // Epoch 1 trains at 0.01; the exponential schedule makes epoch 2's rate 1e298, which overflows float weights.
        string json = ExperimentFileTests.TinyJson
            .Replace("\"kind\": \"adamw\", \"lr\": 0.01, \"weight_decay\": 0.001", "\"kind\": \"sgd\", \"lr\": 0.01", StringComparison.Ordinal)
            .Replace("{ \"kind\": \"step\", \"every\": 2, \"gamma\": 0.5 }", "{ \"kind\": \"exponential\", \"gamma\": 1e300 }", StringComparison.Ordinal)
            .Replace(", \"clip_norm\": 2.5", string.Empty, StringComparison.Ordinal);
        string run = Path.Combine(_dir, "run");
        var (code, _, stderr) = CliRunner.Run("train", WriteExperiment(_dir, json), "--out", run);
        Assert.Equal(1, code);
        Assert.Contains("diverged", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(run, "diverged.txt")));
        var last = Checkpoint.Load(Path.Combine(run, "checkpoints", "last.safetensors"));
        Assert.Equal(1, last.Metadata.Epoch);
        foreach (string name in last.Names.Where(n => n.StartsWith(Checkpoint.ParameterPrefix, StringComparison.Ordinal)))
        {
            Assert.All(last.GetFloats(name), v => Assert.True(float.IsFinite(v)));
        }

        Assert.Single(RunFolder.ReadMetrics(Path.Combine(run, "metrics.csv")));
    }

    [Fact]
    public void EpochLine_LeavesOutWhatATrainerDoesNotHave()
    {
        var full = new Lapicque.Learning.Metrics.EpochMetrics(2, 0.25, 0.9, 0.3, 0.85, 1e-3, 1000, 0.1, 5);
        Assert.Equal("epoch 2/4: loss 0.2500 acc 90.00 % | val loss 0.3000 acc 85.00 % | 1000 samples/s, 0.100 spikes/neuron, lr 0.001, 5.0 s *",
            Lapicque.Cli.Commands.TrainCommand.EpochLine(full, 4, isBest: true));

        // An STDP trainer: no loss, no validation, no learning rate.
        var stdp = new Lapicque.Learning.Metrics.EpochMetrics(1, double.NaN, 0.77, double.NaN, double.NaN, double.NaN, 53, 0.07, 1129.6);
        string line = Lapicque.Cli.Commands.TrainCommand.EpochLine(stdp, 1, isBest: false);
        Assert.Equal("epoch 1/1: acc 77.00 % | 53 samples/s, 0.070 spikes/neuron, 1129.6 s", line);
        Assert.DoesNotContain("NaN", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60000.0, "60000")]
    [InlineData(0.3667, "0.3667")]
    [InlineData(0.123456, "0.1235")]
    [InlineData(double.NaN, "NaN")]
    public void FormatFigure_WritesWholeNumbersInFull(double value, string expected) =>
        Assert.Equal(expected, Lapicque.Cli.Commands.TrainCommand.FormatFigure(value));
}
