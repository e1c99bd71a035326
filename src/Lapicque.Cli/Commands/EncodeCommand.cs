using System.Globalization;
using System.Text;
using Lapicque.Cli.Parsing;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Plotting;
using Spectre.Console;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque encode KIND</c>: encodes a few values, one MNIST test image or (delta) a time series with one of the
/// library's spike encoders; writes spikes.csv, decoded.csv and raster.svg (and image.svg for an image) and prints
/// what the spikes decode to against what the encoder's formula predicts.
/// </summary>
internal static class EncodeCommand
{
    /// <summary>Most steps one run may take (784 channels of 10,000 steps is a 31 MB raster).</summary>
    public const int MaxSteps = 10_000;

    /// <summary>Most elements (steps times channels) of the raster one run may hold: 80 MB of float32.</summary>
    public const long MaxRasterElements = 20_000_000;

    /// <summary>Most rows of decoded values the summary table shows; the rest are in decoded.csv.</summary>
    private const int MaxTableRows = 16;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "encode",
        Summary = "Encode values or an MNIST image into spikes with a spike encoder",
        Description = "Encodes intensities in [0, 1] (--values, one channel each, any finite value for population, or --dataset mnist --index I: one test image, 784\n"
            + "channels) with the encoder KIND for --steps steps. delta encodes a time series instead: --values is one channel's\n"
            + "signal (one value per step, so the steps are its length) or --sine P generates 0.5 + 0.5 sin(2 pi t / P) for --steps\n"
            + "steps. Writes spikes.csv (step,channel), decoded.csv, raster.svg and, for an image, image.svg (input and decoded)\n"
            + "to --out, and prints the spike counts and the decoded values against the encoder's formula.\n"
            + "KIND: " + string.Join("; ", EncodeKind.All.Select(k => $"{k.Name}: {k.Description}")) + ".\n"
            + "'lapicque encode KIND --help' lists the parameters of KIND.",
        Arguments = [new ArgumentSpec("KIND", "Encoder: " + string.Join(", ", EncodeKind.Names))],
        Options =
        [
            OptionSpec.Text("values", "LIST", "Input values separated by commas (delta: a signal over steps)", "numbers separated by commas"),
            OptionSpec.Text("dataset", "NAME", "Encode an image of this data set instead of --values", "mnist"),
            OptionSpec.Number("index", "I", "Index of the test image to encode", NumberRange.Integers(0, int.MaxValue), defaultText: "0"),
            OptionSpec.Text("data", "DIR", "Folder that holds the data sets", "a folder path", defaultText: "$LAPICQUE_DATA"),
            OptionSpec.Number("sine", "P", "delta only: encode a sine of period P steps", NumberRange.Positive("steps")),
            OptionSpec.Number("steps", "T", "Time steps", NumberRange.Integers(1, MaxSteps), defaultText: "100 (delta with --values: their count)"),
            OptionSpec.Number("seed", "N", "Seed of the stochastic encoders (rate, poisson, population)", NumberRange.Integers(0, 1L << 53), defaultText: "1"),
            OptionSpec.KeyValue("param", "Sets an encoder parameter, for example Gain=0.5"),
            OptionSpec.Text("out", "DIR", "Output folder (created if missing)", "a folder path", required: true, shortName: 'o'),
        ],
        Examples =
        [
            "encode rate --values 0.1,0.5,0.9 --steps 100 --out runs/encode-rate",
            "encode latency --dataset mnist --index 0 --steps 25 --out runs/encode-mnist",
            "encode delta --sine 50 --steps 100 --param Threshold=0.05 --out runs/encode-delta",
        ],
        ExtraHelp = KindHelp,
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        var kind = EncodeKind.Get(p.Argument(0)!);
        object encoder = kind.Create(p.GetAll<KeyValuePair<string, string>>("param"));
        string outDir = p.Get<string>("out")!;
        ulong seed = (ulong)(p.GetLong("seed") ?? 1);

        EncodeInput input;
        try
        {
            input = ReadInput(p, kind);
        }
        catch (DatasetException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        int steps = input.Steps;
        long outputs = encoder switch
        {
            PopulationEncoder pop => (long)input.Values.Length * pop.NeuronsPerFeature,
            ISpikeEncoder => input.Values.Length,
            _ => 2,
        };
        if (outputs * steps > MaxRasterElements)
        {
            throw new CliUsageException(
                $"--steps: {steps} steps of {outputs} channels make {outputs * steps} raster elements; at most {MaxRasterElements} "
                + "(lower --steps, or the channels: fewer values or a smaller NeuronsPerFeature).", "encode");
        }

        int channels = (int)outputs;
        var spikes = new float[steps * channels];
        switch (encoder)
        {
            case ISpikeEncoder e:
                e.Encode(input.Values, 1, steps, new EncoderSeed(seed), spikes);
                break;
            case DeltaEncoder d:
                d.Encode(input.Values, steps, 1, spikes);
                break;
        }

        var decoded = Decode(encoder, input, spikes, steps);
        Directory.CreateDirectory(outDir);
        WriteSpikes(Path.Combine(outDir, "spikes.csv"), spikes, steps, channels);
        WriteTable(Path.Combine(outDir, "decoded.csv"), decoded);
        double dtMs = encoder is PoissonEncoder poisson ? poisson.DtMs : 1.0;
        RasterFigure(kind, input, spikes, steps, channels, dtMs).Save(Path.Combine(outDir, "raster.svg"));
        var files = new List<string> { "spikes.csv", "decoded.csv", "raster.svg" };
        if (input.ImageSide > 0)
        {
            ImageFigure(kind, input, decoded).Save(Path.Combine(outDir, "image.svg"));
            files.Add("image.svg");
        }

        if (encoder is DeltaEncoder)
        {
            SignalFigure(input, decoded.Image, spikes, steps).Save(Path.Combine(outDir, "signal.svg"));
            files.Add("signal.svg");
        }

        Summarize(context, kind, input, spikes, steps, channels, decoded);
        context.Out.WriteLine($"wrote {outDir}: {string.Join(", ", files)}");
        return 0;
    }

    /// <summary>The values to encode, with the number of steps and a caption; throws usage or data set errors.</summary>
    private static EncodeInput ReadInput(ParsedCommand p, EncodeKind kind)
    {
        bool delta = kind.Name == "delta";
        string? values = p.Get<string>("values");
        string? dataset = p.Get<string>("dataset");
        bool sine = p.Has("sine");
        int given = (values is null ? 0 : 1) + (dataset is null ? 0 : 1) + (sine ? 1 : 0);
        if (given != 1)
        {
            string choices = delta ? "--values LIST or --sine P" : "--values LIST or --dataset mnist";
            throw new CliUsageException($"expected exactly one input, {choices}; {(given == 0 ? "none was" : $"{given} were")} given.", "encode");
        }

        if (!p.Has("dataset") && p.Has("index"))
        {
            throw new CliUsageException("--index selects an image of --dataset; it needs --dataset mnist.", "encode");
        }

        int? steps = p.GetLong("steps") is long s ? (int)s : null;
        if (sine && !delta)
        {
            throw new CliUsageException($"--sine makes a time series, which only KIND delta encodes; KIND was {kind.Name}.", "encode");
        }

        if (dataset is not null)
        {
            if (delta)
            {
                throw new CliUsageException("--dataset gives a static image, which KIND delta (a time-series encoder) does not take; use --values or --sine.", "encode");
            }

            if (!string.Equals(dataset, "mnist", StringComparison.OrdinalIgnoreCase))
            {
                throw CliUsageException.InvalidValue("--dataset", "mnist", dataset, "encode");
            }

            var test = Mnist.Load(DataDirectory.Resolve(p.Get<string>("data")), DatasetSplit.Test);
            long index = p.GetLong("index") ?? 0;
            if (index >= test.Count)
            {
                throw CliUsageException.InvalidValue("--index", $"an integer in [0, {test.Count - 1}] (the MNIST test images)", index.ToString(Inv), "encode");
            }

            int i = (int)index;
            return new EncodeInput(test.Sample(i).ToArray(), steps ?? 100, $"MNIST test image {i} (label {test.ClassNames[test.Labels[i]]})", Mnist.ImageSize);
        }

        if (sine)
        {
            double period = p.GetDouble("sine")!.Value;
            int t = steps ?? 100;
            var signal = new float[t];
            for (int k = 0; k < t; k++)
            {
                signal[k] = (float)(0.5 + (0.5 * Math.Sin(2 * Math.PI * k / period)));
            }

            return new EncodeInput(signal, t, $"sine of period {F(period)} steps", 0);
        }

        // Gaussian fields take any value (their centres span [Min, Max]); the other codes take intensities in [0, 1].
        float[] parsed = ParseValues(values!, delta || kind.Name == "population");
        if (delta)
        {
            if (steps is int st && st != parsed.Length)
            {
                throw CliUsageException.InvalidValue("--steps", $"{parsed.Length} (the number of --values, one per step) or left out", st.ToString(Inv), "encode");
            }

            return new EncodeInput(parsed, parsed.Length, $"signal of {parsed.Length} steps", 0);
        }

        return new EncodeInput(parsed, steps ?? 100, parsed.Length == 1 ? "1 value" : $"{parsed.Length} values", 0);
    }

    /// <summary>Parses "0.1,0.5,0.9": finite numbers, in [0, 1] unless <paramref name="anyFinite"/> (a delta signal).</summary>
    private static float[] ParseValues(string text, bool anyFinite)
    {
        string expectation = anyFinite ? "finite numbers separated by commas" : "numbers in [0, 1] separated by commas";
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, Inv, out double v) || !double.IsFinite(v) || (!anyFinite && (v < 0 || v > 1)))
            {
                throw new CliUsageException($"--values must be {expectation}; item {i + 1} was '{items[i]}'.", "encode");
            }

            values[i] = (float)v;
        }

        return values;
    }

    /// <summary>The per-channel (per-step for delta) read-out of the spikes beside what the encoder's formula predicts.</summary>
    private static DecodedTable Decode(object encoder, EncodeInput input, float[] spikes, int steps)
    {
        float[] x = input.Values;
        switch (encoder)
        {
            case RateEncoder or PoissonEncoder:
                {
                    var counts = new float[x.Length];
                    SpikeDecoders.SpikeCount(spikes, steps, counts);
                    var rows = new List<string[]>();
                    var image = new float[x.Length];
                    double worst = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double p = encoder is RateEncoder r ? r.Probability(x[i]) : ((PoissonEncoder)encoder).Probability(x[i]);
                        image[i] = counts[i] / steps;

                        // The count is binomial(steps, p): its standard error per step is sqrt(p (1 - p) / steps).
                        double error = Math.Abs((counts[i] / (double)steps) - p);
                        double se = Math.Sqrt(p * (1 - p) / steps);
                        worst = Math.Max(worst, se > 0 ? error / se : (error > 0 ? double.PositiveInfinity : 0));
                        rows.Add([I(i), G(x[i]), G(p), I((int)counts[i]), G(counts[i] / (double)steps)]);
                    }

                    return new DecodedTable(["channel", "input", "probability", "count", "count_per_step"], rows, image,
                        $"count / steps estimates the spike probability per step; the largest deviation is {worst.ToString("0.##", Inv)} binomial standard errors");
                }

            case LatencyEncoder l:
                {
                    var first = new float[x.Length];
                    SpikeDecoders.FirstSpikeStep(spikes, steps, first);
                    var rows = new List<string[]>();
                    var image = new float[x.Length];
                    int agree = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        int expected = l.SpikeStep(x[i], steps);
                        bool silent = first[i] >= steps;
                        image[i] = silent ? 0f : (steps - first[i]) / steps;
                        agree += (silent ? -1 : (int)first[i]) == expected ? 1 : 0;
                        rows.Add([I(i), G(x[i]), expected < 0 ? "" : I(expected), silent ? "" : I((int)first[i])]);
                    }

                    return new DecodedTable(["channel", "input", "expected_step", "first_step"], rows, image,
                        $"first-spike step against round(t) of the encoder's formula (empty: no spike): {agree} of {x.Length} channels agree");
                }

            case PopulationEncoder pop:
                {
                    int m = pop.NeuronsPerFeature;
                    var counts = new float[x.Length * m];
                    SpikeDecoders.SpikeCount(spikes, steps, counts);
                    var rows = new List<string[]>();
                    var image = new float[x.Length];
                    double errorSum = 0;
                    int decodedCount = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        // The library has no population decoder: the centre of mass of the counts over the preferred values.
                        double total = 0, moment = 0;
                        for (int j = 0; j < m; j++)
                        {
                            total += counts[(i * m) + j];
                            moment += counts[(i * m) + j] * pop.Centre(j);
                        }

                        double estimate = total > 0 ? moment / total : double.NaN;
                        image[i] = total > 0 ? (float)estimate : 0f;
                        if (total > 0)
                        {
                            errorSum += Math.Abs(estimate - x[i]);
                            decodedCount++;
                        }

                        rows.Add([I(i), G(x[i]), I((int)total), total > 0 ? G(estimate) : ""]);
                    }

                    return new DecodedTable(["feature", "input", "spikes", "centre_of_mass"], rows, image,
                        "centre of mass of the spike counts over the fields' preferred values; mean |centre of mass - input| = "
                        + (decodedCount > 0 ? G(errorSum / decodedCount) : "n/a (no spikes)"));
                }

            case DeltaEncoder d:
                {
                    var level = new float[steps];
                    d.Reconstruct(spikes, steps, 1, [d.StartFromZero ? 0f : x[0]], level);
                    var rows = new List<string[]>();
                    double worst = 0;
                    for (int t = 0; t < steps; t++)
                    {
                        worst = Math.Max(worst, Math.Abs(x[t] - level[t]));
                        rows.Add([I(t), G(x[t]), G(level[t]), I((int)spikes[2 * t]), I((int)spikes[(2 * t) + 1])]);
                    }

                    return new DecodedTable(["step", "signal", "level", "on", "off"], rows, level,
                        (d.Reference == DeltaReference.LastEmitted
                            ? "level = start + Threshold (ons - offs), the tracked reconstruction"
                            : "level = start + Threshold (ons - offs); PreviousStep spikes mark changes, so this does not track the signal")
                        + $"; max |signal - level| = {G(worst)} (Threshold {G(d.Threshold)})");
                }

            default:
                throw new InvalidOperationException($"No read-out for {encoder.GetType().Name}.");
        }
    }

    private static void Summarize(CliContext context, EncodeKind kind, EncodeInput input, float[] spikes, int steps, int channels, DecodedTable decoded)
    {
        long total = 0;
        foreach (float s in spikes)
        {
            total += s > 0f ? 1 : 0;
        }

        context.Out.WriteLine(string.Create(Inv,
            $"{kind.Name}: {input.Caption}: {channels} channel{(channels == 1 ? "" : "s")}, {steps} steps, {total} spikes, {(double)total / channels:0.###} spikes per channel"));
        var table = new Table();
        table.Border(context.Interactive ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (string column in decoded.Header)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        foreach (var row in decoded.Rows.Take(MaxTableRows))
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        context.Console.Write(table);
        if (decoded.Rows.Count > MaxTableRows)
        {
            context.Out.WriteLine($"({decoded.Rows.Count - MaxTableRows} more rows in decoded.csv)");
        }

        context.Out.WriteLine(decoded.Note);
    }

    private static void WriteSpikes(string path, float[] spikes, int steps, int channels)
    {
        var sb = new StringBuilder("step,channel\n");
        for (int t = 0; t < steps; t++)
        {
            for (int c = 0; c < channels; c++)
            {
                if (spikes[(t * channels) + c] > 0f)
                {
                    sb.Append(t.ToString(Inv)).Append(',').Append(c.ToString(Inv)).Append('\n');
                }
            }
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private static void WriteTable(string path, DecodedTable table)
    {
        var sb = new StringBuilder(string.Join(',', table.Header)).Append('\n');
        foreach (var row in table.Rows)
        {
            sb.Append(string.Join(',', row)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    /// <summary>The raster, one row per output channel; step t is drawn at t * dt ms (dt = 1 ms except for poisson's DtMs).</summary>
    private static RasterPlot RasterFigure(EncodeKind kind, EncodeInput input, float[] spikes, int steps, int channels, double dtMs)
    {
        var times = new List<double>();
        var neurons = new List<int>();
        for (int t = 0; t < steps; t++)
        {
            for (int c = 0; c < channels; c++)
            {
                if (spikes[(t * channels) + c] > 0f)
                {
                    times.Add(t * dtMs);
                    neurons.Add(c);
                }
            }
        }

        string clock = dtMs == 1.0 ? "1 ms per step" : $"{F(dtMs)} ms per step";
        string label = kind.Name == "delta" ? "channel (0 on, 1 off)" : "channel";
        return new RasterPlot(times.ToArray(), neurons.ToArray(), channels, steps * dtMs)
        {
            Title = $"{kind.Name} encoding of {input.Caption}, {steps} steps ({clock})",
            NeuronLabel = label,
            ShowRate = kind.Name != "latency",
            Width = 720,
            Height = channels <= 16 ? 320 : 480,
        };
    }

    /// <summary>delta: the signal and the level reconstructed from the spikes, with the on and off spikes as events.</summary>
    private static LineChart SignalFigure(EncodeInput input, float[] level, float[] spikes, int steps)
    {
        var t = Enumerable.Range(0, steps).Select(k => (double)k).ToArray();
        var chart = new LineChart
        {
            Title = $"delta encoding of a {input.Caption}",
            XAxis = new Axis { Label = "step", Min = 0, Max = Math.Max(1, steps - 1) },
            YAxis = new Axis { Label = "signal" },
            Width = 720,
            Height = 320,
        };
        chart.Add("signal", t, input.Values, SeriesStyle.Line, Palette.Series[0]);
        chart.Add("level from spikes", t, level, SeriesStyle.Steps, Palette.Series[1]);
        chart.AddEvents("on spikes", t.Where(k => spikes[2 * (int)k] > 0f).ToArray(), Palette.Series[2]);
        chart.AddEvents("off spikes", t.Where(k => spikes[(2 * (int)k) + 1] > 0f).ToArray(), Palette.Series[3]);
        return chart;
    }

    private static ImageGrid ImageFigure(EncodeKind kind, EncodeInput input, DecodedTable decoded) =>
        new ImageGrid(input.ImageSide, input.ImageSide) { ColumnsPerRow = 2, Width = 420, Height = 250, Title = $"{kind.Name}: {input.Caption}" }
            .Add(input.Values, "input")
            .Add(decoded.Image, kind.Name switch
            {
                "latency" => "decoded (earlier = brighter)",
                "population" => "decoded (centre of mass)",
                _ => "decoded (count / steps)",
            });

    private static IEnumerable<string> KindHelp(ParsedCommand p)
    {
        string? name = p.Argument(0);
        var kind = EncodeKind.All.FirstOrDefault(k => k.Name == name);
        if (kind is null)
        {
            yield break;
        }

        yield return "";
        yield return $"KIND {kind.Name}: {kind.Description}";
        yield return "";
        yield return "PARAMETERS (--param NAME=VALUE):";
        int w = kind.Parameters.Max(x => x.Name.Length) + 4;
        foreach (var parameter in kind.Parameters)
        {
            yield return $"    {parameter.Name.PadRight(w)}default {parameter.DefaultText} [{parameter.Expectation}]";
        }
    }

    private static string I(int v) => v.ToString(Inv);

    private static string G(double v) => v.ToString("0.######", Inv);

    private static string F(double v) => v.ToString("G6", Inv);

    /// <summary>What is encoded: the values (a signal over steps for delta), the steps, a caption, and the side of a square image (0: none).</summary>
    private sealed record EncodeInput(float[] Values, int Steps, string Caption, int ImageSide);

    /// <summary>decoded.csv's header and rows, the decoded value per input (for image.svg), and a line saying what the columns mean.</summary>
    private sealed record DecodedTable(string[] Header, List<string[]> Rows, float[] Image, string Note);
}
