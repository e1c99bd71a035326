namespace Lapicque.Neurons;

/// <summary>
/// Quadratic integrate-and-fire neuron in normal form, clock-driven: tau dV/dt = V^2 + I, with a spike when V reaches
/// <see cref="VPeak"/> and a reset to <see cref="VReset"/>. V and I are dimensionless (the normal form of the
/// saddle-node on invariant circle bifurcation; Ermentrout and Kopell 1986, Latham et al. 2000).
/// </summary>
/// <remarks>
/// <para>
/// Integration is exact for I held constant over a step. With h = dt/tau and z = I h^2, the flow is the linear
/// fractional map V(t+dt) = (V C + I h S) / (C - V h S), where C = cos(sqrt z), S = sin(sqrt z)/sqrt z for I &gt; 0
/// (the tan solution V = sqrt(I) tan(sqrt(I) t/tau + atan(V0/sqrt(I)))), C = 1, S = 1 for I = 0 (the rational solution
/// V = V0 / (1 - V0 t/tau)), and C = cosh, S = sinh(sqrt(-z))/sqrt(-z) for I &lt; 0 (the tanh/coth solutions around
/// the stable point -sqrt(-I) and the unstable point +sqrt(-I)). For |z| &lt;= 1 the kernel evaluates C and S by
/// their Taylor series in z to degree 5 (remainder below 3e-9, under float32 rounding); beyond it calls the
/// transcendental functions.
/// </para>
/// <para>
/// Order within a step: unless refractory, advance V by the exact flow; the neuron fires if V passed VPeak in the step,
/// which is the case when V(t+dt) &gt;= VPeak or when the denominator C - V h S reached 0 (V went through +infinity);
/// on a spike V is set to VReset, the refractory count starts, and the spike is stamped with the end of the step
/// (the rest of the step after the crossing is not integrated, so each interspike interval is the exact time from
/// VReset to VPeak rounded up to whole steps). After a spike V is held at VReset for round(RefractoryMs/dt) steps.
/// For I &gt; 0 the period is (tau/sqrt I)(atan(VPeak/sqrt I) - atan(VReset/sqrt I)); for I &lt; 0 a neuron below the
/// unstable point sqrt(-I) never fires. dt must be shorter than the period: at most one spike per step is reported.
/// </para>
/// </remarks>
public sealed record QifParameters : INeuronModel
{
    /// <summary>Membrane time constant in ms (&gt; 0).</summary>
    public double TauMs { get; init; } = 10.0;

    /// <summary>Peak (spike cut-off) potential, dimensionless (&gt; 0 and &gt; VReset).</summary>
    public double VPeak { get; init; } = 100.0;

    /// <summary>Reset potential, dimensionless.</summary>
    public double VReset { get; init; } = -100.0;

    /// <summary>Initial potential, dimensionless.</summary>
    public double VInitial { get; init; } = -100.0;

    /// <summary>Absolute refractory period in ms (&gt;= 0), during which V is held at VReset.</summary>
    public double RefractoryMs { get; init; }

    /// <inheritdoc/>
    public string ModelName => "qif";

    /// <inheritdoc/>
    public string InputUnit => "1";

    /// <summary>
    /// The exact time in ms that V needs to go from <paramref name="v0"/> to <see cref="VPeak"/> under constant
    /// <paramref name="input"/>, or +infinity if it never gets there (I &lt; 0 below the unstable point, or I = 0 with V0 &lt;= 0).
    /// </summary>
    public double TimeToPeakMs(double v0, double input)
    {
        if (v0 >= VPeak)
        {
            return 0.0;
        }

        if (input > 0)
        {
            double s = Math.Sqrt(input);
            return TauMs / s * (Math.Atan(VPeak / s) - Math.Atan(v0 / s));
        }

        if (input == 0)
        {
            return v0 > 0 ? TauMs * ((1.0 / v0) - (1.0 / VPeak)) : double.PositiveInfinity;
        }

        double r = Math.Sqrt(-input);
        return v0 > r ? TauMs / r * (Math.Atanh(r / v0) - Math.Atanh(r / VPeak)) : double.PositiveInfinity;
    }

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMs);
        Check.Positive(VPeak);
        Check.Finite(VReset);
        Check.Finite(VInitial);
        Check.NonNegative(RefractoryMs);
        Check.That(VPeak > VReset, nameof(VPeak), $"> VReset ({Check.Format(VReset)})", VPeak);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>.</summary>
    public QifPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        double h = dtMs / TauMs;
        return new QifPropagator(
            H: (float)h,
            HSquared: (float)(h * h),
            VPeak: (float)VPeak,
            VReset: (float)VReset,
            RefractorySteps: (int)Math.Round(RefractoryMs / dtMs));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new QifPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="QifParameters"/>: H = dt/tau and its square.</summary>
public readonly record struct QifPropagator(float H, float HSquared, float VPeak, float VReset, int RefractorySteps);
