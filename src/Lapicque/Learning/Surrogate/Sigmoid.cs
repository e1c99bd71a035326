using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Logistic sigmoid surrogate (snnTorch <c>surrogate.sigmoid(slope=25)</c>):
/// ds/dx = k e^(-k x) / (1 + e^(-k x))^2 = k sigma(k x) (1 - sigma(k x)), the derivative of sigma(k x) = 1 / (1 + e^(-k x)).
/// </summary>
/// <remarks>The peak at x = 0 is k / 4 and the integral is 1.</remarks>
/// <param name="Slope">Sharpness k (&gt; 0; snnTorch default 25).</param>
public readonly record struct Sigmoid(float Slope = 25f) : ISurrogate
{
    /// <summary>The default sharpness (25); without this, <c>new Sigmoid()</c> would zero it.</summary>
    public Sigmoid()
        : this(25f)
    {
    }

    /// <inheritdoc/>
    public float Sharpness => Slope;

    /// <inheritdoc/>
    public float Derivative(float x)
    {
        // e^(-k|x|) never overflows; the expression is symmetric in x.
        float e = MathF.Exp(-Slope * MathF.Abs(x));
        float d = 1f + e;
        return Slope * e / (d * d);
    }

    /// <inheritdoc/>
    public Vector<float> Derivative(Vector<float> x)
    {
        var e = Vector.Exp(Vector.Abs(x) * -Slope);
        var d = Vector<float>.One + e;
        return e * Slope / (d * d);
    }

    /// <inheritdoc/>
    public double Primitive(double x) => 1.0 / (1.0 + Math.Exp(-Slope * x));
}
