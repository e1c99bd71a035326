using Lapicque.Neurons;

namespace Lapicque.Tests.Neurons;

/// <summary>
/// The shared shell <see cref="StatePopulation{TParameters}"/>: state lookup, reset, the length and range checks of
/// Step/StepRange, and the declared state of every model (the names, units and order their docs promise).
/// </summary>
public class StatePopulationTests
{
    // The state every model documents in its population's summary: names, membrane potential first, and units.
    public static TheoryData<string, string[], string[]> DocumentedStates() => new()
    {
        { "lif", ["v", "refractory"], ["mV", "steps"] },
        { "cubalif", ["v", "i", "refractory"], ["mV", "mV", "steps"] },
        { "if", ["v", "refractory"], ["mV", "steps"] },
        { "li", ["v"], ["mV"] },
        { "alif", ["v", "a", "refractory"], ["mV", "1", "steps"] },
        { "qif", ["v", "refractory"], ["1", "steps"] },
        { "klos-qif", ["v", "i"], ["1", "1"] },
        { "theta", ["phase"], ["ms"] },
        { "izhikevich", ["v", "u"], ["mV", "mV/ms"] },
        { "hh", ["v", "m", "h", "n"], ["mV", "1", "1", "1"] },
        { "traub-miles", ["v", "m", "h", "n"], ["mV", "1", "1", "1"] },
        { "adex", ["v", "w"], ["mV", "pA"] },
    };

    [Theory]
    [MemberData(nameof(DocumentedStates))]
    public void EveryModel_DeclaresItsDocumentedState_AndSupportsRanges(string model, string[] names, string[] units)
    {
        var pop = NeuronCatalog.Get(model).Defaults.CreatePopulation(5, 0.1);
        Assert.Equal(names, pop.StateNames);
        Assert.Equal(units, pop.StateUnits);
        Assert.True(pop.SupportsRanges);
        foreach (string name in names)
        {
            Assert.Equal(5, pop.State(name).Length);
        }
    }

    [Theory]
    [MemberData(nameof(DocumentedStates))]
    public void State_UnknownName_ThrowsListingTheKnownNames(string model, string[] names, string[] units)
    {
        Assert.NotEmpty(units);
        var pop = NeuronCatalog.Get(model).Defaults.CreatePopulation(3, 0.1);
        var e = Assert.Throws<ArgumentException>(() => pop.State("V"));
        Assert.Equal("name", e.ParamName);
        Assert.StartsWith($"Unknown state variable 'V' for model '{model}'; expected one of: {string.Join(", ", names)}.", e.Message);
    }

    [Fact]
    public void State_ReturnsTheLiveBuffer()
    {
        var pop = new Counter(new CounterParameters(), 4, 1.0);
        pop.State("x")[2] = 42f;
        Assert.Equal(42f, pop.State("x")[2]);
        Assert.Equal(0f, pop.State("count")[2]);
    }

    [Fact]
    public void Construction_SetsTheDeclaredInitialValues()
    {
        var pop = new Counter(new CounterParameters { InitialX = 0.25 }, 6, 1.0);
        Assert.All(pop.State("x").ToArray(), x => Assert.Equal(0.25f, x));
        Assert.All(pop.State("count").ToArray(), c => Assert.Equal(0f, c));
    }

    [Fact]
    public void Reset_AfterSteppingAndWrites_RestoresTheInitialValues()
    {
        var pop = new Counter(new CounterParameters { InitialX = -0.5 }, 7, 1.0);
        float[] input = [0.9f, 1.5f, 2f, 0f, 3f, 0.1f, 4f], spikes = new float[7];
        for (int step = 0; step < 5; step++)
        {
            pop.Step(input, spikes);
        }

        pop.State("x")[0] = float.NaN;
        Assert.Contains(5f, pop.State("count").ToArray());
        pop.Reset();
        Assert.All(pop.State("x").ToArray(), x => Assert.Equal(-0.5f, x));
        Assert.All(pop.State("count").ToArray(), c => Assert.Equal(0f, c));
    }

    [Fact]
    public void Reset_HodgkinHuxley_RestoresVAndTheSteadyStateGates()
    {
        var p = new HodgkinHuxleyParameters { InitialMv = -60 };
        var pop = p.CreatePopulation(3, 0.01);
        float[] input = [20f, 20f, 20f], spikes = new float[3];
        for (int step = 0; step < 300; step++)
        {
            pop.Step(input, spikes);
        }

        Assert.NotEqual(-60f, pop.State("v")[0]);
        pop.Reset();
        var (m, h, n) = p.SteadyStateGates(-60);
        Assert.All(pop.State("v").ToArray(), v => Assert.Equal(-60f, v));
        Assert.All(pop.State("m").ToArray(), x => Assert.Equal((float)m, x));
        Assert.All(pop.State("h").ToArray(), x => Assert.Equal((float)h, x));
        Assert.All(pop.State("n").ToArray(), x => Assert.Equal((float)n, x));
    }

    [Fact]
    public void Step_AdvancesEveryNeuron_AndReportsSpikes()
    {
        // x accumulates the input and fires (then restarts from 0) once it exceeds 1; count counts the steps.
        var pop = new Counter(new CounterParameters(), 3, 1.0);
        float[] input = [0.6f, 0.3f, 2f], spikes = new float[3];
        pop.Step(input, spikes);
        Assert.Equal([0f, 0f, 1f], spikes);
        pop.Step(input, spikes);
        Assert.Equal([1f, 0f, 1f], spikes);
        Assert.Equal([0f, 0.6f, 0f], pop.State("x").ToArray());
        Assert.Equal([2f, 2f, 2f], pop.State("count").ToArray());
    }

    [Fact]
    public void StepRange_AdvancesOnlyItsNeurons_AndWritesOnlyTheirSpikes()
    {
        var pop = new Counter(new CounterParameters(), 6, 1.0);
        float[] input = [5f, 5f, 5f, 5f, 5f, 5f], spikes = [7f, 7f, 7f, 7f, 7f, 7f];
        pop.StepRange(2, 5, input, spikes);
        Assert.Equal([7f, 7f, 1f, 1f, 1f, 7f], spikes);
        Assert.Equal([0f, 0f, 1f, 1f, 1f, 0f], pop.State("count").ToArray());
        pop.StepRange(4, 4, input, spikes);
        Assert.Equal([0f, 0f, 1f, 1f, 1f, 0f], pop.State("count").ToArray());
    }

    [Fact]
    public void StepAndStepRange_WrongLengths_ThrowNamingTheSpan()
    {
        var pop = new Counter(new CounterParameters(), 4, 1.0);
        float[] four = new float[4], three = new float[3], five = new float[5];

        var e = Assert.Throws<ArgumentException>(() => pop.Step(three, four));
        Assert.Equal("input", e.ParamName);
        Assert.StartsWith("input.Length was 3; expected the population size 4.", e.Message);
        e = Assert.Throws<ArgumentException>(() => pop.Step(four, five));
        Assert.Equal("spikes", e.ParamName);
        Assert.StartsWith("spikes.Length was 5; expected the population size 4.", e.Message);

        e = Assert.Throws<ArgumentException>(() => pop.StepRange(0, 2, three, four));
        Assert.Equal("input", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => pop.StepRange(0, 2, four, three));
        Assert.Equal("spikes", e.ParamName);
        Assert.StartsWith("spikes.Length was 3; expected the population size 4.", e.Message);
        Assert.Equal([0f, 0f, 0f, 0f], pop.State("count").ToArray());
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(3, 5)]
    [InlineData(3, 2)]
    public void StepRange_RangeOutsideThePopulation_Throws(int start, int end)
    {
        var pop = new Counter(new CounterParameters(), 4, 1.0);
        float[] input = new float[4], spikes = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => pop.StepRange(start, end, input, spikes));
        Assert.Equal([0f, 0f, 0f, 0f], pop.State("count").ToArray());
    }

    [Fact]
    public void Construction_BadArguments_ThrowInTheShellOrder()
    {
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => new Counter(null!, 3, 1.0)).ParamName);
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => new Counter(null!, -1, 1.0)).ParamName);
        Assert.Equal("dtMs", Assert.Throws<ArgumentOutOfRangeException>(() => new Counter(new CounterParameters(), 3, 0)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => new LifPopulation(null!, 3, 1.0)).ParamName);
    }

    [Fact]
    public void Construction_EmptyOrRepeatedDeclarations_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => new Declared(new CounterParameters(), []));
        Assert.Equal("variables", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => new Declared(new CounterParameters(), ["v", "u", "v"]));
        Assert.Equal("variables", e.ParamName);
        Assert.StartsWith("State variable 'v' is declared twice", e.Message);
        Assert.Equal(["v", "u"], new Declared(new CounterParameters(), ["v", "u"]).StateNames);
    }

    [Fact]
    public void Step_AfterWarmUp_AllocatesNothing()
    {
        var pop = new LifParameters().CreatePopulation(64, 0.1);
        float[] input = new float[64], spikes = new float[64];
        input.AsSpan().Fill(30f);
        for (int step = 0; step < 200; step++)
        {
            pop.Step(input, spikes);
            pop.StepRange(16, 48, input, spikes);
            _ = pop.State("v");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 1000; step++)
        {
            pop.Step(input, spikes);
            pop.StepRange(16, 48, input, spikes);
            _ = pop.State("v");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Parameters of the toy model below.</summary>
    private sealed record CounterParameters : INeuronModel
    {
        public double InitialX { get; init; }

        public string ModelName => "counter";

        public string InputUnit => "1";

        public void Validate()
        {
        }

        public NeuronPopulation CreatePopulation(int size, double dtMs) => new Counter(this, size, dtMs);
    }

    /// <summary>
    /// A toy model whose every step is computable by hand: x += input, and when x &gt; 1 the neuron fires and x
    /// restarts at 0; count is the number of steps taken.
    /// </summary>
    private sealed class Counter(CounterParameters parameters, int size, double dtMs)
        : StatePopulation<CounterParameters>(parameters, size, dtMs, Variables)
    {
        private static readonly StateVariable[] Variables =
        [
            new("x", "1", static p => p.InitialX),
            new("count", "steps", static _ => 0),
        ];

        protected override void Advance(StateRange range)
        {
            Span<float> x = range[0], count = range[1];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] += range.Input[i];
                count[i] += 1f;
                bool fired = x[i] > 1f;
                range.Spikes[i] = fired ? 1f : 0f;
                if (fired)
                {
                    x[i] = 0f;
                }
            }
        }
    }

    /// <summary>A population declaring the given names, to test the declaration checks.</summary>
    private sealed class Declared(CounterParameters parameters, string[] names)
        : StatePopulation<CounterParameters>(parameters, 1, 1.0, Declare(names))
    {
        protected override void Advance(StateRange range)
        {
        }

        private static StateVariable[] Declare(string[] names) => Array.ConvertAll(names, n => new StateVariable(n, "1", static _ => 0));
    }
}
