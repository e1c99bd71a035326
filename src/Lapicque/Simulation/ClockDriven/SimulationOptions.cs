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

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        Check.Positive(DtMs);
        Check.That(Threads >= 0, nameof(Threads), ">= 0", Threads);
    }
}
