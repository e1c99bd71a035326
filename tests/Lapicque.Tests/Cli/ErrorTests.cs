namespace Lapicque.Tests.Cli;

public class ErrorTests
{
    private static readonly string[] Valid = ["neuron", "lif", "--current", "1.5", "--duration", "100", "--dt", "0.1", "--out", "unused-dir"];

    /// <summary>The valid command line with one option replaced (or added).</summary>
    private static string[] With(string option, string value)
    {
        var args = Valid.ToList();
        int i = args.IndexOf(option);
        if (i >= 0)
        {
            args[i + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        return args.ToArray();
    }

    [Theory]
    [InlineData("--dt", "-1", "--dt must be a number in (0, 1000] (ms); was '-1'.")]
    [InlineData("--dt", "abc", "--dt must be a number in (0, 1000] (ms); was 'abc'.")]
    [InlineData("--dt", "200", "--dt must be a number in (0, 100] (ms, at most --duration); was '200'.")]
    [InlineData("--duration", "0", "--duration must be a number in (0, 100000000] (ms); was '0'.")]
    [InlineData("--duration", "1,5", "--duration must be a number in (0, 100000000] (ms); was '1,5'.")]
    [InlineData("--current", "NaN", "--current must be a number; was 'NaN'.")]
    [InlineData("--seed", "-3", "--seed must be an integer in [0, 9007199254740992]; was '-3'.")]
    [InlineData("--seed", "1.5", "--seed must be an integer in [0, 9007199254740992]; was '1.5'.")]
    [InlineData("--onset", "100", "--onset must be a number in [0, 100) (ms, before the end of --duration); was '100'.")]
    [InlineData("--offset", "0", "--offset must be a number > 0 (ms); was '0'.")]
    [InlineData("--param", "TauMemMs", "--param must be NAME=VALUE; was 'TauMemMs'.")]
    [InlineData("--param", "TauMemMs=-5", "--param: TauMemMs must be > 0; was -5.")]
    [InlineData("--param", "TauMemMs=fast", "--param: TauMemMs must be a finite number; was 'fast'.")]
    [InlineData("--param", "Reset=Bogus", "--param: Reset must be one of: ToValue, Subtract, None; was 'Bogus'.")]
    [InlineData("--param", "Tau=5", "--param: Unknown parameter 'Tau' for model 'lif'; expected one of: TauMemMs, RestMv, ThresholdMv, ResetMv, InitialMv, RefractoryMs, Reset, Input.")]
    [InlineData("--preset", "fast", "--preset: Unknown preset 'fast' for model 'lif'; expected one of: none.")]
    public void BadValue_ExitsTwo_NamingOptionRangeAndValue(string option, string value, string message)
    {
        var (code, output, err) = CliRunner.Run(With(option, value));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal($"error: {message}", err.Split('\n')[0].TrimEnd('\r'));
        Assert.Contains("lapicque neuron --help", err, StringComparison.Ordinal);
    }

    [Fact]
    public void OffsetBeforeOnset_NamesBothOptions()
    {
        var (code, _, err) = CliRunner.Run([.. Valid, "--onset", "50", "--offset", "20"]);
        Assert.Equal(2, code);
        Assert.Contains("--offset must be a number > 50 (ms, after --onset); was '20'.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredOption_NamesItAndItsFormat()
    {
        var (code, _, err) = CliRunner.Run("neuron", "lif", "--duration", "100", "--dt", "0.1", "--out", "x");
        Assert.Equal(2, code);
        Assert.Contains("--current I is required (a number)", err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingValue_NamesTheOption()
    {
        var (code, _, err) = CliRunner.Run("neuron", "lif", "--current", "1", "--duration", "100", "--out", "x", "--dt");
        Assert.Equal(2, code);
        Assert.Contains("--dt needs a value MS (a number in (0, 1000] (ms)); none was given.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModel_ListsTheModels_AndSuggestsTheClosest()
    {
        var (code, _, err) = CliRunner.Run("neuron", "lfi", "--current", "1", "--duration", "100", "--dt", "0.1", "--out", "x");
        Assert.Equal(2, code);
        Assert.Contains("MODEL must be one of: lif; was 'lfi'. Did you mean lif?", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_SuggestsTheClosest()
    {
        var (code, _, err) = CliRunner.Run([.. Valid, "--curent", "2"]);
        Assert.Equal(2, code);
        Assert.Contains("Unknown option '--curent'. Did you mean --current?", err, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedSingleValueOption_IsAnError()
    {
        var (code, _, err) = CliRunner.Run([.. Valid, "--dt", "0.2"]);
        Assert.Equal(2, code);
        Assert.Contains("--dt was given more than once", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommand_ExitsTwo_AndSuggests()
    {
        var (code, output, err) = CliRunner.Run("neurn");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("Unknown command 'neurn'", err, StringComparison.Ordinal);
        Assert.Contains("Did you mean neuron?", err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModel_NamesTheArgument()
    {
        var (code, _, err) = CliRunner.Run("neuron", "--current", "1", "--duration", "100", "--dt", "0.1", "--out", "x");
        Assert.Equal(2, code);
        Assert.Contains("Missing argument MODEL", err, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFolderThatCannotBeCreated_IsARuntimeFailure_ExitOne()
    {
        using var dir = new CliRunner.TempDir();
        string file = Path.Combine(dir.Path, "a-file");
        File.WriteAllText(file, "x");
        var (code, _, err) = CliRunner.Run(With("--out", Path.Combine(file, "sub")));
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
    }
}
