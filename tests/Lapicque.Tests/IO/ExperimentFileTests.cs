using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;

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

        // The trainer options left out take the library defaults.
        Assert.Same(SpikingOptions.Default, e.Spiking);
        Assert.Equal((null, null, 0.0), (e.TruncationWindow, e.RateRegularizer, e.Dropout));
        Assert.Equal(new TrainerOptions { Steps = 10, Seed = 3, Schedule = e.Schedule, ClipNorm = 2.5 }, e.TrainerOptions());
    }

    /// <summary>TinyJson with <paramref name="fields"/> (JSON members with a trailing comma) inserted after the trainer.</summary>
    internal static string With(string fields) =>
        TinyJson.Replace("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", " + fields, StringComparison.Ordinal);

    [Fact]
    public void Parse_ReadsTheSpikingTrainerOptions()
    {
        var e = ExperimentFile.Parse(With("""
            "spiking": { "learn_beta": true, "learn_threshold": true, "per_neuron": true, "detach_reset": false },
            "bptt_window": 4,
            "rate_regularizer": { "lower_rate": 0.01, "lower_strength": 2, "upper_rate": 0.2, "upper_strength": 0.5 },
            "dropout": 0.3,
            """));
        Assert.Equal(new SpikingOptions { LearnBeta = true, LearnThreshold = true, PerNeuron = true, DetachReset = false }, e.Spiking);
        Assert.Equal(4, e.TruncationWindow);
        Assert.Equal(new SpikeRateRegularizer(0.01, 2, 0.2, 0.5), e.RateRegularizer);
        Assert.Equal(0.3, e.Dropout);
        var options = e.TrainerOptions();
        Assert.Equal(4, options.TruncationWindow);
        Assert.Same(e.RateRegularizer, options.Regularizer);

        // A partial object keeps the defaults of the fields it leaves out.
        var partial = ExperimentFile.Parse(With("""
            "spiking": { "learn_threshold": true }, "rate_regularizer": { "upper_strength": 1 },
            """));
        Assert.Equal(SpikingOptions.Default with { LearnThreshold = true }, partial.Spiking);
        Assert.True(partial.Spiking.DetachReset);
        Assert.Equal(new SpikeRateRegularizer(UpperStrength: 1), partial.RateRegularizer);
    }

    [Fact]
    public void Parse_SgdWithNesterovMomentum_CreatesThatOptimizer()
    {
        var e = ExperimentFile.Parse(TinyJson.Replace(
            "\"kind\": \"adamw\", \"lr\": 0.01, \"weight_decay\": 0.001", "\"kind\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.9, \"nesterov\": true, \"weight_decay\": 0.25", StringComparison.Ordinal));
        Assert.Equal(new OptimizerSpec("sgd", 0.1, WeightDecay: 0.25, Momentum: 0.9, Nesterov: true), e.Optimizer);
        var w = new Parameter<float>("w", [1f]);
        var sgd = Assert.IsType<Sgd<float>>(e.Optimizer.Create([w]));
        Assert.Equal((0.9, true, 0.25, 0.1), (sgd.Momentum, sgd.Nesterov, sgd.WeightDecay, sgd.LearningRate));

        // First Nesterov step (Sutskever et al. 2013, PyTorch form): g = dL/dw + wd w = 2 + 0.25 = 2.25, buffer = g,
        // w -= lr (g + mu buffer) = 1 - 0.1 * 2.25 * 1.9 = 0.5725.
        w.Gradient[0] = 2f;
        sgd.Step();
        Assert.Equal(0.5725f, w.Value[0], 6);
    }

    [Fact]
    public void Parse_CosineSchedule()
    {
        var e = ExperimentFile.Parse(TinyJson.Replace(
            "{ \"kind\": \"step\", \"every\": 2, \"gamma\": 0.5 }", "{ \"kind\": \"cosine\", \"total\": 10, \"min_lr\": 0.001 }", StringComparison.Ordinal));
        Assert.Equal(new LearningRateSchedule.Cosine(10, 0.001), e.Schedule);

        // Half way the cosine is 0: the rate is the mean of lr and min_lr; at the end it is min_lr.
        Assert.Equal((0.01 + 0.001) / 2, e.Schedule.Rate(0.01, 5), 12);
        Assert.Equal(0.001, e.Schedule.Rate(0.01, 10), 12);
        Assert.Equal(0.01, e.Schedule.Rate(0.01, 0), 12);
        var noMin = ExperimentFile.Parse(TinyJson.Replace(
            "{ \"kind\": \"step\", \"every\": 2, \"gamma\": 0.5 }", "{ \"kind\": \"cosine\", \"total\": 4 }", StringComparison.Ordinal));
        Assert.Equal(new LearningRateSchedule.Cosine(4, 0), noMin.Schedule);
    }

    [Theory]
    [InlineData(false, false, false, new int[0])]
    [InlineData(true, false, false, new[] { 1, 1 })]
    [InlineData(true, true, false, new[] { 1, 1, 1, 1 })]
    [InlineData(true, true, true, new[] { 32, 32, 3, 3 })]
    [InlineData(false, true, true, new[] { 32, 3 })]
    public void BuildModel_LearnableConstantsAreParameters(bool beta, bool threshold, bool perNeuron, int[] lengths)
    {
        string b = beta ? "true" : "false", t = threshold ? "true" : "false", p = perNeuron ? "true" : "false";
        var e = ExperimentFile.Parse(With($$"""
            "spiking": { "learn_beta": {{b}}, "learn_threshold": {{t}}, "per_neuron": {{p}} },
            """));
        var model = e.BuildModel();

        // fc1 (4 x 32) and fc2 (32 x 3) weights, then per spiking layer: beta, threshold (one value, or one per neuron).
        var names = model.Parameters.Select(q => q.Name).ToArray();
        Assert.Equal(["fc1/weight", "fc2/weight"], names.Where(n => n.EndsWith("/weight", StringComparison.Ordinal)));
        var constants = model.Parameters.Where(q => !q.Name.EndsWith("/weight", StringComparison.Ordinal)).ToArray();
        Assert.Equal(lengths, constants.Select(q => q.Length));
        Assert.Equal((4 * 32) + (32 * 3) + lengths.Sum(), model.Parameters.Sum(q => q.Length));
        foreach (var q in constants)
        {
            // beta = exp(-dt/tau) = 0.95 for tau = 19.4957 ms; threshold 1 mV.
            float expected = q.Name.EndsWith("/beta", StringComparison.Ordinal) ? 0.95f : 1f;
            Assert.All(q.Value, v => Assert.Equal(expected, v, 4));
        }
    }

    [Fact]
    public void BuildModel_DropoutFollowsEveryHiddenSpikingLayer()
    {
        // Two hidden layers: input -> fc1 -> hidden -> fc2 -> hidden2 -> fc3 -> output.
        string json = With("\"dropout\": 0.25,")
            .Replace("""{ "name": "output", "size": 3""", """{ "name": "hidden2", "size": 16, "model": "lif", "parameters": { "tau_mem_ms": 10, "threshold_mv": 1, "reset": "Subtract", "input": "Direct" } }, { "name": "output", "size": 3""", StringComparison.Ordinal)
            .Replace("""{ "name": "fc2", "source": "hidden", "target": "output",""", """{ "name": "fc2", "source": "hidden", "target": "hidden2", "connectivity": "all", "weights": { "fan_in_uniform": 1 }, "synapse": "instant" }, { "name": "fc3", "source": "hidden2", "target": "output",""", StringComparison.Ordinal);
        var model = ExperimentFile.Parse(json).BuildModel();
        Assert.Equal(["fc1", "hidden", "hidden/dropout", "fc2", "hidden2", "hidden2/dropout", "fc3", "output"], model.Layers.Select(l => l.Name));
        var drops = model.Layers.OfType<DropoutLayer>().ToArray();
        Assert.Equal([32, 16], drops.Select(d => d.OutputSize));
        Assert.All(drops, d => Assert.Equal(0.25, d.Probability));
        Assert.IsNotType<DropoutLayer>(model.Layers[^1]);

        // No dropout: no layer. Dropout layers have no parameters.
        var plain = ExperimentFile.Parse(json.Replace("\"dropout\": 0.25,", string.Empty, StringComparison.Ordinal)).BuildModel();
        Assert.Empty(plain.Layers.OfType<DropoutLayer>());
        Assert.Equal(plain.Parameters.Select(q => q.Name), model.Parameters.Select(q => q.Name));
    }

    [Fact]
    public void BuildModel_DropoutIsTheIdentityInEvaluation()
    {
        var with = ExperimentFile.Parse(With("\"dropout\": 0.5,")).BuildModel();
        var without = ExperimentFile.Parse(TinyJson).BuildModel();
        var x = new Lapicque.Numerics.Tensor(10, 5, 4);
        var rng = new Lapicque.Numerics.Rng(1);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = rng.NextDouble() < 0.5 ? 1f : 0f;
        }

        with.ResetState();
        without.ResetState();
        var a = with.Forward(x, training: false).Span.ToArray();
        var b = without.Forward(x, training: false).Span.ToArray();
        Assert.Equal(b, a);
        Assert.Contains(b, v => v != 0f);

        // In training the hidden spikes reaching fc2 are masked and scaled by 1 / (1 - P) = 2.
        with.ResetState();
        with.Forward(x, training: true);
        int drop = with.Layers.ToList().FindIndex(l => l is DropoutLayer);
        var hidden = with.LayerOutput(drop - 1).Span.ToArray();
        var dropped = with.LayerOutput(drop).Span.ToArray();
        Assert.All(Enumerable.Range(0, hidden.Length), i => Assert.True(dropped[i] == 0f || dropped[i] == 2f * hidden[i]));
        Assert.Contains(Enumerable.Range(0, hidden.Length), i => hidden[i] == 1f && dropped[i] == 0f);
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
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"spiking\": { \"learn_beta\": 1 },", "$.spiking.learn_beta")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"spiking\": { \"learn_tau\": true },", "$.spiking.learn_tau")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"bptt_window\": 0,", "$.bptt_window")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"bptt_window\": 2.5,", "$.bptt_window")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"rate_regularizer\": { \"upper_rate\": 2 },", "$.rate_regularizer.upper_rate")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"rate_regularizer\": { \"lower_strength\": -1 },", "$.rate_regularizer.lower_strength")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"rate_regularizer\": { \"strength\": 1 },", "$.rate_regularizer.strength")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"dropout\": 1,", "$.dropout")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"surrogate\", \"dropout\": -0.1,", "$.dropout")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"ann\", \"dropout\": 0.2,", "$.dropout")]
    [InlineData("\"trainer\": \"surrogate\",", "\"trainer\": \"ann\", \"spiking\": { \"learn_beta\": true },", "$.spiking")]
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
