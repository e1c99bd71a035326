using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Neurons;

public class QifTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Step_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        // First |I h^2| <= 1 everywhere (the vector polynomial path), then a mix that also needs cos/sin, tanh and the
        // several-cycles-per-step case, so the vector loop falls back to the scalar lanes.
        foreach (var (dt, maxInput) in new[] { (0.1, 8f), (0.5, 60f) })
        {
            var p = new QifParameters { TauMs = 1, VPeak = 10, VReset = -10, RefractoryMs = 1 }.Propagator(dt);
            var rng = new Rng(17);
            float[] v1 = new float[n], r1 = new float[n], s1 = new float[n], input = new float[n];
            rng.FillUniform(v1, -5f, 5f);
            for (int i = 0; i < n; i++)
            {
                r1[i] = rng.NextInt(2);
            }

            float[] v2 = (float[])v1.Clone(), r2 = (float[])r1.Clone(), s2 = new float[n];
            for (int step = 0; step < 20; step++)
            {
                rng.FillUniform(input, -maxInput, maxInput);
                Qif.Step(p, v1, r1, input, s1);
                Qif.StepScalar(p, v2, r2, input, s2);
                Assert.Equal(v2, v1);
                Assert.Equal(r2, r1);
                Assert.Equal(s2, s1);
            }
        }
    }

    [Theory]
    [InlineData(0.5, 0.01)]
    [InlineData(1.0, 0.01)]
    [InlineData(4.0, 0.05)]
    [InlineData(25.0, 0.01)]
    public void PositiveDrive_PeriodMatchesArctanFormula_WithinOneStep(double current, double dt)
    {
        const double tau = 10, peak = 100, reset = -100;
        double s = Math.Sqrt(current);
        double period = tau / s * (Math.Atan(peak / s) - Math.Atan(reset / s));
        var pop = new QifParameters { TauMs = tau, VPeak = peak, VReset = reset, VInitial = reset }.CreatePopulation(1, dt);
        var times = SpikeTimes(pop, current, dt, 4, 1_000_000);
        Assert.Equal(4, times.Count);
        Assert.InRange(times[0], period - dt, period + dt);
        for (int k = 1; k < times.Count; k++)
        {
            Assert.InRange(times[k] - times[k - 1], period - dt, period + dt);
        }
    }

    [Fact]
    public void NegativeDrive_BelowUnstablePoint_NeverFires_AndSettlesOnStablePoint()
    {
        // I = -1: fixed points -1 (stable) and +1 (unstable); from 0.999 the potential falls to -1.
        var pop = new QifParameters { TauMs = 10, VInitial = 0.999 }.CreatePopulation(1, 0.1);
        var times = SpikeTimes(pop, -1.0, 0.1, 1, 20_000);
        Assert.Empty(times);
        Assert.Equal(-1.0, pop.State("v")[0], 4);
    }

    [Fact]
    public void NegativeDrive_AboveUnstablePoint_FiresAtCothTime()
    {
        // V0 > r = sqrt(-I): V = -r coth(u), u from -atanh(r/V0) to -atanh(r/V_peak) at rate r/tau.
        const double tau = 10, r = 1, v0 = 1.5, peak = 100, dt = 0.01;
        double expected = tau / r * (Math.Atanh(r / v0) - Math.Atanh(r / peak));
        var pop = new QifParameters { TauMs = tau, VPeak = peak, VInitial = v0 }.CreatePopulation(1, dt);
        var times = SpikeTimes(pop, -r * r, dt, 1, 100_000);
        Assert.Single(times);
        Assert.InRange(times[0], expected - dt, expected + dt);
    }

    [Fact]
    public void ZeroDrive_FromPositivePotential_FiresAtRationalTime()
    {
        // I = 0: V = V0 / (1 - V0 t/tau) reaches V_peak at t = tau (1/V0 - 1/V_peak); from V0 <= 0 never.
        const double tau = 10, v0 = 1, peak = 100, dt = 0.01;
        var pop = new QifParameters { TauMs = tau, VPeak = peak, VInitial = v0 }.CreatePopulation(1, dt);
        var times = SpikeTimes(pop, 0.0, dt, 1, 100_000);
        Assert.Single(times);
        Assert.InRange(times[0], (tau * ((1 / v0) - (1 / peak))) - dt, (tau * ((1 / v0) - (1 / peak))) + dt);

        var below = new QifParameters { TauMs = tau, VInitial = -0.5 }.CreatePopulation(1, dt);
        Assert.Empty(SpikeTimes(below, 0.0, dt, 1, 100_000));
    }

    [Theory]
    [InlineData(1.0, 0.1, -100.0, 25)]      // tan solution, polynomial path (z = 0.01), up to V = 1.4
    [InlineData(-4.0, 1.0, 1.9, 8)]         // tanh solution, between the fixed points, z = -4
    [InlineData(-4.0, 1.0, -10.0, 8)]       // coth solution, below the stable point, z = -4
    [InlineData(-0.25, 1.0, 0.3, 20)]       // tanh solution, polynomial path (z = -0.25)
    [InlineData(2.0, 1.0, -100.0, 2)]       // tan solution, cos/sin path (z = 2): two steps, then the spike
    public void Trajectory_EqualsClosedFormSolution_ForAnyStep(double current, double dt, double v0, int steps)
    {
        const double tau = 1;
        var pop = new QifParameters { TauMs = tau, VPeak = 1000, VReset = -1000, VInitial = v0 }.CreatePopulation(1, dt);
        float[] spikes = new float[1];
        for (int k = 1; k <= steps; k++)
        {
            pop.Step([(float)current], spikes);
            double exact = ClosedForm(v0, current, k * dt / tau);
            Assert.Equal(0f, spikes[0]);
            Assert.True(Math.Abs(pop.State("v")[0] - exact) <= (2e-6 * Math.Abs(exact)) + 1e-6, $"step {k}: {pop.State("v")[0]} vs {exact}");
        }

        if (current == 2.0)
        {
            pop.Step([(float)current], spikes); // sqrt(2) * 3 + atan(-100/sqrt 2) > pi/2: V went through infinity
            Assert.Equal(1f, spikes[0]);
            Assert.Equal(-1000f, pop.State("v")[0]);
        }
    }

    [Fact]
    public void TimeToPeak_AgreesWithFineRungeKutta()
    {
        var p = new QifParameters { TauMs = 10, VPeak = 100 };
        foreach (var (v0, current) in new[] { (1.5, -1.0), (-100.0, 1.0), (2.0, 0.0), (-3.0, 0.3) })
        {
            double rk4 = RungeKuttaTimeToPeak(v0, current, p.TauMs, p.VPeak);
            double exact = p.TimeToPeakMs(v0, current);
            Assert.True(Math.Abs(exact - rk4) <= 1e-6 * rk4, $"V0 {v0}, I {current}: {exact} vs {rk4}");
        }

        Assert.Equal(double.PositiveInfinity, p.TimeToPeakMs(0.5, -1.0));
    }

    [Fact]
    public void Refractory_HoldsAtResetThenResumes()
    {
        var pop = new QifParameters { TauMs = 1, VPeak = 10, VReset = -10, VInitial = 9.9, RefractoryMs = 0.3 }.CreatePopulation(1, 0.1);
        float[] spikes = new float[1];
        pop.Step([0f], spikes);
        Assert.Equal(1f, spikes[0]);
        for (int k = 0; k < 3; k++)
        {
            pop.Step([100f], spikes);
            Assert.Equal(-10f, pop.State("v")[0]);
        }

        pop.Step([0f], spikes);
        Assert.Equal(ClosedForm(-10, 0, 0.1), pop.State("v")[0], 5);
    }

    [Theory]
    [InlineData("VPeak", "VPeak must be > VReset (200); was 100.")]
    [InlineData("TauMs", "TauMs must be > 0; was -1.")]
    public void Validate_NamesFieldExpectationAndValue(string field, string message)
    {
        var p = field == "VPeak" ? new QifParameters { VReset = 200 } : new QifParameters { TauMs = -1 };
        var ex = Assert.Throws<ArgumentException>(p.Validate);
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void VPeakNotPositive_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(new QifParameters { VPeak = 0, VReset = -1 }.Validate);
        Assert.StartsWith("VPeak must be > 0; was 0.", ex.Message);
    }

    // dV/ds = V^2 + I with s = t/tau.
    private static double ClosedForm(double v0, double current, double s)
    {
        if (current > 0)
        {
            double q = Math.Sqrt(current);
            return q * Math.Tan((q * s) + Math.Atan(v0 / q));
        }

        if (current == 0)
        {
            return v0 / (1 - (v0 * s));
        }

        double r = Math.Sqrt(-current);
        return Math.Abs(v0) < r
            ? -r * Math.Tanh(Math.Atanh(-v0 / r) + (r * s))
            : -r / Math.Tanh(Math.Atanh(-r / v0) + (r * s));
    }

    private static double RungeKuttaTimeToPeak(double v0, double current, double tau, double peak)
    {
        // Step in V-dependent time so that V changes by about 1e-4 relative per step; stop at the peak by
        // interpolating the last step.
        double v = v0, t = 0;
        double F(double x) => ((x * x) + current) / tau;
        while (true)
        {
            double h = Math.Min(1e-3, 1e-4 * Math.Max(1, Math.Abs(v)) / Math.Abs(F(v)));
            double k1 = F(v), k2 = F(v + (0.5 * h * k1)), k3 = F(v + (0.5 * h * k2)), k4 = F(v + (h * k3));
            double next = v + (h / 6 * (k1 + (2 * k2) + (2 * k3) + k4));
            if (next >= peak)
            {
                return t + (h * (peak - v) / (next - v));
            }

            v = next;
            t += h;
        }
    }

    private static List<double> SpikeTimes(NeuronPopulation pop, double current, double dt, int count, int maxSteps)
    {
        float[] input = [(float)current];
        float[] spikes = new float[1];
        var times = new List<double>();
        for (int step = 1; step <= maxSteps && times.Count < count; step++)
        {
            pop.Step(input, spikes);
            if (spikes[0] == 1f)
            {
                times.Add(step * dt);
            }
        }

        return times;
    }
}
