using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Straight-through estimator: ds/dx = 1 (snnTorch <c>surrogate.straight_through_estimator()</c>) when the sharpness is
/// 0, or the hard-tanh window ds/dx = 1 for k |x| &lt;= 1 and 0 outside (Bengio et al. 2013) when k &gt; 0.
/// </summary>
/// <remarks>The primitive is x (k = 0) or clamp(x, -1/k, 1/k).</remarks>
/// <param name="Window">Sharpness k (&gt;= 0): 0 passes the gradient everywhere, k &gt; 0 only within |x| &lt;= 1/k.</param>
public readonly record struct StraightThrough(float Window = 0f) : ISurrogate
{
    /// <inheritdoc/>
    public float Sharpness => Window;

    /// <inheritdoc/>
    public float Derivative(float x) => Window * MathF.Abs(x) <= 1f ? 1f : 0f;

    /// <inheritdoc/>
    public Vector<float> Derivative(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.LessThanOrEqual(Vector.Abs(x) * Window, Vector<float>.One), Vector<float>.One, Vector<float>.Zero);

    /// <inheritdoc/>
    public double Primitive(double x) => Window > 0f ? Math.Clamp(x, -1.0 / Window, 1.0 / Window) : x;
}
