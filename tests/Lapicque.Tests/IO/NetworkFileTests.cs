using Lapicque.IO;
using Lapicque.Networks;
using Lapicque.Simulation;

namespace Lapicque.Tests.IO;

public class NetworkFileTests
{
    private static string Example(string name)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Lapicque.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "examples", name);
    }

    private static List<(long, int)> Spikes(Network net, ulong seed, double ms)
    {
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { Seed = seed });
        var e = sim.MonitorSpikes("exc");
        sim.Run(ms);
        return Enumerable.Range(0, e.Count).Select(k => (e.Steps[k], e.Neurons[k])).ToList();
    }

    [Theory]
    [InlineData("cuba.json")]
    [InlineData("coba.json")]
    [InlineData("cobahh.json")]
    public void ExampleFiles_DescribeTheSameNetworksAsTheBuilders(string file)
    {
        var doc = NetworkFile.Read(Example(file));
        Assert.Equal(0.1, doc.Settings.DtMs);
        Assert.Equal(1000, doc.Settings.DurationMs);
        Assert.Equal(5, doc.Monitors.Count);
        var builder = file switch
        {
            "cuba.json" => StandardNetworks.Cuba(),
            "coba.json" => StandardNetworks.Coba(),
            _ => StandardNetworks.CobaHH(),
        };
        var fromFile = Spikes(doc.Network, 9, 100);
        Assert.True(fromFile.Count > 100);
        Assert.Equal(Spikes(builder, 9, 100), fromFile);
    }

    [Fact]
    public void Write_ThenParse_RoundTrips()
    {
        var doc = NetworkFile.Read(Example("coba.json"));
        string once = NetworkFile.Write(doc.Network, doc.Settings, doc.Monitors);
        var again = NetworkFile.Parse(once, "roundtrip.json");
        Assert.Equal(once, NetworkFile.Write(again.Network, again.Settings, again.Monitors));
        Assert.Equal(doc.Settings, again.Settings);
    }

    [Fact]
    public void Write_CoversEveryRuleKind()
    {
        var net = new Network(
            "all-kinds",
            [new Population { Name = "img", Model = new ExternalSource(), Shape = [1, 8, 8] },
             new Population { Name = "c", Model = new Lapicque.Neurons.LifParameters(), Shape = [2, 3, 3] },
             Population.Create("gen", 2, new SpikeGeneratorSource { Neurons = [0, 1], TimesMs = [1.5, 2] }),
             Population.Create("noise", 4, new PoissonSource { RateHz = 7 }),
             new Population { Name = "n", Model = new Lapicque.Neurons.LifParameters(), Shape = [3], Initial = new Dictionary<string, InitialValue> { ["v"] = new InitialValue.Values([1, 2, 3]) } }],
            [new Projection { Name = "conv", Source = "img", Target = "c", Connectivity = new Connectivity.Conv2d(3, 3, Stride: 1, Padding: 0, Bias: true, Pool: new Connectivity.Pool2d(PoolKind.Max, 2, 2)), Weights = new WeightInit.FanInNormal(1.4) },
             new Projection { Name = "e", Source = "gen", Target = "n", Connectivity = new Connectivity.Explicit([0, 1], [2, 0]), Weights = new WeightInit.Values([0.5f, -1f]), Delay = new DelayInit.Values([1f, 2f]), Synapse = new Synapse.Instant() },
             new Projection { Name = "k", Source = "noise", Target = "n", Connectivity = new Connectivity.FixedInDegree(2), Weights = new WeightInit.Uniform(0, 1), Delay = new DelayInit.Uniform(0.5, 1.5), Synapse = new Synapse.Current(3) }],
            [new CurrentInjection.StepPulse(2, 10, 20) { Target = "n", Neurons = [1] }, new CurrentInjection.Series([1, 2]) { Target = "c" }]);
        string json = NetworkFile.Write(net);
        string again = NetworkFile.Write(NetworkFile.Parse(json).Network);
        Assert.Equal(json, again);
        Assert.Contains("\"fan_in_normal\": 1.4", json);
        Assert.Contains("\"kind\": \"max\"", json);
    }

    [Theory]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 0, \"model\": \"lif\"}]}", "$.populations[0].size: expected an integer in [1,")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lfi\"}]}", "$.populations[0].model: unknown model \"lfi\"; expected one of: lif")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\", \"parameters\": {\"tau_mem_ms\": -5}}]}", "$.populations[0].parameters: TauMemMs must be > 0; was -5.")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\", \"parameters\": {\"tau\": 5}}]}", "$.populations[0].parameters: Unknown parameter 'tau' for model 'lif'")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\"}], \"projections\": [{\"source\": \"a\", \"target\": \"a\", \"connectivity\": {\"type\": \"fixed_probability\", \"p\": 1.5}}]}", "$.projections[0].connectivity.p: expected a number in [0, 1]; was 1.5.")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\"}], \"projections\": [{\"source\": \"a\", \"target\": \"b\", \"connectivity\": \"all\"}]}", "$: projections[0] 'a_b'.target 'b' is not a population; expected one of: a.")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\"}], \"projections\": [{\"source\": \"a\", \"target\": \"a\", \"connectivity\": \"al\"}]}", "$.projections[0].connectivity: unknown connectivity 'al'; expected one of: all,")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\", \"sise\": 3}]}", "$.populations[0].sise: unknown field; expected one of:")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": \"ten\", \"model\": \"lif\"}]}", "$.populations[0].size: expected an integer; was the string \"ten\".")]
    [InlineData("{\"populations\": [{\"name\": \"a\", \"size\": 10, \"model\": \"lif\"}], \"monitors\": {\"spikes\": [\"b\"]}}", "$.monitors.spikes[0]: \"b\" is not a population; expected one of: a.")]
    [InlineData("{\"populations\": [", "bad.json: line 1, position")]
    [InlineData("{}", "$: missing required field 'populations'.")]
    public void MalformedFiles_NameTheJsonPathAndWhatWasExpected(string json, string expected)
    {
        var ex = Assert.Throws<FileFormatException>(() => NetworkFile.Parse(json, "bad.json"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("bad.json: ", ex.Message);
    }

    private static string PoolNetwork(string connectivity) => $$"""
        {
          "populations": [
            { "name": "img", "shape": [1, 6, 6], "model": "input" },
            { "name": "p", "shape": [1, 3, 3], "model": "lif" }
          ],
          "projections": [{ "source": "img", "target": "p", "connectivity": {{connectivity}} }]
        }
        """;

    [Theory]
    [InlineData("max", PoolKind.Max)]
    [InlineData("average", PoolKind.Average)]
    [InlineData("sum", PoolKind.Sum)]
    public void Pool2d_EveryKind_ParsesWithTheStrideDefaultingToTheSize(string kind, PoolKind expected)
    {
        var doc = NetworkFile.Parse(PoolNetwork($$"""{ "type": "pool2d", "kind": "{{kind}}", "size": 2 }"""));
        var pool = Assert.IsType<Connectivity.Pool2d>(doc.Network.Projections[0].Connectivity);
        Assert.Equal(new Connectivity.Pool2d(expected, 2, 2), pool);

        var conv = NetworkFile.Parse(PoolNetwork($$"""{ "type": "conv2d", "kernel": 1, "pool": { "kind": "{{kind}}", "size": 2, "stride": 2 } }"""));
        Assert.Equal(expected, Assert.IsType<Connectivity.Conv2d>(conv.Network.Projections[0].Connectivity).Pool!.Kind);

        // Writing names the kind so that it reads back the same.
        string json = NetworkFile.Write(doc.Network);
        Assert.Contains($"\"kind\": \"{kind}\"", json);
        Assert.Equal(pool, NetworkFile.Parse(json).Network.Projections[0].Connectivity);
    }

    [Theory]
    [InlineData("""{ "type": "pool2d", "kind": "median", "size": 2 }""", "$.projections[0].connectivity.kind: unknown pooling 'median'; expected max, average or sum.")]
    [InlineData("""{ "type": "conv2d", "kernel": 1, "pool": { "kind": "avg", "size": 2 } }""", "$.projections[0].connectivity.pool.kind: unknown pooling 'avg'; expected max, average or sum.")]
    [InlineData("""{ "type": "pool2d", "size": 2 }""", "$.projections[0].connectivity: missing required field 'kind'.")]
    [InlineData("""{ "type": "pool2d", "kind": "sum", "size": 0 }""", "$.projections[0].connectivity.size: expected an integer in [1, 1024]")]
    [InlineData("""{ "type": "pool2d", "kind": "sum", "size": 3 }""", "Sum pooling 3/3 of a [1, 6, 6] source gives [1, 2, 2]; the target is [1, 3, 3].")]
    public void Pool2d_Errors_NameTheJsonPath(string connectivity, string expected)
    {
        var ex = Assert.Throws<FileFormatException>(() => NetworkFile.Parse(PoolNetwork(connectivity), "pool.json"));
        Assert.StartsWith("pool.json: ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void MissingFile_IsAFileFormatErrorNamingTheFile()
    {
        var ex = Assert.Throws<FileFormatException>(() => NetworkFile.Read("/nonexistent/net.json"));
        Assert.StartsWith("/nonexistent/net.json: $: cannot read the file", ex.Message);
    }
}
