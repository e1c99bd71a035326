namespace Lapicque.Simulation;

/// <summary>Settings of a clock-driven run.</summary>
public sealed record SimulationOptions
{
    /// <summary>Time step in ms (&gt; 0).</summary>
    public double DtMs { get; init; } = 0.1;

    /// <summary>Seed of every random source in the run: weights (if the network is not built yet), initial states, Poisson inputs.</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads used to advance neurons and deliver spikes; 0 means <see cref="Numerics.Parallelism.MaxThreads"/>.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// A run with several <see cref="Threads"/> times its first steps on one thread and splits the steps over a worker
    /// team only when one step takes at least this long (microseconds, &gt;= 0; 0 always splits). Below it, the barrier
    /// each step needs costs more than the second thread saves. The choice affects the speed only, never the spikes.
    /// </summary>
    public double ParallelMinStepMicroseconds { get; init; } = 25;

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        Check.Positive(DtMs);
        Check.That(Threads >= 0, nameof(Threads), ">= 0", Threads);
        Check.NonNegative(ParallelMinStepMicroseconds, nameof(ParallelMinStepMicroseconds));
    }
}
