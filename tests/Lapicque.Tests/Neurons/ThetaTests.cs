using Lapicque.Neurons;
using static Lapicque.Tests.Neurons.KlosQifTests;

namespace Lapicque.Tests.Neurons;

public class ThetaTests
{
    private const double H = 1e-4;

    [Theory]
    [InlineData(6.0 / Math.PI, 1.25)]
    [InlineData(1.0, 0.5)]
    [InlineData(2.0, 3.0)]
    public void Period_MatchesRk4OfTheVForm(double tau, double drive)
    {
        // From the reset (V = -infinity) the V-form reaches +infinity after one period, and again one period later.
        var rk = new QifRk4(tau, double.NegativeInfinity, drive, decayingCurrent: false);
        double t1 = rk.RunToSpike(100 * tau, H * tau);
        double t2 = rk.RunToSpike(100 * tau, H * tau);
        double expected = tau * Math.PI / Math.Sqrt(drive - 0.25);
        AssertRel(expected, t1, 1e-9, "first period");
        AssertRel(expected, t2 - t1, 1e-9, "second period");
        AssertRel(expected, new ThetaParameters { TauMs = tau, Drive = drive }.PeriodMs, 1e-15, "PeriodMs");
    }

    [Theory]
    [InlineData(-3.0, 0.7)]
    [InlineData(0.2, 1.9)]
    [InlineData(5.0, 0.05)]
    public void Phase_AdvancesAtRateOne_AlongTheVForm(double v0, double duration)
    {
        var p = new ThetaParameters();
        ThetaConstants k = p.Constants();
        var rk = new QifRk4(p.TauMs, v0, p.Drive, decayingCurrent: false);
        rk.Run(duration, H);
        AssertRel(Theta.PhaseOf(k, v0) + duration, Theta.PhaseOf(k, rk.V), 1e-9, "phase");
        AssertRel(rk.V, Theta.PotentialOf(k, Theta.PhaseOf(k, rk.V)), 1e-12, "V(Phi(V))");
    }

    [Fact]
    public void PhaseOf_EndsOfThePeriod_AreTheInfinities()
    {
        ThetaConstants k = new ThetaParameters().Constants();
        Assert.Equal(0.0, Theta.PhaseOf(k, double.NegativeInfinity));
        Assert.Equal(k.PeriodMs, Theta.PhaseOf(k, double.PositiveInfinity), 14);
        Assert.Equal(double.NegativeInfinity, Theta.PotentialOf(k, 0.0));
        Assert.Equal(double.PositiveInfinity, Theta.PotentialOf(k, k.PeriodMs));
        Assert.Equal(0.5, Theta.PotentialOf(k, k.PeriodMs / 2), 14);
    }

    [Theory]
    [InlineData(6.0 / Math.PI, 1.25, 1.0, 0.8)]
    [InlineData(6.0 / Math.PI, 1.25, 5.5, -2.0)]
    [InlineData(1.0, 0.5, 0.3, 3.0)]
    [InlineData(2.0, 3.0, 2.0, -0.4)]
    public void Jump_TimeToSpikeMatchesRk4AfterTheKick(double tau, double drive, double phase, double w)
    {
        // After the jump the neuron needs Theta - H(phi, w) to reach +infinity; integrate the V-form from V(phi) + w,
        // with V(phi) = 1/2 + r tan(r phi / tau - pi/2) written out here.
        var p = new ThetaParameters { TauMs = tau, Drive = drive };
        ThetaConstants k = p.Constants();
        double r = Math.Sqrt(drive - 0.25);
        double v = 0.5 + (r * Math.Tan((r * phase / tau) - (Math.PI / 2)));
        var rk = new QifRk4(tau, v, drive, decayingCurrent: false);
        rk.KickV(w);
        double t = rk.RunToSpike(100 * tau, H * tau);
        ThetaJump h = Theta.Jump(k, phase, w);
        AssertRel(t, p.PeriodMs - h.Phase, 1e-9, "Theta - H");
        Assert.Equal(h.Phase, Theta.JumpPhase(k, phase, w));
    }

    [Theory]
    [InlineData(6.0 / Math.PI, 1.25, 1.0, 0.8)]
    [InlineData(6.0 / Math.PI, 1.25, 5.5, -2.0)]
    [InlineData(6.0 / Math.PI, 1.25, 0.01, 1.5)]
    [InlineData(1.0, 0.5, 0.3, 3.0)]
    [InlineData(2.0, 3.0, 2.0, -0.4)]
    public void Jump_PartialsMatchCentralDifferencesAndPublishedForms(double tau, double drive, double phase, double w)
    {
        var p = new ThetaParameters { TauMs = tau, Drive = drive };
        ThetaConstants k = p.Constants();
        ThetaJump h = Theta.Jump(k, phase, w);
        AssertRel(Fd(x => Theta.Jump(k, phase, x).Phase, w), h.DPhaseDw, 1e-6, "dH/dw");
        AssertRel(Fd(x => Theta.Jump(k, x, w).Phase, phase), h.DPhaseDPhase, 1e-6, "dH/dphi");

        // Spec section 2.3: dH/dw = tau / ((V + w - 1/2)^2 + c), dH/dphi = ((V - 1/2)^2 + c) / ((V + w - 1/2)^2 + c).
        double c = drive - 0.25, v = Theta.PotentialOf(k, phase);
        double after = ((v + w - 0.5) * (v + w - 0.5)) + c, before = ((v - 0.5) * (v - 0.5)) + c;
        AssertRel(tau / after, h.DPhaseDw, 1e-9, "published dH/dw");
        AssertRel(before / after, h.DPhaseDPhase, 1e-9, "published dH/dphi");
    }

    [Fact]
    public void Jump_WithinEpsilonOfTheEnds_LeavesThePhase()
    {
        ThetaConstants k = new ThetaParameters { EpsilonMs = 1e-6 }.Constants();
        foreach (double phase in new[] { 0.0, 5e-7, k.PeriodMs - 5e-7, k.PeriodMs })
        {
            Assert.Equal(new ThetaJump(phase, 0.0, 1.0), Theta.Jump(k, phase, 3.0));
        }

        Assert.NotEqual(2e-6, Theta.Jump(k, 2e-6, 3.0).Phase);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.5, 0.7)]
    [InlineData(5.9, -1.5)]
    public void PseudoSpikes_AreOnePulseThenFreeOscillation(double phaseT, double u)
    {
        const double trialEnd = 2.0;
        var p = new ThetaParameters();
        ThetaConstants k = p.Constants();
        double r = p.R, v = 0.5 + (r * Math.Tan((r * phaseT / p.TauMs) - (Math.PI / 2)));
        var rk = new QifRk4(p.TauMs, v, p.Drive, decayingCurrent: false);
        rk.KickV(u);
        double t1 = trialEnd + rk.RunToSpike(50, H);
        double t2 = trialEnd + rk.RunToSpike(50, H);
        AssertRel(t1, Theta.PseudoSpikeTime(k, trialEnd, 1, phaseT, u).Value, 1e-9, "t_1");
        AssertRel(t2, Theta.PseudoSpikeTime(k, trialEnd, 2, phaseT, u).Value, 1e-9, "t_2");
        double rho = Theta.PseudoRate(k, phaseT, u).Value;
        AssertRel(trialEnd + p.PeriodMs - (rho * p.PeriodMs), t1, 1e-12, "rho = phi+ / Theta");
        Assert.InRange(rho, 0.0, 1.0);

        foreach (int index in new[] { 1, 3 })
        {
            ThetaPseudo t = Theta.PseudoSpikeTime(k, trialEnd, index, phaseT, u);
            AssertRel(Fd(x => Theta.PseudoSpikeTime(k, trialEnd, index, x, u).Value, phaseT), t.DPhase, 1e-6, "dt/dphi");
            AssertRel(Fd(x => Theta.PseudoSpikeTime(k, trialEnd, index, phaseT, x).Value, u), t.DU, 1e-6, "dt/du");
        }

        ThetaPseudo rate = Theta.PseudoRate(k, phaseT, u);
        AssertRel(Fd(x => Theta.PseudoRate(k, x, u).Value, phaseT), rate.DPhase, 1e-6, "drho/dphi");
        AssertRel(Fd(x => Theta.PseudoRate(k, phaseT, x).Value, u), rate.DU, 1e-6, "drho/du");
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-5)]
    public void PseudoSpike_ContinuesTheOrdinarySpike_AsItCrossesTrialEnd(double delta)
    {
        // Free oscillation from phi0: the spike is at Theta - phi0. Inside the trial (at T - delta) the neuron has just
        // reset, phi(T) = delta; outside (at T + delta) phi(T) = Theta - delta and the first pseudospike must replace it.
        const double trialEnd = 2.0, u = 0.6;
        ThetaConstants k = new ThetaParameters().Constants();
        double phaseOutside = k.PeriodMs - delta;
        double t1 = Theta.PseudoSpikeTime(k, trialEnd, 1, phaseOutside, u).Value;
        double lastInside = trialEnd - delta;
        Assert.InRange(t1, trialEnd, trialEnd + (2 * delta));
        Assert.True(Math.Abs(t1 - (trialEnd + delta)) <= 10 * delta * delta, $"t1 - T = {t1 - trialEnd}");
        Assert.True(Math.Abs(t1 - lastInside) <= 2 * delta * (1 + (10 * delta)));
        Assert.True(Theta.PseudoRate(k, phaseOutside, u).Value > 1 - delta);
        Assert.True(Theta.PseudoRate(k, delta, u).Value < 2 * delta);
    }

    [Fact]
    public void Population_FreeOscillation_SpikesOncePerPeriod()
    {
        const double dt = 0.01;
        var p = new ThetaParameters();
        var pop = p.CreatePopulation(3, dt);
        float[] input = new float[3], spikes = new float[3];
        var steps = new List<int>();
        for (int step = 1; step <= 2000; step++)
        {
            pop.Step(input, spikes);
            if (spikes[0] == 1f)
            {
                steps.Add(step);
            }
        }

        Assert.Equal(3, steps.Count);
        for (int j = 0; j < steps.Count; j++)
        {
            Assert.InRange(steps[j] * dt, ((j + 1) * p.PeriodMs) - dt, ((j + 1) * p.PeriodMs) + dt);
        }
    }

    [Fact]
    public void Population_Input_JumpsThePhaseByTheMap()
    {
        const double dt = 0.01;
        var p = new ThetaParameters { InitialPhaseMs = 1.0 };
        var pop = p.CreatePopulation(1, dt);
        float[] spikes = new float[1];
        pop.Step([0.9f], spikes);
        double expected = Theta.PhaseOf(p.Constants(), Theta.PotentialOf(p.Constants(), 1.0) + 0.9f) + dt;
        Assert.Equal(expected, pop.State("phase")[0], 1e-5);
    }

    [Fact]
    public void Population_StepRangeOverTwoHalves_EqualsStep()
    {
        var p = new ThetaParameters { InitialPhaseMs = 2.0 };
        var whole = p.CreatePopulation(7, 0.05);
        var halves = p.CreatePopulation(7, 0.05);
        Assert.True(halves.SupportsRanges);
        var rng = new Lapicque.Numerics.Rng(6);
        float[] input = new float[7], s1 = new float[7], s2 = new float[7];
        for (int step = 0; step < 300; step++)
        {
            for (int j = 0; j < 7; j++)
            {
                input[j] = rng.NextDouble() < 0.1 ? (float)rng.Uniform(-2, 2) : 0f;
            }

            whole.Step(input, s1);
            halves.StepRange(0, 3, input, s2);
            halves.StepRange(3, 7, input, s2);
            Assert.Equal(s1, s2);
            Assert.Equal(whole.State("phase").ToArray(), halves.State("phase").ToArray());
        }
    }

    [Fact]
    public void Validate_NamesFieldExpectationAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(new ThetaParameters { Drive = 0.2 }.Validate);
        Assert.StartsWith("Drive must be > 0.25 (an oscillating neuron); was 0.2.", ex.Message);
        ex = Assert.Throws<ArgumentException>(new ThetaParameters { InitialPhaseMs = 7 }.Validate);
        Assert.StartsWith("InitialPhaseMs must be in [0, 6]; was 7.", ex.Message);
        Assert.Equal("theta", new ThetaParameters().ModelName);
    }
}
