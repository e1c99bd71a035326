namespace Lapicque.Simulation.EventDriven;

/// <summary>One input spike of an event-driven trial: input channel <paramref name="Channel"/> fires at <paramref name="TimeMs"/>.</summary>
/// <param name="TimeMs">Spike time in ms (finite, &gt;= 0).</param>
/// <param name="Channel">Input channel, 0 to <see cref="EventNetwork.InputCount"/> - 1.</param>
public readonly record struct InputSpike(double TimeMs, int Channel);
