using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Optimizers;

namespace Lapicque.Tests.IO;

public class ExperimentFileTests
{
    private const string Lif = """{ "tau_mem_ms": 19.4957257, "threshold_mv": 1, "reset": "Subtract", "input": "Direct" }""";

    internal const string Tiny = """
    {
      "name": "tiny",
      "dataset": { "name": "yinyang", "validation": 40, "train_limit": 200, "test_limit": 100 },
      "encoding": { "kind": "rate", "steps": 10 },
      "network": {
        "populations": [
          { "name": "input", "size": 4, "model": "input" },
          { "name": "hidden", "size": 32, "model": "lif", "parameters": LIF },
          { "name": "output", "size": 3, "model": "lif", "parameters": LIF }
        ],
        "projections": [
          { "name": "fc1", "source": "input", "target": "hidden", "connectivity": "all", "weights": { "fan_in_uniform": 1 }, "synapse": "instant" },
          { "name": "fc2", "source": "hidden", "target": "output", "connectivity": "all", "weights": { "fan_in_uniform": 1 }, "synapse": "instant" }
        ]
      },
      "trainer": "surrogate",
      "surrogate": { "kind": "fast_sigmoid", "sharpness": 10 },
      "loss": "cross_entropy_count",
      "optimizer": { "kind": "adamw", "lr": 0.01, "weight_decay": 0.001 },
      "schedule": { "kind": "step", "every": 2, "gamma": 0.5 },
      "epochs": 2, "batch_size": 20, "seed": 3, "threads": 1, "clip_norm": 2.5
    }
    """;

    internal static string TinyJson => Tiny.Replace("LIF", Lif, StringComparison.Ordinal);

    [Fact]
    public void Parse_ReadsEverySection()
    {
        var e = ExperimentFile.Parse(TinyJson, "tiny.json");
        Assert.Equal("tiny", e.Name);
        Assert.Equal(new DatasetSpec("yinyang", 40, 200, 100), e.Dataset);
        Assert.IsType<RateEncoder>(e.Encoder);
        Assert.Equal(10, e.Steps);
        Assert.Equal("surrogate", e.Trainer);
        Assert.Equal(new SurrogateSpec("fast_sigmoid", 10), e.Surrogate);
        Assert.Equal("adamw", e.Optimizer.Kind);
        Assert.Equal(0.01, e.Optimizer.LearningRate);
        Assert.Equal(0.001, e.Optimizer.WeightDecay);
        Assert.Equal(new LearningRateSchedule.StepDecay(2, 0.5), e.Schedule);
        Assert.Equal((2, 20, 3UL, 1, 2.5), (e.Epochs, e.BatchSize, e.Seed, e.Threads, e.ClipNorm!.Value));
        Assert.Equal(3, e.Network.Populations.Count);
        Assert.Null(e.Augmentation);
        var augmented = ExperimentFile.Parse(TinyJson.Replace("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"augment\": { \"shift\": 2, \"flip\": true },", StringComparison.Ordinal));
        Assert.Equal(new Lapicque.Data.ImageAugmentation { MaxShift = 2, HorizontalFlip = true }, augmented.Augmentation);
        var direct = ExperimentFile.Parse(TinyJson.Replace("\"kind\": \"rate\", \"steps\": 10", "\"kind\": \"direct\", \"steps\": 10, \"gain\": 0.5", StringComparison.Ordinal));
        Assert.Equal(new ConstantCurrentEncoder(0.5f), direct.Encoder);
        Assert.Equal("direct", direct.EncodingKind);
    }

    [Theory]
    [InlineData("\"optimizer\": { \"kind\": \"adamw\", \"lr\": 0.01, \"weight_decay\": 0.001 }", "\"optimizer\": { \"kind\": \"adam\", \"lr\": -1 }", "$.optimizer.lr")]
    [InlineData("\"optimizer\": { \"kind\": \"adamw\", \"lr\": 0.01, \"weight_decay\": 0.001 }", "\"optimizer\": { \"kind\": \"rmsprop\", \"lr\": 1 }", "$.optimizer.kind")]
    [InlineData("\"optimizer\": { \"kind\": \"adamw\", \"lr\": 0.01, \"weight_decay\": 0.001 }", "\"optimiser\": { \"kind\": \"adam\", \"lr\": 1 }", "$.optimiser")]
    [InlineData("\"steps\": 10", "\"steps\": 0", "$.encoding.steps")]
    [InlineData("\"kind\": \"rate\", \"steps\": 10", "\"kind\": \"direct\", \"steps\": 10, \"max_rate_hz\": 5", "$.encoding.max_rate_hz")]
    [InlineData("\"name\": \"yinyang\"", "\"name\": \"imagenet\"", "$.dataset.name")]
    [InlineData("\"validation\": 40", "\"validation\": 2.5", "$.dataset.validation")]
    [InlineData("\"trainer\": \"surrogate\"", "\"trainer\": \"backprop-through-magic\"", "$.trainer")]
    [InlineData("\"sharpness\": 10", "\"sharpness\": -3", "$.surrogate.sharpness")]
    [InlineData("\"every\": 2", "\"every\": 0", "$.schedule.every")]
    [InlineData("\"batch_size\": 20", "\"batch_size\": \"big\"", "$.batch_size")]
    [InlineData("\"source\": \"hidden\"", "\"source\": \"nowhere\"", "$.network")]
    [InlineData("\"size\": 32", "\"size\": -32", "$.network.populations[1].size")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"augment\": { \"shift\": -1 },", "$.augment.shift")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"augment\": { \"rotate\": 10 },", "$.augment.rotate")]
    public void Parse_MalformedFile_NamesTheJsonPath(string original, string replacement, string path)
    {
        string json = TinyJson.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(TinyJson, json);
        var error = Assert.Throws<FileFormatException>(() => ExperimentFile.Parse(json, "bad.json"));
        Assert.StartsWith(path, error.JsonPath, StringComparison.Ordinal);
        Assert.Contains("bad.json: " + path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingSection_SaysWhichField()
    {
        string json = TinyJson.Replace("\"encoding\": { \"kind\": \"rate\", \"steps\": 10 },", string.Empty, StringComparison.Ordinal);
        var error = Assert.Throws<FileFormatException>(() => ExperimentFile.Parse(json, "bad.json"));
        Assert.Contains("'encoding'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NetworkPath_IsResolvedAgainstTheExperimentFolder()
    {
        var dir = Directory.CreateTempSubdirectory("lapicque-exp-");
        try
        {
            var tiny = ExperimentFile.Parse(TinyJson);
            File.WriteAllText(Path.Combine(dir.FullName, "net.json"), NetworkFile.Write(tiny.Network));
            int start = TinyJson.IndexOf("\"network\"", StringComparison.Ordinal), end = TinyJson.IndexOf("\"trainer\"", StringComparison.Ordinal);
            string json = string.Concat(TinyJson.AsSpan(0, start), "\"network\": \"net.json\", ", TinyJson.AsSpan(end));
            var e = ExperimentFile.Parse(json, "exp.json", dir.FullName);
            Assert.Equal(tiny.Network.Populations.Select(p => p.Size), e.Network.Populations.Select(p => p.Size));
            var missing = Assert.Throws<FileFormatException>(() => ExperimentFile.Parse(json, "exp.json", Path.GetTempPath()));
            Assert.Equal("$.network", missing.JsonPath);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Examples_BuildTheArchitecturesTheyDescribe()
    {
        string root = FindRoot();
        var fc = ExperimentFile.Read(Path.Combine(root, "examples", "mnist-fc.json"));
        var fcModel = fc.BuildModel();
        Assert.Equal((784, 10, 25, 128), (fcModel.InputSize, fcModel.OutputSize, fc.Steps, fc.BatchSize));

        // 784-1000-10 without biases: 784*1000 + 1000*10 weights.
        Assert.Equal(784_000 + 10_000, fcModel.Parameters.Sum(p => (long)p.Length));

        var conv = ExperimentFile.Read(Path.Combine(root, "examples", "mnist-conv.json"));
        var convModel = conv.BuildModel();
        Assert.True(conv.Steps <= 25);
        Assert.Equal((784, 10), (convModel.InputSize, convModel.OutputSize));

        // 12C5 (1 -> 12 channels), 64C5 (12 -> 64), FC 64*4*4 -> 10, no biases.
        Assert.Equal((12 * 25) + (64 * 12 * 25) + (64 * 4 * 4 * 10), convModel.Parameters.Sum(p => (long)p.Length));
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Lapicque.slnx")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new DirectoryNotFoundException("repository root (Lapicque.slnx) not found above the test binaries.");
    }
}
