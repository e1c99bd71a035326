using Lapicque.Neurons;

namespace Lapicque.Tests.Neurons;

public class NeuronCatalogTests
{
    [Fact]
    public void Lif_IsRegistered_WithTheRecordDefaults()
    {
        var info = NeuronCatalog.Get("LIF");
        Assert.Equal("lif", info.Name);
        Assert.Equal(typeof(LifParameters), info.ParametersType);
        Assert.Equal(new LifParameters(), info.Defaults);
        Assert.Contains("lif", NeuronCatalog.Names);
    }

    [Fact]
    public void Create_SetsDoublesAndEnumsByName_AndLeavesTheRestAtDefaults()
    {
        var model = (LifParameters)NeuronCatalog.Get("lif").Create(null,
        [
            new("TauMemMs", "12.5"),
            new("refractory_ms", "2"),
            new("reset", "subtract"),
        ]);

        Assert.Equal(new LifParameters { TauMemMs = 12.5, RefractoryMs = 2, Reset = ResetMode.Subtract }, model);
        Assert.Equal(20.0, ((LifParameters)NeuronCatalog.Get("lif").Defaults).TauMemMs);
    }

    [Fact]
    public void Create_RunsValidate()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuronCatalog.Get("lif").Create(null, [new("ThresholdMv", "-1")]));
        Assert.Contains("ThresholdMv must be > ResetMv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_UnknownModel_ListsTheNames()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuronCatalog.Get("nope"));
        Assert.Contains("expected one of: lif", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Presets_AreFoundOnTheRecordType_AndIntsParse()
    {
        var info = NeuronModelInfo.Of<PresetProbe>("test model");
        Assert.Equal("probe", info.Name);
        Assert.Equal(["fast", "slow"], info.Presets.Keys.Order().ToArray());

        var fast = (PresetProbe)info.Create("FAST", [new("Count", "7")]);
        Assert.Equal(new PresetProbe { TauMs = 1, Count = 7 }, fast);
        var e = Assert.Throws<ArgumentException>(() => info.Create("medium", []));
        Assert.Contains("expected one of: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("fast", e.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => info.Create(null, [new("Count", "2.5")]));
        Assert.Contains("Count must be an integer; was '2.5'", bad.Message, StringComparison.Ordinal);
    }

    private sealed record PresetProbe : INeuronModel
    {
        public static IReadOnlyDictionary<string, PresetProbe> Presets { get; } = new Dictionary<string, PresetProbe>
        {
            ["fast"] = new() { TauMs = 1 },
            ["slow"] = new() { TauMs = 100 },
        };

        public double TauMs { get; init; } = 10;

        public int Count { get; init; } = 3;

        public string ModelName => "probe";

        public string InputUnit => "mV";

        public void Validate() => Check.Positive(TauMs);

        public NeuronPopulation CreatePopulation(int size, double dtMs) => throw new NotSupportedException();
    }
}
