using Lapicque.Neurons;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact;

/// <summary>
/// The compact tape of one trial of <see cref="ExactEngine"/> and the seeds of its backward pass. It records, per event,
/// the time, kind and source and, per neuron touched by the event (a jump or a reset), the neuron's state just before the
/// touch and the event of its previous touch; untouched neurons are not copied (the flow is autonomous, so a neuron is
/// advanced lazily from its last touch). Reused across trials: its buffers only grow.
/// </summary>
/// <remarks>
/// Output times (<see cref="OutputTime"/>): the n-th output time of an output neuron is its n-th ordinary spike when it
/// emitted at least n spikes in the trial, else its pseudospike k = n - K (K ordinary spikes), spec section 2.4. A loss
/// reads output times and adds dL/d(time) with <see cref="AddOutputTimeGradient"/>; <see cref="ExactEngine.Backward"/>
/// then turns the seeds into parameter gradients.
/// </remarks>
public sealed class ExactTape
{
    internal const byte TouchJump = 0;
    internal const byte TouchReset = 1;
    internal const byte TouchGuardedJump = 2;

    // Events.
    internal double[] EvTime = new double[64];
    internal EventKind[] EvKind = new EventKind[64];
    internal int[] EvIndex = new int[64];
    internal int[] EvTouchStart = new int[65];
    internal int[] EvInputStart = new int[64];
    internal int[] EvInputEnd = new int[64];
    internal int EventCount;

    // Touches: the neuron, the event of its previous touch, its state before (V or phase, I) and the weight applied;
    // for theta the forward pass overwrites TI and TW with the jump's partials dH/dw and dH/dphi.
    internal int[] TNeuron = new int[256];
    internal int[] TEOld = new int[256];
    internal double[] TV = new double[256];
    internal double[] TI = new double[256];
    internal double[] TW = new double[256];
    internal byte[] TFlag = new byte[256];
    internal int TouchCount;

    // Per neuron: the state at its last touch (QIF; theta neurons are carried as phasors in the engine's scratch), the event
    // of that touch (-1: t = 0), the state at T (potential or phase, current).
    internal double[] LastV = [];
    internal double[] LastI = [];
    internal int[] LastEvent = [];
    internal double[] EndV = [];
    internal double[] EndI = [];
    internal double[] U = [];
    internal double[] Rate = [];

    // Output spikes: event indices per output neuron.
    internal int[][] OutEvents = [];
    internal int[] OutCount = [];

    // Seeds of the backward pass.
    internal double[] LamT = new double[64];
    internal double[] LamVT = [];
    internal double[] LamIT = [];
    internal double[] LamU = [];

    internal int[] InputChannels = [];
    internal double[] InputTimes = [];
    internal int InputCount;

    internal EventNetwork? Network;
    internal bool Qif;
    internal double TauMs;
    internal double Alpha;

    // Slope of the QIF ramp pseudodynamics (0: the constant drive), set by the engine for each trial.
    internal double RampSlope;
    internal ThetaConstants Theta;

    /// <summary>Trial length T in ms.</summary>
    public double TrialMs { get; internal set; }

    /// <summary>Number of events, the trial end included (it is the last).</summary>
    public int Events => EventCount;

    /// <summary>Time in ms of event <paramref name="e"/>.</summary>
    public double EventTime(int e) => EvTime[e];

    /// <summary>Kind of event <paramref name="e"/>.</summary>
    public EventKind EventKindOf(int e) => EvKind[e];

    /// <summary>Source of event <paramref name="e"/>: the first input channel of an input event, the neuron of a spike, -1 at T.</summary>
    public int EventIndex(int e) => EvIndex[e];

    /// <summary>Number of network spikes in the trial.</summary>
    public int SpikeCount
    {
        get
        {
            int n = 0;
            for (int e = 0; e < EventCount; e++)
            {
                n += EvKind[e] == EventKind.Spike ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>The state at T laid out as <see cref="EventNetwork.InitialState"/>: potentials (or phases, ms), then for QIF currents.</summary>
    public double[] FinalState()
    {
        int n = LastV.Length;
        var s = new double[Qif ? 2 * n : n];
        EndV.AsSpan(0, n).CopyTo(s);
        if (Qif)
        {
            EndI.AsSpan(0, n).CopyTo(s.AsSpan(n));
        }

        return s;
    }

    /// <summary>Number of output neurons (the last layer).</summary>
    public int OutputCount => OutCount.Length;

    /// <summary>Number of ordinary spikes of output neuron <paramref name="output"/> in the trial.</summary>
    public int OrdinarySpikeCount(int output) => OutCount[output];

    /// <summary>The rate-like input u of global neuron <paramref name="neuron"/> in the pseudodynamics (spec section 2.4).</summary>
    public double PseudoInput(int neuron) => U[neuron];

    /// <summary>
    /// The <paramref name="n"/>-th output time (n &gt;= 1, ms) of output neuron <paramref name="output"/>: the n-th ordinary
    /// spike, or the pseudospike k = n - K after K ordinary spikes.
    /// </summary>
    public double OutputTime(int output, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        int k = OutCount[output];
        if (n <= k)
        {
            return EvTime[OutEvents[output][n - 1]];
        }

        int j = Network!.LayerOffset(Network.LayerCount - 1) + output;
        return Qif
            ? QifPseudoSpikeTime(n - k, j).Value
            : Neurons.Theta.PseudoSpikeTime(Theta, TrialMs, n - k, EndV[j], U[j]).Value;
    }

    /// <summary>Adds <paramref name="gradient"/> = dL/d(<see cref="OutputTime"/>(output, n)) to the seeds of the backward pass.</summary>
    public void AddOutputTimeGradient(int output, int n, double gradient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (gradient == 0.0)
        {
            return;
        }

        int k = OutCount[output];
        if (n <= k)
        {
            LamT[OutEvents[output][n - 1]] += gradient;
            return;
        }

        int j = Network!.LayerOffset(Network.LayerCount - 1) + output;
        if (Qif)
        {
            KlosQifPseudo p = QifPseudoSpikeTime(n - k, j);
            LamVT[j] += gradient * p.DV;
            LamIT[j] += gradient * p.DI;
            LamU[j] += gradient * p.DU;
        }
        else
        {
            ThetaPseudo p = Neurons.Theta.PseudoSpikeTime(Theta, TrialMs, n - k, EndV[j], U[j]);
            LamVT[j] += gradient * p.DPhase;
            LamU[j] += gradient * p.DU;
        }
    }

    /// <summary>
    /// Adds dL/d(state at T) of global neuron <paramref name="neuron"/>: <paramref name="dV"/> for V (theta: the phase) and
    /// <paramref name="dI"/> for I (QIF only).
    /// </summary>
    public void AddFinalStateGradient(int neuron, double dV, double dI = 0.0)
    {
        LamVT[neuron] += dV;
        LamIT[neuron] += dI;
    }

    // The k-th pseudospike of QIF neuron j: the constant drive, or the ramp when a slope is set.
    private KlosQifPseudo QifPseudoSpikeTime(int k, int j) => RampSlope > 0
        ? QifRampPseudodynamics.SpikeTime(TauMs, TrialMs, k, EndV[j], EndI[j], U[j], Alpha, RampSlope)
        : KlosQif.PseudoSpikeTime(TauMs, TrialMs, k, EndV[j], EndI[j], U[j], Alpha);

    internal void Reset(EventNetwork net, double trialMs, int inputCount)
    {
        Network = net;
        TrialMs = trialMs;
        Qif = net.Model is KlosQifParameters;
        if (Qif)
        {
            var q = (KlosQifParameters)net.Model;
            TauMs = q.TauMs;
            Alpha = q.PseudoAlpha;
        }
        else
        {
            Theta = ((ThetaParameters)net.Model).Constants();
            TauMs = Theta.TauMs;
        }

        int n = net.NeuronCount;
        if (LastV.Length != n)
        {
            LastV = new double[n];
            LastI = new double[n];
            LastEvent = new int[n];
            EndV = new double[n];
            EndI = new double[n];
            U = new double[n];
            Rate = new double[n];
            LamVT = new double[n];
            LamIT = new double[n];
            LamU = new double[n];
        }
        else
        {
            Array.Clear(LamVT);
            Array.Clear(LamIT);
            Array.Clear(LamU);
        }

        int outputs = net.LayerSizes[^1];
        if (OutCount.Length != outputs)
        {
            OutCount = new int[outputs];
            OutEvents = new int[outputs][];
            for (int i = 0; i < outputs; i++)
            {
                OutEvents[i] = new int[8];
            }
        }
        else
        {
            Array.Clear(OutCount);
        }

        if (InputChannels.Length < inputCount)
        {
            InputChannels = new int[Math.Max(inputCount, 2 * InputChannels.Length)];
            InputTimes = new double[InputChannels.Length];
        }

        InputCount = inputCount;
        EventCount = 0;
        TouchCount = 0;
        EvTouchStart[0] = 0;
    }

    internal int AddEvent(double t, EventKind kind, int index)
    {
        int e = EventCount;
        if (e == EvTime.Length)
        {
            int m = 2 * e;
            Array.Resize(ref EvTime, m);
            Array.Resize(ref EvKind, m);
            Array.Resize(ref EvIndex, m);
            Array.Resize(ref EvTouchStart, m + 1);
            Array.Resize(ref EvInputStart, m);
            Array.Resize(ref EvInputEnd, m);
            Array.Resize(ref LamT, m);
        }

        EvTime[e] = t;
        EvKind[e] = kind;
        EvIndex[e] = index;
        EvInputStart[e] = 0;
        EvInputEnd[e] = 0;
        LamT[e] = 0.0;
        EvTouchStart[e] = TouchCount;
        EvTouchStart[e + 1] = TouchCount;
        EventCount = e + 1;
        return e;
    }

    internal void AddTouch(int neuron, double w, byte flag)
    {
        int k = TouchCount;
        if (k == TNeuron.Length)
        {
            int m = 2 * k;
            Array.Resize(ref TNeuron, m);
            Array.Resize(ref TEOld, m);
            Array.Resize(ref TV, m);
            Array.Resize(ref TI, m);
            Array.Resize(ref TW, m);
            Array.Resize(ref TFlag, m);
        }

        TNeuron[k] = neuron;
        TEOld[k] = LastEvent[neuron];
        TV[k] = LastV[neuron];
        TI[k] = LastI[neuron];
        TW[k] = w;
        TFlag[k] = flag;
        TouchCount = k + 1;
        EvTouchStart[EventCount] = TouchCount;
    }

    internal void AddOutputSpike(int output, int e)
    {
        int c = OutCount[output];
        if (c == OutEvents[output].Length)
        {
            Array.Resize(ref OutEvents[output], 2 * c);
        }

        OutEvents[output][c] = e;
        OutCount[output] = c + 1;
    }
}
