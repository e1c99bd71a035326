using System.Globalization;

namespace Lapicque.Tests.Cli;

/// <summary>
/// `lapicque train` with the "ann" trainer (batch normalisation on), then `lapicque convert`, on a small generated
/// Yin-Yang task.
/// </summary>
public class ConvertCommandTests
{
    private const string AnnJson = """
        {
          "name": "tiny-ann",
          "trainer": "ann",
          "ann": { "batch_norm": true },
          "dataset": { "name": "yinyang", "train_limit": 1500, "test_limit": 300 },
          "encoding": { "kind": "rate", "steps": 1 },
          "network": {
            "name": "tiny-ann",
            "populations": [
              { "name": "input", "size": 4, "model": "input" },
              { "name": "hidden", "size": 48, "model": "if" },
              { "name": "output", "size": 3, "model": "if" }
            ],
            "projections": [
              { "name": "fc1", "source": "input", "target": "hidden", "connectivity": "all", "weights": { "fan_in_uniform": 2 }, "synapse": "instant" },
              { "name": "fc2", "source": "hidden", "target": "output", "connectivity": "all", "weights": { "fan_in_uniform": 1 }, "synapse": "instant" }
            ]
          },
          "loss": { "kind": "membrane_cross_entropy", "reduction": "final" },
          "optimizer": { "kind": "adam", "lr": 0.01 },
          "epochs": 12,
          "batch_size": 32,
          "seed": 4
        }
        """;

    [Fact]
    public void TrainAnn_ThenConvert_SnnApproachesAnnAndWritesCsvAndFigures()
    {
        using var dir = new CliRunner.TempDir();
        string file = Path.Combine(dir.Path, "ann.json");
        File.WriteAllText(file, AnnJson);
        string run = Path.Combine(dir.Path, "run");
        var (code, _, stderr) = CliRunner.Run("train", file, "--out", run);
        Assert.True(code == 0, stderr);

        string outDir = Path.Combine(dir.Path, "snn");
        (code, var stdout, stderr) = CliRunner.Run("convert", run, "--steps", "200,4", "--percentile", "100", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("converted SNN", stdout, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(outDir, "conversion.csv"));
        Assert.Equal("input,steps,snn_accuracy,ann_accuracy,synops_per_sample,ann_macs_per_sample,synops_over_macs,samples", rows[0]);
        Assert.Equal(3, rows.Length);
        var early = rows[1].Split(',');
        var late = rows[2].Split(',');
        Assert.Equal(["current", "4"], early[..2]);
        Assert.Equal(["current", "200"], late[..2]);
        double ann = double.Parse(late[3], CultureInfo.InvariantCulture);
        double snn4 = double.Parse(early[2], CultureInfo.InvariantCulture), snn200 = double.Parse(late[2], CultureInfo.InvariantCulture);

        // A 4-48(BN)-3 network trained on Yin-Yang; conversion (BN folded, running statistics restored from the
        // checkpoint) at T = 200 loses at most 3 points, and T = 4 does worse.
        Assert.True(ann > 0.75, $"ANN accuracy {ann}");
        Assert.True(snn200 >= ann - 0.03, $"SNN at T = 200: {snn200}, ANN {ann}");
        Assert.True(snn4 < snn200, $"SNN at T = 4 {snn4} should be below T = 200 {snn200}");

        // MACs of a 4-48-3 MLP: 4 * 48 + 48 * 3 = 336.
        Assert.Equal("336", late[5]);
        Assert.Equal("300", late[7]);
        foreach (string svg in new[] { "accuracy_vs_steps.svg", "synops_vs_steps.svg" })
        {
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, svg)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Convert_BadStepsOrMissingRun_FailsNamingTheProblem()
    {
        var (code, _, stderr) = CliRunner.Run("convert", "no-such-run", "--steps", "10,0");
        Assert.Equal(2, code);
        Assert.Contains("--steps", stderr, StringComparison.Ordinal);
        (code, _, stderr) = CliRunner.Run("convert", "no-such-run-folder");
        Assert.Equal(1, code);
        Assert.Contains("no-such-run-folder", stderr, StringComparison.Ordinal);
    }
}
