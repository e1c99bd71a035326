namespace Lapicque.Neurons;

/// <summary>
/// Quadratic integrate-and-fire neuron in the form of Klos and Memmesheimer (PRL 134, 027301, 2025), the model behind
/// smooth exact gradient descent: tau dV/dt = V (V - 1) + I and tau_s dI/dt = -I with tau_s = tau / 2, so that
/// I(t) = I0 exp(-2 t / tau). V and I are dimensionless; time is in ms.
/// </summary>
/// <remarks>
/// With I = 0, V = 0 is the stable rest state and V = 1 the unstable threshold. A spike is V reaching +infinity in finite
/// time; the reset is V = -infinity, from which V climbs back in finite time (no explicit refractoriness). I is not changed
/// by the neuron's own spike. An input spike of weight w makes I jump by w; V does not jump. The requirement
/// tau_s = tau / 2 is what makes the flow between events solvable in closed form (<see cref="KlosQif.Flow"/>).
/// Infinity is represented exactly (double infinities); <see cref="Epsilon"/> is the guard of the event-driven engine.
/// </remarks>
public sealed record KlosQifParameters : INeuronModel
{
    /// <summary>Membrane time constant tau in ms (&gt; 0); the synaptic current decays with tau / 2.</summary>
    public double TauMs { get; init; } = 10.0;

    /// <summary>
    /// Guard width (&gt; 0): a predicted spike closer than Epsilon (in ms) to the current event counts as happening at that
    /// event, and +-1/Epsilon is the finite stand-in for +-infinity where a finite number is needed (the authors use 1e-6).
    /// </summary>
    public double Epsilon { get; init; } = 1e-6;

    /// <summary>Width alpha of the softplus that rectifies the pseudodynamics drive (&gt; 0); the authors use 10.</summary>
    public double PseudoAlpha { get; init; } = KlosQif.DefaultPseudoAlpha;

    /// <summary>Initial membrane potential (dimensionless, &lt; +infinity; -infinity means just reset).</summary>
    public double InitialV { get; init; }

    /// <summary>Initial synaptic current (dimensionless, finite).</summary>
    public double InitialI { get; init; }

    /// <inheritdoc/>
    public string ModelName => "klos-qif";

    /// <inheritdoc/>
    public string InputUnit => "1/step";

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMs);
        Check.Positive(Epsilon);
        Check.Positive(PseudoAlpha);
        Check.That(!double.IsNaN(InitialV) && InitialV < double.PositiveInfinity, nameof(InitialV), "< +infinity and not NaN", InitialV);
        Check.Finite(InitialI);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>, computed once outside the loop.</summary>
    public KlosQifPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new KlosQifPropagator(TauMs, dtMs, Math.Exp(-2.0 * dtMs / TauMs));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new KlosQifPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="KlosQifParameters"/>: tau and dt in ms and the current decay exp(-2 dt / tau).</summary>
public readonly record struct KlosQifPropagator(double TauMs, double DtMs, double CurrentDecay);
