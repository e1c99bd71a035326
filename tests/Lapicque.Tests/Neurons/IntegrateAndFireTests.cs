using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Neurons;

public class IntegrateAndFireTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Step_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        foreach (var reset in new[] { ResetMode.ToValue, ResetMode.Subtract, ResetMode.None })
        {
            var p = new IntegrateAndFireParameters { TauMemMs = 4, ThresholdMv = 1, ResetMv = -0.2, RefractoryMs = 2, Reset = reset }.Propagator(1.0);
            var rng = new Rng(5);
            float[] v1 = new float[n], r1 = new float[n], s1 = new float[n], input = new float[n];
            rng.FillUniform(v1, -0.5f, 1.2f);
            for (int i = 0; i < n; i++)
            {
                r1[i] = rng.NextInt(3);
            }

            float[] v2 = (float[])v1.Clone(), r2 = (float[])r1.Clone(), s2 = new float[n];
            for (int step = 0; step < 20; step++)
            {
                rng.FillUniform(input, -1f, 3f);
                IntegrateAndFire.Step(p, v1, r1, input, s1);
                IntegrateAndFire.StepScalar(p, v2, r2, input, s2);
                Assert.Equal(v2, v1);
                Assert.Equal(r2, r1);
                Assert.Equal(s2, s1);
            }
        }
    }

    [Theory]
    [InlineData(10.0, 0.1, 3.0, ResetMode.ToValue, 0.0)]
    [InlineData(10.0, 0.1, 3.0, ResetMode.Subtract, 0.0)]
    [InlineData(20.0, 0.25, 0.7, ResetMode.ToValue, 1.0)]
    [InlineData(5.0, 0.05, 12.5, ResetMode.Subtract, 0.5)]
    public void ConstantDrive_IsiEqualsThresholdOverGainTimesDrive_WithinOneStep(double tauMs, double dt, double drive, ResetMode reset, double refractoryMs)
    {
        // tau dV/dt = x: from the reset, V reaches the threshold after (theta - V_reset) / (gain x) steps, gain = dt/tau.
        const double threshold = 1.0;
        var p = new IntegrateAndFireParameters { TauMemMs = tauMs, ThresholdMv = threshold, RefractoryMs = refractoryMs, Reset = reset };
        var pop = p.CreatePopulation(1, dt);
        float[] input = [(float)drive];
        float[] spikes = new float[1];
        var steps = new List<int>();
        for (int step = 1; step <= 100_000 && steps.Count < 6; step++)
        {
            pop.Step(input, spikes);
            if (spikes[0] == 1f)
            {
                steps.Add(step);
            }
        }

        double gain = dt / tauMs;
        double expected = (threshold / (gain * drive)) + Math.Round(refractoryMs / dt);
        Assert.Equal(6, steps.Count);
        for (int k = 1; k < steps.Count; k++)
        {
            Assert.InRange(steps[k] - steps[k - 1], expected - 1, expected + 1);
        }
    }

    [Fact]
    public void Discrete_SubtractReset_KeepsTheExcess_RateIsExact()
    {
        // V' = V + x with reset by subtraction fires exactly floor(N x / theta) times in N steps (ANN-to-SNN conversion).
        var pop = IntegrateAndFireParameters.Discrete(threshold: 1.0).CreatePopulation(1, 1.0);
        float[] spikes = new float[1];
        int count = 0;
        for (int t = 0; t < 1000; t++)
        {
            pop.Step([0.375f], spikes);
            count += (int)spikes[0];
        }

        Assert.Equal(375, count);
        Assert.Equal(0f, pop.State("v")[0]);
    }

    [Fact]
    public void Refractory_HoldsMembraneForRoundedSteps()
    {
        var pop = new IntegrateAndFireParameters { TauMemMs = 1, RefractoryMs = 2.6 }.CreatePopulation(1, 1.0);
        float[] spikes = new float[1];
        pop.Step([5f], spikes);
        Assert.Equal(1f, spikes[0]);
        for (int k = 0; k < 3; k++)
        {
            pop.Step([5f], spikes);
            Assert.Equal(0f, spikes[0]);
            Assert.Equal(0f, pop.State("v")[0]);
        }

        pop.Step([5f], spikes);
        Assert.Equal(1f, spikes[0]);
    }

    [Fact]
    public void Gain_IsDtOverTau_OrOneForDirect()
    {
        Assert.Equal(0.1 / 20.0, new IntegrateAndFireParameters().Gain(0.1), 15);
        Assert.Equal(1.0, IntegrateAndFireParameters.Discrete().Gain(0.1));
        Assert.Equal("mV/step", IntegrateAndFireParameters.Discrete().InputUnit);
    }

    [Theory]
    [InlineData("TauMemMs", "TauMemMs must be > 0; was 0.")]
    [InlineData("ThresholdMv", "ThresholdMv must be > ResetMv (0); was -1.")]
    public void Validate_NamesFieldExpectationAndValue(string field, string message)
    {
        var p = field == "TauMemMs" ? new IntegrateAndFireParameters { TauMemMs = 0 } : new IntegrateAndFireParameters { ThresholdMv = -1 };
        var ex = Assert.Throws<ArgumentException>(p.Validate);
        Assert.StartsWith(message, ex.Message);
    }
}
