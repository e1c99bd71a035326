namespace Lapicque.Neurons;

/// <summary>
/// The state after <see cref="KlosQif.Flow"/> over an interval dt from (V0, I0), with its partial derivatives.
/// </summary>
/// <param name="V">Membrane potential at the end of the interval.</param>
/// <param name="I">Synaptic current at the end: I0 exp(-2 dt / tau).</param>
/// <param name="DvDv0">dV/dV0.</param>
/// <param name="DvDi0">dV/dI0.</param>
/// <param name="DvDdt">dV/d(dt) in 1/ms: (V (V - 1) + I) / tau.</param>
/// <param name="DiDi0">dI/dI0 = exp(-2 dt / tau).</param>
/// <param name="DiDdt">dI/d(dt) in 1/ms = -2 I / tau.</param>
public readonly record struct KlosQifFlow(double V, double I, double DvDv0, double DvDi0, double DvDdt, double DiDi0, double DiDdt);

/// <summary>The time to the next spike from (V0, I0) (<see cref="KlosQif.NextSpikeTime"/>), with its partial derivatives.</summary>
/// <param name="DtMs">Time to the next spike in ms, or +infinity when the neuron never spikes without further input.</param>
/// <param name="DdtDv0">d(dt*)/dV0 in ms (0 when there is no spike).</param>
/// <param name="DdtDi0">d(dt*)/dI0 in ms (0 when there is no spike).</param>
public readonly record struct KlosQifSpikeTime(double DtMs, double DdtDv0, double DdtDi0)
{
    /// <summary>True when a spike lies ahead (finite <see cref="DtMs"/>).</summary>
    public bool Spikes => DtMs < double.PositiveInfinity;
}

/// <summary>
/// One pseudodynamics quantity of a Klos QIF neuron at the trial end (<see cref="KlosQif.PseudoPhase"/> and the like), with
/// its partial derivatives with respect to V(T), I(T) and the rate-like input u.
/// </summary>
/// <param name="Value">The quantity (ms for phases, periods and times; dimensionless for rates).</param>
/// <param name="DV">d(Value)/dV(T).</param>
/// <param name="DI">d(Value)/dI(T).</param>
/// <param name="DU">d(Value)/du (equal to <paramref name="DI"/>: u enters only through I(T) + u).</param>
public readonly record struct KlosQifPseudo(double Value, double DV, double DI, double DU);
