using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Neurons;

/// <summary>StepRange over disjoint ranges must advance the CubaLIF, IF, LI, ALIF and QIF populations exactly as Step does.</summary>
public class IntegrateAndFireFamilyRangeTests
{
    public static TheoryData<string> Models() => ["cubalif", "if", "li", "alif", "qif"];

    [Theory]
    [MemberData(nameof(Models))]
    public void StepRange_OverDisjointRanges_EqualsWholeStep(string model)
    {
        INeuronModel p = model switch
        {
            "cubalif" => new CubaLifParameters { RefractoryMs = 0.3 },
            "if" => new IntegrateAndFireParameters { TauMemMs = 2, RefractoryMs = 0.3 },
            "li" => new LeakyIntegratorParameters(),
            "alif" => new AdaptiveLifParameters { RefractoryMs = 0.3 },
            _ => new QifParameters { TauMs = 1, VPeak = 10, VReset = -10 },
        };
        const int n = 203;
        var whole = p.CreatePopulation(n, 0.1);
        var split = p.CreatePopulation(n, 0.1);
        Assert.True(split.SupportsRanges);
        float[] input = new float[n], s1 = new float[n], s2 = new float[n];
        var rng = new Rng(23);
        int[] cuts = [0, 13, 14, 100, 171, n];
        int fired = 0;
        for (int step = 0; step < 50; step++)
        {
            rng.FillUniform(input, 0f, 40f);
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

        Assert.True(model == "li" ? fired == 0 : fired > 0, $"{model}: {fired} spikes");
    }
}
