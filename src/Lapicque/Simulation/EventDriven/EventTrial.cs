namespace Lapicque.Simulation.EventDriven;

/// <summary>
/// The result and tape of one event-driven trial: every event in order (inputs, network spikes, and last the trial end)
/// with the full network state right after it, for the exact backward pass. The state after an input or spike event is
/// taken after the transmission and the reset of the spiking neuron; the state after the trial end is the snapshot at T.
/// State vectors are laid out as <see cref="EventNetwork.InitialState"/>.
/// </summary>
public sealed class EventTrial
{
    private readonly EventRecord[] _events;
    private readonly double[] _states;
    private readonly double[] _initial;

    internal EventTrial(double trialMs, int stateLength, double[] initial, EventRecord[] events, double[] states, bool recordsStates)
    {
        TrialMs = trialMs;
        RecordsStates = recordsStates;
        StateLength = stateLength;
        _initial = initial;
        _events = events;
        _states = states;
    }

    /// <summary>Trial length T in ms.</summary>
    public double TrialMs { get; }

    /// <summary>Whether the state after every event was kept (<see cref="EventSimulationOptions.RecordStates"/>).</summary>
    public bool RecordsStates { get; }

    /// <summary>Length of one state vector (state size times neuron count).</summary>
    public int StateLength { get; }

    /// <summary>The events in time order; the last is always the <see cref="EventKind.TrialEnd"/> record.</summary>
    public IReadOnlyList<EventRecord> Events => _events;

    /// <summary>The state at t = 0.</summary>
    public ReadOnlySpan<double> InitialState => _initial;

    /// <summary>
    /// The state right after event <paramref name="e"/>. Without <see cref="RecordsStates"/> only the last event (the
    /// trial end) has one; asking for another throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public ReadOnlySpan<double> StateAfter(int e)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(e);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(e, _events.Length);
        if (RecordsStates)
        {
            return _states.AsSpan(e * StateLength, StateLength);
        }

        if (e != _events.Length - 1)
        {
            throw new InvalidOperationException($"The state after event {e} was not recorded; run with EventSimulationOptions.RecordStates = true.");
        }

        return _states;
    }

    /// <summary>The state at the trial end T.</summary>
    public ReadOnlySpan<double> FinalState => StateAfter(_events.Length - 1);

    /// <summary>The network spikes of the trial in time order.</summary>
    public NetworkSpike[] Spikes()
    {
        int n = 0;
        foreach (EventRecord e in _events)
        {
            n += e.Kind == EventKind.Spike ? 1 : 0;
        }

        var spikes = new NetworkSpike[n];
        n = 0;
        foreach (EventRecord e in _events)
        {
            if (e.Kind == EventKind.Spike)
            {
                spikes[n++] = new NetworkSpike(e.TimeMs, e.Index);
            }
        }

        return spikes;
    }

    /// <summary>The spike times of neuron <paramref name="neuron"/> (global index) in the trial.</summary>
    public double[] SpikeTimes(int neuron)
    {
        var times = new List<double>();
        foreach (EventRecord e in _events)
        {
            if (e.Kind == EventKind.Spike && e.Index == neuron)
            {
                times.Add(e.TimeMs);
            }
        }

        return [.. times];
    }
}
