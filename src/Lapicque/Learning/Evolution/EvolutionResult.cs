namespace Lapicque.Learning.Evolution;

/// <summary>Outcome of a gradient-free optimisation.</summary>
/// <param name="Best">The best parameters seen.</param>
/// <param name="BestValue">Their objective value.</param>
/// <param name="Center">The search distribution's mean at the end.</param>
/// <param name="Evaluations">Objective evaluations used.</param>
/// <param name="Generations">Generations run.</param>
/// <param name="History">Progress after each generation.</param>
/// <param name="StopReason">Why the run stopped.</param>
public sealed record EvolutionResult(
    double[] Best, double BestValue, double[] Center, long Evaluations, int Generations, IReadOnlyList<EvolutionProgress> History, string StopReason);
