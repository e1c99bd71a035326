using Lapicque.Analysis;
using Lapicque.Cli.Parsing;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque analyze RUN --energy [--chip NAME] [--criticality]</c>: energy and hardware estimates and criticality
/// measures of a recorded run (a folder written by <c>lapicque simulate</c>; other sources plug in through
/// <see cref="IAnalyzeRunSource"/>).
/// </summary>
internal static class AnalyzeCommand
{
    public static CommandSpec Spec { get; } = new()
    {
        Name = "analyze",
        Summary = "Energy, hardware fit and criticality of a recorded run",
        Description = "Reads RUN, a folder written by 'simulate' (stats.json names the network file and seed; spikes.csv the spikes).\n"
            + "--energy rebuilds the network with the run's seed, counts spikes per neuron and prints synaptic operations and\n"
            + "energy per inference on 45 nm CMOS (SNN and dense ANN), a GPU and each neuromorphic chip (fit, cores, energy);\n"
            + "writes energy.json and energy.svg. --criticality bins the pooled spikes at the mean inter-event interval, fits\n"
            + "power laws to avalanche sizes and durations (Clauset-Shalizi-Newman p-value) and estimates the branching ratio\n"
            + "(naive and multistep regression); writes criticality.json and criticality.svg. Schema: docs/analysis.md.",
        Arguments = [new ArgumentSpec("RUN", "Run folder (written by 'simulate')")],
        Options =
        [
            OptionSpec.Flag("energy", "Energy and neuromorphic hardware estimates"),
            OptionSpec.Text("chip", "NAME", "Only this chip in the energy table", string.Join(", ", ChipProfiles.All.Select(c => c.Name)), defaultText: "every chip"),
            OptionSpec.Flag("criticality", "Avalanches, power-law fits and branching ratio"),
            OptionSpec.Number("replicates", "N", "Bootstrap replicates of the power-law p-value", NumberRange.Integers(0, 100000), defaultText: "100"),
            OptionSpec.Number("seed", "N", "Seed of the bootstrap", NumberRange.Integers(0, 1L << 53), defaultText: "1"),
            OptionSpec.Text("out", "DIR", "Folder for the JSON and SVG files (created if missing)", "a folder path", shortName: 'o', defaultText: "RUN"),
        ],
        Examples = ["analyze runs/cuba --energy", "analyze runs/cuba --energy --chip loihi2 --criticality"],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        bool energy = p.Has("energy"), criticality = p.Has("criticality");
        if (!energy && !criticality)
        {
            throw new CliUsageException("Nothing to do; expected --energy and/or --criticality.", Spec.Name);
        }

        ChipProfile? chip = null;
        if (p.Get<string>("chip") is { } name)
        {
            if (!energy)
            {
                throw new CliUsageException("--chip applies to --energy; add --energy.", Spec.Name);
            }

            try
            {
                chip = ChipProfiles.Find(name);
            }
            catch (ArgumentException)
            {
                throw new CliUsageException($"Unknown chip '{name}' for --chip; expected one of: {string.Join(", ", ChipProfiles.All.Select(c => c.Name))}.", Spec.Name);
            }
        }

        string folder = p.Argument(0)!;
        AnalyzeRun run;
        try
        {
            run = AnalyzeRunSources.Load(folder);
        }
        catch (AnalyzeInputException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        foreach (string w in run.Warnings)
        {
            context.Error.WriteLine($"warning: {w}");
        }

        string outDir = p.Get<string>("out") ?? folder;
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        if (energy)
        {
            written.AddRange(AnalyzeEnergy.Run(run, chip, outDir, context));
        }

        if (criticality)
        {
            if (energy)
            {
                context.Out.WriteLine();
            }

            int replicates = (int)(p.GetLong("replicates") ?? 100);
            ulong seed = (ulong)(p.GetLong("seed") ?? 1);
            written.AddRange(AnalyzeCriticality.Run(run, replicates, seed, outDir, context));
        }

        context.Out.WriteLine($"wrote {outDir}: {string.Join(", ", written)}");
        return 0;
    }
}
