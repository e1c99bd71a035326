using Lapicque.Learning.Exact;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Tests.Learning.Exact;

public class ExactEngineTests
{
    private const double Step = 1e-4;

    [Theory]
    [InlineData("klos-qif", false, 101)]
    [InlineData("klos-qif", true, 102)]
    [InlineData("theta", false, 103)]
    [InlineData("theta", true, 104)]
    public void Gradient_MatchesCentralFiniteDifferences(string model, bool recurrent, int seed)
    {
        (EventNetwork net, InputSpike[] inputs, double trial) = RandomSetup(model, recurrent, seed);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 });
        var tape = new ExactTape();
        double[] coeff = Coefficients(net, seed);
        engine.Forward(inputs, tape);
        Assert.True(tape.SpikeCount >= 3, $"the test network should spike; it spiked {tape.SpikeCount} times");
        SeedLoss(tape, coeff);
        var grads = new ExactGradients(net);
        engine.Backward(tape, grads);

        int checkedCount = 0, skipped = 0;
        string signature = Signature(tape);

        // Every weight, every initial state, every input time.
        var targets = new List<(double[] Array, int Index, double Gradient, string Name)>();
        for (int l = 0; l < net.LayerCount; l++)
        {
            for (int k = 0; k < net.FeedForwardWeights(l).Length; k++)
            {
                targets.Add((net.FeedForwardWeights(l), k, grads.FeedForward[l][k], $"W_ff[{l}][{k}]"));
            }

            if (net.RecurrentWeights(l) is { } rec)
            {
                for (int k = 0; k < rec.Length; k++)
                {
                    targets.Add((rec, k, grads.Recurrent[l]![k], $"W_rec[{l}][{k}]"));
                }
            }
        }

        for (int k = 0; k < net.InitialState.Length; k++)
        {
            if (double.IsFinite(net.InitialState[k]))
            {
                targets.Add((net.InitialState, k, grads.InitialState[k], $"x0[{k}]"));
            }
        }

        double scale = 0.0;
        var numeric = new double[targets.Count];
        var valid = new bool[targets.Count];
        for (int t = 0; t < targets.Count; t++)
        {
            (double[] a, int k, _, _) = targets[t];
            double keep = a[k];
            (numeric[t], valid[t]) = Derivative(x => a[k] = keep + x, engine, inputs, coeff, signature);
            a[k] = keep;
            if (valid[t])
            {
                scale = Math.Max(scale, Math.Abs(numeric[t]));
            }
        }

        for (int t = 0; t < targets.Count; t++)
        {
            if (!valid[t])
            {
                skipped++;
                continue;
            }

            checkedCount++;
            AssertRelative(numeric[t], targets[t].Gradient, scale, targets[t].Name);
        }

        for (int p = 0; p < inputs.Length; p++)
        {
            InputSpike keep = inputs[p];
            (double d, bool ok) = Derivative(x => inputs[p] = keep with { TimeMs = keep.TimeMs + x }, engine, inputs, coeff, signature);
            inputs[p] = keep;
            if (!ok)
            {
                skipped++;
                continue;
            }

            checkedCount++;
            AssertRelative(d, grads.InputTimes[p], scale, $"t_in[{p}]");
        }

        Assert.True(checkedCount >= 20 && skipped * 10 <= checkedCount, $"checked {checkedCount}, skipped {skipped}");
        Assert.True(scale > 1e-3, $"the loss should depend on the parameters; largest derivative {scale}");
    }

    [Fact]
    public void Forward_SpikeTimesMatchTheEventDrivenSimulator()
    {
        foreach ((string model, bool rec, int seed) in new[] { ("klos-qif", true, 7), ("theta", true, 8), ("klos-qif", false, 9) })
        {
            (EventNetwork net, InputSpike[] inputs, double trial) = RandomSetup(model, rec, seed);
            var options = new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 };
            var engine = new ExactEngine(net, options);
            var tape = new ExactTape();
            engine.Forward(inputs, tape);
            NetworkSpike[] reference = new EventDrivenSimulator(net, options).Run(inputs).Spikes();
            var mine = new List<NetworkSpike>();
            for (int e = 0; e < tape.Events; e++)
            {
                if (tape.EventKindOf(e) == EventKind.Spike)
                {
                    mine.Add(new NetworkSpike(tape.EventTime(e), tape.EventIndex(e)));
                }
            }

            Assert.True(reference.Length == mine.Count, $"{model}: {string.Join(", ", reference)} vs {string.Join(", ", mine)}");
            for (int s = 0; s < reference.Length; s++)
            {
                Assert.Equal(reference[s].Neuron, mine[s].Neuron);
                Assert.True(Math.Abs(reference[s].TimeMs - mine[s].TimeMs) <= 1e-9 * (1 + reference[s].TimeMs), $"{model}: spike {s}: {reference[s].TimeMs} vs {mine[s].TimeMs}");
            }

            double[] final = tape.FinalState();
            EventTrial full = new EventDrivenSimulator(net, options).Run(inputs);
            for (int k = 0; k < final.Length; k++)
            {
                double r = full.FinalState[k];
                Assert.True(Math.Abs(r - final[k]) <= 1e-8 * (1 + Math.Abs(r)), $"{model}: state[{k}] {r} vs {final[k]}");
            }
        }
    }

    [Fact]
    public void QifOutputTime_IsContinuousInTheInputWeight_AcrossTheTrialEnd()
    {
        // One QIF neuron from rest, one input at 0.5 (spec 2.7 a): as w grows the output time comes in from +infinity as a
        // pseudospike, crosses T = 4 and becomes the ordinary spike, without a jump.
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 1, [1]);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = 4.0, MaxEvents = 10 });
        var tape = new ExactTape();
        InputSpike[] input = [new(0.5, 0)];
        double wMin = Math.PI * Math.PI / 4;
        const int points = 20000;
        double previous = double.NaN, maxJump = 0.0;
        bool sawOrdinary = false, sawPseudo = false;
        for (int p = 0; p <= points; p++)
        {
            double w = 2.0 * wMin * p / points;
            net.FeedForwardWeights(0)[0] = w;
            engine.Forward(input, tape);
            double t = tape.OutputTime(0, 1);
            sawOrdinary |= tape.OrdinarySpikeCount(0) > 0;
            sawPseudo |= tape.OrdinarySpikeCount(0) == 0;
            if (p > 0)
            {
                maxJump = Math.Max(maxJump, Math.Abs(t - previous));
            }

            previous = t;
        }

        Assert.True(sawOrdinary && sawPseudo);
        Assert.True(maxJump < 0.01, $"largest step of the output time between neighbouring weights: {maxJump}");
    }

    internal static (EventNetwork Net, InputSpike[] Inputs, double TrialMs) RandomSetup(string model, bool recurrent, int seed)
    {
        var rng = new Rng((ulong)seed);
        if (model == "klos-qif")
        {
            var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 3, recurrent ? [5] : [4, 3], recurrent);
            Fill(net.FeedForwardWeights(0), rng, 0.0, 4.0);
            if (!recurrent)
            {
                Fill(net.FeedForwardWeights(1), rng, -1.0, 4.0);
            }
            else
            {
                Fill(net.RecurrentWeights(0)!, rng, -2.0, 2.0);
            }

            for (int j = 0; j < net.NeuronCount; j++)
            {
                net.InitialState[j] = rng.Uniform(-0.5, 0.8);
                net.InitialState[net.NeuronCount + j] = rng.Uniform(-0.5, 1.5);
            }

            return (net, Inputs(rng, 3, 2, 3.0), 4.0);
        }
        else
        {
            var theta = new ThetaParameters();
            var net = new EventNetwork(theta, 3, recurrent ? [5] : [4, 3], recurrent);
            Fill(net.FeedForwardWeights(0), rng, -0.5, 1.5);
            if (!recurrent)
            {
                Fill(net.FeedForwardWeights(1), rng, -0.5, 1.5);
            }
            else
            {
                Fill(net.RecurrentWeights(0)!, rng, -0.8, 0.8);
            }

            for (int j = 0; j < net.NeuronCount; j++)
            {
                net.InitialState[j] = rng.Uniform(0.5, theta.PeriodMs - 0.5);
            }

            return (net, Inputs(rng, 3, 2, 5.0), 6.0);
        }
    }

    private static InputSpike[] Inputs(Rng rng, int channels, int perChannel, double lastMs)
    {
        var list = new List<InputSpike>();
        for (int c = 0; c < channels; c++)
        {
            for (int k = 0; k < perChannel; k++)
            {
                list.Add(new InputSpike(rng.Uniform(0.05, lastMs), c));
            }
        }

        list.Sort((a, b) => a.TimeMs.CompareTo(b.TimeMs));
        return [.. list];
    }

    private static void Fill(double[] a, Rng rng, double lo, double hi)
    {
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = rng.Uniform(lo, hi);
        }
    }

    private static double[] Coefficients(EventNetwork net, int seed)
    {
        var rng = new Rng((ulong)seed + 1000);
        var c = new double[net.LayerSizes[^1] * 3];
        Fill(c, rng, -1.0, 1.0);
        return c;
    }

    // L = sum_i sum_{n=1..3} c_in t_out(i, n): ordinary spikes and pseudospikes of every output neuron.
    private static double SeedLoss(ExactTape tape, double[] c)
    {
        double loss = 0.0;
        for (int i = 0; i < tape.OutputCount; i++)
        {
            for (int n = 1; n <= 3; n++)
            {
                loss += c[(i * 3) + n - 1] * tape.OutputTime(i, n);
                tape.AddOutputTimeGradient(i, n, c[(i * 3) + n - 1]);
            }
        }

        return loss;
    }

    private static (double Loss, string Signature) Evaluate(ExactEngine engine, InputSpike[] inputs, double[] c)
    {
        var tape = new ExactTape();
        engine.Forward(inputs, tape);
        return (SeedLoss(tape, c), Signature(tape));
    }

    // Fourth-order central difference (error O(h^4)); valid only when the event order is the same at all four points.
    private static (double Value, bool Valid) Derivative(Action<double> set, ExactEngine engine, InputSpike[] inputs, double[] c, string signature)
    {
        double[] f = new double[4];
        bool ok = true;
        double[] offsets = [-2 * Step, -Step, Step, 2 * Step];
        for (int q = 0; q < 4; q++)
        {
            set(offsets[q]);
            (f[q], string s) = Evaluate(engine, inputs, c);
            ok &= s == signature;
        }

        return (((8 * (f[2] - f[1])) - (f[3] - f[0])) / (12 * Step), ok);
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

    private static void AssertRelative(double expected, double actual, double scale, string name)
    {
        double tol = 1e-6 * Math.Max(Math.Abs(expected), 1e-3 * scale);
        Assert.True(Math.Abs(expected - actual) <= tol, $"{name}: finite difference {expected:R}, backward {actual:R}");
    }
}
