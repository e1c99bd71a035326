using System.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A surrogate gradient for the spike non-linearity s = H(x), x = v - threshold. The forward pass is always the
/// Heaviside step (s = 1 when v &gt;= threshold, as in the neuron kernels); the backward pass replaces its derivative, a
/// Dirac delta, by <see cref="Derivative(float)"/>, the derivative of the smooth step <see cref="Primitive"/>.
/// </summary>
/// <remarks>
/// Implementations are small readonly structs; layers take them as a generic argument
/// (<c>where TSurrogate : struct, ISurrogate</c>) so that the JIT specialises and inlines the derivative in the backward loop.
/// <see cref="Sharpness"/> is the one shape parameter of each family (larger is sharper, closer to the step).
/// </remarks>
public interface ISurrogate
{
    /// <summary>The shape parameter (the snnTorch slope or alpha; see each type); &gt; 0 unless a type says otherwise.</summary>
    float Sharpness { get; }

    /// <summary>The surrogate derivative ds/dx at x = v - threshold.</summary>
    float Derivative(float x);

    /// <summary>
    /// <see cref="Derivative(float)"/> lane by lane (the SIMD form used by the backward kernels; its scalar twin is
    /// <see cref="Derivative(float)"/>, equal to within the rounding of the vector exponential).
    /// </summary>
    Vector<float> Derivative(Vector<float> x);

    /// <summary>
    /// The smooth step whose derivative is <see cref="Derivative(float)"/>, in double (for tests and for a smoothed forward
    /// pass); defined up to a constant.
    /// </summary>
    double Primitive(double x);
}
