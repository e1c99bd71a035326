namespace Lapicque.Neurons;

/// <summary>
/// The Hodgkin-Huxley (1952) kernels: one population step over spans, SIMD with a scalar twin. See
/// <see cref="HodgkinHuxleyParameters"/> for the equations and <see cref="HodgkinHuxleyIntegrator"/> for the schemes.
/// </summary>
/// <remarks>
/// The SIMD path uses the vector exponential (System.Numerics.Vector.Exp), the scalar twin MathF.Exp; both are within a
/// few float ulps of e^x, so the two paths agree to float rounding, not bit for bit. Step sends every neuron through the
/// vector code (the last, partial vector through a padded buffer), so a neuron's result does not depend on how a
/// caller splits the population into ranges.
/// </remarks>
public static class HodgkinHuxley
{
    /// <summary>
    /// Advances every neuron by one step: <paramref name="v"/> (mV), the gates <paramref name="m"/>, <paramref name="h"/>,
    /// <paramref name="n"/> (dimensionless, in [0, 1]), <paramref name="input"/> the step's current density (uA/cm^2, held
    /// over the step); <paramref name="spikes"/> receives 1 where V crossed the threshold upwards in this step, else 0.
    /// All spans have the same length.
    /// </summary>
    public static void Step(in HodgkinHuxleyPropagator p, Span<float> v, Span<float> m, Span<float> h, Span<float> n, ReadOnlySpan<float> input, Span<float> spikes) =>
        ConductanceKernel<SquidAxonRates>.Step(new SquidAxonRates(p.TemperatureFactor), p.Membrane, v, m, h, n, input, default, default, spikes, vectorise: true);

    /// <summary>The scalar reference of <see cref="Step"/>.</summary>
    public static void StepScalar(in HodgkinHuxleyPropagator p, Span<float> v, Span<float> m, Span<float> h, Span<float> n, ReadOnlySpan<float> input, Span<float> spikes) =>
        ConductanceKernel<SquidAxonRates>.Step(new SquidAxonRates(p.TemperatureFactor), p.Membrane, v, m, h, n, input, default, default, spikes, vectorise: false);
}
