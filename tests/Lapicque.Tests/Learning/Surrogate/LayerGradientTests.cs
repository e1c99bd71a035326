using Lapicque.Learning.Surrogate;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Surrogate;

public class LayerGradientTests
{
    [Theory]
    [InlineData(false, 1.0f)]
    [InlineData(true, 1.0f)]
    [InlineData(true, 0.1f)]
    public void Linear_BackwardMatchesFiniteDifferences(bool bias, float density)
    {
        // density < 0.25 sends the forward and weight-gradient products through the event-driven kernel.
        var rng = new Rng(1);
        int t = 3, b = 2, k = 7, n = 5;
        var w = new float[k * n];
        rng.FillUniform(w, -1f, 1f);
        float[]? bs = bias ? new float[n] : null;
        if (bs is not null)
        {
            rng.FillUniform(bs, -1f, 1f);
        }

        var layer = new LinearLayer("fc", [k], n, w, bs);
        var x = new Tensor(t, b, k);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = rng.NextDouble() < density ? (density < 1 ? 1f : rng.NextFloat()) : 0f;
        }

        var c = GradientCheck.Random(rng, -1f, 1f, t, b, n);
        GradientCheck.CheckSmoothLayer(layer, x, c, 1e-2f, 1e-3, 1e-3);
    }

    [Fact]
    public void Linear_ForwardIsRowTimesWeightsInSynapseMatrixLayout()
    {
        // W is [in, out]: y[j] = sum_i x[i] W[i, j]; a hand-computed 2x3 case.
        float[] w = [1, 2, 3, 4, 5, 6];
        var layer = new LinearLayer("fc", [2], 3, w, [0.5f, 0f, -0.5f]);
        var x = Tensor.FromArray([1f, 10f], 1, 1, 2);
        var y = layer.Forward(x, training: false);
        Assert.Equal([41.5f, 52f, 62.5f], y.Span.ToArray());
    }

    [Fact]
    public void Conv2d_BackwardMatchesFiniteDifferences()
    {
        var rng = new Rng(2);
        var kernel = new float[3 * 2 * 3 * 3];
        rng.FillUniform(kernel, -0.5f, 0.5f);
        var bias = new float[3];
        rng.FillUniform(bias, -0.5f, 0.5f);
        var layer = new Conv2dLayer("conv", [2, 5, 5], 3, 3, 3, 1, 1, kernel, bias);
        Assert.Equal([3, 5, 5], layer.OutputShape);
        var x = GradientCheck.Random(rng, 0f, 1f, 2, 2, 2, 5, 5);
        var c = GradientCheck.Random(rng, -1f, 1f, 2, 2, 3, 5, 5);
        GradientCheck.CheckSmoothLayer(layer, x, c, 1e-2f, 2e-3, 2e-3);
    }

    [Theory]
    [InlineData(PoolKind.Max)]
    [InlineData(PoolKind.Average)]
    [InlineData(PoolKind.Sum)]
    public void Pool2d_BackwardMatchesFiniteDifferences(PoolKind kind)
    {
        var rng = new Rng(3);
        var layer = new Pool2dLayer("pool", [2, 4, 6], kind, 2, 2);
        Assert.Equal([2, 2, 3], layer.OutputShape);

        // Distinct values, so that each window has one clear maximum under a small perturbation.
        var x = new Tensor(2, 3, 2, 4, 6);
        var order = Enumerable.Range(0, x.Length).ToArray();
        rng.Shuffle(order.AsSpan());
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = order[i] * 0.1f;
        }

        var c = GradientCheck.Random(rng, -1f, 1f, 2, 3, 2, 2, 3);
        GradientCheck.CheckSmoothLayer(layer, x, c, 1e-2f, 1e-3, 1e-3);
    }

    [Fact]
    public void Flatten_IsAReshapeBothWays()
    {
        var layer = new FlattenLayer("flat", [2, 3, 4]);
        var x = GradientCheck.Random(new Rng(4), -1f, 1f, 2, 3, 2, 3, 4);
        var y = layer.Forward(x, training: true);
        Assert.Equal([2, 3, 24], y.Shape.ToArray());
        Assert.Equal(x.Span.ToArray(), y.Span.ToArray());
        var g = GradientCheck.Random(new Rng(5), -1f, 1f, 2, 3, 24);
        var dx = layer.Backward(g, true)!;
        Assert.Equal([2, 3, 2, 3, 4], dx.Shape.ToArray());
        Assert.Equal(g.Span.ToArray(), dx.Span.ToArray());
    }

    [Fact]
    public void Dropout_MaskIsConstantOverTimeAndBackwardUsesIt()
    {
        int t = 5, b = 4, n = 200;
        var layer = new DropoutLayer("drop", [n], 0.25, seed: 9);
        var x = new Tensor(t, b, n);
        x.Span.Fill(1f);
        var y = layer.Forward(x, training: true);
        int dropped = 0;
        for (int bi = 0; bi < b; bi++)
        {
            for (int i = 0; i < n; i++)
            {
                float first = y[0, bi, i];
                Assert.True(first == 0f || Math.Abs(first - (1f / 0.75f)) < 1e-6f);
                dropped += first == 0f ? 1 : 0;
                for (int ti = 1; ti < t; ti++)
                {
                    Assert.Equal(first, y[ti, bi, i]);
                }
            }
        }

        // 800 Bernoulli(0.25) draws: mean 200, sd ~12.
        Assert.InRange(dropped, 150, 250);

        // J = sum(c y) is linear in x, so its gradient is the mask times c exactly.
        var c = GradientCheck.Random(new Rng(6), -1f, 1f, t, b, n);
        var dx = layer.Backward(c, true)!;
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(c.Data[i] * y.Data[i], dx.Data[i], 5);
        }

        Assert.Same(x, layer.Forward(x, training: false));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LeakyIntegrator_BackwardMatchesFiniteDifferences(bool perNeuron)
    {
        var rng = new Rng(7);
        var li = LeakyIntegratorParameters.FromBeta(0.8);
        var layer = new LeakyIntegratorLayer("readout", 3, li, 1.0, new SpikingOptions { LearnBeta = true, PerNeuron = perNeuron });
        var x = GradientCheck.Random(rng, -1f, 1f, 6, 2, 3);
        var c = GradientCheck.Random(rng, -1f, 1f, 6, 2, 3);
        GradientCheck.CheckSmoothLayer(layer, x, c, 1e-3f, 2e-3, 2e-3);
    }

    [Fact]
    public void LeakyIntegrator_ForwardIsTheGeometricImpulseResponse()
    {
        var layer = new LeakyIntegratorLayer("readout", 1, LeakyIntegratorParameters.FromBeta(0.5), 1.0);
        var x = Tensor.FromArray([2f, 0f, 0f, 0f], 4, 1, 1);
        Assert.Equal([2f, 1f, 0.5f, 0.25f], layer.Forward(x, false).Span.ToArray());
    }
}
