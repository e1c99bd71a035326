using System.Globalization;
using System.Text.Json;
using Lapicque.IO;
using Lapicque.Networks;

namespace Lapicque.Cli.Commands;

/// <summary>
/// Reads a folder written by <c>lapicque simulate</c>: stats.json names the network file, the step, the duration and the seed;
/// the network is rebuilt from that file with that seed (the same weights and fan-outs as in the run, since
/// <see cref="Network.Build"/> draws each projection from its own stream of the seed), and spikes.csv
/// (population,neuron,step,t_ms) gives the spikes.
/// </summary>
internal sealed class AnalyzeSimulateRunSource : IAnalyzeRunSource
{
    private const string Header = "population,neuron,step,t_ms";

    public string Description => "a 'lapicque simulate' folder (stats.json, spikes.csv)";

    public bool Recognizes(string folder) => File.Exists(Path.Combine(folder, "stats.json"));

    public AnalyzeRun Load(string folder)
    {
        string statsPath = Path.Combine(folder, "stats.json");
        var (file, dt, duration, seed) = ReadStats(statsPath);
        string networkPath = Resolve(file, folder, statsPath);
        NetworkDocument doc;
        try
        {
            doc = NetworkFile.Read(networkPath);
            doc.Network.Build(seed);
        }
        catch (FileFormatException e)
        {
            throw new AnalyzeInputException($"{statsPath}: $.file names a malformed network file: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new AnalyzeInputException($"{networkPath}: cannot build the network with seed {seed}: {Check.MessageOf(e)}", e);
        }

        var network = doc.Network;
        long steps = (long)Math.Round(duration / dt);
        if (steps > int.MaxValue)
        {
            throw new AnalyzeInputException($"{statsPath}: $.duration_ms / $.dt_ms = {steps} steps; expected at most {int.MaxValue}.");
        }

        // Which populations were recorded: those the file's spike monitors name (all neurons of each assumed unless a
        // subset is listed), or every population when the file names none (as 'simulate' then records all).
        var counts = new long[]?[network.Populations.Count];
        var warnings = new List<string>();
        var spikeMonitors = doc.Monitors.OfType<MonitorSpec.Spikes>().ToArray();
        for (int i = 0; i < counts.Length; i++)
        {
            var pop = network.Populations[i];
            var monitor = spikeMonitors.FirstOrDefault(m => m.Population == pop.Name);
            if (spikeMonitors.Length == 0 || monitor is not null)
            {
                counts[i] = new long[pop.Size];
                if (monitor?.Neurons is { } subset && subset.Length < pop.Size)
                {
                    warnings.Add($"only {subset.Length} of {pop.Size} neurons of '{pop.Name}' were recorded; the others count as silent");
                }
            }
            else if (network.Projections.Any(p => p.Source == pop.Name))
            {
                warnings.Add($"spikes of '{pop.Name}' were not recorded; its synaptic operations count as zero");
            }
        }

        var stepCounts = new long[steps];
        ReadSpikes(Path.Combine(folder, "spikes.csv"), network, counts, stepCounts);
        return new AnalyzeRun(folder, "simulate", network, dt, steps, 1, seed, counts, stepCounts, warnings);
    }

    private static (string File, double Dt, double Duration, ulong Seed) ReadStats(string path)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new AnalyzeInputException($"{path}: not valid JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalyzeInputException($"{path}: cannot read the file: {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new AnalyzeInputException($"{path}: $: expected an object; was {root.ValueKind.ToString().ToLowerInvariant()}.");
            }

            JsonElement Field(string name, JsonValueKind kind)
            {
                if (!root.TryGetProperty(name, out var v))
                {
                    throw new AnalyzeInputException($"{path}: $.{name}: missing; expected {(kind == JsonValueKind.String ? "a string" : "a number")}.");
                }

                if (v.ValueKind != kind)
                {
                    throw new AnalyzeInputException($"{path}: $.{name}: expected {(kind == JsonValueKind.String ? "a string" : "a number")}; was {v.GetRawText()}.");
                }

                return v;
            }

            string file = Field("file", JsonValueKind.String).GetString()!;
            double dt = Field("dt_ms", JsonValueKind.Number).GetDouble();
            double duration = Field("duration_ms", JsonValueKind.Number).GetDouble();
            var seedElement = Field("seed", JsonValueKind.Number);
            if (!(dt > 0) || !double.IsFinite(dt))
            {
                throw new AnalyzeInputException($"{path}: $.dt_ms: expected > 0; was {Check.Format(dt)}.");
            }

            if (!(duration >= 0) || !double.IsFinite(duration))
            {
                throw new AnalyzeInputException($"{path}: $.duration_ms: expected >= 0; was {Check.Format(duration)}.");
            }

            if (!seedElement.TryGetUInt64(out ulong seed))
            {
                throw new AnalyzeInputException($"{path}: $.seed: expected a non-negative integer; was {seedElement.GetRawText()}.");
            }

            return (file, dt, duration, seed);
        }
    }

    // stats.json holds the path as given to 'simulate': relative to where it ran. Try that, then the run folder.
    private static string Resolve(string file, string folder, string statsPath)
    {
        if (Path.IsPathRooted(file))
        {
            return File.Exists(file) ? file : throw new AnalyzeInputException($"{statsPath}: $.file: network file '{file}' not found.");
        }

        string[] candidates = [file, Path.Combine(folder, file), Path.Combine(folder, Path.GetFileName(file))];
        foreach (string c in candidates)
        {
            if (File.Exists(c))
            {
                return c;
            }
        }

        throw new AnalyzeInputException(
            $"{statsPath}: $.file: network file '{file}' not found (looked in {Path.GetFullPath(".")} and {Path.GetFullPath(folder)}); run analyze from where simulate ran.");
    }

    private static void ReadSpikes(string path, Network network, long[]?[] counts, long[] stepCounts)
    {
        if (!File.Exists(path))
        {
            throw new AnalyzeInputException($"{path}: not found; a 'lapicque simulate' folder holds spikes.csv beside stats.json.");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < network.Populations.Count; i++)
        {
            index[network.Populations[i].Name] = i;
        }

        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header?.TrimEnd() != Header)
        {
            throw new AnalyzeInputException($"{path} line 1: expected the header '{Header}'; was '{header ?? "(empty file)"}'.");
        }

        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            if (f.Length != 4)
            {
                throw new AnalyzeInputException($"{path} line {lineNumber}: expected 4 fields ({Header}); was {f.Length}: '{line}'.");
            }

            if (!index.TryGetValue(f[0], out int p))
            {
                throw new AnalyzeInputException($"{path} line {lineNumber}: population '{f[0]}' is not in network '{network.Name}'; expected one of: {string.Join(", ", index.Keys)}.");
            }

            int size = network.Populations[p].Size;
            if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n >= size)
            {
                throw new AnalyzeInputException($"{path} line {lineNumber}: neuron must be an integer in [0, {size - 1}] (population '{f[0]}'); was '{f[1]}'.");
            }

            if (!long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out long step) || step >= stepCounts.Length)
            {
                throw new AnalyzeInputException($"{path} line {lineNumber}: step must be an integer in [0, {stepCounts.Length - 1}] (the run has {stepCounts.Length} steps); was '{f[2]}'.");
            }

            // A population with spikes in the file was recorded even if the monitor list did not say so.
            (counts[p] ??= new long[size])[n]++;
            stepCounts[step]++;
        }
    }
}
