using Lapicque.IO;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Optimizers;

namespace Lapicque.Tests.IO;

public sealed class RunFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lapicque-run").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private static readonly DateTime Noon = new(2026, 11, 22, 12, 3, 4, DateTimeKind.Utc);

    [Fact]
    public void Create_NamesTheFolderAfterRunAndUtcTime_AndNeverReusesOne()
    {
        var a = RunFolder.Create("mnist fc", runsRoot: _root, utcNow: Noon);
        var b = RunFolder.Create("mnist fc", runsRoot: _root, utcNow: Noon);
        Assert.Equal(Path.Combine(_root, "mnist-fc-20261122-120304"), a.FolderPath);
        Assert.Equal(Path.Combine(_root, "mnist-fc-20261122-120304-2"), b.FolderPath);
        Assert.True(Directory.Exists(a.CheckpointsPath));
        var c = RunFolder.Create("x", outDir: Path.Combine(_root, "given"));
        Assert.Equal(Path.Combine(_root, "given"), c.FolderPath);
        Assert.Equal(Path.Combine(_root, "given", "checkpoints", "last.safetensors"), c.LastCheckpointPath);
        Assert.Throws<DirectoryNotFoundException>(() => RunFolder.Open(Path.Combine(_root, "missing")));
    }

    [Fact]
    public void Metrics_AppendOneRowPerEpoch_AndReadBack()
    {
        var run = RunFolder.Create("m", outDir: _root);
        var e1 = new EpochMetrics(1, 0.5123, 0.9, 0.45, 0.91, 1e-3, 2500.5, 0.123, 61.2);
        var e2 = new EpochMetrics(2, 0.3, 0.95, LearningRate: 5e-4);
        run.AppendMetrics(e1);
        run.AppendMetrics(e2);
        var lines = File.ReadAllLines(run.MetricsPath);
        Assert.Equal(RunFolder.MetricsHeader, lines[0]);
        Assert.Equal("1,0.5123,0.9,0.45,0.91,0.001,2500.5,0.123,61.2", lines[1]);
        Assert.Equal("2,0.3,0.95,,,0.0005,,,", lines[2]);
        Assert.Equal(3, lines.Length);
        var back = run.ReadMetrics();
        Assert.Equal(e1, back[0]);
        Assert.Equal(e2, back[1]); // NaN fields round-trip as NaN (records compare doubles with Equals)
    }

    [Fact]
    public void Metrics_TornLastLineIsDropped_ButCorruptionElsewhereIsAnError()
    {
        var run = RunFolder.Create("m", outDir: _root);
        run.AppendMetrics(new EpochMetrics(1, 0.5, 0.9));
        File.AppendAllText(run.MetricsPath, "2,0.4");
        Assert.Single(run.ReadMetrics());
        File.WriteAllText(run.MetricsPath, RunFolder.MetricsHeader + "\n1,abc,0.9,,,,,,\n2,0.4,0.9,,,,,,\n");
        var e = Assert.Throws<FileFormatException>(() => run.ReadMetrics());
        Assert.Equal("line 2, column train_loss", e.JsonPath);
        Assert.Equal(run.MetricsPath, e.File);
    }

    [Fact]
    public void TruncateMetrics_DropsEpochsAfterTheResumedCheckpoint()
    {
        var run = RunFolder.Create("m", outDir: _root);
        for (int k = 1; k <= 4; k++)
        {
            run.AppendMetrics(new EpochMetrics(k, 1.0 / k, 0.5));
        }

        run.TruncateMetrics(2);
        Assert.Equal([1, 2], run.ReadMetrics().Select(r => r.Epoch));
        run.AppendMetrics(new EpochMetrics(3, 0.3, 0.6));
        Assert.Equal([1, 2, 3], run.ReadMetrics().Select(r => r.Epoch));
    }

    [Fact]
    public void Config_IsValidatedAndWritten()
    {
        var run = RunFolder.Create("m", outDir: _root);
        Assert.Null(run.ReadConfig());
        run.WriteConfig("""{"epochs": 3}""");
        Assert.Equal("{\"epochs\": 3}\n", run.ReadConfig());
        Assert.Throws<ArgumentException>(() => run.WriteConfig("{epochs"));
        Assert.Equal("{\"epochs\": 3}\n", run.ReadConfig());
    }

    [Fact]
    public void DivergedTraining_StopsAndKeepsTheLastGoodCheckpoint()
    {
        var run = RunFolder.Create("m", outDir: _root);
        var w = new Parameter<float>("w", [1f, 2f]);
        var opt = new Sgd<float>([w], 0.1);
        double bestAcc = double.NegativeInfinity;
        long step = 0;
        var error = Assert.Throws<TrainingDivergedException>(() =>
        {
            for (int epoch = 1; epoch <= 5; epoch++)
            {
                // The "loss" blows up in epoch 4: w grows by 10x per epoch and overflows float.
                w.Gradient[0] = epoch == 4 ? float.PositiveInfinity : -1f;
                w.Gradient[1] = -1f;
                double loss = w.Gradient[0] * w.Gradient[0];
                DivergenceGuard.CheckLoss(loss, epoch, ++step);
                DivergenceGuard.CheckGradients([w], epoch, step);
                opt.Step();
                double acc = 0.5 + (0.1 * epoch);
                run.AppendMetrics(new EpochMetrics(epoch, loss, acc));
                var cp = new Checkpoint();
                cp.AddParameters([w]);
                cp.AddOptimizer(opt);
                cp.Metadata.Epoch = epoch;
                run.SaveCheckpoint(cp, isBest: acc > bestAcc);
                bestAcc = Math.Max(acc, bestAcc);
            }
        });
        run.RecordDivergence(error);

        Assert.Equal(4, error.Epoch);
        Assert.Contains("epoch 4", File.ReadAllText(run.DivergencePath), StringComparison.Ordinal);
        var last = run.LoadLastCheckpoint()!;
        Assert.Equal(3, last.Metadata.Epoch);
        Assert.Equal([1f + 0.1f + 0.1f + 0.1f, 2f + 0.1f + 0.1f + 0.1f], last.GetFloats("param/w")); // three good SGD steps
        Assert.All(last.GetFloats("param/w"), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(3, run.LoadBestCheckpoint()!.Metadata.Epoch);
        Assert.Equal(3, run.ReadMetrics().Count);
    }
}
