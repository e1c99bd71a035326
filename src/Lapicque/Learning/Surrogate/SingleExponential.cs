using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Single-exponential (Laplace) surrogate, as in SLAYER (Shrestha and Orchard 2018) and Zenke's exponential pseudo-derivative:
/// ds/dx = (k / 2) e^(-k |x|), the derivative of the Laplace CDF 1/2 + sign(x) (1 - e^(-k |x|)) / 2.
/// </summary>
/// <remarks>
/// The peak is k / 2 and the integral 1. (snnTorch's <c>spike_rate_escape</c> is the same shape scaled to a peak of
/// slope and centred one unit above threshold.)
/// </remarks>
/// <param name="Slope">Sharpness k (&gt; 0).</param>
public readonly record struct SingleExponential(float Slope = 5f) : ISurrogate
{
    /// <summary>The default sharpness (5); without this, <c>new SingleExponential()</c> would zero it.</summary>
    public SingleExponential()
        : this(5f)
    {
    }

    /// <inheritdoc/>
    public float Sharpness => Slope;

    /// <inheritdoc/>
    public float Derivative(float x) => 0.5f * Slope * MathF.Exp(-Slope * MathF.Abs(x));

    /// <inheritdoc/>
    public Vector<float> Derivative(Vector<float> x) => Vector.Exp(Vector.Abs(x) * -Slope) * (0.5f * Slope);

    /// <inheritdoc/>
    public double Primitive(double x) => 0.5 + (0.5 * Math.Sign(x) * (1.0 - Math.Exp(-Slope * Math.Abs(x))));
}
