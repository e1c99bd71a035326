namespace Lapicque.Learning.Plasticity;

/// <summary>Over what span a k-winner-take-all competition limits firing.</summary>
public enum WinnerScope
{
    /// <summary>At most k neurons fire in each step.</summary>
    PerStep,

    /// <summary>
    /// The first k neurons to fire in a presentation are its winners; no other neuron fires until the next presentation
    /// (<see cref="KWinnerTakeAllPopulation.BeginPresentation"/> or a reset).
    /// </summary>
    PerPresentation,
}
