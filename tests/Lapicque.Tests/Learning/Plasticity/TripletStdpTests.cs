using Lapicque.Learning.Plasticity;

namespace Lapicque.Tests.Learning.Plasticity;

public class TripletStdpTests
{
    // Pfister and Gerstner 2006, eqs. 2-4, evaluated event by event in continuous time (double precision, exact
    // exponentials): the yardstick for the clock-driven rule. Simultaneous pre and post: pre first, as d = 0 is potentiation.
    private static double Reference(TripletStdpParameters p, double[] pre, double[] post, double w)
    {
        var events = pre.Select(t => (T: t, Pre: true)).Concat(post.Select(t => (T: t, Pre: false)))
            .OrderBy(e => e.T).ThenBy(e => e.Pre ? 0 : 1).ToArray();
        double r1 = 0, r2 = 0, o1 = 0, o2 = 0, last = 0;
        bool nearest = p.Pairing == SpikePairing.Nearest;
        foreach (var (t, isPre) in events)
        {
            double dt = t - last;
            r1 *= Math.Exp(-dt / p.TauPlusMs);
            r2 *= Math.Exp(-dt / p.TauXMs);
            o1 *= Math.Exp(-dt / p.TauMinusMs);
            o2 *= Math.Exp(-dt / p.TauYMs);
            last = t;
            if (isPre)
            {
                w -= o1 * (p.A2Minus + (p.A3Minus * r2));
                r1 = nearest ? 1 : r1 + 1;
                r2 = nearest ? 1 : r2 + 1;
            }
            else
            {
                w += r1 * (p.A2Plus + (p.A3Plus * o2));
                o1 = nearest ? 1 : o1 + 1;
                o2 = nearest ? 1 : o2 + 1;
            }
        }

        return w;
    }

    private static (double[] Pre, double[] Post) Protocol(int pairs, double hz, double delay)
    {
        double period = 1000.0 / hz;
        double start = 10 + Math.Max(0, -delay);
        var pre = Enumerable.Range(0, pairs).Select(k => start + (k * period)).ToArray();
        return (pre, pre.Select(t => t + delay).ToArray());
    }

    public static TheoryData<string> Presets => new() { "VisualCortexAllToAll", "VisualCortexAllToAllMinimal", "VisualCortexNearest", "VisualCortexNearestMinimal", "HippocampalAllToAll" };

    private static TripletStdpParameters Preset(string name) => (TripletStdpParameters)typeof(TripletStdpParameters).GetProperty(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Presets))]
    public void PairingFrequency_MatchesTheAnalyticTripletPrediction(string preset)
    {
        // Weights start at 0 with no lower bound in reach, so float rounding of w and clipping stay out of the comparison.
        var p = Preset(preset) with { WMin = -100 };
        const int pairs = 60;
        const double dt = 1.0;
        foreach (double hz in new[] { 1.0, 10, 20, 40, 50 })
        {
            foreach (double delay in new[] { 10.0, -10.0 })
            {
                double dw = PairingProtocol.Pairs(new TripletStdp(p), 0.0, pairs, hz, delay, dt);
                var (pre, post) = Protocol(pairs, hz, delay);
                double expected = Reference(p, pre, post, 0.0);
                Assert.True(Math.Abs(dw - expected) <= (2e-3 * Math.Abs(expected)) + 1e-6, $"{preset} {hz} Hz, {delay} ms: dw = {dw}, expected {expected}");
            }
        }
    }

    [Fact]
    public void VisualCortex_PotentiationGrowsWithFrequency_AndPostPreTurnsToPotentiation()
    {
        // Sjostrom et al. 2001 (Pfister and Gerstner 2006, Fig. 5): at +10 ms potentiation grows with the pairing frequency;
        // at -10 ms low frequencies depress and 50 Hz potentiates.
        var p = TripletStdpParameters.VisualCortexAllToAll with { WMin = -100 };
        double[] hz = [1, 10, 20, 40, 50];
        var plus = hz.Select(f => PairingProtocol.Pairs(new TripletStdp(p), 0.0, 60, f, 10, 1.0)).ToArray();
        var minus = hz.Select(f => PairingProtocol.Pairs(new TripletStdp(p), 0.0, 60, f, -10, 1.0)).ToArray();
        for (int k = 1; k < hz.Length; k++)
        {
            Assert.True(plus[k] > plus[k - 1], $"+10 ms: {hz[k]} Hz gave {plus[k]}, not more than {plus[k - 1]} at {hz[k - 1]} Hz");
        }

        Assert.True(minus[0] < 0, $"-10 ms at 1 Hz should depress; was {minus[0]}");
        Assert.True(minus[^1] > 0, $"-10 ms at 50 Hz should potentiate; was {minus[^1]}");

        // A pair rule (A3 = 0) has no such dependence at low rates: 1 Hz and 10 Hz pairs give the same change per pair.
        var pair = p with { A3Plus = 0, A3Minus = 0, A2Plus = 5e-3 };
        double slow = PairingProtocol.Pairs(new TripletStdp(pair), 0.0, 20, 1, 10, 1.0);
        double fast = PairingProtocol.Pairs(new TripletStdp(pair), 0.0, 20, 10, 10, 1.0);
        Assert.True(fast < slow, "with pair terms only, faster pairing adds post-pre depression and cannot potentiate more");
    }

    [Fact]
    public void DiehlCook_PotentiatesOnlyWithAnEarlierPostSpike()
    {
        // Their Brian rule: pre spike w -= nu_pre post1; post spike w += nu_post pre post2before (nearest traces).
        var p = TripletStdpParameters.DiehlCook;
        double single = PairingProtocol.Run(new TripletStdp(p), 0.5, [10], [15]) - 0.5;
        Assert.Equal(0.0, single, 9);

        // Post at 10, pre at 15, post at 25: the pre spike sees post1 = exp(-5/20); the second post sees
        // pre = exp(-10/20) and post2before = exp(-15/40).
        double burst = PairingProtocol.Run(new TripletStdp(p), 0.5, [15], [10, 25]) - 0.5;
        double expected = (-1e-4 * Math.Exp(-5 / 20.0)) + (0.01 * Math.Exp(-10 / 20.0) * Math.Exp(-15 / 40.0));
        Assert.Equal(expected, burst, 6);
    }
}
