using Lapicque.Learning.Plasticity;

namespace Lapicque.Tests.Learning.Plasticity;

public class PairStdpTests
{
    private static readonly double[] Delays = Enumerable.Range(-10, 21).Select(k => k * 10.0).Concat([-1.0, 0.1, 2.5, -3.7]).ToArray();

    // The analytic window of one pair, d = t_post - t_pre: A+(w) exp(-d/tau+) for d >= 0, -A-(w) exp(d/tau-) for d < 0.
    private static double Window(PairStdpParameters p, double w, double d) => d >= 0
        ? p.APlus * Math.Pow(p.WMax - w, p.Mu) * Math.Exp(-d / p.TauPlusMs)
        : -p.AMinus * Math.Pow(w - p.WMin, p.Mu) * Math.Exp(d / p.TauMinusMs);

    [Theory]
    [InlineData(0.0, SpikePairing.AllToAll)]
    [InlineData(1.0, SpikePairing.AllToAll)]
    [InlineData(0.5, SpikePairing.AllToAll)]
    [InlineData(0.0, SpikePairing.Nearest)]
    [InlineData(1.0, SpikePairing.Nearest)]
    public void PairingExperiment_ReproducesTheAnalyticWindow(double mu, SpikePairing pairing)
    {
        var p = new PairStdpParameters { TauPlusMs = 16.8, TauMinusMs = 33.7, APlus = 0.01, AMinus = 0.0105, WMax = 1, Mu = mu, Pairing = pairing };
        const double w0 = 0.3;
        var dw = PairingProtocol.Window(() => new PairStdp(p), w0, Delays);
        for (int k = 0; k < Delays.Length; k++)
        {
            double expected = Window(p, w0, Delays[k]);
            Assert.True(Math.Abs(dw[k] - expected) <= (2e-4 * Math.Abs(expected)) + 1e-7, $"d = {Delays[k]} ms: dw = {dw[k]}, expected {expected}");
        }

        // The window's shape: potentiation for d >= 0, depression for d < 0, largest in magnitude near d = 0.
        Assert.True(dw[Array.IndexOf(Delays, 0.0)] > dw[Array.IndexOf(Delays, 10.0)]);
        Assert.True(dw[Array.IndexOf(Delays, -10.0)] < dw[Array.IndexOf(Delays, -100.0)]);
    }

    [Fact]
    public void SpikeTrains_AllToAllSumsEveryPair_NearestOnlyTheNeighbours()
    {
        var a2a = new PairStdpParameters { APlus = 0.01, AMinus = 0.012, TauPlusMs = 20, TauMinusMs = 30, WMin = -10, WMax = 10 };
        var nn = a2a with { Pairing = SpikePairing.Nearest };
        double[] pre = [10, 25, 31.5, 60, 90.2];
        double[] post = [30, 33, 70, 95];
        double all = PairingProtocol.Run(new PairStdp(a2a), 0, pre, post) - 0;
        double nearest = PairingProtocol.Run(new PairStdp(nn), 0, pre, post) - 0;

        // Yardstick: explicit sums over spike pairs (Morrison et al. 2008, eqs. for all-to-all and symmetric nearest-spike).
        double expectAll = 0;
        foreach (double tp in pre)
        {
            foreach (double tq in post)
            {
                double d = tq - tp;
                expectAll += d >= 0 ? a2a.APlus * Math.Exp(-d / a2a.TauPlusMs) : -a2a.AMinus * Math.Exp(d / a2a.TauMinusMs);
            }
        }

        double expectNearest = 0;
        foreach (double tq in post)
        {
            double last = pre.Where(t => t <= tq).DefaultIfEmpty(double.NaN).Max();
            if (!double.IsNaN(last))
            {
                expectNearest += nn.APlus * Math.Exp(-(tq - last) / nn.TauPlusMs);
            }
        }

        foreach (double tp in pre)
        {
            double last = post.Where(t => t < tp).DefaultIfEmpty(double.NaN).Max();
            if (!double.IsNaN(last))
            {
                expectNearest -= nn.AMinus * Math.Exp(-(tp - last) / nn.TauMinusMs);
            }
        }

        Assert.Equal(expectAll, all, 5);
        Assert.Equal(expectNearest, nearest, 5);
        Assert.NotEqual(expectAll, expectNearest, 3);
    }

    [Fact]
    public void Additive_HardBounds_ClipTheWeight()
    {
        var p = new PairStdpParameters { APlus = 0.5, AMinus = 0.5, WMax = 1 };
        double[] times = [10, 20, 30, 40, 50];
        Assert.Equal(1.0, PairingProtocol.Run(new PairStdp(p), 0.9, times, times.Select(t => t + 1).ToArray()), 6);
        Assert.Equal(0.0, PairingProtocol.Run(new PairStdp(p), 0.1, times, times.Select(t => t - 1).ToArray()), 6);
    }

    [Fact]
    public void Multiplicative_SoftBounds_ApproachTheBoundGeometrically()
    {
        // Repeated d = 0 pairings far apart: each moves w by A+ (WMax - w), so WMax - w shrinks by (1 - A+) per pairing.
        var p = new PairStdpParameters { APlus = 0.2, AMinus = 0.2, WMax = 1, Mu = 1, TauPlusMs = 1, TauMinusMs = 1 };
        double[] times = Enumerable.Range(1, 10).Select(k => k * 100.0).ToArray();
        double w = PairingProtocol.Run(new PairStdp(p), 0.5, times, times);
        Assert.Equal(1 - (0.5 * Math.Pow(0.8, 10)), w, 5);
    }

    [Fact]
    public void Parameters_AreChecked_WithTheFieldName()
    {
        var e = Assert.Throws<ArgumentException>(() => new PairStdp(new PairStdpParameters { TauPlusMs = -5 }));
        Assert.Contains("TauPlusMs", e.Message);
        Assert.Contains("-5", e.Message);
        Assert.Throws<ArgumentException>(() => new PairStdp(new PairStdpParameters { Mu = 2 }));
        Assert.Throws<ArgumentException>(() => new PairStdp(new PairStdpParameters { WMax = 0 }));
    }
}
