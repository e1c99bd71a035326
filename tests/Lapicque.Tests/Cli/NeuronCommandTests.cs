using System.Globalization;
using System.Xml.Linq;
using Lapicque.Cli.Commands;
using Lapicque.Cli.Parsing;

namespace Lapicque.Tests.Cli;

public class NeuronCommandTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Theory]
    // tau, drive, threshold, refractory, duration: ISI = t_ref + tau ln(RI / (RI - theta)).
    [InlineData(20.0, 1.5, 1.0, 0.0, 200.0)]
    [InlineData(10.0, 3.0, 1.0, 2.0, 300.0)]
    [InlineData(15.0, 25.0, 20.0, 5.0, 500.0)]
    public void Lif_ConstantCurrent_SpikeCountIsTheAnalyticCount(double tau, double drive, double threshold, double refractory, double duration)
    {
        using var dir = new CliRunner.TempDir();
        const double dt = 0.01;
        var (code, output, err) = CliRunner.Run(
            "neuron", "lif", "--current", F(drive), "--duration", F(duration), "--dt", F(dt),
            "--param", $"TauMemMs={F(tau)}", "--param", $"ThresholdMv={F(threshold)}", "--param", $"RefractoryMs={F(refractory)}",
            "--out", dir.Path);
        Assert.True(code == 0, err);

        double isi = refractory + (tau * Math.Log(drive / (drive - threshold)));
        int expected = (int)Math.Floor(duration / isi);
        var spikes = ReadCsv(Path.Combine(dir.Path, "spikes.csv"));
        Assert.Equal(["step", "t_ms"], spikes.Header);
        Assert.InRange(spikes.Rows.Count, expected - 1, expected + 1);
        Assert.Contains($"{spikes.Rows.Count} spikes", output, StringComparison.Ordinal);
        double rate = spikes.Rows.Count / (duration / 1000.0);
        Assert.Contains($"rate {rate.ToString("0.###", Inv)} Hz", output, StringComparison.Ordinal);

        // t_ms is the step times dt, and successive spikes are one ISI apart (within one step).
        for (int k = 0; k < spikes.Rows.Count; k++)
        {
            Assert.Equal(long.Parse(spikes.Rows[k][0], Inv) * dt, double.Parse(spikes.Rows[k][1], Inv), 1e-9);
            if (k > 0)
            {
                Assert.InRange(double.Parse(spikes.Rows[k][1], Inv) - double.Parse(spikes.Rows[k - 1][1], Inv), isi - dt, isi + dt);
            }
        }
    }

    [Fact]
    public void Lif_Run_WritesTraceCsvAndAWellFormedFigure()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("neuron", "lif", "--current", "1.5", "--duration", "100", "--dt", "0.1", "--out", dir.Path);
        Assert.True(code == 0, err);

        var trace = ReadCsv(Path.Combine(dir.Path, "trace.csv"));
        Assert.Equal(["t_ms", "v_mV", "refractory_steps", "input_mV"], trace.Header);
        Assert.Equal(1001, trace.Rows.Count);
        Assert.Equal("100", trace.Rows[^1][0]);

        // Below threshold the membrane follows the exact solution V(t) = RI (1 - exp(-t / tau)).
        double t = double.Parse(trace.Rows[50][0], Inv);
        Assert.Equal(1.5 * (1 - Math.Exp(-t / 20.0)), double.Parse(trace.Rows[50][1], Inv), 1e-6);

        var svg = XDocument.Load(Path.Combine(dir.Path, "trace.svg"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToArray();
        Assert.Contains("time (ms)", texts);
        Assert.Contains("input (mV)", texts);
        Assert.Contains(texts, s => s.StartsWith("spikes (", StringComparison.Ordinal));
    }

    [Fact]
    public void Lif_StepCurrent_FiresOnlyWhileTheInputIsOn()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("neuron", "lif", "--current", "3", "--onset", "50", "--offset", "150", "--duration", "200", "--dt", "0.05",
            "--param", "TauMemMs=10", "--out", dir.Path);
        Assert.True(code == 0, err);

        double isi = 10 * Math.Log(3.0 / 2.0);
        var times = ReadCsv(Path.Combine(dir.Path, "spikes.csv")).Rows.Select(r => double.Parse(r[1], Inv)).ToArray();
        Assert.All(times, s => Assert.InRange(s, 50 + isi - 0.05, 150 + 0.05));
        Assert.InRange(times.Length, (int)Math.Floor(100 / isi) - 1, (int)Math.Floor(100 / isi) + 1);

        var trace = ReadCsv(Path.Combine(dir.Path, "trace.csv"));
        Assert.Equal("0", trace.Rows[999][3]);   // t = 49.95 ms
        Assert.Equal("3", trace.Rows[1000][3]);  // t = 50 ms
        Assert.Equal("0", trace.Rows[3000][3]);  // t = 150 ms
    }

    [Fact]
    public void Noise_SameSeedSameSpikes_OtherSeedOtherSpikes()
    {
        string Spikes(string seed)
        {
            using var dir = new CliRunner.TempDir();
            var (code, _, err) = CliRunner.Run("neuron", "lif", "--current", "1.2", "--noise", "2", "--seed", seed, "--duration", "300", "--dt", "0.1", "--out", dir.Path);
            Assert.True(code == 0, err);
            return File.ReadAllText(Path.Combine(dir.Path, "spikes.csv"));
        }

        string a = Spikes("7");
        Assert.Equal(a, Spikes("7"));
        Assert.NotEqual(a, Spikes("8"));
    }

    [Fact]
    public void Every_ThinsTheTrace_AndDefaultsToAtMostAMillionRows()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("neuron", "lif", "--current", "1.5", "--duration", "100", "--dt", "0.1", "--every", "10", "--out", dir.Path);
        Assert.True(code == 0, err);
        var trace = ReadCsv(Path.Combine(dir.Path, "trace.csv"));
        Assert.Equal(101, trace.Rows.Count);
        Assert.Equal("1", trace.Rows[1][0]);

        var parsed = CommandLineParser.Parse(NeuronCommand.Spec, ["lif", "--current", "1", "--duration", "100000", "--dt", "0.005", "--out", "x"]);
        var options = NeuronCommand.Bind(parsed);
        Assert.Equal(20_000_000, options.Steps);
        Assert.Equal(20, options.Every);
    }

    [Fact]
    public void Files_AreWrittenWithTheInvariantCulture_WhateverTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = comma;
            using var dir = new CliRunner.TempDir();
            var (code, output, err) = CliRunner.Run("neuron", "lif", "--current", "1.5", "--duration", "50", "--dt", "0.05", "--out", dir.Path);
            Assert.True(code == 0, err);
            var trace = ReadCsv(Path.Combine(dir.Path, "trace.csv"));
            Assert.All(trace.Rows, r => Assert.Equal(4, r.Length));
            Assert.Equal("0.05", trace.Rows[1][0]);
            Assert.Contains("0.05 ms (1000 steps)", output, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void NegativeCurrent_AsInlineValue_IsAccepted_AndNeverFires()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run("neuron", "lif", "--current=-2", "--duration", "50", "--dt", "0.1", "--out", dir.Path);
        Assert.True(code == 0, err);
        Assert.Contains("0 spikes", output, StringComparison.Ordinal);
        var trace = ReadCsv(Path.Combine(dir.Path, "trace.csv"));
        Assert.Equal(-2 * (1 - Math.Exp(-50 / 20.0)), double.Parse(trace.Rows[^1][1], Inv), 1e-5);
    }

    [Fact]
    public void FirstNonFinite_FindsTheEarliestBlowUpAcrossVariables()
    {
        float[] v = [0f, 1f, 2f, float.PositiveInfinity, float.NaN];
        float[] u = [0f, 1f, float.NaN, 3f, 4f];
        var result = new NeuronResult([], [0, 10, 20, 30, 40], [v, u], new double[5]);
        Assert.Equal((2, 1), NeuronCommand.FirstNonFinite(result));
        var fine = new NeuronResult([], [0, 1], [[0f, 1f]], new double[2]);
        Assert.Equal(-1, NeuronCommand.FirstNonFinite(fine).Row);
    }

    private static string F(double v) => v.ToString("R", Inv);

    private static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }
}
