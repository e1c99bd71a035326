using Lapicque.Learning.Surrogate;

namespace Lapicque.Tests.Learning.Surrogate;

public class SurrogateFunctionTests
{
    public static TheoryData<string> Names => new() { "atan", "fast-sigmoid", "sigmoid", "triangle", "straight-through", "exponential" };

    private static ISurrogate Make(string name, float k) => name switch
    {
        "atan" => new ATan(k),
        "fast-sigmoid" => new FastSigmoid(k),
        "sigmoid" => new Sigmoid(k),
        "triangle" => new Triangle(k),
        "straight-through" => new StraightThrough(k),
        _ => new SingleExponential(k),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivative_MatchesCentralDifferenceOfPrimitive(string name)
    {
        foreach (float k in new[] { 0.5f, 2f, 25f })
        {
            var s = Make(name, k);
            for (double x = -1.3; x <= 1.3; x += 0.0173)
            {
                double h = 1e-6;
                double fd = (s.Primitive(x + h) - s.Primitive(x - h)) / (2 * h);
                double d = s.Derivative((float)x);

                // Skip the kinks of the piecewise surrogates, where the derivative jumps.
                bool nearKink = name switch
                {
                    "triangle" => Math.Abs(Math.Abs(k * x) - 1) < 1e-4 || Math.Abs(x) < 1e-4,
                    "straight-through" => Math.Abs(Math.Abs(k * x) - 1) < 1e-4,
                    "exponential" or "fast-sigmoid" => Math.Abs(x) < 1e-4,
                    _ => false,
                };
                if (!nearKink)
                {
                    Assert.True(Math.Abs(fd - d) <= 1e-4 * Math.Max(1, Math.Abs(fd)), $"{name} k={k} x={x}: derivative {d}, finite difference {fd}");
                }
            }
        }
    }

    [Fact]
    public void ATan_MatchesSnnTorchClosedForm()
    {
        // snnTorch: grad = alpha / 2 / (1 + (pi / 2 * alpha * x)^2).
        var s = new ATan(2f);
        Assert.Equal(1f, s.Derivative(0f), 6);
        Assert.Equal(1.0 / (1 + (Math.PI * 0.3 * Math.PI * 0.3)), s.Derivative(0.3f), 6);
        Assert.Equal(0.25 / (1 + Math.Pow(Math.PI / 2 * 0.5 * -0.7, 2)), new ATan(0.5f).Derivative(-0.7f), 6);
    }

    [Fact]
    public void FastSigmoid_MatchesSnnTorchClosedForm()
    {
        var s = new FastSigmoid(25f);
        Assert.Equal(1f, s.Derivative(0f), 6);
        Assert.Equal(1.0 / Math.Pow(1 + (25 * 0.1), 2), s.Derivative(-0.1f), 6);
    }

    [Fact]
    public void Sigmoid_MatchesSnnTorchClosedForm()
    {
        var s = new Sigmoid(25f);
        Assert.Equal(25f / 4f, s.Derivative(0f), 5);
        double e = Math.Exp(-25 * 0.05);
        Assert.Equal(25 * e / ((1 + e) * (1 + e)), s.Derivative(0.05f), 5);

        // Large |x| must not overflow to NaN.
        Assert.Equal(0f, s.Derivative(-100f));
        Assert.Equal(0f, s.Derivative(100f));
    }

    [Fact]
    public void TriangleAndExponentialAndStraightThrough_MatchClosedForms()
    {
        Assert.Equal(2f, new Triangle(2f).Derivative(0f), 6);
        Assert.Equal(2f * (1f - 0.4f), new Triangle(2f).Derivative(-0.2f), 6);
        Assert.Equal(0f, new Triangle(2f).Derivative(0.6f));
        Assert.Equal(2.5 * Math.Exp(-5 * 0.3), new SingleExponential(5f).Derivative(0.3f), 6);
        Assert.Equal(1f, new StraightThrough().Derivative(1000f));
        Assert.Equal(1f, new StraightThrough(2f).Derivative(0.5f));
        Assert.Equal(0f, new StraightThrough(2f).Derivative(0.51f));
    }

    [Theory]
    [InlineData("atan")]
    [InlineData("sigmoid")]
    [InlineData("triangle")]
    [InlineData("exponential")]
    public void NormalisedSurrogates_IntegrateToOne(string name)
    {
        // The smooth step rises by exactly 1 across the threshold (integral of the derivative), checked numerically.
        var s = Make(name, 3f);
        double sum = 0, h = 1e-3;
        for (double x = -2000; x < 2000; x += x is > -20 and < 20 ? h : 1.0)
        {
            double step = x is > -20 and < 20 ? h : 1.0;
            sum += s.Derivative((float)(x + (step / 2))) * step;
        }

        Assert.Equal(1.0, sum, name == "atan" ? 2 : 3);
    }

    [Fact]
    public void ParameterlessConstruction_UsesTheDocumentedDefaults()
    {
        Assert.Equal(2f, new ATan().Sharpness);
        Assert.Equal(25f, new FastSigmoid().Sharpness);
        Assert.Equal(25f, new Sigmoid().Sharpness);
        Assert.Equal(1f, new Triangle().Sharpness);
        Assert.Equal(5f, new SingleExponential().Sharpness);
        Assert.Equal(0f, new StraightThrough().Sharpness);
        Assert.Equal(1f, default(ATan) == new ATan(0f) ? new ATan().Derivative(0f) : 0f);
    }
}
