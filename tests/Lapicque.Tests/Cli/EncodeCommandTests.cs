using System.Globalization;
using System.Xml.Linq;
using Lapicque.Cli.Commands;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Cli;

public class EncodeCommandTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Theory]
    [InlineData("rate", "--values", "0.1,0.5,0.9", 3)]
    [InlineData("poisson", "--values", "0.1,0.5,0.9", 3)]
    [InlineData("latency", "--values", "0.1,0.5,0.9", 3)]
    [InlineData("population", "--values", "0.1,0.5,0.9", 24)]
    [InlineData("delta", "--sine", "40", 2)]
    public void EveryKind_Succeeds_AndWritesItsFiles(string kind, string inputOption, string input, int channels)
    {
        using var dir = new CliRunner.TempDir();
        string output = CliRunner.Succeed("encode", kind, inputOption, input, "--steps", "60", "--out", dir.Path);

        var spikes = ReadSpikes(dir.Path);
        Assert.NotEmpty(spikes);
        Assert.All(spikes, s => Assert.InRange(s.Step, 0, 59));
        Assert.All(spikes, s => Assert.InRange(s.Channel, 0, channels - 1));
        Assert.Equal(spikes.OrderBy(s => s.Step).ThenBy(s => s.Channel), spikes);
        Assert.Equal(spikes.Distinct().Count(), spikes.Count);

        XDocument.Load(Path.Combine(dir.Path, "raster.svg"));
        Assert.True(File.Exists(Path.Combine(dir.Path, "decoded.csv")));
        Assert.Contains($"{kind}: ", output, StringComparison.Ordinal);
        Assert.Contains($"{channels} channels, 60 steps, {spikes.Count} spikes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_ManySteps_CountPerStepIsWithinABinomialBoundOfTheIntensity()
    {
        using var dir = new CliRunner.TempDir();
        const int steps = 10_000;
        double[] x = [0.05, 0.3, 0.5, 0.8, 1.0];
        CliRunner.Succeed("encode", "rate", "--values", string.Join(',', x.Select(v => v.ToString(Inv))), "--steps", steps.ToString(Inv),
            "--seed", "7", "--out", dir.Path);

        var spikes = ReadSpikes(dir.Path);
        for (int c = 0; c < x.Length; c++)
        {
            // Gain 1: each step fires with probability x, so the count is binomial(T, x); 5 standard deviations
            // (plus one count for rounding) fails by chance with probability below 1e-6 per channel.
            int count = spikes.Count(s => s.Channel == c);
            double mean = steps * x[c];
            double bound = (5 * Math.Sqrt(steps * x[c] * (1 - x[c]))) + 1;
            Assert.InRange(count, mean - bound, mean + bound);
        }
    }

    [Fact]
    public void Rate_Gain_ScalesTheProbabilityAndClampsAtOne()
    {
        using var dir = new CliRunner.TempDir();
        const int steps = 4000;
        CliRunner.Succeed("encode", "rate", "--values", "0.1,0.8", "--steps", steps.ToString(Inv), "--param", "Gain=2", "--out", dir.Path);

        var spikes = ReadSpikes(dir.Path);
        int low = spikes.Count(s => s.Channel == 0);
        Assert.InRange(low, (steps * 0.2) - ((5 * Math.Sqrt(steps * 0.2 * 0.8)) + 1), (steps * 0.2) + (5 * Math.Sqrt(steps * 0.2 * 0.8)) + 1);
        Assert.Equal(steps, spikes.Count(s => s.Channel == 1)); // 2 * 0.8 > 1: every step fires
    }

    [Fact]
    public void Poisson_CountPerStepIsWithinABinomialBoundOfOneMinusExpOfMinusRateTimesDt()
    {
        using var dir = new CliRunner.TempDir();
        const int steps = 10_000;
        CliRunner.Succeed("encode", "poisson", "--values", "0.5,1", "--steps", steps.ToString(Inv), "--param", "MaxRateHz=200",
            "--param", "DtMs=2", "--out", dir.Path);

        var spikes = ReadSpikes(dir.Path);
        double[] x = [0.5, 1.0];
        for (int c = 0; c < x.Length; c++)
        {
            double p = 1 - Math.Exp(-200 * x[c] * 2 / 1000.0);
            int count = spikes.Count(s => s.Channel == c);
            double bound = (5 * Math.Sqrt(steps * p * (1 - p))) + 1;
            Assert.InRange(count, (steps * p) - bound, (steps * p) + bound);
        }
    }

    [Theory]
    // Normalised linear (default, Threshold 0.01): t = (T - 1)(1 - x) / (1 - 0.01), spike at round(t), halves up.
    [InlineData(new string[0], 21, new[] { 1.0, 0.75, 0.5, 0.2, 0.011 })]
    // Unnormalised linear: t = TauSteps (1 - x); 0.25 gives exactly 7.5, which rounds up to 8; 0.1 gives 9.
    [InlineData(new[] { "Normalize=false", "TauSteps=10" }, 12, new[] { 1.0, 0.5, 0.25, 0.1 })]
    public void Latency_FirstSpikeSteps_FollowTheDocumentedFormula(string[] parameters, int steps, double[] x)
    {
        using var dir = new CliRunner.TempDir();
        var args = new List<string> { "encode", "latency", "--values", string.Join(',', x.Select(v => v.ToString(Inv))), "--steps", steps.ToString(Inv) };
        foreach (string p in parameters)
        {
            args.AddRange(["--param", p]);
        }

        args.AddRange(["--out", dir.Path]);
        CliRunner.Succeed([.. args]);

        bool normalize = parameters.Length == 0;
        var spikes = ReadSpikes(dir.Path);
        for (int c = 0; c < x.Length; c++)
        {
            double t = normalize ? (steps - 1) * (1 - x[c]) / (1 - 0.01) : 10 * (1 - x[c]);
            int expected = (int)Math.Floor(t + 0.5);
            var channel = spikes.Where(s => s.Channel == c).ToList();
            Assert.Single(channel); // one spike per channel at most, and these all fire inside the window
            Assert.Equal(expected, channel[0].Step);
        }
    }

    [Fact]
    public void Latency_ReportsTheExpectedStepBesideTheMeasuredOne()
    {
        using var dir = new CliRunner.TempDir();
        CliRunner.Succeed("encode", "latency", "--values", "1,0.5", "--steps", "11", "--out", dir.Path);

        var rows = File.ReadAllLines(Path.Combine(dir.Path, "decoded.csv"));
        Assert.Equal("channel,input,expected_step,first_step", rows[0]);

        // t = 10 (1 - x) / 0.99: x = 1 -> 0, x = 0.5 -> 5.05 -> 5.
        Assert.Equal("0,1,0,0", rows[1]);
        Assert.Equal("1,0.5,5,5", rows[2]);
    }

    [Theory]
    [InlineData("rate")]
    [InlineData("latency")]
    [InlineData("poisson")]
    public void ZeroIntensity_GivesNoSpikes(string kind)
    {
        using var dir = new CliRunner.TempDir();
        string output = CliRunner.Succeed("encode", kind, "--values", "0,0,0", "--steps", "500", "--out", dir.Path);

        Assert.Empty(ReadSpikes(dir.Path));
        Assert.Contains("3 channels, 500 steps, 0 spikes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Population_CentreOfMass_IsNearTheValue()
    {
        using var dir = new CliRunner.TempDir();

        // 11 fields centred at 0, 0.1, ..., 1 with sigma 0.1: for x = 0.5 the responses are symmetric about 0.5, so
        // the expected centre of mass is exactly 0.5; for x = 0.3 the fields missing below 0 would carry exp(-8) = 3e-4
        // of the peak response, which moves the expected centre by about 1e-4.
        const int steps = 4000;
        CliRunner.Succeed("encode", "population", "--values", "0.5,0.3", "--steps", steps.ToString(Inv), "--param", "NeuronsPerFeature=11",
            "--param", "Sigma=0.1", "--out", dir.Path);

        var spikes = ReadSpikes(dir.Path);
        Assert.All(spikes, s => Assert.InRange(s.Channel, 0, 21));
        double[] x = [0.5, 0.3];
        for (int i = 0; i < 2; i++)
        {
            var mine = spikes.Where(s => s.Channel / 11 == i).ToList();
            double centre = mine.Average(s => (s.Channel % 11) * 0.1);
            Assert.InRange(centre, x[i] - 0.02, x[i] + 0.02);

            // The neuron whose preferred value is x fires the most (probability exp(0) = 1 against exp(-1/2) for its neighbours).
            int best = (int)Math.Round(x[i] * 10);
            Assert.Equal(best, mine.GroupBy(s => s.Channel % 11).MaxBy(g => g.Count())!.Key);
        }
    }

    [Fact]
    public void Population_TakesValuesOutsideTheUnitInterval_WithinItsFieldRange()
    {
        using var dir = new CliRunner.TempDir();

        // Fields centred at -10, -5, 0, 5, 10 (sigma 5): the value -5 sits on field 1, whose probability is 1.
        CliRunner.Succeed("encode", "population", "--values", "-5", "--steps", "300", "--param", "NeuronsPerFeature=5",
            "--param", "Min=-10", "--param", "Max=10", "--out", dir.Path);

        var spikes = ReadSpikes(dir.Path);
        Assert.Equal(1, spikes.GroupBy(s => s.Channel).MaxBy(g => g.Count())!.Key);
    }

    [Fact]
    public void Delta_Values_FollowTheDocumentedLastEmittedRule()
    {
        using var dir = new CliRunner.TempDir();

        // Threshold 0.1, level L from x[0] = 0: step 2 (0.3 - 0 > 0.1) on, L = 0.1; step 3 (0.3 - 0.1 > 0.1) on,
        // L = 0.2; step 4 (0 - 0.2 < -0.1) off, L = 0.1. Channel 0 is on, channel 1 off.
        string output = CliRunner.Succeed("encode", "delta", "--values", "0,0.05,0.3,0.3,0", "--out", dir.Path);

        Assert.Equal(new[] { (2, 0), (3, 0), (4, 1) }, ReadSpikes(dir.Path));
        Assert.Contains("2 channels, 5 steps, 3 spikes", output, StringComparison.Ordinal);
        var level = File.ReadAllLines(Path.Combine(dir.Path, "decoded.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[2], Inv)).ToArray();
        Assert.Equal(new[] { 0, 0, 0.1, 0.2, 0.1 }, level.Select(v => Math.Round(v, 6)));
        XDocument.Load(Path.Combine(dir.Path, "signal.svg"));
    }

    [Fact]
    public void Delta_SlowSine_StaysWithinOneThresholdOfTheSignal()
    {
        using var dir = new CliRunner.TempDir();

        // Period 100: the sine 0.5 + 0.5 sin changes by at most 0.5 * 2 pi / 100 = 0.031 < Threshold 0.05 per step, so
        // the documented bound |x[t] - L| <= Threshold holds at every step.
        CliRunner.Succeed("encode", "delta", "--sine", "100", "--steps", "200", "--param", "Threshold=0.05", "--out", dir.Path);

        var rows = File.ReadAllLines(Path.Combine(dir.Path, "decoded.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(200, rows.Count);
        for (int t = 0; t < rows.Count; t++)
        {
            double signal = double.Parse(rows[t][1], Inv), level = double.Parse(rows[t][2], Inv);
            Assert.Equal(0.5 + (0.5 * Math.Sin(2 * Math.PI * t / 100)), signal, 1e-6);
            Assert.InRange(Math.Abs(signal - level), 0, 0.05 + 1e-6);
        }

        // The sine rises by 0.5 from step 0 to 25: at least 0.5 / 0.05 - 1 on spikes before step 26.
        Assert.InRange(ReadSpikes(dir.Path).Count(s => s.Channel == 0 && s.Step <= 25), 9, 10);
    }

    [Theory]
    [InlineData("rate")]
    [InlineData("poisson")]
    [InlineData("population")]
    public void SameSeed_GivesTheSameSpikes_AndAnotherSeedOthers(string kind)
    {
        using var a = new CliRunner.TempDir();
        using var b = new CliRunner.TempDir();
        using var c = new CliRunner.TempDir();
        string[] common = ["encode", kind, "--values", "0.3,0.6", "--steps", "200"];
        CliRunner.Succeed([.. common, "--seed", "42", "--out", a.Path]);
        CliRunner.Succeed([.. common, "--seed", "42", "--out", b.Path]);
        CliRunner.Succeed([.. common, "--seed", "43", "--out", c.Path]);

        string first = File.ReadAllText(Path.Combine(a.Path, "spikes.csv"));
        Assert.Equal(first, File.ReadAllText(Path.Combine(b.Path, "spikes.csv")));
        Assert.NotEqual(first, File.ReadAllText(Path.Combine(c.Path, "spikes.csv")));
    }

    [Fact]
    public void UnknownKind_ExitsTwo_NamingKindAndListingTheKinds()
    {
        var (code, _, err) = CliRunner.Run("encode", "ratee", "--values", "0.5", "--out", "unused");
        Assert.Equal(2, code);
        Assert.Contains("KIND must be one of: rate, poisson, latency, population, delta; was 'ratee'.", err, StringComparison.Ordinal);
        Assert.Contains("Did you mean rate?", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownParameter_ExitsTwo_NamingItAndListingTheValidOnes()
    {
        var (code, _, err) = CliRunner.Run("encode", "latency", "--values", "0.5", "--param", "Treshold=0.2", "--out", "unused");
        Assert.Equal(2, code);
        Assert.Contains("unknown parameter 'Treshold' for KIND latency", err, StringComparison.Ordinal);
        Assert.Contains("Mode, Threshold, TauSteps, Normalize, Epsilon", err, StringComparison.Ordinal);
        Assert.Contains("Did you mean Threshold?", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "latency", "--values", "0.5", "--param", "Threshold=1.5" }, "Threshold must be in [0, 1); was 1.5.")]
    [InlineData(new[] { "latency", "--values", "0.5", "--param", "Mode=Cubic" }, "Mode must be one of: Linear, Logarithmic; was 'Cubic'.")]
    [InlineData(new[] { "rate", "--values", "0.5", "--param", "Gain=-1" }, "Gain must be >= 0; was -1.")]
    [InlineData(new[] { "rate", "--values", "0.5,1.2" }, "--values must be numbers in [0, 1] separated by commas; item 2 was '1.2'.")]
    [InlineData(new[] { "rate", "--sine", "10" }, "--sine makes a time series, which only KIND delta encodes")]
    [InlineData(new[] { "rate" }, "expected exactly one input, --values LIST or --dataset mnist; none was given.")]
    [InlineData(new[] { "delta", "--values", "0,1", "--steps", "5" }, "--steps must be 2 (the number of --values")]
    [InlineData(new[] { "delta", "--dataset", "mnist" }, "--dataset gives a static image")]
    [InlineData(new[] { "rate", "--dataset", "cifar" }, "--dataset must be mnist; was 'cifar'.")]
    [InlineData(new[] { "population", "--values", "0.5", "--steps", "1000", "--param", "NeuronsPerFeature=100000" }, "--steps: 1000 steps of 100000 channels make 100000000 raster elements; at most 20000000")]
    [InlineData(new[] { "population", "--values", "0.5,nan" }, "--values must be finite numbers separated by commas; item 2 was 'nan'.")]
    public void BadInput_ExitsTwo_NamingTheField(string[] args, string message)
    {
        var (code, _, err) = CliRunner.Run(["encode", .. args, "--out", "unused"]);
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Mnist_MissingDataFolder_ExitsOne_WithTheDataHint()
    {
        using var dir = new CliRunner.TempDir();
        string missing = Path.Combine(dir.Path, "no-such-folder");
        var (code, _, err) = CliRunner.Run("encode", "rate", "--dataset", "mnist", "--data", missing, "--out", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("Data folder not found", err, StringComparison.Ordinal);
        Assert.Contains("LAPICQUE_DATA", err, StringComparison.Ordinal);
    }

    [RequiresDataFact]
    public void Mnist_Latency_EncodesTheImage_AndDrawsInputBesideDecoded()
    {
        using var dir = new CliRunner.TempDir();
        const int steps = 25;
        string output = CliRunner.Succeed("encode", "latency", "--dataset", "mnist", "--index", "0", "--data", RequiresData.Folder,
            "--steps", steps.ToString(Inv), "--out", dir.Path);

        // MNIST test image 0 is a 7. Latency: each pixel above the threshold fires once, so the spike count is the
        // number of those pixels, and a saturated pixel (255 -> 1.0) fires at step 0.
        Assert.Contains("MNIST test image 0 (label 7): 784 channels, 25 steps", output, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(dir.Path, "decoded.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(784, rows.Count);
        var spikes = ReadSpikes(dir.Path);
        Assert.Equal(rows.Count(r => double.Parse(r[1], Inv) > 0.01), spikes.Count);
        Assert.All(rows.Where(r => r[1] == "1"), r => Assert.Equal("0", r[3]));
        Assert.Contains(rows, r => r[1] == "1");
        Assert.Contains("784 of 784 channels agree", output, StringComparison.Ordinal);

        var svg = XDocument.Load(Path.Combine(dir.Path, "image.svg"));
        Assert.Equal(2, svg.Descendants().Count(e => e.Name.LocalName == "image"));
    }

    [RequiresDataFact]
    public void Mnist_IndexPastTheTestSet_ExitsTwo()
    {
        var (code, _, err) = CliRunner.Run("encode", "rate", "--dataset", "mnist", "--index", "10000", "--data", RequiresData.Folder, "--out", "unused");
        Assert.Equal(2, code);
        Assert.Contains("--index must be an integer in [0, 9999]", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsTheKinds_AndTheParametersOfTheKindGiven()
    {
        var (code, output, _) = CliRunner.Run("encode", "latency", "--help");
        Assert.Equal(0, code);
        Assert.Contains("rate, poisson, latency, population, delta", output, StringComparison.Ordinal);
        foreach (string name in new[] { "Mode", "Threshold", "TauSteps", "Normalize", "Epsilon" })
        {
            Assert.Contains($"    {name} ", output, StringComparison.Ordinal);
        }

        Assert.Contains("encode", CliRunner.Succeed("--help"), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryParameter_NamesAPropertyOfTheEncoder_AndItsStatedDefaultIsTheRecordDefault()
    {
        foreach (var kind in EncodeKind.All)
        {
            var type = kind.Defaults.GetType();
            foreach (var parameter in kind.Parameters)
            {
                // PopulationEncoder's Gain is its inner RateEncoder's; every other name is a property of the record.
                var owner = kind.Name == "population" && parameter.Name == "Gain" ? typeof(Lapicque.Encoding.RateEncoder) : type;
                Assert.True(owner.GetProperty(parameter.Name) is not null, $"{kind.Name}: {parameter.Name} is not a property of {owner.Name}");

                // Setting the stated default must give back the record's own default (records compare by value).
                if (parameter.Apply(kind.Defaults, parameter.DefaultText) is { } set)
                {
                    Assert.Equal(kind.Defaults, set);
                }
                else
                {
                    Assert.Equal(("population", "Sigma"), (kind.Name, parameter.Name)); // the only default given in words
                }
            }
        }
    }

    private static List<(int Step, int Channel)> ReadSpikes(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "spikes.csv"));
        Assert.Equal("step,channel", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).Select(c => (int.Parse(c[0], Inv), int.Parse(c[1], Inv))).ToList();
    }
}
