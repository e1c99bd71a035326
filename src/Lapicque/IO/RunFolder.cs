using System.Globalization;
using System.Text;
using System.Text.Json;
using Lapicque.Learning.Metrics;

namespace Lapicque.IO;

/// <summary>
/// The folder of one training run:
/// <code>
/// runs/NAME-YYYYMMDD-HHMMSS/     (or the folder given with --out)
///   config.json                  the experiment, as run
///   metrics.csv                  one row per epoch, flushed to disk after each
///   checkpoints/last.safetensors the latest good checkpoint (atomic replace)
///   checkpoints/best.safetensors the checkpoint with the best validation metric so far
///   report.html                  written by Lapicque.Reporting.ReportBuilder
///   figures/*.svg                the report's figures as separate files (for documents and slides)
///   diverged.txt                 only when a NaN/Inf guard stopped the run
/// </code>
/// Every file that a crash could tear is written atomically or append-only, so that a run can be resumed from
/// last.safetensors and metrics.csv after any interruption.
/// </summary>
public sealed class RunFolder
{
    /// <summary>The metrics.csv header, in column order.</summary>
    public const string MetricsHeader = "epoch,train_loss,train_acc,val_loss,val_acc,lr,samples_per_s,spikes_per_neuron,seconds";

    private RunFolder(string path)
    {
        FolderPath = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The run folder.</summary>
    public string FolderPath { get; }

    /// <summary>checkpoints/ inside the run folder.</summary>
    public string CheckpointsPath => System.IO.Path.Combine(FolderPath, "checkpoints");

    /// <summary>config.json.</summary>
    public string ConfigPath => System.IO.Path.Combine(FolderPath, "config.json");

    /// <summary>metrics.csv.</summary>
    public string MetricsPath => System.IO.Path.Combine(FolderPath, "metrics.csv");

    /// <summary>checkpoints/last.safetensors.</summary>
    public string LastCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "last.safetensors");

    /// <summary>checkpoints/best.safetensors.</summary>
    public string BestCheckpointPath => System.IO.Path.Combine(CheckpointsPath, "best.safetensors");

    /// <summary>report.html.</summary>
    public string ReportPath => System.IO.Path.Combine(FolderPath, "report.html");

    /// <summary>figures/: the report's figures as separate SVG files (loss, accuracy, confusion, raster, rates-LAYER).</summary>
    public string FiguresPath => System.IO.Path.Combine(FolderPath, "figures");

    /// <summary>diverged.txt (written by <see cref="RecordDivergence"/>).</summary>
    public string DivergencePath => System.IO.Path.Combine(FolderPath, "diverged.txt");

    /// <summary>
    /// Creates a run folder: <paramref name="outDir"/> when given (created if missing; it may already hold an earlier run
    /// that is being resumed), otherwise <paramref name="runsRoot"/>/NAME-YYYYMMDD-HHMMSS in UTC, with "-2", "-3", ...
    /// appended if that folder already exists. Characters of <paramref name="name"/> other than letters, digits, '.',
    /// '_' and '-' become '-'.
    /// </summary>
    public static RunFolder Create(string name, string? outDir = null, string runsRoot = "runs", DateTime? utcNow = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        string path;
        if (outDir is not null)
        {
            path = outDir;
        }
        else
        {
            var safe = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
            }

            if (safe.Length == 0)
            {
                safe.Append("run");
            }

            string stamp = (utcNow ?? DateTime.UtcNow).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            string stem = System.IO.Path.Combine(runsRoot, $"{safe}-{stamp}");
            path = stem;
            for (int k = 2; Directory.Exists(path) || File.Exists(path); k++)
            {
                path = $"{stem}-{k}";
            }
        }

        var run = new RunFolder(path);
        Directory.CreateDirectory(run.CheckpointsPath);
        return run;
    }

    /// <summary>Opens an existing run folder (for --resume or evaluate); throws <see cref="DirectoryNotFoundException"/> when missing.</summary>
    public static RunFolder Open(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Run folder '{path}' does not exist.");
        }

        var run = new RunFolder(path);
        Directory.CreateDirectory(run.CheckpointsPath);
        return run;
    }

    /// <summary>Writes config.json atomically; <paramref name="json"/> must be valid JSON (it is written as given).</summary>
    public void WriteConfig(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var _ = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException("config must be valid JSON: " + e.Message, nameof(json), e);
        }

        CheckpointFiles.WriteTextAtomically(ConfigPath, json.EndsWith('\n') ? json : json + "\n");
    }

    /// <summary>The text of config.json, or null when it was not written.</summary>
    public string? ReadConfig() => File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : null;

    /// <summary>
    /// Appends one row to metrics.csv (writing the header first if the file is new) and flushes it to disk, so that
    /// the row survives a crash in the next epoch.
    /// </summary>
    public void AppendMetrics(EpochMetrics row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var stream = new FileStream(MetricsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        var text = new StringBuilder();
        if (stream.Length == 0)
        {
            text.Append(MetricsHeader).Append('\n');
        }

        text.Append(Format(row)).Append('\n');
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Reads metrics.csv (empty when absent). Columns are found by header name, so files with extra or reordered columns
    /// still read; a malformed row is a <see cref="FileFormatException"/> naming the line and column.
    /// </summary>
    public IReadOnlyList<EpochMetrics> ReadMetrics() => ReadMetrics(MetricsPath);

    /// <summary>Reads a metrics.csv file; see <see cref="ReadMetrics()"/>.</summary>
    public static IReadOnlyList<EpochMetrics> ReadMetrics(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return [];
        }

        var columns = lines[0].Split(',');
        string[] names = MetricsHeader.Split(',');
        var index = names.Select(n => Array.IndexOf(columns, n)).ToArray();
        if (index[0] < 0)
        {
            throw new FileFormatException(path, "line 1", $"header must contain 'epoch'; was '{lines[0]}'.");
        }

        var rows = new List<EpochMetrics>();
        for (int l = 1; l < lines.Length; l++)
        {
            if (lines[l].Length == 0)
            {
                continue;
            }

            var fields = lines[l].Split(',');
            if (fields.Length != columns.Length)
            {
                // A torn last line (crash while appending) is dropped; anywhere else it is an error.
                if (l == lines.Length - 1)
                {
                    break;
                }

                throw new FileFormatException(path, $"line {l + 1}", $"has {fields.Length} fields; expected {columns.Length}.");
            }

            double Get(int k)
            {
                if (index[k] < 0 || fields[index[k]].Length == 0)
                {
                    return double.NaN;
                }

                string f = fields[index[k]];
                return double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? v
                    : throw new FileFormatException(path, $"line {l + 1}, column {names[k]}", $"expected a number; was '{f}'.");
            }

            double epoch = Get(0);
            if (!(epoch >= 0 && epoch <= int.MaxValue && epoch == Math.Floor(epoch)))
            {
                throw new FileFormatException(path, $"line {l + 1}, column epoch", $"expected a non-negative integer; was '{fields[index[0]]}'.");
            }

            rows.Add(new EpochMetrics((int)epoch, Get(1), Get(2), Get(3), Get(4), Get(5), Get(6), Get(7), Get(8)));
        }

        return rows;
    }

    /// <summary>
    /// Keeps only the rows with epoch &lt;= <paramref name="lastEpoch"/> (rewritten atomically): on resume from a
    /// checkpoint of epoch k, rows of epochs after k that the interrupted run had already written are dropped.
    /// </summary>
    public void TruncateMetrics(int lastEpoch)
    {
        var keep = ReadMetrics().Where(r => r.Epoch <= lastEpoch).ToList();
        var text = new StringBuilder(MetricsHeader).Append('\n');
        foreach (var r in keep)
        {
            text.Append(Format(r)).Append('\n');
        }

        CheckpointFiles.WriteTextAtomically(MetricsPath, text.ToString());
    }

    /// <summary>
    /// Saves <paramref name="checkpoint"/> as last.safetensors and, when <paramref name="isBest"/>, also as
    /// best.safetensors (each atomically). Call it only after the epoch passed the divergence guard.
    /// </summary>
    public void SaveCheckpoint(Checkpoint checkpoint, bool isBest)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var file = checkpoint.ToFile();
        file.Save(LastCheckpointPath);
        if (isBest)
        {
            file.Save(BestCheckpointPath);
        }
    }

    /// <summary>The last checkpoint, or null when none was written; a damaged one is a <see cref="FileFormatException"/>.</summary>
    public Checkpoint? LoadLastCheckpoint() => File.Exists(LastCheckpointPath) ? Checkpoint.Load(LastCheckpointPath) : null;

    /// <summary>The best checkpoint, or null when none was written.</summary>
    public Checkpoint? LoadBestCheckpoint() => File.Exists(BestCheckpointPath) ? Checkpoint.Load(BestCheckpointPath) : null;

    /// <summary>
    /// Records why training stopped in diverged.txt (the checkpoints are left as they are: the last one is the
    /// last good state).
    /// </summary>
    public void RecordDivergence(TrainingDivergedException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        CheckpointFiles.WriteTextAtomically(DivergencePath, error.Message + "\n");
    }

    /// <summary>One CSV row in header order; NaN becomes an empty field; numbers use the shortest round-trip form.</summary>
    public static string Format(EpochMetrics row)
    {
        ArgumentNullException.ThrowIfNull(row);
        static string F(double v) => double.IsNaN(v) ? string.Empty : v.ToString(CultureInfo.InvariantCulture);
        return string.Join(
            ',',
            row.Epoch.ToString(CultureInfo.InvariantCulture),
            F(row.TrainLoss),
            F(row.TrainAccuracy),
            F(row.ValidationLoss),
            F(row.ValidationAccuracy),
            F(row.LearningRate),
            F(row.SamplesPerSecond),
            F(row.SpikesPerNeuron),
            F(row.Seconds));
    }
}
