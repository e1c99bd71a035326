using Lapicque.Learning.Exact;
using Lapicque.Learning.Exact.Experiments;
using Lapicque.Neurons;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Tests.Learning.Exact;

public class QifRampPseudodynamicsTests
{
    public static TheoryData<double, double, double, double> States => new()
    {
        { 0.3, 0.5, 0.2, 1.0 },
        { double.NegativeInfinity, -3.0, 0.0, 0.5 },
        { 5.0, 2.0, 0.0, 3.0 },
        { 1e6, 0.1, 0.0, 1.0 },
        { -2.0, -40.0, 0.0, 2.0 },
        { 0.9, 30.0, 1.0, 0.2 },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void SpikeTimes_MatchRk4OfThePhaseEquation(double vT, double iT, double u, double slope)
    {
        // Yardstick: the Pruefer angle of u'' + (c + kappa s) u = 0, theta' = cos^2 theta + q sin^2 theta, integrated with
        // RK4; the k-th pseudospike is where theta reaches k pi. An independent route to the same zeros.
        const double tau = 0.7, trial = 3.0, alpha = 10.0;
        double c = KlosQif.PseudoDrive(iT, u, alpha, out _);
        double r = Math.Sqrt(c);
        double b = Math.Atan2(r, 0.5 - vT);
        double theta0 = Math.Atan2(Math.Sin(b), r * Math.Cos(b));
        for (int k = 1; k <= 3; k++)
        {
            double expected = trial + (tau * PhaseCrossing(theta0, c, slope, k * Math.PI));
            double actual = QifRampPseudodynamics.SpikeTime(tau, trial, k, vT, iT, u, alpha, slope).Value;
            Assert.True(Math.Abs(actual - expected) <= 1e-9 * (1 + expected), $"k = {k}: RK4 {expected:R}, ramp {actual:R}");
        }
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Partials_MatchCentralFiniteDifferences(double vT, double iT, double u, double slope)
    {
        const double tau = 1.3, trial = 2.0, alpha = 10.0, h = 1e-5;
        for (int k = 1; k <= 3; k++)
        {
            KlosQifPseudo p = QifRampPseudodynamics.SpikeTime(tau, trial, k, vT, iT, u, alpha, slope);
            double T(double v, double i, double uu) => QifRampPseudodynamics.SpikeTime(tau, trial, k, v, i, uu, alpha, slope).Value;
            double dI = (T(vT, iT + h, u) - T(vT, iT - h, u)) / (2 * h);
            double dU = (T(vT, iT, u + h) - T(vT, iT, u - h)) / (2 * h);
            AssertClose(dI, p.DI, $"k = {k}: dt/dI");
            AssertClose(dU, p.DU, $"k = {k}: dt/du");
            if (double.IsFinite(vT))
            {
                double hv = h * Math.Max(1.0, Math.Abs(vT));
                double dV = (T(vT + hv, iT, u) - T(vT - hv, iT, u)) / (2 * hv);
                AssertClose(dV, p.DV, $"k = {k}: dt/dV");
            }
            else
            {
                Assert.Equal(0.0, p.DV);
            }
        }
    }

    [Fact]
    public void VanishingSlope_GivesTheConstantDrive()
    {
        // As kappa -> 0 the ramp's zeros tend to the closed form t_k = T + tau (k pi - B) / r, linearly in kappa.
        foreach ((double v, double i) in new[] { (0.2, 0.4), (-1.0, -2.0), (3.0, 1.0) })
        {
            for (int k = 1; k <= 2; k++)
            {
                double closed = KlosQif.PseudoSpikeTime(1.0, 4.0, k, v, i, 0.0).Value;
                double ramp = QifRampPseudodynamics.SpikeTime(1.0, 4.0, k, v, i, 0.0, 10.0, 1e-9).Value;
                Assert.True(Math.Abs(ramp - closed) <= 1e-6 * closed, $"({v}, {i}) k = {k}: closed {closed:R}, ramp {ramp:R}");
                Assert.True(ramp < closed, "a growing drive brings the spike earlier");
            }
        }
    }

    [Theory]
    [InlineData(false, 201)]
    [InlineData(true, 202)]
    public void NetworkGradient_WithRamp_MatchesCentralFiniteDifferences(bool recurrent, int seed)
    {
        (EventNetwork net, InputSpike[] inputs, double trial) = ExactEngineTests.RandomSetup("klos-qif", recurrent, seed);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 }) { PseudoRampSlope = 0.8 };
        int outputs = net.LayerSizes[^1];
        var tape = new ExactTape();
        engine.Forward(inputs, tape);
        int pseudo = 0;
        for (int i = 0; i < outputs; i++)
        {
            pseudo += Math.Max(0, 3 - tape.OrdinarySpikeCount(i));
        }

        Assert.True(pseudo >= 3, $"the loss should use pseudospikes; it uses {pseudo}");
        double Loss(ExactTape t, bool seedGradient)
        {
            double l = 0.0;
            for (int i = 0; i < outputs; i++)
            {
                for (int n = 1; n <= 3; n++)
                {
                    double c = 1.0 + (0.37 * i) - (0.21 * n);
                    l += c * t.OutputTime(i, n);
                    if (seedGradient)
                    {
                        t.AddOutputTimeGradient(i, n, c);
                    }
                }
            }

            return l;
        }

        Loss(tape, true);
        var grads = new ExactGradients(net);
        engine.Backward(tape, grads);
        string signature = Signature(tape);
        var arrays = new List<(double[] Values, double[] Gradient, string Name)>();
        for (int l = 0; l < net.LayerCount; l++)
        {
            arrays.Add((net.FeedForwardWeights(l), grads.FeedForward[l], $"W_ff[{l}]"));
            if (net.RecurrentWeights(l) is { } rec)
            {
                arrays.Add((rec, grads.Recurrent[l]!, $"W_rec[{l}]"));
            }
        }

        arrays.Add((net.InitialState, grads.InitialState, "x0"));
        int checkedCount = 0, skipped = 0;
        const double h = 1e-4;
        foreach ((double[] values, double[] gradient, string name) in arrays)
        {
            for (int k = 0; k < values.Length; k++)
            {
                double keep = values[k];
                var f = new double[4];
                bool same = true;
                double[] offsets = [-2 * h, -h, h, 2 * h];
                for (int q = 0; q < 4; q++)
                {
                    values[k] = keep + offsets[q];
                    var t = new ExactTape();
                    engine.Forward(inputs, t);
                    f[q] = Loss(t, false);
                    same &= Signature(t) == signature;
                }

                values[k] = keep;
                if (!same)
                {
                    skipped++;
                    continue;
                }

                double fd = ((8 * (f[2] - f[1])) - (f[3] - f[0])) / (12 * h);
                checkedCount++;
                Assert.True(Math.Abs(fd - gradient[k]) <= 1e-6 * Math.Max(Math.Abs(fd), 1e-3), $"{name}[{k}]: finite difference {fd:R}, backward {gradient[k]:R}");
            }
        }

        Assert.True(checkedCount >= 20 && skipped * 10 <= checkedCount, $"checked {checkedCount}, skipped {skipped}");
    }

    [Fact]
    public void OutputTime_WithRamp_IsContinuousAcrossTheTrialEnd()
    {
        // The concept weight sweep with the ramp: the pseudospike turns into the ordinary spike without a jump.
        ConceptResult r = ConceptExperiment.Run(points: 20000, rampSlope: 1.0);
        Assert.Contains(true, r.Weight.QifPseudo);
        Assert.Contains(false, r.Weight.QifPseudo);
        Assert.True(r.QifLargestStep < 0.01, $"largest step of the output time: {r.QifLargestStep}");

        // And the ramp brings every pseudospike earlier than the constant drive does.
        ConceptResult flat = ConceptExperiment.Run(points: 200);
        ConceptResult ramp = ConceptExperiment.Run(points: 200, rampSlope: 1.0);
        for (int p = 0; p < flat.Weight.X.Length; p++)
        {
            if (flat.Weight.QifPseudo[p])
            {
                Assert.True(ramp.Weight.QifTime[p] < flat.Weight.QifTime[p], $"x = {flat.Weight.X[p]}");
            }
            else
            {
                Assert.Equal(flat.Weight.QifTime[p], ramp.Weight.QifTime[p]);
            }
        }
    }

    [Fact]
    public void RampSlope_IsCheckedAtTheBoundary()
    {
        var qif = new EventNetwork(new KlosQifParameters(), 1, [1]);
        var theta = new EventNetwork(new ThetaParameters(), 1, [1]);
        var options = new EventSimulationOptions { TrialMs = 1.0 };
        var e1 = Assert.Throws<ArgumentException>(() => new ExactEngine(qif, options) { PseudoRampSlope = -1 });
        Assert.Contains("PseudoRampSlope", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => new ExactEngine(theta, options) { PseudoRampSlope = 1 });
        Assert.Contains("theta", e2.Message, StringComparison.Ordinal);
    }

    // The s > 0 where theta(s) reaches the level, by RK4 with step 1e-3 and a final Newton-sized step.
    private static double PhaseCrossing(double theta, double c, double kappa, double level)
    {
        static double F(double th, double s, double c, double kappa)
        {
            double sn = Math.Sin(th), cs = Math.Cos(th);
            return (cs * cs) + ((c + (kappa * s)) * sn * sn);
        }

        static double Rk4(double th, double s, double h, double c, double kappa)
        {
            double k1 = F(th, s, c, kappa);
            double k2 = F(th + (0.5 * h * k1), s + (0.5 * h), c, kappa);
            double k3 = F(th + (0.5 * h * k2), s + (0.5 * h), c, kappa);
            double k4 = F(th + (h * k3), s + h, c, kappa);
            return th + (h * (k1 + (2 * k2) + (2 * k3) + k4) / 6);
        }

        double sNow = 0.0;
        while (true)
        {
            double h = 1e-3 / Math.Max(1.0, Math.Sqrt(c + (kappa * sNow)));
            double next = Rk4(theta, sNow, h, c, kappa);
            if (next >= level)
            {
                double x = (level - theta) / F(theta, sNow, c, kappa);
                for (int it = 0; it < 30; it++)
                {
                    double g = Rk4(theta, sNow, x, c, kappa) - level;
                    x -= g / F(level, sNow + x, c, kappa);
                }

                return sNow + x;
            }

            theta = next;
            sNow += h;
        }
    }

    private static void AssertClose(double expected, double actual, string name) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(Math.Abs(expected), 1e-4), $"{name}: finite difference {expected:R}, analytic {actual:R}");

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
