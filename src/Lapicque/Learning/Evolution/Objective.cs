namespace Lapicque.Learning.Evolution;

/// <summary>
/// A function to minimise over a parameter vector. The optimisers call it from several threads at once, so it must be
/// thread-safe (pure, or with per-call state) and must not keep the span.
/// </summary>
public delegate double Objective(ReadOnlySpan<double> parameters);
