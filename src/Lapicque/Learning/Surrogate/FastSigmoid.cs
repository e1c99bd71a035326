using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Fast sigmoid, the SuperSpike surrogate (Zenke and Ganguli 2018; snnTorch <c>surrogate.fast_sigmoid(slope=25)</c>):
/// ds/dx = 1 / (1 + k |x|)^2, the derivative of x / (1 + k |x|).
/// </summary>
/// <remarks>
/// As in snnTorch the peak at x = 0 is 1 whatever k, so the integral is 2 / k (not normalised): raising k narrows the
/// window and also shrinks the total gradient.
/// </remarks>
/// <param name="Slope">Sharpness k (&gt; 0; snnTorch default 25).</param>
public readonly record struct FastSigmoid(float Slope = 25f) : ISurrogate
{
    /// <summary>The default sharpness (25); without this, <c>new FastSigmoid()</c> would zero it.</summary>
    public FastSigmoid()
        : this(25f)
    {
    }

    /// <inheritdoc/>
    public float Sharpness => Slope;

    /// <inheritdoc/>
    public float Derivative(float x)
    {
        float d = 1f + (Slope * MathF.Abs(x));
        return 1f / (d * d);
    }

    /// <inheritdoc/>
    public Vector<float> Derivative(Vector<float> x)
    {
        var d = Vector<float>.One + (Vector.Abs(x) * Slope);
        return Vector<float>.One / (d * d);
    }

    /// <inheritdoc/>
    public double Primitive(double x) => x / (1.0 + (Slope * Math.Abs(x)));
}
