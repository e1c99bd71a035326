using Lapicque.Data;

namespace Lapicque.Tests.Data;

// DataDirectory.Resolve(option, environmentValue) is used so that no test changes the process environment,
// which real-data tests read in parallel.
public class DataDirectoryTests
{
    [Fact]
    public void Resolve_OptionGiven_WinsOverEnvironment()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        Assert.Equal(Path.GetFullPath(a.Path), DataDirectory.Resolve(a.Path, b.Path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_NoOption_UsesEnvironment(string? option)
    {
        using var b = new TempFolder();
        Assert.Equal(Path.GetFullPath(b.Path), DataDirectory.Resolve(option, b.Path));
    }

    [Fact]
    public void Resolve_NeitherSet_SaysHowToSetIt()
    {
        var e = Assert.Throws<DatasetNotFoundException>(() => DataDirectory.Resolve(null, null));
        Assert.Equal(DatasetProblem.Missing, e.Problem);
        Assert.Null(e.Path);
        Assert.Contains("--data", e.Message);
        Assert.Contains("LAPICQUE_DATA", e.Message);
        Assert.Contains("mnist/", e.Message);
    }

    [Fact]
    public void Resolve_OptionFolderMissing_NamesOptionAndPath()
    {
        using var t = new TempFolder();
        string missing = t.File("no-such-folder");
        var e = Assert.Throws<DatasetNotFoundException>(() => DataDirectory.Resolve(missing, t.Path));
        Assert.Contains("--data", e.Message);
        Assert.Contains(missing, e.Message);
        Assert.Equal(missing, e.Path);
    }

    [Fact]
    public void Resolve_EnvironmentFolderMissing_NamesVariableAndPath()
    {
        using var t = new TempFolder();
        string missing = t.File("gone");
        var e = Assert.Throws<DatasetNotFoundException>(() => DataDirectory.Resolve(null, missing));
        Assert.Contains("LAPICQUE_DATA is", e.Message);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void DatasetFolder_MissingSubfolder_NamesItAndTheDataFolder()
    {
        using var t = new TempFolder();
        t.Sub("mnist");
        Assert.Equal(Path.Combine(Path.GetFullPath(t.Path), "mnist"), DataDirectory.DatasetFolder(t.Path, "mnist"));
        var e = Assert.Throws<DatasetNotFoundException>(() => DataDirectory.DatasetFolder(t.Path, "cifar-10-batches-bin"));
        Assert.Contains(Path.Combine(Path.GetFullPath(t.Path), "cifar-10-batches-bin"), e.Message);
        Assert.Contains("LAPICQUE_DATA", e.Message);
    }
}
