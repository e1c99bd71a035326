using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Simulation.EventDriven;

/// <summary>
/// The exact event-driven simulator for networks of Klos QIF or theta neurons (<see cref="EventNetwork"/>), in double
/// precision. Between events every neuron is advanced by its closed-form flow; the next event is the earlier of the next
/// input spike and the earliest predicted network spike (argmin over neurons); the trial stops at T with a snapshot.
/// </summary>
/// <remarks>
/// Each step of the loop (spec section 2.5): take the next network spike time dt_net = min_j dt*_j (the lowest index wins
/// ties) and the next input time dt_in; the event is the input if dt_in &lt; dt_net, else the network spike; if it lies at
/// or after T the event is the trial end instead. All neurons advance by dt; the source's weight row is transmitted (QIF:
/// I += w; theta: phi = H(phi, w)); a spiking neuron resets (QIF: V = -infinity; theta: phi = 0); the tape records the
/// event and the state. A neuron other than the source whose predicted spike is closer than epsilon is set exactly onto
/// its spike (QIF: V = +infinity; theta: phi = Theta) so that rounding cannot carry it past the pole unrecorded; it then
/// spikes at the same time as the next event. Between events the predicted spike times of neurons that received nothing
/// are decremented by dt rather than recomputed.
/// </remarks>
public sealed class EventDrivenSimulator
{
    private readonly EventNetwork _network;
    private readonly EventSimulationOptions _options;

    /// <summary>Creates a simulator for <paramref name="network"/>; the network's weights are read at each run.</summary>
    public EventDrivenSimulator(EventNetwork network, EventSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
    }

    /// <summary>The network simulated.</summary>
    public EventNetwork Network => _network;

    /// <summary>The options.</summary>
    public EventSimulationOptions Options => _options;

    /// <summary>
    /// Runs one trial from <see cref="EventNetwork.InitialState"/> with <paramref name="inputs"/> sorted by time (inputs at
    /// or after T are ignored). Throws <see cref="ArgumentException"/> for an unsorted list, a bad channel or time, and
    /// <see cref="InvalidOperationException"/> when <see cref="EventSimulationOptions.MaxEvents"/> is reached before T.
    /// </summary>
    public EventTrial Run(ReadOnlySpan<InputSpike> inputs)
    {
        CheckInputs(inputs);
        EventNetwork net = _network;
        int n = net.NeuronCount;
        int len = net.StateSize * n;
        double[] state = (double[])net.InitialState.Clone();
        double[] initial = (double[])state.Clone();
        double[] next = new double[n];
        var events = new List<EventRecord>();
        bool record = _options.RecordStates;
        double[] states = new double[record ? len * 8 : len];
        var q = net.Model as KlosQifParameters;
        bool qif = q is not null;
        ThetaConstants th = qif ? default : ((ThetaParameters)net.Model).Constants();
        double tau = qif ? q!.TauMs : th.TauMs;
        double eps = qif ? q!.Epsilon : th.EpsilonMs;
        double trial = _options.TrialMs;
        CheckInitialState(state, qif, th);

        for (int j = 0; j < n; j++)
        {
            next[j] = qif ? KlosQif.NextSpikeTimeValue(tau, state[j], state[n + j]) : th.PeriodMs - state[j];
        }

        double t = 0.0;
        int nextIn = 0;
        int count = 0;
        while (true)
        {
            int source = 0;
            for (int j = 1; j < n; j++)
            {
                if (next[j] < next[source])
                {
                    source = j;
                }
            }

            double dtNet = next[source];
            double dtIn = nextIn < inputs.Length ? inputs[nextIn].TimeMs - t : double.PositiveInfinity;
            EventKind kind = dtIn < dtNet ? EventKind.Input : EventKind.Spike;
            double dt = Math.Min(dtIn, dtNet);
            if (t + dt >= trial)
            {
                kind = EventKind.TrialEnd;
                dt = trial - t;
            }
            else if (count >= _options.MaxEvents)
            {
                throw new InvalidOperationException(
                    $"MaxEvents ({_options.MaxEvents}) was reached at t = {Check.Format(t)} ms, before the trial end T = {Check.Format(trial)} ms; raise EventSimulationOptions.MaxEvents.");
            }

            // Advance everyone by the closed-form flow.
            if (qif)
            {
                double decay = Math.Exp(-2.0 * dt / tau);
                for (int j = 0; j < n; j++)
                {
                    state[j] = KlosQif.FlowPotential(tau, state[j], state[n + j], dt);
                    state[n + j] *= decay;
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    state[j] += dt;
                }
            }

            t += dt;
            int spiker = kind == EventKind.Spike ? source : -1;
            for (int j = 0; j < n; j++)
            {
                next[j] -= dt;
                if (next[j] < eps && j != spiker)
                {
                    state[j] = qif ? double.PositiveInfinity : th.PeriodMs;
                    next[j] = 0.0;
                }
            }

            if (kind == EventKind.TrialEnd)
            {
                events.Add(new EventRecord(trial, kind, -1));
                Append(ref states, record ? events.Count - 1 : 0, state);
                break;
            }

            count++;
            if (kind == EventKind.Input)
            {
                int channel = inputs[nextIn++].Channel;
                Transmit(net.FeedForwardWeights(0), channel, 0, state, next, qif, tau, th);
                events.Add(new EventRecord(t, kind, channel));
            }
            else
            {
                int layer = net.LayerOf(source);
                int local = source - net.LayerOffset(layer);
                state[source] = qif ? double.NegativeInfinity : 0.0;
                next[source] = qif ? KlosQif.NextSpikeTimeValue(tau, state[source], state[n + source]) : th.PeriodMs;
                if (layer + 1 < net.LayerCount)
                {
                    Transmit(net.FeedForwardWeights(layer + 1), local, layer + 1, state, next, qif, tau, th);
                }

                double[]? rec = net.RecurrentWeights(layer);
                if (rec is not null)
                {
                    Transmit(rec, local, layer, state, next, qif, tau, th);
                }

                events.Add(new EventRecord(t, kind, source));
            }

            if (record)
            {
                Append(ref states, events.Count - 1, state);
            }
        }

        if (record)
        {
            Array.Resize(ref states, events.Count * len);
        }

        return new EventTrial(trial, len, initial, [.. events], states, record);
    }

    /// <summary>
    /// Runs one trial per sample, in parallel over samples (<see cref="Parallelism"/>); the results do not depend on the
    /// thread count. The network must not be changed while this runs.
    /// </summary>
    public EventTrial[] RunBatch(IReadOnlyList<InputSpike[]> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = new EventTrial[batch.Count];
        Parallelism.For(batch.Count, 1, (start, end) =>
        {
            for (int b = start; b < end; b++)
            {
                results[b] = Run(batch[b]);
            }
        });
        return results;
    }

    private void Transmit(double[] weights, int row, int layer, double[] state, double[] next, bool qif, double tau, in ThetaConstants th)
    {
        int size = _network.LayerSizes[layer];
        int offset = _network.LayerOffset(layer);
        int n = _network.NeuronCount;
        ReadOnlySpan<double> w = weights.AsSpan(row * size, size);
        for (int k = 0; k < size; k++)
        {
            if (w[k] == 0.0)
            {
                continue;
            }

            int j = offset + k;
            if (qif)
            {
                state[n + j] += w[k];
                next[j] = KlosQif.NextSpikeTimeValue(tau, state[j], state[n + j]);
            }
            else
            {
                state[j] = Theta.JumpPhase(th, state[j], w[k]);
                next[j] = th.PeriodMs - state[j];
            }
        }
    }

    private void CheckInitialState(double[] state, bool qif, in ThetaConstants th)
    {
        int n = _network.NeuronCount;
        for (int j = 0; j < n; j++)
        {
            if (qif && (double.IsNaN(state[j]) || state[j] == double.PositiveInfinity))
            {
                Check.That(false, $"InitialState[{j}]", "a potential V < +infinity and not NaN", state[j]);
            }

            if (qif && !double.IsFinite(state[n + j]))
            {
                Check.That(false, $"InitialState[{n + j}]", "a finite current I", state[n + j]);
            }

            if (!qif && !(state[j] >= 0 && state[j] <= th.PeriodMs))
            {
                Check.That(false, $"InitialState[{j}]", $"a phase in [0, {Check.Format(th.PeriodMs)}]", state[j]);
            }
        }
    }

    private void CheckInputs(ReadOnlySpan<InputSpike> inputs)
    {
        double previous = 0.0;
        for (int k = 0; k < inputs.Length; k++)
        {
            InputSpike s = inputs[k];
            if ((uint)s.Channel >= (uint)_network.InputCount)
            {
                throw new ArgumentException($"inputs[{k}].Channel must be in [0, {_network.InputCount - 1}]; was {s.Channel}.", nameof(inputs));
            }

            if (!(s.TimeMs >= previous) || double.IsInfinity(s.TimeMs))
            {
                throw new ArgumentException($"inputs[{k}].TimeMs must be finite, >= 0 and >= the previous input time ({Check.Format(previous)}); was {Check.Format(s.TimeMs)}.", nameof(inputs));
            }

            previous = s.TimeMs;
        }
    }

    private static void Append(ref double[] states, int e, double[] state)
    {
        int len = state.Length;
        if ((e + 1) * len > states.Length)
        {
            Array.Resize(ref states, Math.Max(states.Length * 2, (e + 1) * len));
        }

        state.CopyTo(states, e * len);
    }
}
