using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Neurons;

public class LeakyIntegratorTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Step_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        foreach (var mode in new[] { InputMode.Current, InputMode.Direct })
        {
            var p = new LeakyIntegratorParameters { TauMemMs = 7, RestMv = -0.3, Input = mode }.Propagator(0.5);
            var rng = new Rng(3);
            float[] v1 = new float[n], input = new float[n];
            rng.FillUniform(v1, -2f, 2f);
            float[] v2 = (float[])v1.Clone();
            for (int step = 0; step < 20; step++)
            {
                rng.FillUniform(input, -1f, 3f);
                LeakyIntegrator.Step(p, v1, input);
                LeakyIntegrator.StepScalar(p, v2, input);
                Assert.Equal(v2, v1);
            }
        }
    }

    [Theory]
    [InlineData(10.0, 0.1)]
    [InlineData(3.0, 1.0)]
    public void StepResponse_EqualsExactExponential(double tau, double dt)
    {
        // tau dV/dt = -V + x from rest: V(t) = x (1 - exp(-t/tau)).
        const double x = 4.0;
        var pop = new LeakyIntegratorParameters { TauMemMs = tau }.CreatePopulation(1, dt);
        float[] spikes = [1f];
        for (int k = 1; k <= 100; k++)
        {
            pop.Step([(float)x], spikes);
            double exact = x * (1 - Math.Exp(-k * dt / tau));
            Assert.True(Math.Abs(pop.State("v")[0] - exact) <= 1e-6 * exact, $"step {k}: {pop.State("v")[0]} vs {exact}");
            Assert.Equal(0f, spikes[0]);
        }
    }

    [Theory]
    [InlineData(InputMode.Current, 0.0)]
    [InlineData(InputMode.Direct, 0.0)]
    [InlineData(InputMode.Current, -65.0)]
    public void ImpulseResponse_EqualsExactExponential(InputMode mode, double rest)
    {
        // A drive x held over the first step only, then nothing: V(dt) - V_rest = g x with g = 1 - exp(-dt/tau)
        // (held drive) or g = 1 (direct), and afterwards V(t) - V_rest = g x exp(-(t - dt)/tau).
        const double tau = 8.0, dt = 0.5, x = 3.0;
        var pop = new LeakyIntegratorParameters { TauMemMs = tau, RestMv = rest, InitialMv = rest, Input = mode }.CreatePopulation(1, dt);
        var li = (LeakyIntegratorPopulation)pop;
        double g = mode == InputMode.Current ? 1 - Math.Exp(-dt / tau) : 1.0;
        li.Step([(float)x]);
        for (int k = 1; k <= 40; k++)
        {
            double exact = g * x * Math.Exp(-(k - 1) * dt / tau);
            double deviation = pop.State("v")[0] - rest;

            // The state is a float32 potential: near -65 mV it resolves 7.6e-6 mV, and each step's rounding of the
            // absolute potential adds up to half of that, so an offset rest costs k * 3.8e-6 mV on top of 1e-6 relative.
            double tolerance = (1e-6 * exact) + (rest == 0.0 ? 0.0 : k * 3.9e-6);
            Assert.True(Math.Abs(deviation - exact) <= tolerance, $"step {k}: {deviation} vs {exact}");
            li.Step([0f]);
        }
    }

    [Fact]
    public void FromBeta_IsExactInverseOfBeta_AndAddsInputDirectly()
    {
        var p = LeakyIntegratorParameters.FromBeta(0.8, dtMs: 2.0);
        Assert.Equal(0.8, p.Beta(2.0), 14);
        var pop = p.CreatePopulation(1, 2.0);
        float[] spikes = new float[1];
        pop.Step([1f], spikes);
        pop.Step([1f], spikes);
        Assert.Equal(1.8f, pop.State("v")[0], 6);
        Assert.Equal(["v"], pop.StateNames);
    }

    [Fact]
    public void Validate_NonPositiveTau_NamesField()
    {
        var ex = Assert.Throws<ArgumentException>(new LeakyIntegratorParameters { TauMemMs = -2 }.Validate);
        Assert.StartsWith("TauMemMs must be > 0; was -2.", ex.Message);
    }
}
