using System.Text.Json;

namespace Lapicque.Tests.Cli;

public class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lapicque-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "net.json");
        File.WriteAllText(path, json);
        return path;
    }

    // 50 LIF neurons driven by 100 Poisson inputs; a constant current keeps neuron 0 firing regularly.
    private const string Small = """
    {
      "name": "small", "dt_ms": 0.1, "duration_ms": 200, "seed": 4,
      "populations": [
        { "name": "in", "size": 100, "model": "poisson", "parameters": { "rate_hz": 20 } },
        { "name": "out", "size": 50, "model": "lif", "parameters": { "tau_mem_ms": 10, "threshold_mv": 1, "reset_mv": 0 } }
      ],
      "projections": [
        { "source": "in", "target": "out", "connectivity": { "type": "fixed_probability", "p": 0.2 }, "weights": 0.25, "synapse": "delta" }
      ],
      "currents": [ { "target": "out", "neurons": [0], "constant": 2 } ],
      "monitors": { "states": [ { "population": "out", "variable": "v", "neurons": [0, 1] } ] }
    }
    """;

    [Fact]
    public void Simulate_WritesSpikesStatsAndFigures()
    {
        string out_ = Path.Combine(_dir, "run");
        var (code, stdout, stderr) = CliRunner.Run("simulate", Write(Small), "--out", out_);
        Assert.True(code == 0, stderr);
        foreach (string f in new[] { "spikes.csv", "stats.json", "raster.svg", "traces.svg", "isi.svg" })
        {
            Assert.True(File.Exists(Path.Combine(out_, f)), f);
        }

        string[] lines = File.ReadAllLines(Path.Combine(out_, "spikes.csv"));
        Assert.Equal("population,neuron,step,t_ms", lines[0]);
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "stats.json")));
        var pops = stats.RootElement.GetProperty("populations");
        Assert.Equal(2, pops.GetArrayLength());
        int inSpikes = pops[0].GetProperty("spikes").GetInt32();

        // 100 Poisson neurons at 20 Hz for 200 ms: 400 expected, sd 20.
        Assert.InRange(inSpikes, 300, 500);
        Assert.Equal(lines.Length - 1, inSpikes + pops[1].GetProperty("spikes").GetInt32());
        Assert.Contains("small", stdout);
        Assert.Contains("rate (Hz)", stdout);
    }

    [Fact]
    public void Simulate_SameSeedSameSpikes_OtherSeedOthers()
    {
        string path = Write(Small);
        string Run(string seed, string threads)
        {
            string dir = Path.Combine(_dir, $"s{seed}t{threads}");
            var (code, _, err) = CliRunner.Run("simulate", path, "--seed", seed, "--threads", threads, "--out", dir);
            Assert.True(code == 0, err);
            return File.ReadAllText(Path.Combine(dir, "spikes.csv"));
        }

        string a = Run("5", "1");
        Assert.Equal(a, Run("5", "2"));
        Assert.NotEqual(a, Run("6", "1"));
    }

    [Fact]
    public void Simulate_MalformedFile_ExitsWith2AndNamesTheJsonPath()
    {
        string bad = Small.Replace("\"p\": 0.2", "\"p\": 2");
        var (code, _, stderr) = CliRunner.Run("simulate", Write(bad), "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, code);
        Assert.Contains("$.projections[0].connectivity.p: expected a number in [0, 1]; was 2.", stderr);
    }

    [Fact]
    public void Simulate_MissingOut_IsAUsageError()
    {
        var (code, _, stderr) = CliRunner.Run("simulate", Write(Small));
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
    }

    [Fact]
    public void Bench_Json_ReportsSetupAndRunSeparately()
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "cuba", "--duration", "20", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("setup_s").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("run_s").GetDouble() > 0);
        Assert.Equal("cuba", doc.RootElement.GetProperty("workload").GetString());
    }

    [Fact]
    public void Bench_UnknownWorkload_ListsTheKnownOnes()
    {
        var (code, _, stderr) = CliRunner.Run("bench", "cubba");
        Assert.Equal(2, code);
        Assert.Contains("WORKLOAD must be one of: cuba, coba, cobahh, train-fc, train-conv; was 'cubba'.", stderr);
    }
}
