using Lapicque.Cli;

namespace Lapicque.Tests.Learning.Exact;

public class ExactCommandTests
{
    [Fact]
    public void Concept_WritesTheCsvFilesAndTheFigure()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lapicque-exact-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            int code = CliApp.Run(["exact", "concept", "--points", "100", "--out", dir], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            string[] weight = File.ReadAllLines(Path.Combine(dir, "concept-weight.csv"));
            Assert.Equal("weight_over_wmin,qif_time,qif_pseudo,qif_dt_dw,lif_time", weight[0]);
            Assert.Equal(102, weight.Length);
            Assert.Equal(102, File.ReadAllLines(Path.Combine(dir, "concept-inhibition.csv")).Length);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "concept.svg")), StringComparison.Ordinal);
            // The crossing is at 1.0632 w_min (closed form); on a grid of step 0.02 the first ordinary point is 1.08.
            Assert.Contains("pseudospike -> ordinary spike at w = 1.0800 w_min", stdout.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Theory]
    [InlineData("exact concept --trials 10 --out x", "--trials applies to single and recurrent")]
    [InlineData("exact recurrent --points 10 --out x", "--points applies to concept")]
    [InlineData("exact singel --out x", "EXPERIMENT must be one of: concept, single, recurrent; was 'singel'")]
    [InlineData("exact single --ramp -0.5 --out x", "--ramp must be a number in [0, 1000000]; was '-0.5'")]
    public void BadUsage_IsRejectedWithAMessageNamingTheField(string line, string message)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CliApp.Run(line.Split(' '), stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }
}
