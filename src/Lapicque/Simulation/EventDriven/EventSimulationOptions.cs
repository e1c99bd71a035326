namespace Lapicque.Simulation.EventDriven;

/// <summary>Options of <see cref="EventDrivenSimulator"/>.</summary>
public sealed record EventSimulationOptions
{
    /// <summary>Trial length T in ms (&gt; 0); the state is snapshotted at T.</summary>
    public double TrialMs { get; init; } = 1.0;

    /// <summary>
    /// Cap on input plus network events per trial (&gt;= 1; the authors' Kmax). Reaching it before T throws
    /// <see cref="InvalidOperationException"/>: the trial is not valid and the cap must be raised.
    /// </summary>
    public int MaxEvents { get; init; } = 1000;

    /// <summary>
    /// Whether the tape keeps the full network state after every event (needed by the exact backward pass). When false
    /// only the events and the final state at T are kept, which saves StateSize * NeuronCount doubles per event.
    /// </summary>
    public bool RecordStates { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check.Positive(TrialMs);
        Check.That(MaxEvents >= 1, nameof(MaxEvents), ">= 1", MaxEvents);
    }
}
