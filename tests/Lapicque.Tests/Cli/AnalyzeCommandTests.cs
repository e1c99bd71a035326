using System.Globalization;
using System.Text.Json;
using Lapicque.Analysis;
using Lapicque.IO;

namespace Lapicque.Tests.Cli;

/// <summary>Runs made once for the analyze tests: a small simulate run and a pure-Poisson run.</summary>
public sealed class AnalyzeRunsFixture : IDisposable
{
    // 10 Poisson inputs all-to-all onto 5 LIF neurons (fan-out 5 for every input), 50 ms at dt 0.1 ms.
    public const string Dense = """
    {
      "name": "dense", "dt_ms": 0.1, "duration_ms": 50, "seed": 7,
      "populations": [
        { "name": "in", "size": 10, "model": "poisson", "parameters": { "rate_hz": 200 } },
        { "name": "out", "size": 5, "model": "lif", "parameters": { "tau_mem_ms": 10, "threshold_mv": 1, "reset_mv": 0 } }
      ],
      "projections": [
        { "source": "in", "target": "out", "connectivity": { "type": "all" }, "weights": 0.3, "synapse": "delta" }
      ]
    }
    """;

    // 50 LIF neurons driven by 100 Poisson inputs through random synapses (fan-outs differ per input), recurrent LIF synapses.
    public const string Random = """
    {
      "name": "random", "dt_ms": 0.1, "duration_ms": 200, "seed": 4,
      "populations": [
        { "name": "in", "size": 100, "model": "poisson", "parameters": { "rate_hz": 20 } },
        { "name": "out", "size": 50, "model": "lif", "parameters": { "tau_mem_ms": 10, "threshold_mv": 1, "reset_mv": 0 } }
      ],
      "projections": [
        { "source": "in", "target": "out", "connectivity": { "type": "fixed_probability", "p": 0.2 }, "weights": 0.25, "synapse": "delta" },
        { "source": "out", "target": "out", "connectivity": { "type": "fixed_probability", "p": 0.1 }, "weights": 0.1, "synapse": "delta" }
      ]
    }
    """;

    // 200 independent Poisson neurons at 20 Hz for 2 s: no interaction, so the branching ratio is 0.
    public const string Poisson = """
    {
      "name": "poisson", "dt_ms": 0.1, "duration_ms": 2000, "seed": 11,
      "populations": [ { "name": "in", "size": 200, "model": "poisson", "parameters": { "rate_hz": 20 } } ]
    }
    """;

    public AnalyzeRunsFixture()
    {
        DenseRun = Simulate("dense", Dense);
        RandomRun = Simulate("random", Random);
        PoissonRun = Simulate("poisson", Poisson);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("lapicque-analyze-").FullName;

    public string DenseRun { get; }

    public string RandomRun { get; }

    public string PoissonRun { get; }

    public string NetworkPath(string name) => Path.Combine(Root, name + ".json");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string Simulate(string name, string json)
    {
        File.WriteAllText(NetworkPath(name), json);
        string run = Path.Combine(Root, "run-" + name);
        var (code, _, err) = CliRunner.Run("simulate", NetworkPath(name), "--threads", "1", "--out", run);
        Assert.True(code == 0, err);
        return run;
    }
}

public class AnalyzeCommandTests(AnalyzeRunsFixture runs) : IClassFixture<AnalyzeRunsFixture>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Spikes per neuron read straight from spikes.csv (population,neuron,step,t_ms).
    private static Dictionary<string, long[]> CountSpikes(string run, Dictionary<string, int> sizes)
    {
        var counts = sizes.ToDictionary(kv => kv.Key, kv => new long[kv.Value]);
        foreach (string line in File.ReadLines(Path.Combine(run, "spikes.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            counts[f[0]][int.Parse(f[1], Inv)]++;
        }

        return counts;
    }

    private static JsonElement Platform(JsonElement energy, string kind) =>
        energy.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == kind);

    [Fact]
    public void Energy_DenseNetwork_MatchesHandArithmetic()
    {
        var (code, stdout, stderr) = CliRunner.Run("analyze", runs.DenseRun, "--energy");
        Assert.True(code == 0, stderr);
        var counts = CountSpikes(runs.DenseRun, new() { ["in"] = 10, ["out"] = 5 });
        long inSpikes = counts["in"].Sum();
        Assert.InRange(inSpikes, 60, 140); // 10 x 200 Hz x 50 ms: 100 expected, sd 10
        long steps = 500;

        // All-to-all 10 -> 5: every input spike is 5 accumulates; 'out' sends nothing. 5 LIF neurons updated every step.
        // Horowitz 2014 at 45 nm: 0.9 pJ per add, 4.6 pJ per MAC; 5.5 pJ per neuron update (the model's documented figure).
        double synOps = 5.0 * inSpikes;
        double snnPj = (synOps * 0.9) + (5 * steps * 5.5);
        double annPj = 10 * 5 * 4.6;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.DenseRun, "energy.json")));
        var root = json.RootElement;
        Assert.Equal(synOps, root.GetProperty("activity").GetProperty("synaptic_operations").GetDouble());
        Assert.Equal(5 * steps, root.GetProperty("activity").GetProperty("neuron_updates").GetInt64());
        Assert.Equal(snnPj, Platform(root, "snn_45nm").GetProperty("total_pj").GetDouble(), 1e-6 * snnPj);
        Assert.Equal(annPj, Platform(root, "ann_45nm").GetProperty("total_pj").GetDouble(), 1e-9);

        // Loihi 2 (Loihi 1 figures, Davies et al. 2018): 23.6 pJ per SynOp, 52 pJ per update.
        var loihi = root.GetProperty("chips").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "loihi2");
        Assert.True(loihi.GetProperty("fits").GetBoolean());
        Assert.Equal(1, loihi.GetProperty("cores_needed").GetInt64());
        double loihiPj = (synOps * 23.6) + (5 * steps * 52);
        Assert.Equal(loihiPj, loihi.GetProperty("energy").GetProperty("total_pj").GetDouble(), 1e-6 * loihiPj);

        // The printed table shows the same total in microjoules.
        Assert.Contains((snnPj * 1e-6).ToString("G4", Inv), stdout);
        Assert.True(File.Exists(Path.Combine(runs.DenseRun, "energy.svg")));
    }

    [Fact]
    public void Energy_RandomNetwork_EqualsLibraryReportForTheSameCounts()
    {
        string outDir = Path.Combine(runs.Root, "energy-random");
        var (code, stdout, stderr) = CliRunner.Run("analyze", runs.RandomRun, "--energy", "--out", outDir);
        Assert.True(code == 0, stderr);

        // The yardstick: the network rebuilt here with the run's seed, counts from spikes.csv, and the library's report.
        var network = NetworkFile.Read(runs.NetworkPath("random")).Network.Build(4);
        var counts = CountSpikes(runs.RandomRun, new() { ["in"] = 100, ["out"] = 50 });
        Assert.True(counts["out"].Sum() > 0, "the LIF population must fire for the recurrent SynOps to be tested");
        var expected = EnergyReport.Create(ActivityReport.FromNeuronCounts(network, [counts["in"], counts["out"]], 2000, 1, 0.1));
        foreach (string line in expected.ToText().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(line.TrimEnd(), stdout);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "energy.json")));
        var root = json.RootElement;
        Assert.Equal(expected.Activity.SynapticOperations, root.GetProperty("activity").GetProperty("synaptic_operations").GetDouble());
        Assert.Equal(expected.Snn.TotalPj, Platform(root, "snn_45nm").GetProperty("total_pj").GetDouble());
        Assert.Equal(expected.Gpu.TotalPj, Platform(root, "ann_gpu").GetProperty("total_pj").GetDouble());
        Assert.Equal(expected.GpuDenseSnn.TotalPj, Platform(root, "dense_snn_gpu").GetProperty("total_pj").GetDouble());
        var chips = root.GetProperty("chips").EnumerateArray().ToArray();
        Assert.Equal(ChipProfiles.All.Count, chips.Length);
        for (int i = 0; i < chips.Length; i++)
        {
            Assert.Equal(expected.Chips[i].CoresNeeded, chips[i].GetProperty("cores_needed").GetInt64());
            Assert.Equal(expected.Chips[i].Fits, chips[i].GetProperty("fits").GetBoolean());
        }
    }

    [Fact]
    public void Energy_ChipOption_KeepsOnlyThatChip()
    {
        string outDir = Path.Combine(runs.Root, "energy-chip");
        var (code, stdout, stderr) = CliRunner.Run("analyze", runs.DenseRun, "--energy", "--chip", "TrueNorth", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("truenorth", stdout);
        Assert.DoesNotContain("loihi2", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "energy.json")));
        Assert.Equal("truenorth", Assert.Single(json.RootElement.GetProperty("chips").EnumerateArray().ToArray()).GetProperty("name").GetString());
    }

    [Fact]
    public void Energy_UnknownChip_Exits2AndListsTheChips()
    {
        var (code, _, stderr) = CliRunner.Run("analyze", runs.DenseRun, "--energy", "--chip", "loihi3");
        Assert.Equal(2, code);
        Assert.Contains("loihi3", stderr);
        foreach (var chip in ChipProfiles.All)
        {
            Assert.Contains(chip.Name, stderr);
        }
    }

    [Fact]
    public void Criticality_IndependentPoissonNeurons_NoBranchingAndPoissonAvalanches()
    {
        string outDir = Path.Combine(runs.Root, "crit-poisson");
        var (code, stdout, stderr) = CliRunner.Run("analyze", runs.PoissonRun, "--criticality", "--replicates", "20", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "criticality.svg")));
        Assert.Contains("multistep regression", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "criticality.json")));
        var root = json.RootElement;
        long spikes = File.ReadLines(Path.Combine(runs.PoissonRun, "spikes.csv")).LongCount() - 1;
        Assert.Equal(spikes, root.GetProperty("spikes").GetInt64());

        // The bin is the mean inter-event interval: 200 x 20 Hz = 4 spikes/ms, so 0.25 ms, rounded to 2 or 3 steps.
        double binMs = root.GetProperty("bin_ms").GetDouble();
        Assert.InRange(binMs, 0.2, 0.3);

        // Independent neurons do not cause each other's spikes: the branching ratio is 0 (sd about 1/sqrt(bins) = 0.012).
        var branching = root.GetProperty("branching_ratio");
        Assert.InRange(branching.GetProperty("naive").GetDouble(), -0.05, 0.05);

        // Poisson counts with mean lambda per bin: durations are geometric with mean e^lambda bins, and each non-empty bin
        // holds lambda / (1 - e^-lambda) spikes on average, so the mean size is e^lambda lambda / (1 - e^-lambda).
        double lambda = spikes / (double)root.GetProperty("bins").GetInt64();
        double expectedMean = Math.Exp(lambda) * lambda / (1 - Math.Exp(-lambda));
        var avalanches = root.GetProperty("avalanches");
        Assert.InRange(avalanches.GetProperty("mean_size").GetDouble(), 0.93 * expectedMean, 1.07 * expectedMean);
        Assert.True(avalanches.GetProperty("count").GetInt64() > 500);

        var fit = root.GetProperty("size_power_law");
        Assert.True(fit.GetProperty("alpha").GetDouble() > 1);
        Assert.InRange(fit.GetProperty("p_value").GetDouble(), 0, 1);
        Assert.Equal(20, fit.GetProperty("replicates").GetInt32());
    }

    [Fact]
    public void Criticality_RandomRun_WritesSaneValues()
    {
        string outDir = Path.Combine(runs.Root, "crit-random");
        var (code, _, stderr) = CliRunner.Run("analyze", runs.RandomRun, "--criticality", "--replicates", "0", "--out", outDir);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "criticality.json")));
        var root = json.RootElement;
        var avalanches = root.GetProperty("avalanches");
        Assert.True(avalanches.GetProperty("count").GetInt64() > 0);
        Assert.True(avalanches.GetProperty("max_size").GetInt64() <= root.GetProperty("spikes").GetInt64());
        var m = root.GetProperty("branching_ratio").GetProperty("multistep_regression").GetDouble();
        Assert.InRange(m, 0, 1.5);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("size_power_law").GetProperty("p_value").ValueKind);
    }

    [Fact]
    public void SilentRun_BothAnalysesSucceedWithNoAvalanches()
    {
        string net = Path.Combine(runs.Root, "silent.json");
        File.WriteAllText(net, """
        { "name": "silent", "dt_ms": 0.1, "duration_ms": 20, "seed": 1,
          "populations": [ { "name": "a", "size": 3, "model": "lif", "parameters": { "tau_mem_ms": 10, "threshold_mv": 1, "reset_mv": 0 } } ],
          "projections": [ { "source": "a", "target": "a", "connectivity": { "type": "all" }, "weights": 0.1, "synapse": "delta" } ] }
        """);
        string run = Path.Combine(runs.Root, "run-silent");
        Assert.Equal(0, CliRunner.Run("simulate", net, "--out", run).ExitCode);
        var (code, stdout, stderr) = CliRunner.Run("analyze", run, "--energy", "--criticality");
        Assert.True(code == 0, stderr);
        Assert.Contains("0 avalanches", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "energy.json")));

        // No spikes: no synaptic operations; 3 neurons x 200 steps x 5.5 pJ of updates.
        Assert.Equal(0, json.RootElement.GetProperty("activity").GetProperty("synaptic_operations").GetDouble());
        Assert.Equal(3 * 200 * 5.5, Platform(json.RootElement, "snn_45nm").GetProperty("total_pj").GetDouble(), 1e-9);
    }

    [Fact]
    public void Errors_MissingFolder_Exits2AndNamesIt()
    {
        string missing = Path.Combine(runs.Root, "no-such-run");
        var (code, _, stderr) = CliRunner.Run("analyze", missing, "--energy");
        Assert.Equal(2, code);
        Assert.Contains(missing, stderr);
        Assert.Contains("not found", stderr);
    }

    [Fact]
    public void Errors_FolderWithoutStats_Exits2()
    {
        string empty = Directory.CreateDirectory(Path.Combine(runs.Root, "empty")).FullName;
        var (code, _, stderr) = CliRunner.Run("analyze", empty, "--criticality");
        Assert.Equal(2, code);
        Assert.Contains("stats.json", stderr);
    }

    [Fact]
    public void Errors_NothingRequested_Exits2()
    {
        var (code, _, stderr) = CliRunner.Run("analyze", runs.DenseRun);
        Assert.Equal(2, code);
        Assert.Contains("--energy", stderr);
    }

    [Theory]
    [InlineData("seed", "-1", "$.seed")]
    [InlineData("dt_ms", "0", "$.dt_ms")]
    [InlineData("file", "3", "$.file")]
    public void Errors_MalformedStats_Exits2AndNamesTheField(string key, string value, string field)
    {
        string run = Copy(runs.DenseRun, Guid.NewGuid().ToString("N"));
        string stats = Path.Combine(run, "stats.json");
        string text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(stats), $"\"{key}\": [^,\\n]+", $"\"{key}\": {value}");
        File.WriteAllText(stats, text);
        var (code, _, stderr) = CliRunner.Run("analyze", run, "--energy");
        Assert.Equal(2, code);
        Assert.Contains(stats, stderr);
        Assert.Contains(field, stderr);
    }

    [Fact]
    public void Errors_StatsNotJson_Exits2()
    {
        string run = Copy(runs.DenseRun, "not-json");
        File.WriteAllText(Path.Combine(run, "stats.json"), "{ \"file\": ");
        var (code, _, stderr) = CliRunner.Run("analyze", run, "--energy");
        Assert.Equal(2, code);
        Assert.Contains("not valid JSON", stderr);
    }

    [Fact]
    public void Errors_BadSpikeLine_Exits2AndNamesFileAndLine()
    {
        string run = Copy(runs.DenseRun, "bad-spikes");
        string spikes = Path.Combine(run, "spikes.csv");
        var lines = File.ReadAllLines(spikes);
        lines[2] = "out,99,3,0.3";
        File.WriteAllLines(spikes, lines);
        var (code, _, stderr) = CliRunner.Run("analyze", run, "--energy");
        Assert.Equal(2, code);
        Assert.Contains("spikes.csv line 3", stderr);
        Assert.Contains("[0, 4]", stderr);
    }

    [Fact]
    public void Errors_MissingNetworkFile_Exits2AndNamesIt()
    {
        string run = Copy(runs.DenseRun, "moved");
        string stats = Path.Combine(run, "stats.json");
        File.WriteAllText(stats, File.ReadAllText(stats).Replace("dense.json", "gone.json", StringComparison.Ordinal));
        var (code, _, stderr) = CliRunner.Run("analyze", run, "--energy");
        Assert.Equal(2, code);
        Assert.Contains("gone.json", stderr);
        Assert.Contains("$.file", stderr);
    }

    private string Copy(string run, string name)
    {
        string dir = Directory.CreateDirectory(Path.Combine(runs.Root, name)).FullName;
        foreach (string f in new[] { "stats.json", "spikes.csv" })
        {
            File.Copy(Path.Combine(run, f), Path.Combine(dir, f));
        }

        return dir;
    }
}
