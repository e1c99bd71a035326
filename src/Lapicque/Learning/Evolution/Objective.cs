namespace Lapicque.Learning.Evolution;

/// <summary>
/// A function to minimise over a parameter vector. The optimisers call it from several threads at once, so it must be
/// thread-safe (pure, or with per-call state) and must not keep the span.
/// </summary>
public delegate double Objective(ReadOnlySpan<double> parameters);

/// <summary>State after one generation.</summary>
/// <param name="Generation">Generations completed (1 after the first).</param>
/// <param name="Evaluations">Objective evaluations so far.</param>
/// <param name="BestValue">Lowest value seen so far.</param>
/// <param name="CenterValue">Value of the search distribution's mean after the update (NaN when not evaluated).</param>
/// <param name="StepSize">Mutation scale (sigma) after the update.</param>
public sealed record EvolutionProgress(int Generation, long Evaluations, double BestValue, double CenterValue, double StepSize);

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
