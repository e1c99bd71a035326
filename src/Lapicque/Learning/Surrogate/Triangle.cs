using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Triangle (piecewise-linear) surrogate (Esser et al. 2016; Bellec et al. 2018):
/// ds/dx = k max(0, 1 - k |x|), the derivative of the clipped ramp that rises from 0 at x = -1/k to 1 at x = 1/k.
/// </summary>
/// <remarks>
/// The support is |x| &lt; 1/k, the peak k and the integral 1; k = 1 is Bellec's pseudo-derivative with gamma = 1 and a
/// unit threshold. snnTorch's <c>surrogate.triangular</c> is not a triangle (it returns +threshold below and -threshold
/// above the threshold), so this type follows the papers instead.
/// </remarks>
/// <param name="Slope">Sharpness k (&gt; 0): the inverse half-width.</param>
public readonly record struct Triangle(float Slope = 1f) : ISurrogate
{
    /// <summary>The default sharpness (1); without this, <c>new Triangle()</c> would zero it.</summary>
    public Triangle()
        : this(1f)
    {
    }

    /// <inheritdoc/>
    public float Sharpness => Slope;

    /// <inheritdoc/>
    public float Derivative(float x) => Slope * MathF.Max(0f, 1f - (Slope * MathF.Abs(x)));

    /// <inheritdoc/>
    public Vector<float> Derivative(Vector<float> x) =>
        Vector.Max(Vector<float>.Zero, Vector<float>.One - (Vector.Abs(x) * Slope)) * Slope;

    /// <inheritdoc/>
    public double Primitive(double x)
    {
        double u = Math.Clamp(Slope * x, -1.0, 1.0);
        return 0.5 + (u - (0.5 * u * Math.Abs(u)));
    }
}
