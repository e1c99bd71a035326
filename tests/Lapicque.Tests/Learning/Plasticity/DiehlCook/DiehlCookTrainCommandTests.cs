using Lapicque.Cli;
using Lapicque.IO;
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
        string dir = Path.Combine(Path.GetTempPath(), "lapicque-dc-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "dc.json");
            File.WriteAllText(file, Small);
            string data = RequiresData.Folder;
            string resumed = Path.Combine(dir, "resumed"), whole = Path.Combine(dir, "whole");
            Run(["train", file, "--data", data, "--out", resumed, "--epochs", "1"]);
            Run(["train", file, "--data", data, "--resume", resumed, "--epochs", "2"]);
            string trained = Run(["train", file, "--data", data, "--out", whole]);

            var a = Checkpoint.Load(Path.Combine(resumed, "checkpoints", "last.safetensors"));
            var b = Checkpoint.Load(Path.Combine(whole, "checkpoints", "last.safetensors"));
            Assert.Equal(b.GetFloats("diehl_cook/weights"), a.GetFloats("diehl_cook/weights"));
            Assert.Equal(b.GetFloats("diehl_cook/adaptation"), a.GetFloats("diehl_cook/adaptation"));
            Assert.Equal(b.GetInt32("diehl_cook/labels"), a.GetInt32("diehl_cook/labels"));
            Assert.Equal(2 * 60, b.GetInt64("diehl_cook/counters")[0]);
            Assert.Equal(4 * 784, b.GetFloats("diehl_cook/weights").Length);

            // Theta starts at 20 mV and only grows by spikes and decays by 1e7 ms, so after 120 images it is >= 19.9 mV.
            Assert.All(b.GetFloats("diehl_cook/theta_mv"), t => Assert.True(t >= 19.9f, $"theta {t} mV"));

            string line = trained.Split('\n').Single(l => l.StartsWith("test accuracy", StringComparison.Ordinal));
            string accuracy = line.Split(' ')[2];
            string evaluated = Run(["evaluate", whole, "--data", data, "--out", Path.Combine(dir, "eval")]);
            Assert.Contains($"accuracy {accuracy} %", evaluated, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Theory]
    [InlineData("\"diehl_cook\": { \"neuronz\": 4 }", "$.diehl_cook")]
    [InlineData("\"diehl_cook\": { \"neurons\": 0 }", "$.diehl_cook.neurons")]
    [InlineData("\"diehl_cook\": { \"dt_ms\": 2, \"present_ms\": 1 }", "PresentMs must be >= DtMs (2); was 1")]
    public void BadExperimentFields_AreRejectedNamingTheField(string section, string message)
    {
        string dir = Path.Combine(Path.GetTempPath(), "lapicque-dc-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "bad.json");
            File.WriteAllText(file, "{ \"trainer\": \"stdp-diehl-cook\", \"dataset\": \"mnist\", " + section + " }");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            int code = CliApp.Run(["train", file, "--out", Path.Combine(dir, "run")], stdout, stderr);
            Assert.Equal(2, code);
            Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void OtherDatasets_AreRejected()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lapicque-dc-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "bad.json");
            File.WriteAllText(file, "{ \"trainer\": \"stdp-diehl-cook\", \"dataset\": \"cifar10\" }");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(2, CliApp.Run(["train", file, "--out", Path.Combine(dir, "run")], stdout, stderr));
            Assert.Contains("expected 'mnist' or 'fashion-mnist'; was 'cifar10'", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}: {stderr}");
        return stdout.ToString();
    }
}
