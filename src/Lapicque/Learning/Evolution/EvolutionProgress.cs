namespace Lapicque.Learning.Evolution;

/// <summary>State after one generation.</summary>
/// <param name="Generation">Generations completed (1 after the first).</param>
/// <param name="Evaluations">Objective evaluations so far.</param>
/// <param name="BestValue">Lowest value seen so far.</param>
/// <param name="CenterValue">Value of the search distribution's mean after the update (NaN when not evaluated).</param>
/// <param name="StepSize">Mutation scale (sigma) after the update.</param>
public sealed record EvolutionProgress(int Generation, long Evaluations, double BestValue, double CenterValue, double StepSize);
