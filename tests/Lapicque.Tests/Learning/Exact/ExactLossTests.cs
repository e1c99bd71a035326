using Lapicque.Learning.Exact;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Tests.Learning.Exact;

public class ExactLossTests
{
    private const double Step = 1e-4;

    [Theory]
    [InlineData("klos-qif", 0)]
    [InlineData("klos-qif", 2)]
    [InlineData("theta", 1)]
    public void CrossEntropyGradient_MatchesFiniteDifferences(string model, int label)
    {
        var loss = new FirstSpikeCrossEntropy(Gamma: 0.05, TemperatureMs: 0.7);
        CheckGradient(model, 201 + label, tape => loss.Apply(tape, label, 1.0, out _));
    }

    [Theory]
    [InlineData("klos-qif")]
    [InlineData("theta")]
    public void MseGradient_MatchesFiniteDifferences(string model)
    {
        double[][] targets = [[1.0, 2.5], [3.0], [0.5, 1.5, 7.0]];
        CheckGradient(model, 301, tape => SpikeTimeMse.Apply(tape, targets));
    }

    [Fact]
    public void CrossEntropy_EqualsTheFormulaOnTheOutputTimes()
    {
        (EventNetwork net, InputSpike[] inputs, double trial) = ExactEngineTests.RandomSetup("klos-qif", false, 401);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 });
        var tape = new ExactTape();
        engine.Forward(inputs, tape);
        double[] t = [tape.OutputTime(0, 1), tape.OutputTime(1, 1), tape.OutputTime(2, 1)];
        double z = Math.Exp(-t[0] / 0.5) + Math.Exp(-t[1] / 0.5) + Math.Exp(-t[2] / 0.5);
        double expected = -Math.Log(Math.Exp(-t[1] / 0.5) / z) + (0.1 * (Math.Exp(t[1] / trial) - 1));
        double actual = new FirstSpikeCrossEntropy(0.1, 0.5).Apply(tape, 1, 1.0, out int prediction);
        Assert.Equal(expected, actual, 12);
        Assert.Equal(Array.IndexOf(t, t.Min()), prediction);
    }

    [Fact]
    public void Mse_UsesPseudospikesBeyondTheOrdinarySpikes()
    {
        (EventNetwork net, InputSpike[] inputs, double trial) = ExactEngineTests.RandomSetup("theta", false, 402);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 });
        var tape = new ExactTape();
        engine.Forward(inputs, tape);
        int k = tape.OrdinarySpikeCount(0);
        double[][] targets = [new double[k + 2], [], []];
        double loss = SpikeTimeMse.Apply(tape, targets);

        // Target 0 everywhere: the loss is the mean of the squared output times; the last two lie beyond T, one period apart.
        double t1 = tape.OutputTime(0, k + 1), t2 = tape.OutputTime(0, k + 2);
        Assert.True(t1 >= trial && Math.Abs(t2 - t1 - 6.0) < 1e-12, $"pseudospikes {t1}, {t2}");
        double sum = (t1 * t1) + (t2 * t2);
        for (int n = 1; n <= k; n++)
        {
            sum += tape.OutputTime(0, n) * tape.OutputTime(0, n);
        }

        Assert.Equal(sum / (k + 2), loss, 12);
    }

    private static void CheckGradient(string model, int seed, Func<ExactTape, double> lossOf)
    {
        (EventNetwork net, InputSpike[] inputs, double trial) = ExactEngineTests.RandomSetup(model, false, seed);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 });
        var tape = new ExactTape();
        engine.Forward(inputs, tape);
        lossOf(tape);
        string signature = Signature(tape);
        var grads = new ExactGradients(net);
        engine.Backward(tape, grads);
        int checkedCount = 0;
        double scale = 0;
        var pairs = new List<(double Fd, double Bw, string Name)>();
        for (int l = 0; l < net.LayerCount; l++)
        {
            double[] w = net.FeedForwardWeights(l);
            for (int k = 0; k < w.Length; k++)
            {
                double keep = w[k];
                double[] f = new double[4];
                bool ok = true;
                double[] offsets = [-2 * Step, -Step, Step, 2 * Step];
                for (int q = 0; q < 4; q++)
                {
                    w[k] = keep + offsets[q];
                    var t = new ExactTape();
                    engine.Forward(inputs, t);
                    f[q] = lossOf(t);
                    ok &= Signature(t) == signature;
                }

                w[k] = keep;
                if (ok)
                {
                    double fd = ((8 * (f[2] - f[1])) - (f[3] - f[0])) / (12 * Step);
                    scale = Math.Max(scale, Math.Abs(fd));
                    pairs.Add((fd, grads.FeedForward[l][k], $"W[{l}][{k}]"));
                }
            }
        }

        foreach ((double fd, double bw, string name) in pairs)
        {
            checkedCount++;
            Assert.True(Math.Abs(fd - bw) <= 1e-6 * Math.Max(Math.Abs(fd), 1e-3 * scale), $"{name}: finite difference {fd:R}, backward {bw:R}");
        }

        Assert.True(checkedCount >= 15 && scale > 1e-3, $"checked {checkedCount}, largest derivative {scale}");
    }

    private static string Signature(ExactTape tape)
    {
        var sb = new System.Text.StringBuilder();
        for (int e = 0; e < tape.Events; e++)
        {
            sb.Append((int)tape.EventKindOf(e)).Append(':').Append(tape.EventIndex(e)).Append(' ');
        }

        return sb.ToString();
    }
}
