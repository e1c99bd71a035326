using System.Diagnostics;
using System.Globalization;
using Lapicque.Cli.Parsing;
using Lapicque.Cli.Rendering;
using Lapicque.Learning.Exact.Experiments;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque exact concept|single|recurrent --out DIR</c>: the small experiments of Klos and Memmesheimer's exact
/// (event-based) gradient with QIF neurons and pseudospikes (spec 2.7 a to c); each writes its CSV files and an SVG figure.
/// </summary>
internal static class ExactCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] Experiments = ["concept", "single", "recurrent"];

    public static CommandSpec Spec { get; } = new()
    {
        Name = "exact",
        Summary = "Exact-gradient QIF experiments: concept figure, single neuron, recurrent network",
        Description = "Runs one experiment of smooth exact gradient descent with QIF neurons and pseudospikes (docs/exact-gradient.md):\n"
            + "  concept    output time against an input weight and an inhibitory input time, QIF beside LIF\n"
            + "             (concept-weight.csv, concept-inhibition.csv, concept.svg)\n"
            + "  single     one QIF neuron learns output spikes at 2.5 and 7.5 (single-neuron.csv, single-neuron.svg)\n"
            + "  recurrent  10 recurrent QIF neurons learn target spike trains\n"
            + "             (recurrent-loss.csv, recurrent-spikes.csv, recurrent-targets.csv, recurrent.svg)\n"
            + "--ramp K replaces the constant pseudodynamics drive by one that grows with slope K after the trial end.",
        Arguments = [new ArgumentSpec("EXPERIMENT", "Experiment: " + string.Join(", ", Experiments))],
        Options =
        [
            OptionSpec.Number("trials", "N", "Training trials (single, recurrent)", NumberRange.Integers(1, 10_000_000), defaultText: "3000 (single), 10000 (recurrent)"),
            OptionSpec.Number("lr", "X", "Learning rate (single: SGD; recurrent: initial AdaBelief rate)", NumberRange.Positive(max: 100), defaultText: "0.1 (single), 0.01 (recurrent)"),
            OptionSpec.Number("seed", "N", "Seed of the random inputs and targets (single, recurrent)", NumberRange.Integers(0, 1L << 53), defaultText: "3 (single), 7 (recurrent)"),
            OptionSpec.Number("ramp", "K", "Slope of the ramp pseudodynamics (0: the authors' constant drive)", NumberRange.NonNegative(max: 1e6), defaultText: "0"),
            OptionSpec.Number("points", "N", "Grid points per sweep (concept)", NumberRange.Integers(2, 1_000_000), defaultText: "2000"),
            OptionSpec.Number("neurons", "N", "Neurons of the recurrent network (recurrent)", NumberRange.Integers(2, 1000), defaultText: "10"),
            OptionSpec.Number("trial", "MS", "Trial length T (recurrent)", NumberRange.Positive("ms", 1e4), defaultText: "10"),
            OptionSpec.Text("out", "DIR", "Output folder (created if missing)", "a folder path", required: true, shortName: 'o'),
        ],
        Examples =
        [
            "exact concept --out runs/exact/concept",
            "exact single --trials 3000 --out runs/exact/single",
            "exact recurrent --out runs/exact/recurrent",
            "exact single --ramp 1 --out runs/exact/single-ramp",
        ],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string experiment = p.Argument(0)!;
        if (Array.IndexOf(Experiments, experiment) < 0)
        {
            string? near = Suggest.Closest(experiment, Experiments);
            throw new CliUsageException($"EXPERIMENT must be one of: {string.Join(", ", Experiments)}; was '{experiment}'.{(near is null ? "" : $" Did you mean {near}?")}", Spec.Name);
        }

        Only(p, experiment, "points", "concept");
        Only(p, experiment, "trials", "single", "recurrent");
        Only(p, experiment, "lr", "single", "recurrent");
        Only(p, experiment, "seed", "single", "recurrent");
        Only(p, experiment, "neurons", "recurrent");
        Only(p, experiment, "trial", "recurrent");
        string outDir = p.Get<string>("out")!;
        double ramp = p.GetDouble("ramp") ?? 0.0;
        Directory.CreateDirectory(outDir);
        var clock = Stopwatch.StartNew();
        switch (experiment)
        {
            case "concept":
                {
                    ConceptResult r = ConceptExperiment.Run((int)(p.GetLong("points") ?? 2000), ramp);
                    r.WriteCsv(outDir);
                    r.Figure().Save(Path.Combine(outDir, "concept.svg"));
                    context.Out.WriteLine(string.Create(Inv,
                        $"QIF: pseudospike -> ordinary spike at w = {r.QifCrossingWeight:F4} w_min; output time {r.Weight.QifTime[0]:F3} ms at w = 0 to {r.Weight.QifTime[^1]:F3} ms at 2 w_min; largest step between grid points {r.QifLargestStep:G3} ms (weight sweep), {r.QifLargestStepInhibition:G3} ms (inhibition sweep)"));
                    context.Out.WriteLine($"wrote {outDir}: concept-weight.csv, concept-inhibition.csv, concept.svg");
                    break;
                }

            case "single":
                {
                    int trials = (int)(p.GetLong("trials") ?? 3000);
                    SingleNeuronResult r = null!;
                    ProgressRunner.Run(context, "single neuron", trials, report =>
                        r = SingleNeuronExperiment.Run(trials, (ulong)(p.GetLong("seed") ?? 3), p.GetDouble("lr") ?? 0.1, rampSlope: ramp, progress: report));
                    r.WriteCsv(outDir);
                    r.Figure().Save(Path.Combine(outDir, "single-neuron.svg"));
                    context.Out.WriteLine(string.Create(Inv,
                        $"trial 0: loss {r.Loss[0]:G4}, output times {r.FirstTime[0]:F3}, {r.SecondTime[0]:F3} ms; trial {r.Trials}: loss {r.Loss[^1]:G4}, output times {r.FirstTime[^1]:F4}, {r.SecondTime[^1]:F4} ms ({r.OrdinarySpikes[^1]} ordinary spikes)"));
                    context.Out.WriteLine(string.Create(Inv, $"first ordinary spike for good from trial {r.FirstTrialWithOrdinary(1)}, second from trial {r.FirstTrialWithOrdinary(2)}; {clock.Elapsed.TotalSeconds:F1} s"));
                    context.Out.WriteLine($"wrote {outDir}: single-neuron.csv, single-neuron.svg");
                    break;
                }

            default:
                {
                    var options = new RecurrentOptions
                    {
                        Trials = (int)(p.GetLong("trials") ?? 10_000),
                        LearningRate = p.GetDouble("lr") ?? 1e-2,
                        Seed = (ulong)(p.GetLong("seed") ?? 7),
                        Neurons = (int)(p.GetLong("neurons") ?? 10),
                        TrialMs = p.GetDouble("trial") ?? 10.0,
                        RampSlope = ramp,
                    };

                    // Room for the 2 N Poisson inputs of rate 1 and a busy network however long the trial.
                    options = options with { MaxEvents = (int)Math.Min(int.MaxValue / 2, Math.Max(5000, 60.0 * options.Neurons * options.TrialMs)) };
                    RecurrentResult r = null!;
                    ProgressRunner.Run(context, "recurrent network", options.Trials, report => r = RecurrentExperiment.Run(options, report));
                    r.WriteCsv(outDir);
                    r.Figure().Save(Path.Combine(outDir, "recurrent.svg"));
                    int targets = r.Targets.Sum(t => t.Length);
                    context.Out.WriteLine(string.Create(Inv,
                        $"{options.Neurons} neurons, {targets} target spikes on {options.TargetNeurons} neurons; loss {r.Loss[0]:G4} -> {r.Loss[^1]:G4} (x{r.Loss[0] / r.Loss[^1]:G3} smaller) in {options.Trials} trials, {clock.Elapsed.TotalSeconds:F1} s"));
                    context.Out.WriteLine(string.Create(Inv, $"largest timing error of a target spike after training: {r.LargestTimingError:G3} ms"));
                    context.Out.WriteLine($"wrote {outDir}: recurrent-loss.csv, recurrent-spikes.csv, recurrent-targets.csv, recurrent.svg");
                    break;
                }
        }

        return 0;
    }

    // An option that only some experiments read is an error elsewhere, so that it is not silently ignored.
    private static void Only(ParsedCommand p, string experiment, string option, params string[] experiments)
    {
        if (p.Has(option) && Array.IndexOf(experiments, experiment) < 0)
        {
            throw new CliUsageException($"--{option} applies to {string.Join(" and ", experiments)}; it was given for '{experiment}'.", Spec.Name);
        }
    }
}
