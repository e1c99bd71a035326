using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Neurons;

/// <summary>
/// StepRange over disjoint ranges (cut at places that are not multiples of the vector width) must advance the
/// Izhikevich, Hodgkin-Huxley, Traub-Miles and AdEx populations bit for bit as Step does, which is what makes a
/// multithreaded simulation independent of its thread count.
/// </summary>
public class BiophysicalRangeTests
{
    public static TheoryData<string> Models() => ["izhikevich", "hh", "hh-rk4", "traub-miles", "adex"];

    [Theory]
    [MemberData(nameof(Models))]
    public void StepRange_OverDisjointRanges_EqualsWholeStep(string model)
    {
        (INeuronModel p, double dt, float maxInput) = model switch
        {
            "izhikevich" => ((INeuronModel)IzhikevichParameters.Presets["CH"], 0.5, 20f),
            "hh" => (new HodgkinHuxleyParameters(), 0.025, 40f),
            "hh-rk4" => (new HodgkinHuxleyParameters { Integrator = HodgkinHuxleyIntegrator.RungeKutta4 }, 0.025, 40f),
            "traub-miles" => (new TraubMilesParameters(), 0.025, 800f),
            _ => (AdExParameters.Presets["irregular"], 0.1, 400f),
        };
        const int n = 203;
        var whole = p.CreatePopulation(n, dt);
        var split = p.CreatePopulation(n, dt);
        Assert.True(split.SupportsRanges);
        float[] input = new float[n], s1 = new float[n], s2 = new float[n];
        var rng = new Rng(31);
        rng.FillUniform(input, 0f, maxInput);
        int[] cuts = [0, 13, 14, 100, 171, n];
        int fired = 0;
        for (int step = 0; step < 400; step++)
        {
            whole.Step(input, s1);
            s2.AsSpan().Fill(7f);
            for (int k = 0; k + 1 < cuts.Length; k++)
            {
                split.StepRange(cuts[k], cuts[k + 1], input, s2);
            }

            Assert.Equal(s1, s2);
            foreach (string name in whole.StateNames)
            {
                Assert.Equal(whole.State(name).ToArray(), split.State(name).ToArray());
            }

            fired += (int)s1.Sum();
        }

        Assert.True(fired > 0, $"{model}: {fired} spikes");
    }

    [Fact]
    public void TraubMiles_ConductanceStepRange_EqualsWholeStep()
    {
        const int n = 77;
        var p = new TraubMilesParameters();
        var whole = (TraubMilesPopulation)p.CreatePopulation(n, 0.025);
        var split = (TraubMilesPopulation)p.CreatePopulation(n, 0.025);
        float[] input = new float[n], ge = new float[n], gi = new float[n], s1 = new float[n], s2 = new float[n];
        var rng = new Rng(37);
        rng.FillUniform(input, 0f, 300f);
        rng.FillUniform(ge, 0f, 30f);
        rng.FillUniform(gi, 0f, 60f);
        for (int step = 0; step < 400; step++)
        {
            whole.Step(input, ge, gi, s1);
            split.StepRange(0, 5, input, ge, gi, s2);
            split.StepRange(5, 41, input, ge, gi, s2);
            split.StepRange(41, n, input, ge, gi, s2);
            Assert.Equal(s1, s2);
            Assert.Equal(whole.State("v").ToArray(), split.State("v").ToArray());
        }
    }
}
