using System.Globalization;
using System.Text;
using Lapicque.Cli.Parsing;
using Lapicque.Cli.Rendering;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Plotting;
using Spectre.Console;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque neuron MODEL</c>: one neuron of any registered model under a constant or step input; writes
/// spikes.csv, trace.csv and trace.svg and prints the spike count and rate.
/// </summary>
internal static class NeuronCommand
{
    /// <summary>Most steps one run may take (memory for the trace and a sane run time).</summary>
    public const long MaxSteps = 20_000_000;

    /// <summary>Most rows the trace gets when --every is not given (about 30 MB of CSV).</summary>
    public const long MaxTraceRows = 1_000_000;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "neuron",
        Summary = "Simulate one neuron of any model under constant or step input",
        Description = "Simulates one neuron of a registered model under an input held at --current from --onset to --offset\n"
            + "(0 elsewhere), with step --dt for --duration. Writes spikes.csv (step,t_ms), trace.csv (t_ms, every state\n"
            + "variable, the input) and trace.svg to --out, and prints the spike count and rate. The input is in the\n"
            + "model's input unit (for lif: the drive R*I in mV). 'lapicque neuron MODEL --help' lists its parameters.",
        Arguments = [new ArgumentSpec("MODEL", "Neuron model: " + string.Join(", ", NeuronCatalog.Names))],
        Options =
        [
            OptionSpec.Text("preset", "NAME", "Named parameter set of the model", "a preset name of the model"),
            OptionSpec.Number("current", "I", "Input amplitude, in the model's input unit", NumberRange.Any(), required: true),
            OptionSpec.Number("onset", "MS", "Time the input switches on", NumberRange.NonNegative("ms"), defaultText: "0"),
            OptionSpec.Number("offset", "MS", "Time the input switches off", NumberRange.Positive("ms"), defaultText: "the duration"),
            OptionSpec.Number("duration", "MS", "Simulated time", NumberRange.Positive("ms", 1e8), required: true),
            OptionSpec.Number("dt", "MS", "Time step", NumberRange.Positive("ms", 1000), required: true),
            OptionSpec.KeyValue("param", "Sets a model parameter, for example TauMemMs=10"),
            OptionSpec.Number("noise", "SD", "Standard deviation of Gaussian input noise per step, in the input unit", NumberRange.NonNegative(), defaultText: "0"),
            OptionSpec.Number("seed", "N", "Seed of the noise", NumberRange.Integers(0, 1L << 53), defaultText: "1"),
            OptionSpec.Number("every", "N", "Record every N-th step in trace.csv", NumberRange.Integers(1, 1_000_000_000),
                defaultText: $"1, or the least N that keeps the trace within {MaxTraceRows} rows"),
            OptionSpec.Text("out", "DIR", "Output folder (created if missing)", "a folder path", required: true, shortName: 'o'),
        ],
        Examples =
        [
            "neuron lif --current 1.5 --duration 200 --dt 0.1 --out runs/lif",
            "neuron lif --current 25 --onset 20 --offset 180 --duration 200 --dt 0.05 --param ThresholdMv=15 --param RefractoryMs=2 --out runs/lif-step",
        ],
        ExtraHelp = ModelHelp,
        Run = Execute,
    };

    /// <summary>Turns the parsed command line into validated options; throws <see cref="CliUsageException"/>.</summary>
    public static NeuronOptions Bind(ParsedCommand p)
    {
        string modelName = p.Argument(0)!;
        if (!NeuronCatalog.TryGet(modelName, out var model))
        {
            string? near = Suggest.Closest(modelName, NeuronCatalog.Names);
            throw new CliUsageException(
                $"MODEL must be one of: {string.Join(", ", NeuronCatalog.Names)}; was '{modelName}'.{(near is null ? "" : $" Did you mean {near}?")}", "neuron");
        }

        double duration = p.GetDouble("duration")!.Value;
        double dt = p.GetDouble("dt")!.Value;
        if (dt > duration)
        {
            throw CliUsageException.InvalidValue("--dt", $"a number in (0, {F(duration)}] (ms, at most --duration)", F(dt), "neuron");
        }

        if (duration / dt > MaxSteps)
        {
            throw CliUsageException.InvalidValue("--dt", $"a number >= {F(duration / MaxSteps)} (ms) for --duration {F(duration)}: at most {MaxSteps} steps", F(dt), "neuron");
        }

        double onset = p.GetDouble("onset") ?? 0;
        if (onset >= duration)
        {
            throw CliUsageException.InvalidValue("--onset", $"a number in [0, {F(duration)}) (ms, before the end of --duration)", F(onset), "neuron");
        }

        double offset = p.GetDouble("offset") ?? duration;
        if (offset <= onset)
        {
            throw CliUsageException.InvalidValue("--offset", $"a number > {F(onset)} (ms, after --onset)", F(offset), "neuron");
        }

        string? preset = p.Get<string>("preset");
        var assignments = p.GetAll<KeyValuePair<string, string>>("param");
        INeuronModel parameters;
        try
        {
            parameters = model.Create(preset, assignments);
        }
        catch (ArgumentException e)
        {
            string option = e.ParamName == "preset" ? "--preset" : "--param";
            throw new CliUsageException($"{option}: {Check.MessageOf(e)}", "neuron");
        }

        try
        {
            // Models check dt against their own limits (stability, refractory rounding) when they build their constants.
            parameters.CreatePopulation(1, dt);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--dt: {Check.MessageOf(e)}", "neuron");
        }

        return new NeuronOptions(model, preset, parameters, assignments, p.GetDouble("current")!.Value, onset, offset, duration, dt,
            p.GetDouble("noise") ?? 0, (ulong)(p.GetLong("seed") ?? 1), p.GetLong("every") ?? AutoEvery((long)Math.Round(duration / dt)), p.Get<string>("out")!);
    }

    /// <summary>Runs the simulation; <paramref name="progress"/> receives the number of steps done now and then.</summary>
    public static NeuronResult Simulate(NeuronOptions o, Action<long>? progress = null)
    {
        var population = o.Parameters.CreatePopulation(1, o.DtMs);
        var names = population.StateNames;
        long steps = o.Steps;
        int rows = (int)((steps / o.Every) + 1);
        var traceSteps = new long[rows];
        var trace = new float[names.Count][];
        for (int k = 0; k < names.Count; k++)
        {
            trace[k] = new float[rows];
        }

        var input = new float[rows];
        var spikeSteps = new List<long>();
        var rng = new Rng(o.Seed);
        float[] drive = new float[1], spike = new float[1];
        int row = 0;
        double value = 0;
        for (long s = 0; s < steps; s++)
        {
            value = o.InputAt(s);
            if (o.NoiseSd > 0)
            {
                value += o.NoiseSd * rng.NextNormal();
            }

            if (s % o.Every == 0)
            {
                Record(s, value);
            }

            drive[0] = (float)value;
            population.Step(drive, spike);
            if (spike[0] != 0f)
            {
                spikeSteps.Add(s + 1);
            }

            if (progress is not null && (s & 0xFFF) == 0)
            {
                progress(s);
            }
        }

        if (steps % o.Every == 0)
        {
            // The last row has no step after it; it repeats the input of the last step.
            Record(steps, value);
        }

        progress?.Invoke(steps);
        return new NeuronResult(spikeSteps, traceSteps, trace, input);

        // Row k: the state at tick k and the input applied from tick k to k + 1 (noise included).
        void Record(long step, double applied)
        {
            traceSteps[row] = step;
            for (int k = 0; k < names.Count; k++)
            {
                trace[k][row] = population.State(names[k])[0];
            }

            input[row] = (float)applied;
            row++;
        }
    }

    private static int Execute(ParsedCommand parsed, CliContext context)
    {
        var o = Bind(parsed);
        Directory.CreateDirectory(o.OutDir);
        NeuronResult result = null!;
        ProgressRunner.Run(context, $"{o.Model.Name}: simulating", o.Steps, report => result = Simulate(o, report));

        var population = o.Parameters.CreatePopulation(1, o.DtMs);
        WriteSpikes(Path.Combine(o.OutDir, "spikes.csv"), o, result);
        WriteTrace(Path.Combine(o.OutDir, "trace.csv"), o, result, population.StateNames, population.StateUnits);
        TraceFigure(o, result, population.StateNames, population.StateUnits).Save(Path.Combine(o.OutDir, "trace.svg"));
        Summarize(context, o, result);

        var (row, variable) = FirstNonFinite(result);
        if (row >= 0)
        {
            // The files are kept: they show where the integration went wrong.
            context.Error.WriteLine(
                $"error: state variable '{population.StateNames[variable]}' became {result.Trace[variable][row].ToString(Inv)} by t = {Time(result.TraceSteps[row], o.DtMs)} ms; "
                + $"the integration is unstable: reduce --dt (was {F(o.DtMs)} ms) or check the --param values.");
            return 1;
        }

        return 0;
    }

    private static void Summarize(CliContext context, NeuronOptions o, NeuronResult r)
    {
        double seconds = o.Steps * o.DtMs / 1000.0;
        int count = r.SpikeSteps.Count;
        double rate = count / seconds;
        context.Out.WriteLine(string.Create(Inv, $"{o.Model.Name}: {count} spikes in {F(o.Steps * o.DtMs)} ms, rate {rate:0.###} Hz"));

        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        table.Border(context.Interactive ? TableBorder.Rounded : TableBorder.Ascii);
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("model", o.Model.Name + (o.Preset is null ? "" : $" ({o.Preset})"));
        foreach (var (name, value) in o.Assignments)
        {
            Row("  " + name, value);
        }

        Row("input", $"{F(o.Current)} {o.Parameters.InputUnit} from {F(o.OnsetMs)} to {F(Math.Min(o.OffsetMs, o.DurationMs))} ms"
            + (o.NoiseSd > 0 ? $", noise sd {F(o.NoiseSd)} (seed {o.Seed})" : ""));
        Row("duration, dt", $"{F(o.Steps * o.DtMs)} ms, {F(o.DtMs)} ms ({o.Steps} steps)");
        Row("trace", o.Every == 1 ? "every step" : $"every {o.Every} steps");
        Row("spikes", count.ToString(Inv));
        Row("rate", string.Create(Inv, $"{rate:0.###} Hz"));
        if (count > 0)
        {
            Row("first spike", $"{F(r.SpikeSteps[0] * o.DtMs)} ms");
        }

        if (count > 1)
        {
            var isi = new double[count - 1];
            for (int k = 1; k < count; k++)
            {
                isi[k - 1] = (r.SpikeSteps[k] - r.SpikeSteps[k - 1]) * o.DtMs;
            }

            double mean = isi.Average();
            double sd = Math.Sqrt(isi.Sum(x => (x - mean) * (x - mean)) / isi.Length);
            Row("mean ISI", string.Create(Inv, $"{mean:0.####} ms"));
            Row("CV of ISI", string.Create(Inv, $"{sd / mean:0.####}"));
        }

        context.Console.Write(table);
        context.Out.WriteLine($"wrote {Path.Combine(o.OutDir, "spikes.csv")}, trace.csv, trace.svg");
    }

    private static void WriteSpikes(string path, NeuronOptions o, NeuronResult r)
    {
        var sb = new StringBuilder("step,t_ms\n");
        foreach (long s in r.SpikeSteps)
        {
            sb.Append(s.ToString(Inv)).Append(',').Append(Time(s, o.DtMs)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private static void WriteTrace(string path, NeuronOptions o, NeuronResult r, IReadOnlyList<string> names, IReadOnlyList<string> units)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        var header = new StringBuilder("t_ms");
        for (int k = 0; k < names.Count; k++)
        {
            header.Append(',').Append(Column(names[k], units[k]));
        }

        header.Append(',').Append(Column("input", o.Parameters.InputUnit));
        w.Write(header.Append('\n').ToString());
        var line = new StringBuilder();
        for (int i = 0; i < r.TraceSteps.Length; i++)
        {
            line.Clear().Append(Time(r.TraceSteps[i], o.DtMs));
            foreach (var column in r.Trace)
            {
                line.Append(',').Append(column[i].ToString(Inv));
            }

            line.Append(',').Append(r.Input[i].ToString(Inv)).Append('\n');
            w.Write(line);
        }
    }

    /// <summary>The figure: membrane potential with spike ticks above the input, sharing the time axis.</summary>
    internal static PanelStack TraceFigure(NeuronOptions o, NeuronResult r, IReadOnlyList<string> names, IReadOnlyList<string> units)
    {
        var time = new Axis { Label = "time", Unit = "ms", Min = 0, Max = o.Steps * o.DtMs };
        var t = r.TraceSteps.Select(s => s * o.DtMs).ToArray();
        var membrane = new LineChart { XAxis = time, YAxis = new Axis { Label = $"membrane {names[0]}", Unit = units[0] == "1" ? null : units[0] } };
        membrane.Add(names[0], t, r.Trace[0]);
        membrane.AddEvents($"spikes ({r.SpikeSteps.Count})", r.SpikeSteps.Select(s => s * o.DtMs).ToArray(), Palette.Series[1]);
        // Dimensionless quantities ("1") get no unit in labels.
        string? inputUnit = o.Parameters.InputUnit == "1" ? null : o.Parameters.InputUnit;
        var current = new LineChart { XAxis = time, YAxis = new Axis { Label = "input", Unit = inputUnit, IncludeZero = true }, ShowLegend = false };
        current.Add("input", t, r.Input, SeriesStyle.Steps, Palette.Series[2]);
        string title = $"{o.Model.Name}{(o.Preset is null ? "" : $" ({o.Preset})")} neuron, input {F(o.Current)}{(inputUnit is null ? "" : " " + inputUnit)}"
            + (o.NoiseSd > 0 ? $" + noise (sd {F(o.NoiseSd)})" : "");
        return new PanelStack { Title = title, Width = 760, Height = 460 }.Add(membrane, 3).Add(current, 1);
    }

    private static IEnumerable<string> ModelHelp(ParsedCommand p)
    {
        string? name = p.Argument(0);
        if (name is null || !NeuronCatalog.TryGet(name, out var model))
        {
            yield break;
        }

        yield return "";
        yield return $"MODEL {model.Name}: {model.Description}; input unit {model.Defaults.InputUnit}";
        yield return "";
        yield return "PARAMETERS (--param NAME=VALUE):";
        int w = model.Parameters.Max(x => x.Name.Length) + 4;
        foreach (var prop in model.Parameters)
        {
            yield return $"    {prop.Name.PadRight(w)}default {NeuronModelInfo.FormatValue(prop, model.Defaults)} [{NeuronModelInfo.Expectation(prop)}]";
        }

        if (model.Presets.Count > 0)
        {
            yield return "";
            yield return "PRESETS (--preset NAME): " + string.Join(", ", model.Presets.Keys);
        }
    }

    /// <summary>The first recorded row where a state variable is NaN or infinite, or -1; with the variable's index.</summary>
    internal static (int Row, int Variable) FirstNonFinite(NeuronResult r)
    {
        int best = -1, variable = -1;
        for (int k = 0; k < r.Trace.Length; k++)
        {
            var column = r.Trace[k];
            int limit = best < 0 ? column.Length : best;
            for (int i = 0; i < limit; i++)
            {
                if (!float.IsFinite(column[i]))
                {
                    (best, variable) = (i, k);
                    break;
                }
            }
        }

        return (best, variable);
    }

    // ArgumentException appends " (Parameter 'x')"; our messages already name the parameter.
    private static long AutoEvery(long steps) => Math.Max(1, (steps + MaxTraceRows - 1) / MaxTraceRows);

    internal static string Column(string name, string unit)
    {
        if (string.IsNullOrEmpty(unit) || unit == "1")
        {
            return name;
        }

        var sb = new StringBuilder(name).Append('_');
        // "uA/cm^2" becomes "uA_per_cm2": letters, digits and '_' only, so the header is one token in any CSV reader.
        foreach (char c in unit.Replace("/", "_per_", StringComparison.Ordinal))
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                sb.Append(c);
            }
            else if (c != '^')
            {
                sb.Append('_');
            }
        }

        return sb.ToString().TrimEnd('_');
    }

    private static string Time(long step, double dtMs) => Math.Round(step * dtMs, 9).ToString("0.#########", Inv);

    private static string F(double v) => v.ToString("G6", Inv);
}
