using System.Globalization;
using System.Text;
using Lapicque.Learning.Metrics;
using Lapicque.Plotting;

namespace Lapicque.Reporting;

/// <summary>
/// Builds a run's report.html: one self-contained file (inline SVG and CSS, no scripts, no external assets) with
/// whatever the trainer has: a table of final metrics, loss and accuracy curves (train and validation), a confusion
/// matrix with per-class accuracy, a spike raster of one test sample through every layer, a firing-rate histogram per
/// layer and the run configuration. Sections without data are left out.
/// </summary>
/// <example><code>
/// new ReportBuilder("mnist-fc")
///     .WithMetrics(run.ReadMetrics())
///     .WithConfusionMatrix(confusion)
///     .AddRasterLayer("hidden", times, neurons, 1000, 25)
///     .AddFiringRates("hidden", ratesHz)
///     .WithConfig(run.ReadConfig())
///     .Save(run.ReportPath);
/// </code></example>
public sealed class ReportBuilder
{
    private readonly List<EpochMetrics> _metrics = [];
    private readonly List<(string Name, string Value)> _summary = [];
    private readonly List<(string Layer, double[] Times, int[] Neurons, int Count, double DurationMs)> _raster = [];
    private readonly List<(string Layer, double[] Rates, string Unit)> _rates = [];
    private ConfusionMatrix? _confusion;
    private IReadOnlyList<string>? _classNames;
    private string? _config;
    private readonly List<(string Name, Chart Chart)> _figures = [];

    /// <summary>Starts a report titled <paramref name="title"/>.</summary>
    public ReportBuilder(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>A line under the title (for example the run folder and date), or null.</summary>
    public string? Subtitle { get; set; }

    /// <summary>Uses the per-epoch metrics (metrics.csv rows) for the curves and the final-metrics table.</summary>
    public ReportBuilder WithMetrics(IEnumerable<EpochMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics.Clear();
        _metrics.AddRange(metrics.OrderBy(m => m.Epoch));
        return this;
    }

    /// <summary>Adds a row to the final-metrics table (for example "test accuracy", "98.21 %").</summary>
    public ReportBuilder AddMetric(string name, string value)
    {
        _summary.Add((name, value));
        return this;
    }

    /// <summary>Adds a numeric row to the final-metrics table, formatted with <paramref name="format"/> (invariant culture).</summary>
    public ReportBuilder AddMetric(string name, double value, string format = "0.####") =>
        AddMetric(name, value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>Shows the confusion matrix (rows true class, columns predicted) and the per-class accuracy.</summary>
    public ReportBuilder WithConfusionMatrix(ConfusionMatrix confusion, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        if (classNames is not null && classNames.Count != confusion.Classes)
        {
            throw new ArgumentException($"classNames has {classNames.Count} entries; expected {confusion.Classes}.", nameof(classNames));
        }

        _confusion = confusion;
        _classNames = classNames;
        return this;
    }

    /// <summary>
    /// Adds one layer to the spike raster of a test sample (layers are stacked top to bottom in the order added,
    /// sharing the time axis). Spikes are parallel arrays of times in ms and neuron indices in [0, neuronCount).
    /// </summary>
    public ReportBuilder AddRasterLayer(string layer, ReadOnlySpan<double> timesMs, ReadOnlySpan<int> neurons, int neuronCount, double durationMs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (timesMs.Length != neurons.Length)
        {
            throw new ArgumentException($"neurons has {neurons.Length} entries; expected {timesMs.Length} (one per spike time).", nameof(neurons));
        }

        Check.Positive(neuronCount, nameof(neuronCount));
        Check.Positive(durationMs, nameof(durationMs));
        foreach (int n in neurons)
        {
            if ((uint)n >= (uint)neuronCount)
            {
                throw new ArgumentOutOfRangeException(nameof(neurons), n, $"neuron indices must be in [0, {neuronCount}); was {n}.");
            }
        }

        _raster.Add((layer, timesMs.ToArray(), neurons.ToArray(), neuronCount, durationMs));
        return this;
    }

    /// <summary>Adds a histogram of the per-neuron firing rates of one layer (in <paramref name="unit"/>, for example Hz).</summary>
    public ReportBuilder AddFiringRates(string layer, ReadOnlySpan<double> rates, string unit = "Hz")
    {
        ArgumentNullException.ThrowIfNull(layer);
        _rates.Add((layer, rates.ToArray(), unit));
        return this;
    }

    /// <summary>Shows the run configuration (JSON text) at the end of the report; null leaves it out.</summary>
    public ReportBuilder WithConfig(string? json)
    {
        _config = json;
        return this;
    }

    /// <summary>The complete HTML document.</summary>
    public string ToHtml()
    {
        _figures.Clear();
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
         .Append(Esc(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<h1>")
         .Append(Esc(Title)).Append("</h1>\n");
        if (Subtitle is not null)
        {
            h.Append("<p class=\"sub\">").Append(Esc(Subtitle)).Append("</p>\n");
        }

        SummarySection(h);
        CurvesSection(h);
        ConfusionSection(h);
        RasterSection(h);
        RatesSection(h);
        if (_config is not null)
        {
            h.Append("<h2>Configuration</h2>\n<pre>").Append(Esc(_config)).Append("</pre>\n");
        }

        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>Writes <see cref="ToHtml"/> to <paramref name="path"/> (UTF-8, replaced atomically).</summary>
    public void Save(string path) => Lapicque.IO.CheckpointFiles.WriteTextAtomically(path, ToHtml());

    private void SummarySection(StringBuilder h)
    {
        var rows = new List<(string, string)>();
        if (_metrics.Count > 0)
        {
            var last = _metrics[^1];
            rows.Add(("epochs", last.Epoch.ToString(CultureInfo.InvariantCulture)));
            AddIf(rows, "final train loss", last.TrainLoss, "0.####");
            AddIf(rows, "final train accuracy", 100 * last.TrainAccuracy, "0.00' %'");
            AddIf(rows, "final validation loss", last.ValidationLoss, "0.####");
            AddIf(rows, "final validation accuracy", 100 * last.ValidationAccuracy, "0.00' %'");
            var withVal = _metrics.Where(m => !double.IsNaN(m.ValidationAccuracy)).ToList();
            if (withVal.Count > 0)
            {
                var best = withVal.MaxBy(m => m.ValidationAccuracy)!;
                rows.Add(("best validation accuracy", string.Create(CultureInfo.InvariantCulture, $"{100 * best.ValidationAccuracy:0.00} % (epoch {best.Epoch})")));
            }

            var seconds = _metrics.Select(m => m.Seconds).Where(double.IsFinite).ToList();
            if (seconds.Count > 0)
            {
                rows.Add(("training time", string.Create(CultureInfo.InvariantCulture, $"{seconds.Sum():0.#} s ({seconds.Average():0.#} s per epoch)")));
            }

            AddIf(rows, "samples per second (last epoch)", last.SamplesPerSecond, "0");
            AddIf(rows, "spikes per neuron per sample (last epoch)", last.SpikesPerNeuron, "0.###");
        }

        if (_confusion is { Total: > 0 } c)
        {
            rows.Add(("test accuracy", string.Create(CultureInfo.InvariantCulture, $"{100 * c.Accuracy:0.00} % ({c.Correct} of {c.Total})")));
        }

        rows.AddRange(_summary);
        if (rows.Count == 0)
        {
            return;
        }

        h.Append("<h2>Final metrics</h2>\n<table class=\"kv\">\n");
        foreach ((string k, string v) in rows)
        {
            h.Append("<tr><th>").Append(Esc(k)).Append("</th><td>").Append(Esc(v)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
    }

    private static void AddIf(List<(string, string)> rows, string name, double value, string format)
    {
        if (double.IsFinite(value))
        {
            rows.Add((name, value.ToString(format, CultureInfo.InvariantCulture)));
        }
    }

    private void CurvesSection(StringBuilder h)
    {
        if (_metrics.Count == 0)
        {
            return;
        }

        double[] epochs = _metrics.Select(m => (double)m.Epoch).ToArray();
        var loss = new LineChart { Title = "Loss", Width = 520, Height = 340, XAxis = new Axis { Label = "epoch" }, YAxis = new Axis { Label = "loss" } };
        AddSeries(loss, "train", epochs, _metrics.Select(m => m.TrainLoss), Palette.Series[0]);
        AddSeries(loss, "validation", epochs, _metrics.Select(m => m.ValidationLoss), Palette.Series[1]);
        var acc = new LineChart { Title = "Accuracy", Width = 520, Height = 340, XAxis = new Axis { Label = "epoch" }, YAxis = new Axis { Label = "accuracy", Unit = "%" } };
        AddSeries(acc, "train", epochs, _metrics.Select(m => 100 * m.TrainAccuracy), Palette.Series[0]);
        AddSeries(acc, "validation", epochs, _metrics.Select(m => 100 * m.ValidationAccuracy), Palette.Series[1]);
        h.Append("<h2>Training curves</h2>\n<div class=\"row\">\n");
        Figure(h, loss, "loss");
        Figure(h, acc, "accuracy");
        h.Append("</div>\n");
    }

    // One point per epoch: markers keep a single-epoch run visible, lines show the trend.
    private static void AddSeries(LineChart chart, string name, double[] x, IEnumerable<double> y, string color)
    {
        double[] values = y.ToArray();
        if (values.Any(double.IsFinite))
        {
            chart.Add(name, x, values, values.Length == 1 ? SeriesStyle.Markers : SeriesStyle.Line, color);
            if (values.Length > 1)
            {
                chart.Add(string.Empty, x, values, SeriesStyle.Markers, color);
            }
        }
    }

    private void ConfusionSection(StringBuilder h)
    {
        if (_confusion is not { } c)
        {
            return;
        }

        var labels = _classNames ?? Enumerable.Range(0, c.Classes).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        double size = Math.Clamp(60 + (34 * c.Classes), 320, 720);
        var map = new Heatmap(c.ToArray())
        {
            Title = "Confusion matrix (test)",
            Width = size + 120,
            Height = size + 40,
            RowLabels = labels,
            ColumnLabels = labels,
            RowTitle = "true class",
            ColumnTitle = "predicted class",
            ColorTitle = "count",
            ValueFormat = "0",
        };
        h.Append("<h2>Confusion matrix</h2>\n<div class=\"row\">\n");
        Figure(h, map, "confusion");
        double[] recall = c.PerClassAccuracy(), precision = c.Precision();
        long[] support = c.Support();
        h.Append("<table class=\"grid\">\n<tr><th>class</th><th>accuracy</th><th>precision</th><th>samples</th></tr>\n");
        for (int k = 0; k < c.Classes; k++)
        {
            h.Append("<tr><td>").Append(Esc(labels[k])).Append("</td><td>").Append(Percent(recall[k]))
             .Append("</td><td>").Append(Percent(precision[k])).Append("</td><td>")
             .Append(support[k].ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        h.Append("</table>\n</div>\n");
    }

    private static string Percent(double v) =>
        double.IsNaN(v) ? "-" : (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private void RasterSection(StringBuilder h)
    {
        if (_raster.Count == 0)
        {
            return;
        }

        double duration = _raster.Max(r => r.DurationMs);
        var time = new Axis { Label = "time", Unit = "ms", Min = 0, Max = duration };
        var stack = new PanelStack { Title = "Spike raster of one test sample", Width = 900, Height = 120 + (140 * _raster.Count) };
        foreach (var r in _raster)
        {
            var panel = new SpikeRasterPanel(r.Times, r.Neurons, r.Count, duration)
            {
                XAxis = time,
                YAxis = new Axis { Label = r.Layer, Min = 0, Max = r.Count },
            };
            stack.Add(panel, 1);
        }

        h.Append("<h2>Spike raster</h2>\n<p class=\"note\">")
         .Append(Esc(string.Join(", ", _raster.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Layer}: {r.Times.Length} spikes from {r.Count} neurons")))))
         .Append("</p>\n");
        Figure(h, stack, "raster");
    }

    private void RatesSection(StringBuilder h)
    {
        if (_rates.Count == 0)
        {
            return;
        }

        h.Append("<h2>Firing rates per layer</h2>\n<div class=\"row\">\n");
        foreach (var (layer, rates, unit) in _rates)
        {
            var finite = rates.Where(double.IsFinite).ToArray();
            if (finite.Length == 0)
            {
                continue;
            }

            // All-equal rates (for example a silent layer) still get one visible bin.
            double spread = finite.Max() - finite.Min();
            var hist = new Histogram(finite, spread > 0 ? null : 1)
            {
                Title = string.Create(CultureInfo.InvariantCulture, $"{layer} (mean {finite.Average():0.##} {unit})"),
                Width = 420,
                Height = 300,
                XAxis = new Axis { Label = "firing rate", Unit = unit },
                YAxis = new Axis { Label = "neurons", Min = 0 },
            };
            Figure(h, hist, "rates-" + FileSafe(layer));
        }

        h.Append("</div>\n");
    }

    // Inline SVGs share one id namespace in HTML: prefix each chart's ids so that clip paths stay with their chart.
    /// <summary>
    /// Writes each figure of the report as its own SVG file in <paramref name="folder"/> (created if needed):
    /// loss.svg, accuracy.svg, confusion.svg, raster.svg and rates-LAYER.svg, as far as the report has them.
    /// Returns the file names written.
    /// </summary>
    public IReadOnlyList<string> SaveFigures(string folder)
    {
        ToHtml();
        Directory.CreateDirectory(folder);
        var names = new List<string>();
        foreach (var (name, chart) in _figures)
        {
            string file = name + ".svg";
            Lapicque.IO.CheckpointFiles.WriteTextAtomically(Path.Combine(folder, file), chart.ToSvg());
            names.Add(file);
        }

        return names;
    }

    // Layer names may hold characters that do not belong in file names ("conv1/dropout").
    private static string FileSafe(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private void Figure(StringBuilder h, Chart chart, string name)
    {
        string prefix = "f" + _figures.Count.ToString(CultureInfo.InvariantCulture) + "-";
        _figures.Add((name, chart));
        string svg = chart.ToSvg().Replace("id=\"", "id=\"" + prefix, StringComparison.Ordinal)
                                  .Replace("url(#", "url(#" + prefix, StringComparison.Ordinal);
        h.Append("<figure>").Append(svg).Append("</figure>\n");
    }

    private static string Esc(string text) => SvgWriter.Escape(text);

    private const string Css = """
        body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:1120px;padding:0 16px}
        h1{font-size:24px;margin:0 0 4px}
        h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .sub,.note{color:#666;margin:0 0 8px}
        .row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
        figure{margin:0}
        table{border-collapse:collapse;font-size:14px}
        .kv th{text-align:left;font-weight:normal;color:#555;padding:3px 16px 3px 0}
        .kv td{font-variant-numeric:tabular-nums;padding:3px 0}
        .grid th,.grid td{border:1px solid #ddd;padding:3px 10px;text-align:right;font-variant-numeric:tabular-nums}
        .grid th{background:#f4f4f4}
        pre{background:#f6f6f6;border:1px solid #e2e2e2;padding:10px;overflow-x:auto;font-size:12.5px}

        """;
}
