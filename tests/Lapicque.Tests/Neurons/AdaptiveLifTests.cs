using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Neurons;

public class AdaptiveLifTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Step_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        foreach (var reset in new[] { ResetMode.ToValue, ResetMode.Subtract, ResetMode.None })
        {
            var p = new AdaptiveLifParameters
            {
                TauMemMs = 10, TauAdaptMs = 50, ThresholdMv = 1, AdaptationMv = 0.3, ResetMv = -0.2, RefractoryMs = 2, Reset = reset,
            }.Propagator(1.0);
            var rng = new Rng(13);
            float[] v1 = new float[n], a1 = new float[n], r1 = new float[n], s1 = new float[n], input = new float[n];
            rng.FillUniform(v1, -0.5f, 1.5f);
            rng.FillUniform(a1, 0f, 2f);
            for (int i = 0; i < n; i++)
            {
                r1[i] = rng.NextInt(3);
            }

            float[] v2 = (float[])v1.Clone(), a2 = (float[])a1.Clone(), r2 = (float[])r1.Clone(), s2 = new float[n];
            for (int step = 0; step < 20; step++)
            {
                rng.FillUniform(input, 0f, 4f);
                AdaptiveLif.Step(p, v1, a1, r1, input, s1);
                AdaptiveLif.StepScalar(p, v2, a2, r2, input, s2);
                Assert.Equal(v2, v1);
                Assert.Equal(a2, a1);
                Assert.Equal(r2, r1);
                Assert.Equal(s2, s1);
            }
        }
    }

    [Fact]
    public void ConstantDrive_IsisLengthen_SteadyIsiMatchesHandDerivedValue()
    {
        // Reset to 0, rest 0, drive D: between spikes V(t) = D (1 - exp(-t/tau_m)) and a(t) = a+ exp(-t/tau_a), where a+
        // is a just after a spike. In the steady state a+ = a+ exp(-T/tau_a) + 1, so a+ = 1 / (1 - exp(-T/tau_a)), and
        // the steady ISI T solves D (1 - exp(-T/tau_m)) = b0 + beta_a / (exp(T/tau_a) - 1).
        const double tauM = 20, tauA = 200, b0 = 1, betaA = 0.2, drive = 2, dt = 0.05;
        double steady = Bisect(t => (drive * (1 - Math.Exp(-t / tauM))) - b0 - (betaA / (Math.Exp(t / tauA) - 1)), 1, 1000);

        var p = new AdaptiveLifParameters { TauMemMs = tauM, TauAdaptMs = tauA, ThresholdMv = b0, AdaptationMv = betaA };
        var isis = Isis(p.CreatePopulation(1, dt), drive, dt, 60);

        double first = tauM * Math.Log(drive / (drive - b0)); // no adaptation before the first spike
        Assert.InRange(isis[0], first - dt, first + dt);
        for (int k = 1; k < 5; k++)
        {
            Assert.True(isis[k] > isis[k - 1], $"ISI {k} = {isis[k]} did not lengthen from {isis[k - 1]}");
        }

        Assert.True(steady > 2 * first, "the parameters must adapt strongly for the test to mean something");
        for (int k = isis.Count - 5; k < isis.Count; k++)
        {
            Assert.InRange(isis[k], steady - dt, steady + dt);
        }
    }

    [Fact]
    public void NoAdaptation_IsiEqualsLifFormula()
    {
        const double dt = 0.01;
        var p = new AdaptiveLifParameters { TauMemMs = 10, ThresholdMv = 15, AdaptationMv = 0, RefractoryMs = 2 };
        var isis = Isis(p.CreatePopulation(1, dt), 25, dt, 4);
        double expected = 2 + (10 * Math.Log(25.0 / (25.0 - 15.0)));
        for (int k = 1; k < isis.Count; k++)
        {
            Assert.InRange(isis[k], expected - dt, expected + dt);
        }
    }

    [Fact]
    public void AfterOneSpike_AdaptationDecaysExponentially()
    {
        const double dt = 0.5, tauA = 30;
        var pop = new AdaptiveLifParameters { TauAdaptMs = tauA }.CreatePopulation(1, dt);
        float[] spikes = new float[1];
        pop.Step([1000f], spikes);
        Assert.Equal(1f, spikes[0]);
        Assert.Equal(1f, pop.State("a")[0]);
        for (int k = 1; k <= 100; k++)
        {
            pop.Step([0f], spikes);
            double exact = Math.Exp(-k * dt / tauA);
            Assert.True(Math.Abs(pop.State("a")[0] - exact) <= 5e-6 * exact, $"step {k}: {pop.State("a")[0]} vs {exact}");
        }
    }

    [Fact]
    public void FromBeta_SubtractReset_MatchesEpropRecurrence()
    {
        // e-prop ALIF (Bellec et al. 2020): A = b0 + beta_a a; z = H(v - A); v -= z A; a = rho a + z, here with the
        // input added after the leak and a decayed before the comparison (see AdaptiveLifParameters).
        const float beta = 0.9f, rho = 0.97f, adapt = 0.5f;
        var pop = AdaptiveLifParameters.FromBeta(beta, rho, adapt).CreatePopulation(1, 1.0);
        Assert.Equal((double)rho, ((AdaptiveLifParameters)pop.Model).Rho(1.0), 14);
        float[] spikes = new float[1];
        float v = 0, a = 0;
        int count = 0;
        for (int t = 0; t < 200; t++)
        {
            float x = 0.4f;
            pop.Step([x], spikes);
            v = (beta * v) + x;
            a *= rho;
            float threshold = 1f + (adapt * a);
            float z = v >= threshold ? 1f : 0f;
            v -= z * threshold;
            a += z;
            count += (int)z;
            Assert.Equal(z, spikes[0]);
            Assert.True(Math.Abs(v - pop.State("v")[0]) <= 1e-5, $"step {t}: v {pop.State("v")[0]} vs {v}");
            Assert.True(Math.Abs(a - pop.State("a")[0]) <= 1e-5, $"step {t}: a {pop.State("a")[0]} vs {a}");
        }

        Assert.True(count > 10, $"only {count} spikes");
    }

    [Theory]
    [InlineData("AdaptationMv", "AdaptationMv must be >= 0; was -0.1.")]
    [InlineData("TauAdaptMs", "TauAdaptMs must be > 0; was 0.")]
    public void Validate_NamesFieldExpectationAndValue(string field, string message)
    {
        var p = field == "AdaptationMv" ? new AdaptiveLifParameters { AdaptationMv = -0.1 } : new AdaptiveLifParameters { TauAdaptMs = 0 };
        var ex = Assert.Throws<ArgumentException>(p.Validate);
        Assert.StartsWith(message, ex.Message);
    }

    private static List<double> Isis(NeuronPopulation pop, double drive, double dt, int count)
    {
        float[] input = [(float)drive];
        float[] spikes = new float[1];
        var isis = new List<double>();
        int last = 0;
        for (int step = 1; step <= 2_000_000 && isis.Count < count; step++)
        {
            pop.Step(input, spikes);
            if (spikes[0] == 1f)
            {
                isis.Add((step - last) * dt);
                last = step;
            }
        }

        Assert.Equal(count, isis.Count);
        return isis;
    }

    private static double Bisect(Func<double, double> f, double low, double high)
    {
        double fLow = f(low);
        Assert.True(fLow * f(high) < 0, "the root must be bracketed");
        for (int k = 0; k < 200; k++)
        {
            double mid = 0.5 * (low + high);
            double fMid = f(mid);
            if (fMid * fLow > 0)
            {
                low = mid;
                fLow = fMid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }
}
