using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Arctangent surrogate (Fang et al. 2021; snnTorch <c>surrogate.atan(alpha=2)</c>):
/// ds/dx = (alpha / 2) / (1 + (pi alpha x / 2)^2), the derivative of 1/2 + arctan(pi alpha x / 2) / pi.
/// </summary>
/// <remarks>The peak at x = 0 is alpha / 2 and the integral over all x is 1. snnTorch's default alpha is 2 (peak 1).</remarks>
/// <param name="Alpha">Sharpness alpha (&gt; 0; snnTorch default 2).</param>
public readonly record struct ATan(float Alpha = 2f) : ISurrogate
{
    /// <summary>The default sharpness (2); without this, <c>new ATan()</c> would zero it.</summary>
    public ATan()
        : this(2f)
    {
    }

    /// <inheritdoc/>
    public float Sharpness => Alpha;

    /// <inheritdoc/>
    public float Derivative(float x)
    {
        float u = MathF.PI * 0.5f * Alpha * x;
        return 0.5f * Alpha / (1f + (u * u));
    }

    /// <inheritdoc/>
    public Vector<float> Derivative(Vector<float> x)
    {
        var u = x * (MathF.PI * 0.5f * Alpha);
        return new Vector<float>(0.5f * Alpha) / (Vector<float>.One + (u * u));
    }

    /// <inheritdoc/>
    public double Primitive(double x) => 0.5 + (Math.Atan(Math.PI * 0.5 * Alpha * x) / Math.PI);
}
