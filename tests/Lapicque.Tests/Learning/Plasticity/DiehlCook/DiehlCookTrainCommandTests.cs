using Lapicque.IO;
using Lapicque.Tests.Cli;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Learning.Plasticity.DiehlCook;

public class DiehlCookTrainCommandTests
{
    private const string Small = """
        {
          "name": "dc-test",
          "trainer": "stdp-diehl-cook",
          "dataset": { "name": "mnist", "train_limit": 60, "test_limit": 40 },
          "diehl_cook": { "neurons": 4, "label_images": 40 },
          "epochs": 2,
          "seed": 5
        }
        """;

    [RequiresDataFact]
    public void ResumedRun_EqualsTheUninterruptedRun_AndEvaluateReproducesTheTestAccuracy()
    {
        // Determinism is the yardstick: the Poisson input of image i in epoch e comes from a stream keyed by (seed, e, i)
        // and the checkpoint holds weights, adaptation, labels and counters, so one epoch + resume to two must give the
        // bits of an uninterrupted two-epoch run, and 'evaluate' the test accuracy that 'train' printed.
        using var temp = new CliRunner.TempDir();
        var runs = TrainRuns.ResumedAndWhole(temp.Path, "dc.json", Small);

        var a = runs.ResumedCheckpoint;
        var b = Checkpoint.Load(runs.WholeCheckpointPath);
        Assert.Equal(b.GetFloats("diehl_cook/weights"), a.GetFloats("diehl_cook/weights"));
        Assert.Equal(b.GetFloats("diehl_cook/adaptation"), a.GetFloats("diehl_cook/adaptation"));
        Assert.Equal(b.GetInt32("diehl_cook/labels"), a.GetInt32("diehl_cook/labels"));
        Assert.Equal(2 * 60, b.GetInt64("diehl_cook/counters")[0]);
        Assert.Equal(4 * 784, b.GetFloats("diehl_cook/weights").Length);

        // Theta starts at 20 mV and only grows by spikes and decays by 1e7 ms, so after 120 images it is >= 19.9 mV.
        Assert.All(b.GetFloats("diehl_cook/theta_mv"), t => Assert.True(t >= 19.9f, $"theta {t} mV"));

        runs.AssertEvaluateReproducesTestAccuracy(runs.Whole);
        Assert.Contains("excitatory (mean", File.ReadAllText(Path.Combine(runs.Whole, "report.html")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"diehl_cook\": { \"neuronz\": 4 }", "$.diehl_cook")]
    [InlineData("\"diehl_cook\": { \"neurons\": 0 }", "$.diehl_cook.neurons")]
    [InlineData("\"diehl_cook\": { \"dt_ms\": 2, \"present_ms\": 1 }", "PresentMs must be >= DtMs (2); was 1")]
    public void BadExperimentFields_AreRejectedNamingTheField(string section, string message) =>
        TrainRuns.AssertRejected("{ \"trainer\": \"stdp-diehl-cook\", \"dataset\": \"mnist\", " + section + " }", message);

    [Fact]
    public void OtherDatasets_AreRejected() =>
        TrainRuns.AssertRejected("{ \"trainer\": \"stdp-diehl-cook\", \"dataset\": \"cifar10\" }", "expected 'mnist' or 'fashion-mnist'; was 'cifar10'");
}
