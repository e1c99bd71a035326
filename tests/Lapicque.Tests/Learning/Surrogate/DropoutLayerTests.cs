using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Surrogate;

/// <summary>The mask rule of <see cref="DropoutLayer"/>: a function of (seed, batch key, sample), nothing else.</summary>
public class DropoutLayerTests
{
    private static Tensor Ones(int t, int b, int n)
    {
        var x = new Tensor(t, b, n);
        x.Span.Fill(1f);
        return x;
    }

    private static float[] Window(Tensor y, int start, int steps, int b, int n) => y.Span.Slice(start * b * n, steps * b * n).ToArray();

    [Fact]
    public void WindowsOfOneSequence_ShareTheMaskOfTheFullSequence()
    {
        int t = 7, b = 3, n = 50;
        var x = GradientCheck.Random(new Rng(1), -1f, 1f, t, b, n);
        var whole = new DropoutLayer("d", [n], 0.4, seed: 11);
        whole.BeginBatch(123, 40);
        var full = whole.Forward(x, training: true).Span.ToArray();

        // The same batch fed in windows 3, 3, 1 (as truncated BPTT does): the concatenated output is the full one.
        var windowed = new DropoutLayer("d", [n], 0.4, seed: 11);
        windowed.ResetState();
        windowed.BeginBatch(123, 40);
        var parts = new List<float>();
        foreach (var (start, k) in new[] { (0, 3), (3, 3), (6, 1) })
        {
            var w = new Tensor(k, b, n);
            x.Span.Slice(start * b * n, k * b * n).CopyTo(w.Span);
            parts.AddRange(windowed.Forward(w, training: true).Span.ToArray());
        }

        Assert.Equal(full, parts.ToArray());
        Assert.Contains(full, v => v == 0f);
    }

    [Fact]
    public void Mask_DependsOnTheKeyNotOnTheCallCountOrBatchSize()
    {
        int n = 64;
        var layer = new DropoutLayer("d", [n], 0.5, seed: 5);
        layer.BeginBatch(9, 100);
        var first = Window(layer.Forward(Ones(2, 4, n), training: true), 0, 1, 4, n);

        // Reset and further calls with the same key: the same mask.
        layer.ResetState();
        layer.Forward(Ones(2, 4, n), training: true);
        Assert.Equal(first, layer.Mask.ToArray());
        layer.BeginBatch(9, 100);
        Assert.Equal(first, Window(layer.Forward(Ones(1, 4, n), training: true), 0, 1, 4, n));

        // Sample 2 of a batch starting at 100 is sample 0 of a batch of one starting at 102.
        layer.BeginBatch(9, 102);
        Assert.Equal(first.AsSpan(2 * n, n).ToArray(), Window(layer.Forward(Ones(1, 1, n), training: true), 0, 1, 1, n));

        // Another batch seed, position or layer seed: another mask.
        layer.BeginBatch(10, 100);
        Assert.NotEqual(first, Window(layer.Forward(Ones(1, 4, n), training: true), 0, 1, 4, n));
        layer.BeginBatch(9, 104);
        Assert.NotEqual(first, Window(layer.Forward(Ones(1, 4, n), training: true), 0, 1, 4, n));
        layer.Reseed(6);
        layer.BeginBatch(9, 100);
        Assert.NotEqual(first, Window(layer.Forward(Ones(1, 4, n), training: true), 0, 1, 4, n));
    }

    [Fact]
    public void WithoutBatchKeys_EachBatchGetsTheNextMasks_ReproduciblyFromTheSeed()
    {
        int n = 32;
        float[][] Masks(DropoutLayer layer)
        {
            var masks = new float[3][];
            for (int batch = 0; batch < 3; batch++)
            {
                layer.ResetState();
                masks[batch] = Window(layer.Forward(Ones(2, 4, n), training: true), 0, 1, 4, n);
            }

            return masks;
        }

        var a = Masks(new DropoutLayer("d", [n], 0.5, seed: 5));
        Assert.NotEqual(a[0], a[1]);
        Assert.NotEqual(a[1], a[2]);
        Assert.Equal(a, Masks(new DropoutLayer("d", [n], 0.5, seed: 5)));

        // The unkeyed sequence is the keyed one at positions 0, B, 2B: batch 1 is key (0, 4).
        var keyed = new DropoutLayer("d", [n], 0.5, seed: 5);
        keyed.BeginBatch(0, 4);
        Assert.Equal(a[1], Window(keyed.Forward(Ones(1, 4, n), training: true), 0, 1, 4, n));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void DropRate_MatchesTheProbabilityAndKeepsTheMean(double p)
    {
        int b = 50, n = 400;
        var layer = new DropoutLayer("d", [n], p, seed: 3);
        layer.BeginBatch(1, 0);
        var y = layer.Forward(Ones(1, b, n), training: true).Span.ToArray();
        int dropped = y.Count(v => v == 0f);

        // 20 000 Bernoulli(p) draws: standard deviation sqrt(N p (1 - p)) <= 71; allow 5 of them.
        double sd = Math.Sqrt(y.Length * p * (1 - p));
        Assert.InRange(dropped, (y.Length * p) - (5 * sd), (y.Length * p) + (5 * sd));

        // Inverted dropout: kept units scale by 1 / (1 - p), so the expected output equals the input.
        Assert.All(y, v => Assert.True(v == 0f || Math.Abs(v - (1 / (1 - p))) < 1e-4));
        Assert.InRange(y.Average(), 1 - (5 * sd / y.Length / (1 - p)), 1 + (5 * sd / y.Length / (1 - p)));
    }

    [Fact]
    public void Evaluation_IsTheIdentity()
    {
        var layer = new DropoutLayer("d", [8], 0.5, seed: 1);
        var x = GradientCheck.Random(new Rng(2), -1f, 1f, 3, 2, 8);
        layer.BeginBatch(4, 0);
        Assert.Same(x, layer.Forward(x, training: false));
        Assert.Throws<InvalidOperationException>(() => layer.Backward(x, true));
        var none = new DropoutLayer("d", [8], 0, seed: 1);
        Assert.Same(x, none.Forward(x, training: true));
    }

    [Fact]
    public void Constructor_RejectsProbabilityOne() =>
        Assert.Contains("probability", Assert.Throws<ArgumentException>(() => new DropoutLayer("d", [4], 1.0, 0)).Message, StringComparison.Ordinal);
}
