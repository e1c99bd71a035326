namespace Lapicque.Tests.Cli;

public class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void RootHelp_ListsTheCommands_AndExitsZero(string flag)
    {
        var (code, output, err) = CliRunner.Run(flag);
        Assert.Equal(0, code);
        Assert.Empty(err);
        Assert.Contains("USAGE:", output, StringComparison.Ordinal);
        Assert.Contains("COMMANDS:", output, StringComparison.Ordinal);
        Assert.Contains("neuron", output, StringComparison.Ordinal);
    }

    [Fact]
    public void NeuronHelp_ListsEveryOptionWithItsRange()
    {
        var (code, output, _) = CliRunner.Run("neuron", "--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--preset NAME", "--current I", "--onset MS", "--offset MS", "--duration MS", "--dt MS", "--param NAME=VALUE", "--seed N", "--out DIR" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.Contains("a number in (0, 1000] (ms)", output, StringComparison.Ordinal);
        Assert.Contains("MODEL", output, StringComparison.Ordinal);
        Assert.Contains("lif", output, StringComparison.Ordinal);
    }

    [Fact]
    public void NeuronModelHelp_ListsTheModelParametersAndDefaults()
    {
        var (code, output, _) = CliRunner.Run("neuron", "lif", "--help");
        Assert.Equal(0, code);
        Assert.Contains("PARAMETERS", output, StringComparison.Ordinal);
        Assert.Contains("TauMemMs", output, StringComparison.Ordinal);
        Assert.Contains("default 20", output, StringComparison.Ordinal);
        Assert.Contains("one of: ToValue, Subtract, None", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheToolVersion()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("lapicque ", output, StringComparison.Ordinal);
    }
}
