using System.Text.Json;

namespace Lapicque.Tests.Cli;

public class BenchTrainingTests
{
    [Fact]
    public void TrainFc_Json_TimesOneStepOfTheIssueWorkload()
    {
        // One step of the FC workload (the conv one takes a few seconds a step and is left to the benchmark script).
        var (code, stdout, stderr) = CliRunner.Run("bench", "train-fc", "--steps", "1", "--warmup", "0", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal("fc", r.GetProperty("net").GetString());
        Assert.Equal(128, r.GetProperty("batch").GetInt32());
        Assert.Equal(25, r.GetProperty("time_steps").GetInt32());
        Assert.True(r.GetProperty("step_ms_median").GetDouble() > 0);
        Assert.True(r.GetProperty("cpu_ms_min").GetDouble() > 0);
        Assert.True(r.GetProperty("peak_mib").GetDouble() > 0);

        // Cross-entropy of 10 classes on random labels: positive and finite (the fields the peer script reads are all here).
        Assert.True(r.GetProperty("last_loss").GetDouble() is > 0 and < 100);
    }
}
