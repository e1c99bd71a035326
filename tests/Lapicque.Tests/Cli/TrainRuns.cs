using Lapicque.IO;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Cli;

/// <summary>
/// The runs of a training command's resume test: the experiment written to a file in a temporary folder, trained one epoch
/// and resumed to the experiment's epochs in "resumed", and trained uninterrupted in "whole", on the data of
/// <see cref="RequiresData.Folder"/>. Also the check that 'train' rejects a bad experiment file.
/// </summary>
internal sealed class TrainRuns
{
    private TrainRuns(string dir, string data, string trainOutput)
    {
        Dir = dir;
        Data = data;
        Resumed = Path.Combine(dir, "resumed");
        Whole = Path.Combine(dir, "whole");
        TrainOutput = trainOutput;
    }

    /// <summary>The temporary folder that holds the experiment file and the runs.</summary>
    public string Dir { get; }

    /// <summary>The data folder passed to every command.</summary>
    public string Data { get; }

    /// <summary>The run folder of one epoch resumed to two ('train --epochs 1', then 'train --resume --epochs 2').</summary>
    public string Resumed { get; }

    /// <summary>The run folder of the uninterrupted run.</summary>
    public string Whole { get; }

    /// <summary>What 'train' printed for the uninterrupted run.</summary>
    public string TrainOutput { get; }

    /// <summary>The last checkpoint of the resumed run.</summary>
    public Checkpoint ResumedCheckpoint => Checkpoint.Load(Path.Combine(Resumed, "checkpoints", "last.safetensors"));

    /// <summary>The path of the uninterrupted run's last checkpoint.</summary>
    public string WholeCheckpointPath => Path.Combine(Whole, "checkpoints", "last.safetensors");

    /// <summary>
    /// Writes <paramref name="experiment"/> to <paramref name="fileName"/> in <paramref name="dir"/> and runs 'train' three
    /// times: one epoch, a resume to two epochs, and the uninterrupted run; each must exit 0.
    /// </summary>
    public static TrainRuns ResumedAndWhole(string dir, string fileName, string experiment)
    {
        string file = Path.Combine(dir, fileName);
        File.WriteAllText(file, experiment);
        string data = RequiresData.Folder;
        string resumed = Path.Combine(dir, "resumed"), whole = Path.Combine(dir, "whole");
        CliRunner.Succeed("train", file, "--data", data, "--out", resumed, "--epochs", "1");
        CliRunner.Succeed("train", file, "--data", data, "--resume", resumed, "--epochs", "2");
        return new TrainRuns(dir, data, CliRunner.Succeed("train", file, "--data", data, "--out", whole));
    }

    /// <summary>
    /// Runs 'evaluate' on <paramref name="target"/> (a run folder or a checkpoint) into "eval" and asserts that it prints the
    /// test accuracy that 'train' printed for the uninterrupted run.
    /// </summary>
    public void AssertEvaluateReproducesTestAccuracy(string target)
    {
        string line = TrainOutput.Split('\n').Single(l => l.StartsWith("test accuracy", StringComparison.Ordinal));
        string accuracy = line.Split(' ')[2];
        string evaluated = CliRunner.Succeed("evaluate", target, "--data", Data, "--out", Path.Combine(Dir, "eval"));
        Assert.Contains($"accuracy {accuracy} %", evaluated, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes <paramref name="experiment"/> to bad.json in a temporary folder and asserts that 'train' on it exits 2 with
    /// <paramref name="message"/> in stderr.
    /// </summary>
    public static void AssertRejected(string experiment, string message)
    {
        using var temp = new CliRunner.TempDir();
        string file = Path.Combine(temp.Path, "bad.json");
        File.WriteAllText(file, experiment);
        var (code, _, stderr) = CliRunner.Run("train", file, "--out", Path.Combine(temp.Path, "run"));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
