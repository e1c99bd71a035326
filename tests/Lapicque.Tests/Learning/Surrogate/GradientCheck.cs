using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Surrogate;

/// <summary>Finite-difference checks of whole-sequence layers against J = sum(c * output) with random weights c.</summary>
internal static class GradientCheck
{
    public static Tensor Random(Rng rng, float low, float high, params int[] shape)
    {
        var t = new Tensor(shape);
        rng.FillUniform(t.Span, low, high);
        return t;
    }

    public static double Objective(Layer layer, Tensor input, Tensor c)
    {
        layer.ResetState();
        var y = layer.Forward(input, training: false);
        double j = 0;
        for (int i = 0; i < y.Length; i++)
        {
            j += (double)c.Data[i] * y.Data[i];
        }

        return j;
    }

    /// <summary>Runs forward and backward with output gradient c; returns dJ/dinput (parameter gradients are left in the layer).</summary>
    public static float[] Analytic(Layer layer, Tensor input, Tensor c)
    {
        foreach (var p in layer.Parameters)
        {
            p.ZeroGradient();
        }

        layer.ResetState();
        layer.Forward(input, training: true);
        return layer.Backward(c, needInputGradient: true)!.Span.ToArray();
    }

    /// <summary>Central difference of the objective with respect to values[i] (perturbed in place and restored).</summary>
    public static double Central(Func<double> objective, float[] values, int i, float h)
    {
        float keep = values[i];
        values[i] = keep + h;
        double up = objective();
        values[i] = keep - h;
        double down = objective();
        values[i] = keep;
        return (up - down) / (2.0 * h);
    }

    public static void AssertClose(double expected, double actual, double relative, double absolute, string what) =>
        Assert.True(Math.Abs(expected - actual) <= absolute + (relative * Math.Abs(expected)), $"{what}: analytic {actual}, finite difference {expected}");

    /// <summary>Checks every input element and every parameter element of a layer that is smooth in its inputs.</summary>
    public static void CheckSmoothLayer(Layer layer, Tensor input, Tensor c, float h, double relative, double absolute)
    {
        var dx = Analytic(layer, input, c);
        var grads = layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        for (int i = 0; i < input.Length; i++)
        {
            double fd = Central(() => Objective(layer, input, c), input.Data, i, h);
            AssertClose(fd, dx[i], relative, absolute, $"{layer.Name} d/dinput[{i}]");
        }

        for (int p = 0; p < layer.Parameters.Count; p++)
        {
            var par = layer.Parameters[p];
            for (int i = 0; i < par.Length; i++)
            {
                double fd = Central(() => Objective(layer, input, c), par.Value, i, h);
                AssertClose(fd, grads[p][i], relative, absolute, $"{par.Name}[{i}]");
            }
        }
    }
}
