using System.Globalization;
using Lapicque.Cli.Commands;
using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Training;
using Lapicque.Tests.IO;

namespace Lapicque.Tests.Cli;

public class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lapicque-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Evaluate_TinyRun_AgreesWithTheTrainersOwnEvaluation()
    {
        string exp = TrainCommandTests.WriteExperiment(_dir);
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", run, "--epochs", "1").ExitCode);
        string checkpoint = Path.Combine(run, "checkpoints", "last.safetensors");
        var (code, stdout, stderr) = CliRunner.Run("evaluate", checkpoint, "--out", Path.Combine(_dir, "eval"));
        Assert.True(code == 0, stderr);
        Assert.Contains("confusion matrix", stdout, StringComparison.Ordinal);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(_dir, "eval", "confusion.svg")).TrimStart().Split('\n').First(l => l.StartsWith("<svg", StringComparison.Ordinal)), StringComparison.Ordinal);
        foreach (string figure in new[] { "raster.svg", "rates-hidden.svg", "rates-output.svg" })
        {
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(_dir, "eval", figure)), StringComparison.Ordinal);
            Assert.Contains(figure, stdout, StringComparison.Ordinal);
        }

        // Yardstick: the library's SurrogateTrainer.Evaluate on the same weights and test set.
        var e = ExperimentFile.Parse(ExperimentFileTests.TinyJson);
        var model = e.BuildModel();
        Checkpoint.Load(checkpoint).RestoreParameters(model.Parameters);
        var test = e.Dataset.Load(null).Test;
        var trainer = new SurrogateTrainer(model, e.Encoder, e.Loss, e.Optimizer.Create(model.Parameters), e.TrainerOptions());
        var reference = trainer.Evaluate(new DataLoader(test, 20, seed: 0, shuffle: false));

        var rows = File.ReadAllLines(Path.Combine(_dir, "eval", "evaluation.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var all = rows.Single(r => r[0] == "all");
        Assert.Equal(test.Count, int.Parse(all[2], CultureInfo.InvariantCulture));
        Assert.Equal(reference.Accuracy, double.Parse(all[3], CultureInfo.InvariantCulture), 12);

        // Per-class rows: the supports are the test set's class counts and the diagonal over the supports is the accuracy.
        var classes = rows.Where(r => r[0] != "all" && r[0] != "spikes_per_neuron").ToList();
        Assert.Equal(test.ClassCounts(), classes.Select(r => int.Parse(r[2], CultureInfo.InvariantCulture)));
        long diagonal = classes.Select((r, i) => long.Parse(r[4 + i], CultureInfo.InvariantCulture)).Sum();
        Assert.Equal(reference.Accuracy, diagonal / (double)test.Count, 12);

        // Spikes per neuron per sample, per layer; weighted by layer size they give the trainer's pooled figure.
        var layers = rows.Where(r => r[0] == "spikes_per_neuron").ToDictionary(r => r[1], r => double.Parse(r[3], CultureInfo.InvariantCulture));
        Assert.Equal(["hidden", "output"], layers.Keys.Order());
        double pooled = ((layers["hidden"] * 32) + (layers["output"] * 3)) / 35;
        Assert.Equal(reference.SpikesPerNeuron, pooled, 9);
    }

    [Theory]
    [InlineData("rate")]
    [InlineData("direct")]
    public void Measure_Activity_AgreesWithTheSpikeCountsAndWithSampleZeroRunAlone(string encoding)
    {
        var e = ExperimentFile.Parse(ExperimentFileTests.TinyJson.Replace("\"kind\": \"rate\"", $"\"kind\": \"{encoding}\"", StringComparison.Ordinal));
        var model = e.BuildModel();
        var test = e.Dataset.Load(null).Test;
        var m = EvaluateCommand.Measure(model, e, test);
        var activity = m.Activity!;

        // Input spikes are shown only when the encoding gives spikes; analog input is not a spike train.
        Assert.Equal(encoding == "rate", activity.Any(a => a.Layer == "input"));
        Assert.Equal(m.Layers.Select(l => l.Layer), activity.Where(a => a.Layer != "input").Select(a => a.Layer));
        foreach (var (layer, perNeuron) in m.Layers)
        {
            var a = activity.Single(x => x.Layer == layer);
            Assert.Equal(10.0, a.DurationMs);
            Assert.Equal(a.Neurons, a.RatesHz.Length);

            // Mean rate (Hz) times the trial length (s) is the spikes per neuron per sample of the same pass.
            Assert.Equal(perNeuron, a.RatesHz.Average() * a.DurationMs / 1000, 9);
            Assert.All(a.SpikeTimesMs!, t => Assert.InRange(t, 0, a.DurationMs));
            Assert.All(a.SpikeNeurons!, n => Assert.InRange(n, 0, a.Neurons - 1));
        }

        if (encoding == "direct")
        {
            // Yardstick for the raster: sample 0 alone through the same (deterministic) network.
            var input = new Lapicque.Numerics.Tensor(e.Steps, 1, 4);
            e.Encoder.Encode(test.Sample(0), 1, e.Steps, default, input.Span);
            model.ResetState();
            model.Forward(input, training: false);
            for (int i = 0; i < model.Layers.Count; i++)
            {
                if (!model.Layers[i].EmitsSpikes)
                {
                    continue;
                }

                var a = activity.Single(x => x.Layer == model.Layers[i].Name);
                var expected = new List<(double, int)>();
                var spikes = model.LayerOutput(i).Span;
                int n = model.Layers[i].OutputSize;
                for (int t = 0; t < e.Steps; t++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        if (spikes[(t * n) + j] != 0)
                        {
                            expected.Add((t * e.DtMs, j));
                        }
                    }
                }

                Assert.Equal(expected, a.SpikeTimesMs!.Zip(a.SpikeNeurons!));
            }
        }
    }

    [Fact]
    public void Train_Report_ShowsTheRasterAndTheFiringRatesOfEveryLayer()
    {
        string exp = TrainCommandTests.WriteExperiment(_dir);
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", run, "--epochs", "1").ExitCode);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("<h2>Spike raster</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Firing rates per layer</h2>", html, StringComparison.Ordinal);
        foreach (string layer in new[] { "input:", "hidden:", "output:" })
        {
            Assert.Contains(layer, html, StringComparison.Ordinal);
        }

        Assert.Contains("hidden (mean", html, StringComparison.Ordinal);
        Assert.Contains("output (mean", html, StringComparison.Ordinal);

        // The same figures as separate SVG files, one per chart of the report.
        string[] figures = Directory.GetFiles(Path.Combine(run, "figures")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["accuracy.svg", "confusion.svg", "loss.svg", "raster.svg", "rates-hidden.svg", "rates-output.svg"], figures);
        Assert.All(figures, f => Assert.Contains("<svg", File.ReadAllText(Path.Combine(run, "figures", f)), StringComparison.Ordinal));
        Assert.Equal(figures.Length, html.Split("<figure>").Length - 1);
    }

    [Fact]
    public void Evaluate_RunFolder_UsesItsBestCheckpoint()
    {
        string exp = TrainCommandTests.WriteExperiment(_dir);
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, CliRunner.Run("train", exp, "--out", run).ExitCode);
        var (code, stdout, stderr) = CliRunner.Run("evaluate", run);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(run, "confusion.svg")));
        Assert.Contains("spikes per neuron per sample", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingTarget_FailsWithExitCode1()
    {
        var (code, _, stderr) = CliRunner.Run("evaluate", Path.Combine(_dir, "nothing-here"));
        Assert.Equal(1, code);
        Assert.Contains("neither a folder nor a file", stderr, StringComparison.Ordinal);
    }
}
