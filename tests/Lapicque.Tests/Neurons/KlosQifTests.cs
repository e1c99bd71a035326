using Lapicque.Neurons;

namespace Lapicque.Tests.Neurons;

public class KlosQifTests
{
    private const double H = 1e-4;
    private static readonly double NegInf = double.NegativeInfinity;

    // (tau, V0, I0, dt) over every branch: I0 > 0, I0 = 0, I0 < 0 with |V0| < s and |V0| > s, from -infinity, and
    // intervals that contain a spike (the result is the state after the reset).
    public static TheoryData<double, double, double, double> FlowCases => new()
    {
        { 1.0, 0.3, 1.5, 0.7 },
        { 2.5, -2.0, 3.0, 3.0 },
        { 1.0, 0.5, 0.2, 2.0 },
        { 1.0, 0.5, 10.0, 1.5 },
        { 1.0, NegInf, 12.0, 0.4 },
        { 1.0, 0.5, 0.0, 1.0 },
        { 1.0, 1.5, 0.0, 0.3 },
        { 1.0, -3.0, 0.0, 2.0 },
        { 1.0, NegInf, 0.0, 0.5 },
        { 1.0, 3.0, 0.0, 1.0 },
        { 1.0, 0.2, -1.0, 1.0 },
        { 3.0, -0.5, -0.81, 6.0 },
        { 1.0, 2.0, -0.25, 0.5 },
        { 1.0, -3.0, -1.0, 1.0 },
        { 1.0, 3.0, -4.0, 0.3 },
        { 1.0, 3.0, -4.0, 1.0 },
        { 1.0, NegInf, -2.0, 0.7 },
    };

    // (tau, V0, I0): states that spike, in every branch.
    public static TheoryData<double, double, double> SpikingCases => new()
    {
        { 1.0, 0.0, 3.0 },
        { 1.0, 0.5, 10.0 },
        { 2.0, -1.0, 6.0 },
        { 1.0, NegInf, 12.0 },
        { 1.0, 1.2, 0.05 },
        { 1.0, 1.5, 0.0 },
        { 1.0, 4.0, 0.0 },
        { 1.0, 2.0, -0.25 },
        { 1.0, 3.0, -4.0 },
        { 1.5, 5.0, -2.0 },
    };

    // (tau, V0, I0): states that never spike without further input.
    public static TheoryData<double, double, double> SilentCases => new()
    {
        { 1.0, 0.0, 2.0 },
        { 1.0, 0.9, 0.05 },
        { 1.0, 0.5, 0.0 },
        { 1.0, 1.2, -1.0 },
        { 1.0, NegInf, 9.0 },
        { 1.0, -0.5, -1.0 },
        { 2.0, 0.99, 0.0 },
    };

    [Theory]
    [MemberData(nameof(FlowCases))]
    public void Flow_MatchesFineRk4_InEveryBranch(double tau, double v0, double i0, double dt)
    {
        var rk = new QifRk4(tau, v0, i0);
        rk.Run(dt, H * tau);
        KlosQifFlow f = KlosQif.Flow(tau, v0, i0, dt);
        AssertRel(rk.V, f.V, 1e-9, "V");
        AssertRel(rk.I, f.I, 1e-9, "I");
        AssertRel(f.V, KlosQif.FlowPotential(tau, v0, i0, dt), 1e-14, "FlowPotential");
    }

    [Theory]
    [MemberData(nameof(FlowCases))]
    public void Flow_PartialsMatchCentralDifferences(double tau, double v0, double i0, double dt)
    {
        KlosQifFlow f = KlosQif.Flow(tau, v0, i0, dt);
        if (double.IsFinite(v0))
        {
            AssertRel(Fd(x => KlosQif.Flow(tau, x, i0, dt).V, v0), f.DvDv0, 1e-6, "dV/dV0");
        }
        else
        {
            Assert.Equal(0.0, f.DvDv0);
        }

        AssertRel(Fd(x => KlosQif.Flow(tau, v0, x, dt).V, i0), f.DvDi0, 1e-6, "dV/dI0");
        AssertRel(Fd(x => KlosQif.Flow(tau, v0, i0, x).V, dt), f.DvDdt, 1e-6, "dV/ddt");
        AssertRel(Fd(x => KlosQif.Flow(tau, v0, x, dt).I, i0), f.DiDi0, 1e-6, "dI/dI0");
        AssertRel(Fd(x => KlosQif.Flow(tau, v0, i0, x).I, dt), f.DiDdt, 1e-6, "dI/ddt");
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(-3.0, 2.0)]
    [InlineData(2.0, 0.3)]
    [InlineData(double.NegativeInfinity, 0.5)]
    public void Flow_CurrentPartial_IsContinuousThroughZeroCurrent(double v0, double dt)
    {
        // dV/dI0 at I0 = 0 comes from its own formula, q = (z - V0 z^2 + V0^2 z^3 / 3) / (1 - V0 z)^2; the I0 > 0 and
        // I0 < 0 branches must approach it without losing digits to cancellation as I0 shrinks.
        double atZero = KlosQif.Flow(1.0, v0, 0.0, dt).DvDi0;
        foreach (double i0 in new[] { 1e-14, -1e-14, 1e-10, -1e-10 })
        {
            AssertRel(atZero, KlosQif.Flow(1.0, v0, i0, dt).DvDi0, 1e-8, $"dV/dI0 at I0 = {i0}");
            AssertRel(KlosQif.Flow(1.0, v0, 0.0, dt).V + (i0 * atZero), KlosQif.Flow(1.0, v0, i0, dt).V, 1e-13, $"V at I0 = {i0}");
        }

        if (double.IsFinite(v0) && Math.Abs(v0) > 1e-3)
        {
            // And the I0 = 0 formula itself against the variational equation dq/dz = 2 y q + 1, solved here by RK4 in z.
            double z = 1 - Math.Exp(-dt), q = 0, y = v0;
            int steps = 20000;
            double hz = z / steps;
            for (int k = 0; k < steps; k++)
            {
                (double dy1, double dq1) = (y * y, (2 * y * q) + 1);
                (double y2, double q2) = (y + (0.5 * hz * dy1), q + (0.5 * hz * dq1));
                (double dy2, double dq2) = (y2 * y2, (2 * y2 * q2) + 1);
                (double y3, double q3) = (y + (0.5 * hz * dy2), q + (0.5 * hz * dq2));
                (double dy3, double dq3) = (y3 * y3, (2 * y3 * q3) + 1);
                (double y4, double q4) = (y + (hz * dy3), q + (hz * dq3));
                (double dy4, double dq4) = (y4 * y4, (2 * y4 * q4) + 1);
                y += hz / 6 * (dy1 + (2 * dy2) + (2 * dy3) + dy4);
                q += hz / 6 * (dq1 + (2 * dq2) + (2 * dq3) + dq4);
            }

            AssertRel(Math.Exp(-dt) * q, atZero, 1e-9, "dV/dI0 at I0 = 0");
        }
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    public void NextSpikeTime_CurrentPartial_IsContinuousThroughZeroCurrent(double v0)
    {
        double atZero = KlosQif.NextSpikeTime(1.0, v0, 0.0).DdtDi0;
        AssertRel(Fd(x => KlosQif.NextSpikeTime(1.0, v0, x).DtMs, 0.0), atZero, 1e-6, "ddt*/dI0 at I0 = 0");
        foreach (double i0 in new[] { 1e-14, -1e-14, 1e-10, -1e-10 })
        {
            AssertRel(atZero, KlosQif.NextSpikeTime(1.0, v0, i0).DdtDi0, 1e-8, $"ddt*/dI0 at I0 = {i0}");
        }
    }

    [Theory]
    [MemberData(nameof(SpikingCases))]
    public void NextSpikeTime_MatchesFineRk4BlowUp(double tau, double v0, double i0)
    {
        KlosQifSpikeTime s = KlosQif.NextSpikeTime(tau, v0, i0);
        Assert.True(s.Spikes);
        double t = new QifRk4(tau, v0, i0).RunToSpike(40 * tau, H * tau);
        AssertRel(t, s.DtMs, 1e-9, "dt*");
        Assert.Equal(s.DtMs, KlosQif.NextSpikeTimeValue(tau, v0, i0));

        // The flow reaches +infinity there: just before, V is large and positive; just after, it is large and negative.
        Assert.True(KlosQif.FlowPotential(tau, v0, i0, s.DtMs * (1 - 1e-9)) > 1e6);
        Assert.True(KlosQif.FlowPotential(tau, v0, i0, s.DtMs * (1 + 1e-9)) < -1e6);
    }

    [Theory]
    [MemberData(nameof(SilentCases))]
    public void NextSpikeTime_IsInfinite_WhenRk4NeverBlowsUp(double tau, double v0, double i0)
    {
        KlosQifSpikeTime s = KlosQif.NextSpikeTime(tau, v0, i0);
        Assert.False(s.Spikes);
        Assert.Equal(double.PositiveInfinity, KlosQif.NextSpikeTimeValue(tau, v0, i0));
        Assert.Equal(double.PositiveInfinity, new QifRk4(tau, v0, i0).RunToSpike(40 * tau, 1e-3 * tau));
    }

    [Theory]
    [MemberData(nameof(SpikingCases))]
    public void NextSpikeTime_PartialsMatchCentralDifferences(double tau, double v0, double i0)
    {
        KlosQifSpikeTime s = KlosQif.NextSpikeTime(tau, v0, i0);
        if (double.IsFinite(v0))
        {
            AssertRel(Fd(x => KlosQif.NextSpikeTime(tau, x, i0).DtMs, v0), s.DdtDv0, 1e-6, "ddt*/dV0");
        }

        AssertRel(Fd(x => KlosQif.NextSpikeTime(tau, v0, x).DtMs, i0), s.DdtDi0, 1e-6, "ddt*/dI0");
    }

    [Fact]
    public void NextSpikeTime_IOnePositive_MatchesPublishedPartials()
    {
        // Spec section 2.6: with s = sqrt(I), a = atan(V/s), g = 1 - (pi/2 - a)/s:
        // ddt*/dV = -tau / (g (I + V^2)),  ddt*/dI = -(tau/g) (1/(2s)) [(pi/2 - a)/s^2 - V/(s (s^2 + V^2))].
        const double tau = 1.3, v = 0.4, i = 4.0;
        double s = Math.Sqrt(i), a = Math.Atan(v / s), g = 1 - ((Math.PI / 2 - a) / s);
        KlosQifSpikeTime r = KlosQif.NextSpikeTime(tau, v, i);
        AssertRel(-tau * Math.Log(g), r.DtMs, 1e-14, "dt*");
        AssertRel(-tau / (g * (i + (v * v))), r.DdtDv0, 1e-13, "ddt*/dV");
        AssertRel(-(tau / g) / (2 * s) * (((Math.PI / 2 - a) / (s * s)) - (v / (s * ((s * s) + (v * v))))), r.DdtDi0, 1e-12, "ddt*/dI");
    }

    [Fact]
    public void MinimumKickFromRest_IsPiSquaredOverFour()
    {
        double wMin = Math.PI * Math.PI / 4;
        double below = wMin * (1 - 1e-3), above = wMin * (1 + 1e-3);
        Assert.False(KlosQif.NextSpikeTime(1.0, 0.0, below).Spikes);
        Assert.Equal(double.PositiveInfinity, new QifRk4(1.0, 0.0, below).RunToSpike(40, 1e-3));
        KlosQifSpikeTime s = KlosQif.NextSpikeTime(1.0, 0.0, above);
        Assert.True(s.Spikes);
        AssertRel(new QifRk4(1.0, 0.0, above).RunToSpike(40, H), s.DtMs, 1e-9, "dt* just above the minimum kick");
    }

    [Fact]
    public void PseudoDrive_IsSoftplus()
    {
        foreach (double ip in new[] { -500.0, -30.0, -1.0, 0.0, 2.0, 40.0, 800.0 })
        {
            double c = KlosQif.PseudoDrive(ip, 0.0, 10.0, out double slope);
            double expected = ip > 100 ? ip + (10 * Math.Log(1 + Math.Exp(-ip / 10))) : 10 * Math.Log(1 + Math.Exp(ip / 10));
            AssertRel(expected, c, 1e-13, "softplus");
            AssertRel(1 / (1 + Math.Exp(-ip / 10)), slope, 1e-13, "sigmoid");
            Assert.True(c > 0);
        }
    }

    [Theory]
    [InlineData(1.0, -0.7, 0.4, 0.0)]
    [InlineData(1.0, 3.0, -2.0, 0.5)]
    [InlineData(2.0, 0.5, 1.0, -3.0)]
    [InlineData(1.0, -40.0, 25.0, 3.0)]
    public void PseudoSpikes_MatchRk4OfThePseudodynamics(double tau, double vT, double iT, double u)
    {
        // tau dV/dt = (V - 1/2)^2 + c_p = V (V - 1) + (c_p + 1/4) with constant drive: integrate from V(T) to the first and
        // second blow-ups; they are t_1 and t_2, their difference is the period, and t_1 - T = Theta_p - phi_p.
        const double trialEnd = 10.0;
        double c = KlosQif.PseudoDrive(iT, u, 10.0, out _);
        var rk = new QifRk4(tau, vT, c + 0.25, decayingCurrent: false);
        double t1 = trialEnd + rk.RunToSpike(50 * tau, H * tau);
        double t2 = trialEnd + rk.RunToSpike(50 * tau, H * tau);
        AssertRel(t1, KlosQif.PseudoSpikeTime(tau, trialEnd, 1, vT, iT, u).Value, 1e-9, "t_1");
        AssertRel(t2, KlosQif.PseudoSpikeTime(tau, trialEnd, 2, vT, iT, u).Value, 1e-9, "t_2");
        double period = KlosQif.PseudoPeriod(tau, iT, u).Value;
        double phase = KlosQif.PseudoPhase(tau, vT, iT, u).Value;
        AssertRel(t2 - t1, period, 1e-9, "Theta_p");
        AssertRel(t1 - trialEnd, period - phase, 1e-9, "Theta_p - phi_p");
        AssertRel(phase / period, KlosQif.PseudoRate(vT, iT, u).Value, 1e-12, "rho");
    }

    [Theory]
    [InlineData(1.0, -0.7, 0.4, 0.0)]
    [InlineData(1.0, 3.0, -2.0, 0.5)]
    [InlineData(2.0, 0.5, 1.0, -3.0)]
    [InlineData(1.0, -40.0, 25.0, 3.0)]
    [InlineData(1.0, 1e4, -5.0, 1.0)]
    public void Pseudo_PartialsMatchCentralDifferences(double tau, double vT, double iT, double u)
    {
        const double trialEnd = 10.0;
        var quantities = new (string Name, Func<double, double, double, KlosQifPseudo> F)[]
        {
            ("phase", (v, i, w) => KlosQif.PseudoPhase(tau, v, i, w)),
            ("period", (v, i, w) => KlosQif.PseudoPeriod(tau, i, w)),
            ("t1", (v, i, w) => KlosQif.PseudoSpikeTime(tau, trialEnd, 1, v, i, w)),
            ("t3", (v, i, w) => KlosQif.PseudoSpikeTime(tau, trialEnd, 3, v, i, w)),
            ("rho", (v, i, w) => KlosQif.PseudoRate(v, i, w)),
        };
        foreach (var (name, f) in quantities)
        {
            KlosQifPseudo p = f(vT, iT, u);
            AssertRel(Fd(x => f(x, iT, u).Value, vT), p.DV, 1e-6, name + " dV");
            AssertRel(Fd(x => f(vT, x, u).Value, iT), p.DI, 1e-6, name + " dI");
            AssertRel(Fd(x => f(vT, iT, x).Value, u), p.DU, 1e-6, name + " du");
        }
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-5)]
    [InlineData(1e-7)]
    public void PseudoSpike_ContinuesTheOrdinarySpike_AsItCrossesTrialEnd(double delta)
    {
        // One input kick I0 at t = 0 from rest; choose I0 so that the only spike lies at T - delta (inside) or T + delta
        // (outside). Inside, the last ordinary spike is at T - delta; outside, the first pseudospike must take its place.
        const double tau = 1.0, trialEnd = 2.0;
        double inside = KickFor(tau, trialEnd - delta);
        double outside = KickFor(tau, trialEnd + delta);
        AssertRel(trialEnd - delta, KlosQif.NextSpikeTime(tau, 0, inside).DtMs, 1e-9, "inside spike");

        KlosQifFlow atEnd = KlosQif.Flow(tau, 0, outside, trialEnd);
        Assert.True(atEnd.V > 0.1 / delta);
        double t1 = KlosQif.PseudoSpikeTime(tau, trialEnd, 1, atEnd.V, atEnd.I, 0.0).Value;
        Assert.InRange(t1, trialEnd, trialEnd + (2 * delta));
        Assert.True(Math.Abs(t1 - (trialEnd + delta)) <= (50 * delta * delta) + 1e-12, $"t1 - T = {t1 - trialEnd}, delta = {delta}");
        Assert.True(KlosQif.PseudoRate(atEnd.V, atEnd.I, 0.0).Value > 1 - delta);

        // Inside, the neuron has just reset: its rate is near 0 and its next pseudospike a full pseudo period away.
        KlosQifFlow insideEnd = KlosQif.Flow(tau, 0, inside, trialEnd);
        Assert.True(KlosQif.PseudoRate(insideEnd.V, insideEnd.I, 0.0).Value < delta);
    }

    [Fact]
    public void Population_KickFromRest_SpikesInTheStepThatHoldsTheRk4BlowUp()
    {
        const double dt = 0.01, kick = 5.0;
        var pop = new KlosQifParameters { TauMs = 1.0 }.CreatePopulation(2, dt);
        double tSpike = new QifRk4(1.0, 0.0, kick).RunToSpike(20, H);
        int expectedStep = (int)Math.Ceiling(tSpike / dt);
        float[] spikes = new float[2];
        var steps = new List<int>();
        for (int step = 1; step <= 400; step++)
        {
            float[] input = step == 1 ? [(float)kick, 0f] : [0f, 0f];
            pop.Step(input, spikes);
            if (spikes[0] == 1f)
            {
                steps.Add(step);
            }

            Assert.Equal(0f, spikes[1]);
        }

        Assert.Equal([expectedStep], steps);
        Assert.Equal(0f, pop.State("v")[1]);
        Assert.True(pop.State("v")[0] < 0 && float.IsFinite(pop.State("v")[0]));
        Assert.Equal(kick * Math.Exp(-2 * 400 * dt), pop.State("i")[0], 1e-6);
    }

    [Fact]
    public void Population_StepRangeOverTwoHalves_EqualsStep()
    {
        var p = new KlosQifParameters { TauMs = 1.0 };
        var whole = p.CreatePopulation(9, 0.05);
        var halves = p.CreatePopulation(9, 0.05);
        Assert.True(halves.SupportsRanges);
        var rng = new Lapicque.Numerics.Rng(5);
        float[] input = new float[9], s1 = new float[9], s2 = new float[9];
        for (int step = 0; step < 200; step++)
        {
            for (int j = 0; j < 9; j++)
            {
                input[j] = rng.NextDouble() < 0.1 ? (float)rng.Uniform(-2, 6) : 0f;
            }

            whole.Step(input, s1);
            halves.StepRange(0, 4, input, s2);
            halves.StepRange(4, 9, input, s2);
            Assert.Equal(s1, s2);
            Assert.Equal(whole.State("v").ToArray(), halves.State("v").ToArray());
            Assert.Equal(whole.State("i").ToArray(), halves.State("i").ToArray());
        }
    }

    [Fact]
    public void Validate_NamesFieldExpectationAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(new KlosQifParameters { TauMs = -2 }.Validate);
        Assert.StartsWith("TauMs must be > 0; was -2.", ex.Message);
        ex = Assert.Throws<ArgumentException>(new KlosQifParameters { InitialV = double.PositiveInfinity }.Validate);
        Assert.StartsWith("InitialV must be < +infinity and not NaN; was", ex.Message);
        Assert.Equal("klos-qif", new KlosQifParameters().ModelName);
    }

    // The kick from rest whose single spike lies at tSpike: bisection on the RK4-validated spike time, which falls with I0.
    private static double KickFor(double tau, double tSpike)
    {
        double lo = Math.PI * Math.PI / 4, hi = 100.0;
        for (int k = 0; k < 200; k++)
        {
            double mid = 0.5 * (lo + hi);
            if (KlosQif.NextSpikeTimeValue(tau, 0, mid) > tSpike)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    internal static double Fd(Func<double, double> f, double x)
    {
        double h = 1e-5 * Math.Max(1.0, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    internal static void AssertRel(double expected, double actual, double rel, string what)
    {
        double scale = Math.Max(Math.Abs(expected), 1e-3);
        Assert.True(Math.Abs(expected - actual) <= rel * scale, $"{what}: expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / scale:E2}).");
    }
}
