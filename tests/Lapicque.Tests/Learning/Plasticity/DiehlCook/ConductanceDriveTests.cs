using Lapicque.Learning.Plasticity.DiehlCook;
using Lapicque.Neurons;

namespace Lapicque.Tests.Learning.Plasticity.DiehlCook;

public class ConductanceDriveTests
{
    // The excitatory membrane of the paper with the threshold out of reach, so only the subthreshold dynamics act.
    private static readonly AdaptiveLifParameters Membrane = new()
    {
        TauMemMs = 100, RestMv = -65, ResetMv = -65, InitialMv = -65, ThresholdMv = 1000, AdaptationMv = 0, TauAdaptMs = 1,
    };

    [Theory]
    [InlineData(0.5, 2.0, 0.5)]
    [InlineData(1.0, 0.3, 4.0)]
    public void ConstantConductances_FollowTheAnalyticRelaxation(double dtMs, double ge, double gi)
    {
        // tau dv/dt = (E_L - v) + ge (0 - v) + gi (-100 - v): v relaxes to v_inf = (E_L - 100 gi) / (1 + ge + gi) with
        // time constant tau / (1 + ge + gi).
        var p = Membrane.Propagator(dtMs);
        float[] v = [-65f], a = [0f], r = [0f], drive = [0f], s = [0f], spikes = [0f];
        float[] gE = [(float)ge], gI = [(float)gi];
        double total = 1 + ge + gi, vInf = (-65 - (100 * gi)) / total;
        for (int k = 1; k <= 200; k++)
        {
            ConductanceDrive.Exact(v, gE, gI, drive, s, -65f, 0f, -100f, (float)(dtMs / 100), p.Beta, p.InputGain);
            AdaptiveLif.StepScalar(p, v, a, r, drive, spikes);
            double expected = vInf + ((-65 - vInf) * Math.Exp(-k * dtMs * total / 100));
            Assert.Equal(expected, v[0], 2e-3);
        }
    }

    [Fact]
    public void HugeInhibition_StaysBetweenTheReversalPotentials()
    {
        // Forty simultaneous inhibitory spikes (17 each): forward Euler in the conductance term would send v to about
        // -65 + 0.005 x 680 x (-35) = -184 mV, beyond the -100 mV reversal; the exact step relaxes towards
        // v_inf = (-65 - 68000) / 681 with exp(-0.005 x 681) left of the distance: about -98.8 mV.
        var p = Membrane.Propagator(0.5);
        float[] v = [-65f], a = [0f], r = [0f], drive = [0f], s = [0f], spikes = [0f];
        ConductanceDrive.Exact(v, [0f], [680f], drive, s, -65f, 0f, -100f, 0.005f, p.Beta, p.InputGain);
        AdaptiveLif.StepScalar(p, v, a, r, drive, spikes);
        double vInf = (-65.0 - 68000.0) / 681.0;
        Assert.Equal(vInf + ((-65 - vInf) * Math.Exp(-0.005 * 681)), v[0], 1e-3);
        Assert.InRange(v[0], -100f, -65f);
    }
}
