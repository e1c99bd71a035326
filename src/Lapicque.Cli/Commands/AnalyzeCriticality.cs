using System.Globalization;
using System.Text.Json;
using Lapicque.Analysis;
using Lapicque.Plotting;

namespace Lapicque.Cli.Commands;

/// <summary>
/// The <c>--criticality</c> part of <c>lapicque analyze</c>: avalanches of the pooled recorded spikes binned at the mean
/// inter-event interval (whole steps, <see cref="Avalanches.FromStepCounts"/>), discrete power-law fits of sizes and
/// durations with the bootstrap p-value (Clauset, Shalizi and Newman 2009), and the branching ratio of the binned activity
/// by the naive estimator and by multistep regression (Wilting and Priesemann 2018).
/// </summary>
internal static class AnalyzeCriticality
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The measures of one run. Fits are null (with the reason) when there are too few avalanches.</summary>
    internal sealed record Result(
        AvalancheSet Avalanches,
        double BinMs,
        PowerLawFit? Sizes,
        PowerLawFit? Durations,
        string? FitProblem,
        double NaiveRatio,
        MultistepRegressionResult? Multistep,
        string? BranchingProblem);

    /// <summary>Runs the analysis; returns the names of the files written.</summary>
    public static IEnumerable<string> Run(AnalyzeRun run, int replicates, ulong seed, string outDir, CliContext context)
    {
        if (run.StepCounts is null)
        {
            context.Error.WriteLine($"warning: {run.Folder} ({run.Kind}) holds no spike times; criticality skipped");
            return [];
        }

        var result = Measure(run.StepCounts, run.DtMs, replicates, seed);
        context.Out.Write(ToText(run, result));
        WriteJson(Path.Combine(outDir, "criticality.json"), run, result);
        Figure(run.Network.Name, result).Save(Path.Combine(outDir, "criticality.svg"));
        return ["criticality.json", "criticality.svg"];
    }

    /// <summary>Avalanches, power-law fits and branching ratios of pooled spikes per step.</summary>
    internal static Result Measure(long[] stepCounts, double dtMs, int replicates, ulong seed)
    {
        var set = Avalanches.FromStepCounts(stepCounts);
        var options = new PowerLawOptions { Replicates = Math.Max(1, replicates), Seed = seed };
        PowerLawFit? sizes = null, durations = null;
        string? fitProblem = null;
        if (set.Count < options.MinTail)
        {
            fitProblem = $"{set.Count} avalanches; a power-law fit needs at least {options.MinTail}";
        }
        else
        {
            var durationData = Array.ConvertAll(set.Durations, d => (long)d);
            try
            {
                sizes = Fit(set.Sizes, options, replicates);
                durations = Fit(durationData, options, replicates);
            }
            catch (ArgumentException e)
            {
                fitProblem = Check.MessageOf(e);
            }
        }

        // Multistep regression needs a series longer than maxLag + 2; 40 lags (the estimator's default) when there is room.
        double naive = double.NaN;
        MultistepRegressionResult? mr = null;
        string? branchingProblem = null;
        int maxLag = Math.Min(40, (set.Counts.Length / 10) - 3);
        if (maxLag < 1)
        {
            branchingProblem = $"{set.Counts.Length} bins; the branching ratio needs at least 40";
        }
        else
        {
            try
            {
                naive = BranchingRatio.Naive(set.Counts);
                mr = BranchingRatio.MultistepRegression(set.Counts, maxLag);
            }
            catch (ArgumentException e)
            {
                branchingProblem = Check.MessageOf(e);
            }
        }

        return new Result(set, set.BinWidth * dtMs, sizes, durations, fitProblem, naive, mr, branchingProblem);
    }

    private static PowerLawFit Fit(long[] data, PowerLawOptions options, int replicates)
    {
        var fit = PowerLaw.FitDiscrete(data, options);
        return replicates > 0 ? PowerLaw.GoodnessOfFit(data, fit, options) : fit;
    }

    internal static string ToText(AnalyzeRun run, Result r)
    {
        var a = r.Avalanches;
        var sb = new System.Text.StringBuilder();
        long spikes = a.Counts.Sum();
        sb.AppendLine(Inv, $"Criticality of {run.Folder}: {spikes} spikes in {a.Counts.Length} bins of {a.BinWidth:0} step(s) = {r.BinMs:0.####} ms (mean inter-event interval)");
        sb.AppendLine(Inv, $"avalanches {a.Count}, mean size {F(a.MeanSize)}, largest {(a.Count > 0 ? a.Sizes.Max() : 0)}, longest {(a.Count > 0 ? a.Durations.Max() : 0)} bins");
        sb.AppendLine(Inv, $"{"power law",-20} {"alpha",8} {"+-",7} {"x_min",7} {"tail",7} {"KS",7} {"p",6}");
        if (r.FitProblem is not null)
        {
            sb.AppendLine(Inv, $"{"(not fitted)",-20} {r.FitProblem}");
        }
        else
        {
            FitRow(sb, "sizes (spikes)", r.Sizes!);
            FitRow(sb, "durations (bins)", r.Durations!);
        }

        sb.AppendLine(Inv, $"{"branching ratio",-20} {"m",8}  notes");
        if (r.BranchingProblem is not null)
        {
            sb.AppendLine(Inv, $"{"(not estimated)",-20} {r.BranchingProblem}");
        }
        else
        {
            var mr = r.Multistep!;
            sb.AppendLine(Inv, $"{"naive (r_1)",-20} {F(r.NaiveRatio),8}  least-squares slope of A(t+1) on A(t)");
            sb.AppendLine(Inv, $"{"multistep regression",-20} {F(mr.BranchingRatio),8}  r_k = b m^k over k = 1..{mr.Slopes.Length}, b = {F(mr.Amplitude)}, tau = {F(mr.AutocorrelationSteps * r.BinMs)} ms");
        }

        sb.AppendLine("m < 1 subcritical, m = 1 critical, m > 1 supercritical; critical avalanches have size exponent near 1.5, duration exponent near 2.");
        return sb.ToString();
    }

    private static void FitRow(System.Text.StringBuilder sb, string name, PowerLawFit f) =>
        sb.AppendLine(Inv, $"{name,-20} {F(f.Alpha),8} {F(f.StandardError),7} {f.XMin,7:0} {f.TailCount,7} {F(f.KsDistance),7} {(f.Replicates > 0 ? f.PValue.ToString("0.###", Inv) : "-"),6}");

    private static string F(double x) => double.IsFinite(x) ? x.ToString("0.###", Inv) : "-";

    /// <summary>
    /// Two panels: the avalanche size distribution P(S = s) on log-log axes with the fitted discrete power law
    /// P(s) = (tail / n) s^-alpha / zeta(alpha, x_min) for s &gt;= x_min; and the multistep-regression slopes r_k with the
    /// fit b m^k.
    /// </summary>
    internal static AnalyzeFigurePair Figure(string name, Result r)
    {
        var sizes = new LineChart
        {
            Title = $"{name}: avalanche sizes (bins of {r.BinMs.ToString("0.####", Inv)} ms)",
            XAxis = new Axis { Label = "avalanche size s", Unit = "spikes", Log = true },
            YAxis = new Axis { Label = "P(S = s)", Log = true },
        };
        var a = r.Avalanches;
        if (a.Count > 0)
        {
            var groups = a.Sizes.GroupBy(s => s).OrderBy(g => g.Key).ToArray();
            sizes.Add($"measured ({a.Count} avalanches)", groups.Select(g => (double)g.Key).ToArray(), groups.Select(g => g.Count() / (double)a.Count).ToArray(), SeriesStyle.Markers);
        }

        if (r.Sizes is { } f)
        {
            long lo = (long)f.XMin, hi = Math.Max(lo + 1, a.Sizes.Max());
            var xs = LogGrid(lo, hi);
            double scale = f.TailCount / (double)f.SampleCount / PowerLaw.HurwitzZeta(f.Alpha, f.XMin);
            var ys = xs.Select(x => scale * Math.Pow(x, -f.Alpha)).ToArray();
            string p = f.Replicates > 0 ? string.Create(Inv, $", p = {f.PValue:0.###}") : string.Empty;
            sizes.Add(string.Create(Inv, $"power law alpha = {f.Alpha:0.##}, s >= {f.XMin:0}{p}"), xs, ys, SeriesStyle.Line);
        }

        var rk = new LineChart
        {
            Title = $"{name}: multistep regression",
            XAxis = new Axis { Label = "lag k", Unit = $"bins of {r.BinMs.ToString("0.####", Inv)} ms" },
            YAxis = new Axis { Label = "regression slope r_k" },
        };
        if (r.Multistep is { } mr)
        {
            var k = Enumerable.Range(1, mr.Slopes.Length).Select(i => (double)i).ToArray();
            rk.Add("r_k (slope of A(t+k) on A(t))", k, mr.Slopes, SeriesStyle.Markers);
            rk.Add(string.Create(Inv, $"fit b m^k: m = {mr.BranchingRatio:0.###}, b = {mr.Amplitude:0.###}"), k, k.Select(x => mr.Amplitude * Math.Pow(mr.BranchingRatio, x)).ToArray(), SeriesStyle.Line);
        }

        return new AnalyzeFigurePair(sizes, rk) { Width = 1200, Height = 480 };
    }

    // Integers from lo to hi, spaced about evenly on a log axis (at most about 200 points).
    private static double[] LogGrid(long lo, long hi)
    {
        var xs = new SortedSet<double>();
        for (int i = 0; i <= 200; i++)
        {
            xs.Add(Math.Round(lo * Math.Pow(hi / (double)lo, i / 200.0)));
        }

        return xs.ToArray();
    }

    private static void WriteJson(string path, AnalyzeRun run, Result r)
    {
        var a = r.Avalanches;
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("run", run.Folder);
        w.WriteString("source", run.Kind);
        w.WriteString("network", run.Network.Name);
        w.WriteNumber("dt_ms", run.DtMs);
        w.WriteNumber("steps", run.Steps);
        w.WriteNumber("spikes", a.Counts.Sum());
        w.WriteNumber("bin_steps", a.BinWidth);
        w.WriteNumber("bin_ms", r.BinMs);
        w.WriteNumber("bins", a.Counts.Length);
        w.WriteStartObject("avalanches");
        w.WriteNumber("count", a.Count);
        Number(w, "mean_size", a.MeanSize);
        w.WriteNumber("max_size", a.Count > 0 ? a.Sizes.Max() : 0);
        w.WriteNumber("max_duration_bins", a.Count > 0 ? a.Durations.Max() : 0);
        w.WriteEndObject();
        WriteFit(w, "size_power_law", r.Sizes);
        WriteFit(w, "duration_power_law", r.Durations);
        if (r.FitProblem is not null)
        {
            w.WriteString("power_law_problem", r.FitProblem);
        }

        w.WriteStartObject("branching_ratio");
        Number(w, "naive", r.NaiveRatio);
        if (r.Multistep is { } mr)
        {
            Number(w, "multistep_regression", mr.BranchingRatio);
            Number(w, "amplitude", mr.Amplitude);
            Number(w, "autocorrelation_ms", mr.AutocorrelationSteps * r.BinMs);
            w.WriteStartArray("slopes");
            foreach (double s in mr.Slopes)
            {
                Number(w, null, s);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("multistep_regression");
        }

        if (r.BranchingProblem is not null)
        {
            w.WriteString("problem", r.BranchingProblem);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteFit(Utf8JsonWriter w, string name, PowerLawFit? f)
    {
        if (f is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        Number(w, "alpha", f.Alpha);
        Number(w, "standard_error", f.StandardError);
        w.WriteNumber("x_min", f.XMin);
        w.WriteNumber("tail_count", f.TailCount);
        w.WriteNumber("sample_count", f.SampleCount);
        Number(w, "ks_distance", f.KsDistance);
        Number(w, "p_value", f.Replicates > 0 ? f.PValue : double.NaN);
        w.WriteNumber("replicates", f.Replicates);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string? name, double value)
    {
        if (name is not null)
        {
            w.WritePropertyName(name);
        }

        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
