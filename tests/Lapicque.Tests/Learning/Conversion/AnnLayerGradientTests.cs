using Lapicque.Learning.Conversion;
using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Conversion;

public class AnnLayerGradientTests
{
    // L = sum r .* layer(x): dL/dx and dL/dparams by central differences against Backward.
    private static double Loss(Layer layer, Tensor x, float[] r)
    {
        var y = layer.Forward(x, training: true).Span;
        double l = 0;
        for (int i = 0; i < y.Length; i++)
        {
            l += r[i] * (double)y[i];
        }

        return l;
    }

    private static void CheckGradients(Layer layer, Tensor x, float[] r, double tolerance)
    {
        Loss(layer, x, r);
        foreach (var p in layer.Parameters)
        {
            p.ZeroGradient();
        }

        var dx = layer.Backward(Tensor.FromArray((float[])r.Clone(), [.. layer.Forward(x, training: true).Shape]), needInputGradient: true)!;
        var analytic = dx.Span.ToArray();
        const float h = 1e-2f;
        var xs = x.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            float keep = xs[i];
            xs[i] = keep + h;
            double up = Loss(layer, x, r);
            xs[i] = keep - h;
            double down = Loss(layer, x, r);
            xs[i] = keep;
            Assert.True(Math.Abs(((up - down) / (2 * h)) - analytic[i]) < tolerance, $"dx[{i}]: numeric {(up - down) / (2 * h)}, analytic {analytic[i]}");
        }

        foreach (var p in layer.Parameters)
        {
            var grad = p.Gradient.ToArray();
            for (int i = 0; i < p.Length; i++)
            {
                float keep = p.Value[i];
                p.Value[i] = keep + h;
                double up = Loss(layer, x, r);
                p.Value[i] = keep - h;
                double down = Loss(layer, x, r);
                p.Value[i] = keep;
                Assert.True(Math.Abs(((up - down) / (2 * h)) - grad[i]) < tolerance, $"{p.Name}[{i}]: numeric {(up - down) / (2 * h)}, analytic {grad[i]}");
            }
        }
    }

    [Fact]
    public void Relu_BackwardMatchesFiniteDifferences()
    {
        var rng = new Rng(3);
        var x = new Tensor(1, 4, 6);
        rng.FillUniform(x.Span, -1f, 1f);
        var xs = x.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            // Keep away from the kink, where the central difference straddles it.
            xs[i] = Math.Abs(xs[i]) < 0.05f ? 0.3f : xs[i];
        }

        var r = new float[x.Length];
        rng.FillUniform(r, -1f, 1f);
        CheckGradients(new ReluLayer("relu", [6]), x, r, 1e-3);
    }

    [Fact]
    public void BatchNorm_TrainingBackwardMatchesFiniteDifferences_FeaturesAndMaps()
    {
        var rng = new Rng(4);
        var x = new Tensor(1, 5, 3);
        rng.FillUniform(x.Span, -2f, 2f);
        var r = new float[x.Length];
        rng.FillUniform(r, -1f, 1f);
        var bn = new BatchNormLayer("bn", [3]);
        rng.FillUniform(bn.Gamma.Value, 0.5f, 1.5f);
        rng.FillUniform(bn.Beta.Value, -0.5f, 0.5f);
        CheckGradients(bn, x, r, 2e-3);

        var maps = new Tensor(2, 2, 2, 2, 3);
        rng.FillUniform(maps.Span, -2f, 2f);
        var r2 = new float[maps.Length];
        rng.FillUniform(r2, -1f, 1f);
        CheckGradients(new BatchNormLayer("bn2", [2, 2, 3]), maps, r2, 2e-3);
    }

    [Fact]
    public void BatchNorm_TrainingNormalisesAndRunningEstimatesConverge()
    {
        // Batch statistics give zero mean and unit (biased) variance per channel; repeated batches drive the running
        // mean and unbiased variance to the data's, after which evaluation mode reproduces the training output.
        var rng = new Rng(5);
        var x = new Tensor(1, 64, 2);
        var xs = x.Span;
        for (int i = 0; i < 64; i++)
        {
            xs[2 * i] = (float)(3 + (2 * rng.NextNormal()));
            xs[(2 * i) + 1] = (float)(-1 + (0.5 * rng.NextNormal()));
        }

        var bn = new BatchNormLayer("bn", [2], momentum: 0.5);
        float[] train = [];
        for (int k = 0; k < 60; k++)
        {
            train = bn.Forward(x, training: true).Span.ToArray();
        }

        for (int c = 0; c < 2; c++)
        {
            double m = 0, v = 0;
            for (int i = 0; i < 64; i++)
            {
                m += train[(2 * i) + c] / 64.0;
            }

            for (int i = 0; i < 64; i++)
            {
                v += (train[(2 * i) + c] - m) * (train[(2 * i) + c] - m) / 64.0;
            }

            Assert.Equal(0, m, 4);
            Assert.Equal(1, v, 3);
        }

        var eval = bn.Forward(x, training: false).Span.ToArray();
        for (int i = 0; i < eval.Length; i++)
        {
            // Running variance is unbiased (N / (N - 1)), so eval output is scaled by sqrt((N - 1) / N).
            Assert.Equal(train[i] * Math.Sqrt(63.0 / 64.0), eval[i], 3);
        }
    }
}
