using Lapicque.IO;
using Lapicque.Tests.Cli;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Learning.Plasticity.SpikingCnn;

public class ScnnTrainCommandTests
{
    private const string Small = """
        {
          "name": "scnn-test",
          "trainer": "stdp-scnn",
          "dataset": { "name": "mnist", "train_limit": 200, "test_limit": 60 },
          "scnn": { "layer1_images": 40, "layer1_max": 80, "layer2_images": 40, "layer2_max": 80, "readout_epochs": 3 },
          "epochs": 2,
          "seed": 2
        }
        """;

    [RequiresDataFact]
    public void ResumedRun_EqualsTheUninterruptedRun_AndEvaluateReproducesTheTestAccuracy()
    {
        // Determinism is the yardstick: the STDP stage, the features and the read-out passes are functions of the seed
        // and the checkpoint holds the kernels and the read-out, so one epoch + resume to two gives the bits of a
        // two-epoch run, and 'evaluate' on the last checkpoint the test accuracy that 'train' printed.
        using var temp = new CliRunner.TempDir();
        var runs = TrainRuns.ResumedAndWhole(temp.Path, "scnn.json", Small);

        string last = runs.WholeCheckpointPath;
        var a = runs.ResumedCheckpoint;
        var b = Checkpoint.Load(last);
        foreach (string name in new[] { "scnn/conv1", "scnn/conv2", "scnn/readout_weights", "scnn/readout_biases", "scnn/readout_mean" })
        {
            Assert.Equal(b.GetFloats(name), a.GetFloats(name));
        }

        Assert.Equal(30 * 2 * 5 * 5, b.GetFloats("scnn/conv1").Length);
        Assert.All(b.GetInt64("scnn/images_learned"), n => Assert.InRange(n, 40, 80));

        runs.AssertEvaluateReproducesTestAccuracy(last);
    }

    [Theory]
    [InlineData("\"scnn\": { \"layer3_images\": 4 }", "$.scnn")]
    [InlineData("\"scnn\": { \"feature_grid\": 0 }", "$.scnn.feature_grid")]
    [InlineData("\"dataset\": \"yinyang\"", "expected 'mnist' or 'fashion-mnist'; was 'yinyang'")]
    public void BadExperimentFields_AreRejectedNamingTheField(string section, string message)
    {
        string dataset = section.StartsWith("\"dataset\"", StringComparison.Ordinal) ? string.Empty : "\"dataset\": \"mnist\", ";
        TrainRuns.AssertRejected("{ \"trainer\": \"stdp-scnn\", " + dataset + section + " }", message);
    }
}
