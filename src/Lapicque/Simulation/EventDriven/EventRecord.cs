namespace Lapicque.Simulation.EventDriven;

/// <summary>What happened at an event of an event-driven trial.</summary>
public enum EventKind
{
    /// <summary>An input spike arrived; <see cref="EventRecord.Index"/> is the input channel.</summary>
    Input,

    /// <summary>A network neuron spiked (V reached +infinity, phase reached Theta); <see cref="EventRecord.Index"/> is the neuron.</summary>
    Spike,

    /// <summary>The trial end T; nothing is transmitted; <see cref="EventRecord.Index"/> is -1.</summary>
    TrialEnd,
}

/// <summary>One entry of the event tape: the time, the kind and the source index of an event.</summary>
/// <param name="TimeMs">Event time in ms.</param>
/// <param name="Kind">Input, network spike or trial end.</param>
/// <param name="Index">Input channel, spiking neuron, or -1 for the trial end.</param>
public readonly record struct EventRecord(double TimeMs, EventKind Kind, int Index);

/// <summary>A network spike of a trial: neuron <paramref name="Neuron"/> (global index) fired at <paramref name="TimeMs"/>.</summary>
/// <param name="TimeMs">Spike time in ms.</param>
/// <param name="Neuron">Global neuron index (<see cref="EventNetwork.LayerOffset"/> plus the index in its layer).</param>
public readonly record struct NetworkSpike(double TimeMs, int Neuron);
