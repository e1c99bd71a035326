using System.Globalization;
using System.Text.Json;
using Lapicque.Cli.Parsing;
using Lapicque.Networks;
using Lapicque.Simulation;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque bench cuba|coba|cobahh|train-fc|train-conv</c>: times the standard benchmark networks, reporting set-up
/// (weights, state) and the simulation itself separately, or one surrogate-gradient training step (see
/// <see cref="BenchTraining"/>).
/// </summary>
internal static class BenchCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, Func<Network>> Networks = new(StringComparer.Ordinal)
    {
        ["cuba"] = () => StandardNetworks.Cuba(),
        ["coba"] = () => StandardNetworks.Coba(),
        ["cobahh"] = () => StandardNetworks.CobaHH(),
    };

    public static CommandSpec Spec { get; } = new()
    {
        Name = "bench",
        Summary = "Time a standard workload (cuba, coba, cobahh, train-fc, train-conv)",
        Description = "Runs a standard benchmark network (Brette et al. 2007: 4000 neurons, 2% connectivity, dt 0.1 ms) for\n"
            + "--duration and prints the set-up time and the simulation wall time separately, and the mean rate. --json prints\n"
            + "one JSON line for scripts (bench/peers/run_simulation_benchmarks.sh compares with Brian2).\n"
            + "train-fc and train-conv time one surrogate-gradient training step (T = 25, batch 128, Adam) of the 784-1000-10\n"
            + "and 12C5-MP2-64C5-MP2-FC10 LIF networks on random data: --warmup steps, then the median and minimum of --steps\n"
            + "steps and the peak working set; --profile adds the time of each layer's forward and backward pass\n"
            + "(bench/peers/run_training_benchmarks.sh compares with PyTorch).",
        Arguments = [new ArgumentSpec("WORKLOAD", "One of: " + string.Join(", ", Networks.Keys.Concat(BenchTraining.Names)))],
        Options =
        [
            OptionSpec.Number("duration", "MS", "Simulated time", NumberRange.Positive("ms", 1e7), defaultText: "1000"),
            OptionSpec.Number("seed", "N", "Seed", NumberRange.Integers(0, 1L << 53), defaultText: "1"),
            OptionSpec.Number("threads", "N", "Threads", NumberRange.Integers(1, 1024), defaultText: "all cores"),
            OptionSpec.Number("repeat", "N", "Repetitions (the best run is reported)", NumberRange.Integers(1, 100), defaultText: "1"),
            OptionSpec.Number("steps", "N", "Timed training steps (train-fc, train-conv)", NumberRange.Integers(1, 100000), defaultText: "20"),
            OptionSpec.Number("warmup", "N", "Untimed warm-up training steps (train-fc, train-conv)", NumberRange.Integers(0, 100000), defaultText: "3"),
            OptionSpec.Flag("profile", "Also time each layer's forward and backward pass (train-fc, train-conv)"),
            OptionSpec.Flag("json", "Print one JSON line instead of text"),
        ],
        Examples = ["bench cuba", "bench coba --threads 1 --repeat 3 --json", "bench train-conv --steps 10 --profile"],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string name = p.Argument(0)!;
        if (BenchTraining.Names.Contains(name))
        {
            if (p.GetLong("threads") is { } t)
            {
                Numerics.Parallelism.MaxThreads = (int)t;
            }

            return BenchTraining.Run(name, (int)(p.GetLong("steps") ?? 20), (int)(p.GetLong("warmup") ?? 3), p.Has("profile"), p.Has("json"), context.Out);
        }

        if (!Networks.TryGetValue(name, out var build))
        {
            throw new CliUsageException($"WORKLOAD must be one of: {string.Join(", ", Networks.Keys.Concat(BenchTraining.Names))}; was '{name}'.", "bench");
        }

        double duration = p.GetDouble("duration") ?? 1000;
        ulong seed = (ulong)(p.GetLong("seed") ?? 1);
        int threads = (int)(p.GetLong("threads") ?? Numerics.Parallelism.MaxThreads);
        int repeat = (int)(p.GetLong("repeat") ?? 1);
        double bestRun = double.MaxValue, bestSetup = double.MaxValue, rate = 0;
        for (int r = 0; r < repeat; r++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sim = new ClockDrivenSimulator(build(), new SimulationOptions { DtMs = 0.1, Seed = seed, Threads = threads });
            var monitors = sim.Network.Populations.Select(pop => sim.MonitorSpikes(pop.Name)).ToList();
            double setup = clock.Elapsed.TotalSeconds;
            clock.Restart();
            sim.Run(duration);
            double run = clock.Elapsed.TotalSeconds;
            int neurons = sim.Network.Populations.Sum(q => q.Size);
            rate = monitors.Sum(m => m.Count) * 1000.0 / (neurons * duration);
            bestRun = Math.Min(bestRun, run);
            bestSetup = Math.Min(bestSetup, setup);
        }

        if (p.Has("json"))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["workload"] = name, ["engine"] = "lapicque", ["seed"] = seed, ["threads"] = threads, ["duration_ms"] = duration,
                ["setup_s"] = bestSetup, ["run_s"] = bestRun, ["rate_hz"] = rate,
            }));
        }
        else
        {
            context.Out.WriteLine(string.Create(Inv, $"{name}: {duration:0.###} ms simulated, {threads} thread(s), seed {seed}"));
            context.Out.WriteLine(string.Create(Inv, $"  set-up      {bestSetup:F3} s"));
            context.Out.WriteLine(string.Create(Inv, $"  simulation  {bestRun:F3} s{(repeat > 1 ? $" (best of {repeat})" : "")}"));
            context.Out.WriteLine(string.Create(Inv, $"  mean rate   {rate:F2} Hz"));
        }

        return 0;
    }
}
