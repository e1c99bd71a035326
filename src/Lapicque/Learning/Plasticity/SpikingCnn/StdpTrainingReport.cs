namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>The outcome of training one layer with STDP.</summary>
/// <param name="Layer">1 or 2.</param>
/// <param name="ImagesSeen">Learning images presented (a subset may be cycled through several times).</param>
/// <param name="Converged">Whether the convergence measure fell below the target.</param>
/// <param name="FinalConvergence">The convergence measure C at the end.</param>
/// <param name="FinalAPlus">a+ at the end.</param>
/// <param name="History">C after every a+ doubling period (image count, C).</param>
public sealed record StdpTrainingReport(int Layer, int ImagesSeen, bool Converged, double FinalConvergence, float FinalAPlus, IReadOnlyList<(int Images, double Convergence)> History);
