using Lapicque.Learning.Losses;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Losses;

public class LossTests
{
    private static Tensor Random(Rng rng, float lo, float hi, params int[] shape)
    {
        var t = new Tensor(shape);
        rng.FillUniform(t.Span, lo, hi);
        return t;
    }

    private static void CheckGradient(ILoss loss, Tensor output, int[] labels, double rel = 2e-3, double abs = 1e-4)
    {
        var g = new Tensor([.. output.Shape]);
        var pred = new int[labels.Length];
        loss.Evaluate(output, labels, g, pred);
        var scratch = new Tensor([.. output.Shape]);
        var p2 = new int[labels.Length];
        const float h = 1e-3f;
        for (int i = 0; i < output.Length; i++)
        {
            float keep = output.Data[i];
            output.Data[i] = keep + h;
            double up = loss.Evaluate(output, labels, scratch, p2);
            output.Data[i] = keep - h;
            double down = loss.Evaluate(output, labels, scratch, p2);
            output.Data[i] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - g.Data[i]) <= abs + (rel * Math.Abs(fd)), $"element {i}: analytic {g.Data[i]}, finite difference {fd}");
        }
    }

    [Fact]
    public void CrossEntropyCount_GradientMatchesFiniteDifferences() =>
        CheckGradient(new CrossEntropyCountLoss(), Random(new Rng(1), 0f, 1f, 5, 3, 4), [0, 3, 2]);

    [Fact]
    public void CrossEntropyCount_ValueAndPrediction()
    {
        // Equal counts: loss log C for every sample; one extra spike makes class 2 the prediction.
        var o = new Tensor(2, 1, 4);
        o.Span.Fill(1f);
        var g = new Tensor(2, 1, 4);
        var pred = new int[1];
        Assert.Equal(Math.Log(4), new CrossEntropyCountLoss().Evaluate(o, [1], g, pred), 12);
        o[1, 0, 2] = 2f;
        double z = Math.Exp(3) + (3 * Math.Exp(2));
        Assert.Equal(-Math.Log(Math.Exp(2) / z), new CrossEntropyCountLoss().Evaluate(o, [1], g, pred), 6);
        Assert.Equal(2, pred[0]);
    }

    [Theory]
    [InlineData(MembraneReduction.Max)]
    [InlineData(MembraneReduction.Final)]
    [InlineData(MembraneReduction.Mean)]
    public void MembraneCrossEntropy_GradientMatchesFiniteDifferences(MembraneReduction reduction) =>
        CheckGradient(new MembraneCrossEntropyLoss(reduction), Random(new Rng(2), -2f, 2f, 6, 2, 3), [2, 0]);

    [Fact]
    public void MembraneCrossEntropy_MaxUsesThePeak()
    {
        var o = Tensor.FromArray([0f, 5f, 3f, 1f, 0f, 0f], 3, 1, 2);
        var g = new Tensor(3, 1, 2);
        var pred = new int[1];
        double l = new MembraneCrossEntropyLoss().Evaluate(o, [0], g, pred);
        Assert.Equal(-Math.Log(Math.Exp(3) / (Math.Exp(3) + Math.Exp(5))), l, 6);
        Assert.Equal(1, pred[0]);

        // Gradient only at the peaks: class 0 at t = 1, class 1 at t = 0.
        Assert.Equal(0f, g[0, 0, 0]);
        Assert.NotEqual(0f, g[1, 0, 0]);
        Assert.NotEqual(0f, g[0, 0, 1]);
        Assert.Equal(0f, g[1, 0, 1]);
    }

    [Fact]
    public void CountMse_GradientAndValue()
    {
        CheckGradient(new CountMseLoss(), Random(new Rng(3), 0f, 1f, 5, 2, 3), [1, 2]);

        // T = 10, counts [8, 2] against targets [8, 2]: zero loss.
        var o = new Tensor(10, 1, 2);
        for (int t = 0; t < 8; t++)
        {
            o[t, 0, 0] = 1f;
        }

        o[0, 0, 1] = 1f;
        o[1, 0, 1] = 1f;
        Assert.Equal(0.0, new CountMseLoss().Evaluate(o, [0], new Tensor(10, 1, 2), new int[1]), 12);
    }

    // The multilinear first-spike time f = sum_t prod_{t' <= t} (1 - s[t']) and the loss built on it, in double.
    private static double FirstSpikeReference(Tensor o, int[] labels, double scale)
    {
        int t = o.Dim(0), b = o.Dim(1), c = o.Dim(2);
        double total = 0;
        for (int bi = 0; bi < b; bi++)
        {
            var z = new double[c];
            for (int k = 0; k < c; k++)
            {
                double f = 0, prod = 1;
                for (int ti = 0; ti < t; ti++)
                {
                    prod *= 1 - o[ti, bi, k];
                    f += prod;
                }

                z[k] = -scale * f;
            }

            double max = z.Max();
            double lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
            total += lse - z[labels[bi]];
        }

        return total / b;
    }

    [Fact]
    public void FirstSpike_GradientMatchesFiniteDifferencesOfMultilinearForm()
    {
        var rng = new Rng(4);
        int t = 7, b = 3, c = 4;
        var o = new Tensor(t, b, c);
        for (int i = 0; i < o.Length; i++)
        {
            o.Data[i] = rng.NextDouble() < 0.25 ? 1f : 0f;
        }

        int[] labels = [1, 3, 0];
        var loss = new FirstSpikeCrossEntropyLoss(0.7);
        var g = new Tensor(t, b, c);
        var pred = new int[b];
        double value = loss.Evaluate(o, labels, g, pred);
        Assert.Equal(FirstSpikeReference(o, labels, 0.7), value, 9);
        const float h = 1e-3f;
        for (int i = 0; i < o.Length; i++)
        {
            float keep = o.Data[i];
            o.Data[i] = keep + h;
            double up = FirstSpikeReference(o, labels, 0.7);
            o.Data[i] = keep - h;
            double down = FirstSpikeReference(o, labels, 0.7);
            o.Data[i] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - g.Data[i]) <= 1e-4 + (1e-3 * Math.Abs(fd)), $"element {i}: analytic {g.Data[i]}, finite difference {fd}");
        }
    }

    [Fact]
    public void FirstSpike_PredictsTheEarliestClass()
    {
        var o = new Tensor(5, 1, 3);
        o[3, 0, 0] = 1f;
        o[1, 0, 2] = 1f;
        o[4, 0, 2] = 1f;
        var pred = new int[1];
        new FirstSpikeCrossEntropyLoss().Evaluate(o, [0], new Tensor(5, 1, 3), pred);
        Assert.Equal(2, pred[0]);
    }

    [Fact]
    public void Losses_RejectBadLabelsWithTheirValue()
    {
        var e = Assert.Throws<ArgumentException>(() => new CrossEntropyCountLoss().Evaluate(new Tensor(2, 1, 3), [3], new Tensor(2, 1, 3), new int[1]));
        Assert.Contains("labels[0] must be in [0, 3); was 3", e.Message);
    }

    [Fact]
    public void RateRegularizer_GradientMatchesFiniteDifferences()
    {
        var reg = new SpikeRateRegularizer(LowerRate: 0.4, LowerStrength: 2.0, UpperRate: 0.3, UpperStrength: 3.0);
        var s = Random(new Rng(5), 0f, 0.8f, 6, 3, 4);
        var g = new Tensor(6, 3, 4);
        double penalty = reg.Apply(s, g);
        Assert.True(penalty > 0);
        var scratch = new Tensor(6, 3, 4);
        const float h = 1e-3f;
        for (int i = 0; i < s.Length; i++)
        {
            float keep = s.Data[i];
            s.Data[i] = keep + h;
            double up = reg.Apply(s, scratch);
            s.Data[i] = keep - h;
            double down = reg.Apply(s, scratch);
            s.Data[i] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - g.Data[i]) <= 1e-5 + (2e-3 * Math.Abs(fd)), $"element {i}: analytic {g.Data[i]}, finite difference {fd}");
        }
    }

    [Fact]
    public void RateRegularizer_IsZeroInsideTheBand()
    {
        var s = new Tensor(4, 2, 2);
        for (int t = 0; t < 4; t += 2)
        {
            s[t, 0, 0] = 1f;
            s[t, 1, 0] = 1f;
        }

        // Neuron 0 fires at rate 0.5 in both samples, neuron 1 never: population rate 0.25 per sample.
        var g = new Tensor(4, 2, 2);
        Assert.Equal(0.0, new SpikeRateRegularizer(UpperRate: 0.3, UpperStrength: 1).Apply(s, g));
        Assert.All(g.Span.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0.5 * 0.1 * 0.1, new SpikeRateRegularizer(LowerRate: 0.1, LowerStrength: 1).Apply(s, g), 9);
    }
}
