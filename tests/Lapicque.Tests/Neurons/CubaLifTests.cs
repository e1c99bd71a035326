using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Neurons;

public class CubaLifTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Step_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        foreach (var mode in new[] { InputMode.Current, InputMode.Direct })
        {
            foreach (var reset in new[] { ResetMode.ToValue, ResetMode.Subtract, ResetMode.None })
            {
                var p = new CubaLifParameters
                {
                    TauMemMs = 10, TauSynMs = 3, ThresholdMv = 1, ResetMv = -0.2, RefractoryMs = 2, Reset = reset, Input = mode,
                }.Propagator(1.0);
                var rng = new Rng(11);
                float[] v1 = new float[n], c1 = new float[n], r1 = new float[n], s1 = new float[n], input = new float[n];
                rng.FillUniform(v1, -0.5f, 1.2f);
                rng.FillUniform(c1, -0.5f, 1.5f);
                for (int i = 0; i < n; i++)
                {
                    r1[i] = rng.NextInt(3);
                }

                float[] v2 = (float[])v1.Clone(), c2 = (float[])c1.Clone(), r2 = (float[])r1.Clone(), s2 = new float[n];
                for (int step = 0; step < 20; step++)
                {
                    rng.FillUniform(input, -0.5f, 1.5f);
                    CubaLif.Step(p, v1, c1, r1, input, s1);
                    CubaLif.StepScalar(p, v2, c2, r2, input, s2);
                    Assert.Equal(v2, v1);
                    Assert.Equal(c2, c1);
                    Assert.Equal(r2, r1);
                    Assert.Equal(s2, s1);
                }
            }
        }
    }

    [Theory]
    [InlineData(10.0, 5.0, 0.5)]
    [InlineData(20.0, 2.0, 0.25)]
    [InlineData(5.0, 8.0, 0.4)]
    public void OneJump_TrajectoryEqualsDoubleExponentialPsp(double tauMem, double tauSyn, double dt)
    {
        // tau_m dV/dt = -V + I, I = w exp(-t/tau_s) after a jump w at t = 0:
        // V(t) = w tau_s / (tau_s - tau_m) (exp(-t/tau_s) - exp(-t/tau_m)).
        const double w = 2.0;
        var pop = new CubaLifParameters { TauMemMs = tauMem, TauSynMs = tauSyn, ThresholdMv = 1e9 }.CreatePopulation(1, dt);
        AssertTrajectory(pop, w, dt, t => w * tauSyn / (tauSyn - tauMem) * (Math.Exp(-t / tauSyn) - Math.Exp(-t / tauMem)), t => w * Math.Exp(-t / tauSyn));
    }

    [Theory]
    [InlineData(10.0, 0.5)]
    [InlineData(4.0, 0.2)]
    public void EqualTimeConstants_TrajectoryEqualsAlphaFunction(double tau, double dt)
    {
        // The limit tau_s = tau_m = tau: V(t) = w (t/tau) exp(-t/tau).
        const double w = 1.5;
        var pop = new CubaLifParameters { TauMemMs = tau, TauSynMs = tau, ThresholdMv = 1e9 }.CreatePopulation(1, dt);
        AssertTrajectory(pop, w, dt, t => w * t / tau * Math.Exp(-t / tau), t => w * Math.Exp(-t / tau));
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(1e-7)]
    [InlineData(-1e-4)]
    public void NearlyEqualTimeConstants_PropagatorIsContinuousAtTheLimit(double relativeDifference)
    {
        // c = tau_s/(tau_s - tau_m) (a - b) cancels badly near tau_s = tau_m; the propagator must still agree with the
        // value of the exact formula expanded to first order: c = h e^{-h} (1 + d/2), d = h_m - h_s.
        const double tau = 10.0, dt = 0.5;
        double tauSyn = tau * (1 + relativeDifference);
        var p = new CubaLifParameters { TauMemMs = tau, TauSynMs = tauSyn }.Propagator(dt);
        double h = dt / tau;
        double d = h - (dt / tauSyn);
        double expected = h * Math.Exp(-h) * (1 + (d / 2) + (d * d / 6));
        Assert.True(Math.Abs(p.CurrentToMem - expected) <= 1e-7 * expected, $"{p.CurrentToMem} vs {expected}");
    }

    [Fact]
    public void DirectInput_MatchesSnnTorchSynaptic()
    {
        // snnTorch Synaptic: syn = alpha syn + x; mem = beta mem + syn; spk = mem >= thr; mem -= spk * thr.
        var pop = CubaLifParameters.FromBeta(alpha: 0.8, beta: 0.9).CreatePopulation(1, 1.0);
        float[] spikes = new float[1];
        float syn = 0, mem = 0;
        int count = 0;
        for (int t = 0; t < 100; t++)
        {
            float x = t % 7 == 0 ? 0.6f : 0.05f;
            pop.Step([x], spikes);
            syn = (0.8f * syn) + x;
            mem = (0.9f * mem) + syn;
            float s = mem >= 1f ? 1f : 0f;
            mem -= s;
            count += (int)s;
            Assert.Equal(s, spikes[0]);
            Assert.True(Math.Abs(syn - pop.State("i")[0]) <= 1e-5, $"step {t}: i {pop.State("i")[0]} vs {syn}");
            Assert.True(Math.Abs(mem - pop.State("v")[0]) <= 1e-5, $"step {t}: v {pop.State("v")[0]} vs {mem}");
        }

        Assert.True(count > 5, $"only {count} spikes; the test needs some to check the reset");
    }

    [Fact]
    public void FromBeta_IsExactInverseOfAlphaAndBeta()
    {
        var p = CubaLifParameters.FromBeta(0.7, 0.95, dtMs: 0.5);
        Assert.Equal(0.7, p.Alpha(0.5), 14);
        Assert.Equal(0.95, p.Beta(0.5), 14);
        Assert.Equal(-0.5 / Math.Log(0.7), p.TauSynMs, 12);
        var prop = p.Propagator(0.5);
        Assert.Equal(1f, prop.InputToCurrent);
        Assert.Equal(1f, prop.InputToMem);
        Assert.Equal((float)0.7, prop.CurrentToMem);
    }

    [Fact]
    public void Refractory_HoldsMembraneWhileCurrentKeepsIntegrating()
    {
        const double dt = 1.0;
        var p = new CubaLifParameters { TauMemMs = 10, TauSynMs = 5, ThresholdMv = 1, ResetMv = 0, RefractoryMs = 3 };
        var pop = p.CreatePopulation(1, dt);
        float[] spikes = new float[1];
        pop.Step([50f], spikes);
        Assert.Equal(1f, spikes[0]);
        double i = 50 * Math.Exp(-dt / 5);
        for (int k = 0; k < 3; k++)
        {
            pop.Step([1f], spikes);
            i = (i + 1) * Math.Exp(-dt / 5);
            Assert.Equal(0f, spikes[0]);
            Assert.Equal(0f, pop.State("v")[0]);
            Assert.Equal(i, pop.State("i")[0], 3);
        }

        pop.Step([0f], spikes);
        Assert.Equal(1f, spikes[0]); // the current that built up during refractoriness fires it at once
    }

    [Theory]
    [InlineData("TauSynMs", "TauSynMs must be > 0; was -1.")]
    [InlineData("RefractoryMs", "RefractoryMs must be >= 0; was -1.")]
    [InlineData("InitialCurrentMv", "InitialCurrentMv must be finite; was NaN.")]
    public void Validate_NamesFieldExpectationAndValue(string field, string message)
    {
        var p = field switch
        {
            "TauSynMs" => new CubaLifParameters { TauSynMs = -1 },
            "RefractoryMs" => new CubaLifParameters { RefractoryMs = -1 },
            _ => new CubaLifParameters { InitialCurrentMv = double.NaN },
        };
        var ex = Assert.Throws<ArgumentException>(p.Validate);
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void FromBeta_AlphaOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CubaLifParameters.FromBeta(1.0, 0.9));
        Assert.StartsWith("alpha must be in (0, 1); was 1.", ex.Message);
    }

    private static void AssertTrajectory(NeuronPopulation pop, double w, double dt, Func<double, double> v, Func<double, double> i)
    {
        // The propagator is exact (computed in double); the state is float32, so each decay factor carries a rounding
        // of up to 3e-8 relative that compounds once per step. Over the first 30 steps (rise, peak and early decay of
        // the PSP at these dt) that stays below 1e-6 relative; over 400 steps the bound is 400 * 3e-8 ~ 1.2e-5.
        float[] spikes = new float[1];
        pop.Step([(float)w], spikes);
        for (int k = 1; k <= 400; k++)
        {
            if (k > 1)
            {
                pop.Step([0f], spikes);
            }

            double t = k * dt;
            double tolerance = k <= 30 ? 1e-6 : 2e-5;
            Assert.True(Math.Abs(pop.State("v")[0] - v(t)) <= tolerance * Math.Abs(v(t)), $"step {k}: v {pop.State("v")[0]} vs {v(t)}");
            Assert.True(Math.Abs(pop.State("i")[0] - i(t)) <= tolerance * Math.Abs(i(t)), $"step {k}: i {pop.State("i")[0]} vs {i(t)}");
        }
    }
}
