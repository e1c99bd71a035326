using System.Xml.Linq;

namespace Lapicque.Tests.Cli;

public class PlotCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lapicque-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Plot_DrawsTheSelectedColumnsAndRows()
    {
        string csv = Path.Combine(_dir, "m.csv");
        File.WriteAllText(csv, "epoch,kind,loss,acc\n0,a,2.0,0.1\n1,a,1.0,0.5\n2,a,,0.7\n0,b,9,9\n");
        string svg = Path.Combine(_dir, "out", "loss.svg");
        var (code, stdout, stderr) = CliRunner.Run("plot", csv, "--x", "epoch", "--y", "loss,acc", "--where", "kind=a", "--out", svg);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote", stdout);
        string text = File.ReadAllText(svg);
        XDocument.Parse(text);
        Assert.Contains("loss", text);
        Assert.Contains("acc", text);

        // The 'b' row (value 9) is filtered out, so no tick reaches 9.
        Assert.DoesNotContain(">9<", text);
    }

    [Fact]
    public void Plot_UnknownColumn_ListsTheColumns()
    {
        string csv = Path.Combine(_dir, "m.csv");
        File.WriteAllText(csv, "epoch,loss\n0,1\n");
        var (code, _, stderr) = CliRunner.Run("plot", csv, "--x", "epoch", "--y", "los", "--out", Path.Combine(_dir, "x.svg"));
        Assert.Equal(2, code);
        Assert.Contains("--y: 'los' is not a column of", stderr);
        Assert.Contains("expected one of: epoch, loss.", stderr);
    }
}
