namespace Lapicque.Neurons;

/// <summary>
/// The theta neuron (Ermentrout-Kopell), the oscillatory QIF in phase form used by Klos and Memmesheimer for MNIST:
/// tau dV/dt = V (V - 1) + I0 + tau sum_k w_k delta(t - t_k), so an input spike of weight w makes V jump by w.
/// With c = I0 - 1/4 &gt; 0 and r = sqrt(c) the neuron oscillates with period Theta = tau pi / r; in the phase
/// phi = Phi(V) = (tau / r) (atan((V - 1/2)/r) + pi/2) in [0, Theta] it advances at rate 1, spikes at phi = Theta
/// (V = +infinity) and resets to phi = 0 (V = -infinity). Time and phase are in ms; V, I0 and w are dimensionless.
/// </summary>
/// <remarks>The defaults are the authors' MNIST setting: tau = 6/pi ms, I0 = 5/4, so r = 1 and Theta = 6 ms.</remarks>
public sealed record ThetaParameters : INeuronModel
{
    /// <summary>Time constant tau in ms (&gt; 0).</summary>
    public double TauMs { get; init; } = 6.0 / Math.PI;

    /// <summary>Constant drive I0 (dimensionless, &gt; 1/4 so that the neuron oscillates).</summary>
    public double Drive { get; init; } = 1.25;

    /// <summary>Guard in ms (&gt; 0): an input leaves the phase unchanged within EpsilonMs of 0 or Theta (the authors use 1e-6).</summary>
    public double EpsilonMs { get; init; } = 1e-6;

    /// <summary>Initial phase in ms, in [0, Theta].</summary>
    public double InitialPhaseMs { get; init; }

    /// <summary>r = sqrt(I0 - 1/4).</summary>
    public double R => Math.Sqrt(Drive - 0.25);

    /// <summary>The free period Theta = tau pi / r in ms.</summary>
    public double PeriodMs => TauMs * Math.PI / R;

    /// <inheritdoc/>
    public string ModelName => "theta";

    /// <inheritdoc/>
    public string InputUnit => "1/step";

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMs);
        Check.That(Drive > 0.25 && double.IsFinite(Drive), nameof(Drive), "> 0.25 (an oscillating neuron)", Drive);
        Check.Positive(EpsilonMs);
        Check.InRange(InitialPhaseMs, 0.0, PeriodMs);
    }

    /// <summary>The constants the kernels use, after validation.</summary>
    public ThetaConstants Constants()
    {
        Validate();
        return new ThetaConstants(TauMs, R, PeriodMs, EpsilonMs);
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new ThetaPopulation(this, size, dtMs);
}

/// <summary>The constants of <see cref="ThetaParameters"/> the kernels use: tau, r = sqrt(I0 - 1/4), Theta = tau pi / r, epsilon.</summary>
public readonly record struct ThetaConstants(double TauMs, double R, double PeriodMs, double EpsilonMs);

/// <summary>The jump map H(phi, w) = Phi(V(phi) + w) of <see cref="Theta.Jump"/> with its partial derivatives.</summary>
/// <param name="Phase">The phase after the input, in ms.</param>
/// <param name="DPhaseDw">dH/dw in ms = tau / ((V + w - 1/2)^2 + c).</param>
/// <param name="DPhaseDPhase">dH/dphi = ((V - 1/2)^2 + c) / ((V + w - 1/2)^2 + c).</param>
public readonly record struct ThetaJump(double Phase, double DPhaseDw, double DPhaseDPhase);

/// <summary>A theta-neuron pseudospike time or pseudo rate with its partials with respect to phi(T) and the pulse u.</summary>
/// <param name="Value">The time in ms, or the rate (dimensionless).</param>
/// <param name="DPhase">d(Value)/dphi(T).</param>
/// <param name="DU">d(Value)/du.</param>
public readonly record struct ThetaPseudo(double Value, double DPhase, double DU);
