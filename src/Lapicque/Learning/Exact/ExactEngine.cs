using Lapicque.Neurons;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact;

/// <summary>
/// Exact event-driven forward pass with a compact tape (<see cref="ExactTape"/>) and its exact reverse sweep: the gradient
/// of a loss of output spike times, pseudospike times and final states with respect to the weights, the input spike times
/// and the initial states of an <see cref="EventNetwork"/> of Klos QIF or theta neurons (spec sections 2.4 to 2.6).
/// </summary>
/// <remarks>
/// <para>Forward: the same event rule as <see cref="EventDrivenSimulator"/> (next event = the earlier of the next input and
/// the earliest predicted network spike, lowest index on ties; trial end at T), but each neuron is advanced lazily: it keeps
/// its state at its last touch (a jump or its own reset) and an absolute predicted spike time, which the autonomous flow
/// leaves unchanged until the next touch. An event therefore costs only its fan-out, and the tape stores one record per
/// touch. Every target of a spike is touched, zero weights included, because dL/dw is needed there too. Inputs that share
/// one time exactly form one event whose summed weight is applied once (for both models the jumps are additive: in I for
/// QIF, in V for theta). A touched neuron whose predicted spike is closer than epsilon to the event is put onto its spike
/// (QIF: V = +infinity; theta: phi = Theta) and fires at the same time, right after. Theta neurons are carried as rotating
/// phasors, so a jump costs a square root and no trigonometric call (see ThetaTouch).</para>
/// <para>After T the layer-wise pseudo-rate pass runs: u of layer l is W_ff,l^T rho_(l-1) (zero for layer 0), plus for a
/// recurrent layer W_rec,l^T rho0_l with rho0 the rate with the neuron's own drive cancelled (QIF: I_p = 0; theta: u = 0);
/// rho_l = rho(state at T, u_l).</para>
/// <para>Backward: with lambda the adjoint of each neuron's state at its last touch, the sweep goes through the touches in
/// reverse. A touch at event time t_e of a neuron last touched at t_o maps x_o to jump(Flow(x_o, t_e - t_o)); its adjoint
/// uses the closed-form partials of the flow (<see cref="KlosQif.Flow"/>, phase + dt for theta) and of the jump (I += w;
/// theta <see cref="Neurons.Theta.Jump"/>), and sends d/d(dt) to both event times. The time of a network spike is
/// t_o + dt*(x_o) of the spiking neuron, so its adjoint goes to x_o through <see cref="KlosQif.NextSpikeTime"/> (theta:
/// dt* = Theta - phi) and to t_o: the gradient goes only to the arg-min branch, as the event order is piecewise constant.
/// Input event times are parameters; T is a constant.</para>
/// </remarks>
public sealed class ExactEngine
{
    private readonly EventNetwork _net;
    private readonly int[] _layerOf;
    private readonly int[] _local;
    private readonly double _trial;
    private readonly int _maxEvents;

    [ThreadStatic]
    private static Scratch? _scratch;

    /// <summary>Creates an engine for <paramref name="network"/>; the live weights and initial states are read at each pass.</summary>
    public ExactEngine(EventNetwork network, EventSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _net = network;
        _trial = options.TrialMs;
        _maxEvents = options.MaxEvents;
        _layerOf = new int[network.NeuronCount];
        _local = new int[network.NeuronCount];
        for (int j = 0; j < network.NeuronCount; j++)
        {
            _layerOf[j] = network.LayerOf(j);
            _local[j] = j - network.LayerOffset(_layerOf[j]);
        }
    }

    /// <summary>The network.</summary>
    public EventNetwork Network => _net;

    /// <summary>
    /// Slope kappa (&gt;= 0, per tau) of the ramp pseudodynamics of QIF output neurons
    /// (<see cref="QifRampPseudodynamics"/>): 0, the default, is the authors' constant drive; kappa &gt; 0 adds the steadily
    /// increasing current kappa (t - T) / tau after the trial end, which moves the pseudospike times (not the pseudo rates).
    /// Only for QIF networks.
    /// </summary>
    public double PseudoRampSlope
    {
        get;
        init
        {
            Check.That(value >= 0 && double.IsFinite(value), nameof(PseudoRampSlope), "finite and >= 0", value);
            Check.That(value == 0 || _net.Model is KlosQifParameters, nameof(PseudoRampSlope), "0 for a theta network (the ramp is a QIF pseudodynamics)", value);
            field = value;
        }
    }

    /// <summary>Trial length T in ms.</summary>
    public double TrialMs => _trial;

    /// <summary>
    /// Runs one trial from <see cref="EventNetwork.InitialState"/> with <paramref name="inputs"/> sorted by time (inputs at or
    /// after T are ignored) and fills <paramref name="tape"/>, including the pseudo-rate pass; clears its gradient seeds.
    /// Throws <see cref="ArgumentException"/> for an unsorted list or a bad channel and
    /// <see cref="InvalidOperationException"/> when MaxEvents is reached before T.
    /// </summary>
    public void Forward(ReadOnlySpan<InputSpike> inputs, ExactTape tape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        CheckInputs(inputs);
        EventNetwork net = _net;
        int n = net.NeuronCount;
        tape.Reset(net, _trial, inputs.Length);
        tape.RampSlope = PseudoRampSlope;
        for (int p = 0; p < inputs.Length; p++)
        {
            tape.InputChannels[p] = inputs[p].Channel;
            tape.InputTimes[p] = inputs[p].TimeMs;
        }

        Scratch s = _scratch ??= new Scratch();
        s.Ensure(n, net.LayerSizes[0]);
        double[] next = s.Next;
        bool qif = tape.Qif;
        double tau = tape.TauMs;
        ThetaConstants th = tape.Theta;
        double[] init = net.InitialState;
        for (int j = 0; j < n; j++)
        {
            tape.LastV[j] = init[j];
            tape.LastI[j] = qif ? init[n + j] : 0.0;
            tape.LastEvent[j] = -1;
            if (qif ? double.IsNaN(init[j]) || init[j] == double.PositiveInfinity || !double.IsFinite(init[n + j]) : !(init[j] >= 0 && init[j] <= th.PeriodMs))
            {
                throw new ArgumentException($"InitialState[{j}] must be {(qif ? "a potential V < +infinity with a finite current" : $"a phase in [0, {Check.Format(th.PeriodMs)}]")}; was {Check.Format(init[j])}.");
            }

            next[j] = qif ? KlosQif.NextSpikeTimeValue(tau, init[j], init[n + j]) : th.PeriodMs - init[j];
            if (!qif)
            {
                (s.Sa[j], s.Ca[j]) = Math.SinCos(th.R * init[j] / th.TauMs);
            }
        }

        int nextIn = 0;
        int count = 0;
        while (true)
        {
            int src = 0;
            double tNet = next[0];
            for (int j = 1; j < n; j++)
            {
                if (next[j] < tNet)
                {
                    tNet = next[j];
                    src = j;
                }
            }

            double tIn = nextIn < inputs.Length ? inputs[nextIn].TimeMs : double.PositiveInfinity;
            bool isInput = tIn < tNet;
            double te = isInput ? tIn : tNet;
            if (te >= _trial)
            {
                break;
            }

            if (count >= _maxEvents)
            {
                throw new InvalidOperationException(
                    $"MaxEvents ({_maxEvents}) was reached at t = {Check.Format(te)} ms, before the trial end T = {Check.Format(_trial)} ms; raise EventSimulationOptions.MaxEvents.");
            }

            count++;
            if (!qif)
            {
                s.SetEvent(th, te, _trial);
            }

            if (isInput)
            {
                int end = nextIn + 1;
                while (end < inputs.Length && inputs[end].TimeMs == tIn)
                {
                    end++;
                }

                int e = tape.AddEvent(te, EventKind.Input, inputs[nextIn].Channel);
                tape.EvInputStart[e] = nextIn;
                tape.EvInputEnd[e] = end;
                int size = net.LayerSizes[0];
                double[] w0 = net.FeedForwardWeights(0);
                Span<double> acc = s.Acc.AsSpan(0, size);
                w0.AsSpan(inputs[nextIn].Channel * size, size).CopyTo(acc);
                for (int p = nextIn + 1; p < end; p++)
                {
                    ReadOnlySpan<double> row = w0.AsSpan(inputs[p].Channel * size, size);
                    for (int k = 0; k < size; k++)
                    {
                        acc[k] += row[k];
                    }
                }

                for (int k = 0; k < size; k++)
                {
                    Touch(tape, next, k, acc[k], e, te);
                }

                nextIn = end;
            }
            else
            {
                int e = tape.AddEvent(te, EventKind.Spike, src);
                tape.AddTouch(src, 0.0, ExactTape.TouchReset);
                int lo = tape.LastEvent[src];
                double tl = lo >= 0 ? tape.EvTime[lo] : 0.0;
                if (qif)
                {
                    double i = tape.LastI[src] * Math.Exp(-2.0 * (te - tl) / tau);
                    tape.LastV[src] = double.NegativeInfinity;
                    tape.LastI[src] = i;
                    next[src] = te + KlosQif.NextSpikeTimeValue(tau, double.NegativeInfinity, i);
                }
                else
                {
                    // Phase 0 at te: the offset angle is -omega te.
                    s.Ca[src] = s.Ec;
                    s.Sa[src] = -s.Es;
                    next[src] = te + th.PeriodMs;
                }

                tape.LastEvent[src] = e;
                int layer = _layerOf[src];
                int local = _local[src];
                if (layer == net.LayerCount - 1)
                {
                    tape.AddOutputSpike(local, e);
                }
                else
                {
                    int size = net.LayerSizes[layer + 1];
                    int offset = net.LayerOffset(layer + 1);
                    ReadOnlySpan<double> row = net.FeedForwardWeights(layer + 1).AsSpan(local * size, size);
                    for (int k = 0; k < size; k++)
                    {
                        Touch(tape, next, offset + k, row[k], e, te);
                    }
                }

                if (net.RecurrentWeights(layer) is { } rec)
                {
                    int size = net.LayerSizes[layer];
                    int offset = net.LayerOffset(layer);
                    ReadOnlySpan<double> row = rec.AsSpan(local * size, size);
                    for (int k = 0; k < size; k++)
                    {
                        Touch(tape, next, offset + k, row[k], e, te);
                    }
                }
            }
        }

        tape.AddEvent(_trial, EventKind.TrialEnd, -1);
        if (!qif)
        {
            (s.EsEnd, s.EcEnd) = Math.SinCos(th.R * _trial / th.TauMs);
        }

        for (int j = 0; j < n; j++)
        {
            int lo = tape.LastEvent[j];
            double dt = _trial - (lo >= 0 ? tape.EvTime[lo] : 0.0);
            if (qif)
            {
                tape.EndV[j] = KlosQif.FlowPotential(tau, tape.LastV[j], tape.LastI[j], dt);
                tape.EndI[j] = tape.LastI[j] * Math.Exp(-2.0 * dt / tau);
            }
            else
            {
                tape.EndV[j] = s.PhaseAt(th, j, s.EcEnd, s.EsEnd);
            }
        }

        PseudoRatePass(tape);
    }

    /// <summary>
    /// The reverse sweep: adds to <paramref name="gradients"/> the gradient of the loss whose seeds were put into
    /// <paramref name="tape"/> (<see cref="ExactTape.AddOutputTimeGradient"/>, <see cref="ExactTape.AddFinalStateGradient"/>)
    /// after <see cref="Forward"/>. dL/d(input times) replaces the previous values.
    /// </summary>
    public void Backward(ExactTape tape, ExactGradients gradients)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(gradients);
        EventNetwork net = _net;
        int n = net.NeuronCount;
        Scratch s = _scratch ??= new Scratch();
        s.Ensure(n, net.LayerSizes[0]);
        double[] lv = s.LamV, li = s.LamI, lu = s.LamU, lrho = s.LamRho;
        tape.LamVT.AsSpan(0, n).CopyTo(lv);
        tape.LamIT.AsSpan(0, n).CopyTo(li);
        tape.LamU.AsSpan(0, n).CopyTo(lu);
        Array.Clear(lrho, 0, n);
        gradients.PrepareInputTimes(tape.InputCount);
        bool qif = tape.Qif;
        double tau = tape.TauMs;
        double alpha = tape.Alpha;
        ThetaConstants th = tape.Theta;
        double[] lamT = tape.LamT;

        // 1. The pseudo-rate pass, layers in reverse.
        for (int l = net.LayerCount - 1; l >= 0; l--)
        {
            int size = net.LayerSizes[l];
            int offset = net.LayerOffset(l);
            if (l < net.LayerCount - 1)
            {
                for (int k = 0; k < size; k++)
                {
                    int j = offset + k;
                    double g = lrho[j];
                    if (g == 0.0)
                    {
                        continue;
                    }

                    if (qif)
                    {
                        KlosQifPseudo r = KlosQif.PseudoRate(tape.EndV[j], tape.EndI[j], tape.U[j], alpha);
                        lv[j] += g * r.DV;
                        li[j] += g * r.DI;
                        lu[j] += g * r.DU;
                    }
                    else
                    {
                        ThetaPseudo r = Neurons.Theta.PseudoRate(th, tape.EndV[j], tape.U[j]);
                        lv[j] += g * r.DPhase;
                        lu[j] += g * r.DU;
                    }
                }
            }

            if (l >= 1)
            {
                int pre = net.LayerSizes[l - 1];
                int preOffset = net.LayerOffset(l - 1);
                double[] w = net.FeedForwardWeights(l);
                double[] gw = gradients.FeedForward[l];
                for (int p = 0; p < pre; p++)
                {
                    double rho = tape.Rate[preOffset + p];
                    double acc = 0.0;
                    int row = p * size;
                    for (int k = 0; k < size; k++)
                    {
                        double g = lu[offset + k];
                        gw[row + k] += g * rho;
                        acc += w[row + k] * g;
                    }

                    lrho[preOffset + p] += acc;
                }
            }

            if (net.RecurrentWeights(l) is { } rec)
            {
                double[] gr = gradients.Recurrent[l]!;
                for (int p = 0; p < size; p++)
                {
                    int jp = offset + p;
                    double rho0, dRho0;
                    if (qif)
                    {
                        KlosQifPseudo r = KlosQif.PseudoRate(tape.EndV[jp], 0.0, 0.0, alpha);
                        rho0 = r.Value;
                        dRho0 = r.DV;
                    }
                    else
                    {
                        rho0 = tape.EndV[jp] / th.PeriodMs;
                        dRho0 = 1.0 / th.PeriodMs;
                    }

                    double acc = 0.0;
                    int row = p * size;
                    for (int k = 0; k < size; k++)
                    {
                        double g = lu[offset + k];
                        gr[row + k] += g * rho0;
                        acc += rec[row + k] * g;
                    }

                    lv[jp] += acc * dRho0;
                }
            }
        }

        // 2. The flow of every neuron from its last touch to T.
        for (int j = 0; j < n; j++)
        {
            int lo = tape.LastEvent[j];
            double dt = _trial - (lo >= 0 ? tape.EvTime[lo] : 0.0);
            double ldt;
            if (qif)
            {
                (lv[j], li[j], ldt) = FlowAdjoint(tau, tape.LastV[j], tape.LastI[j], dt, lv[j], li[j]);
            }
            else
            {
                ldt = lv[j];
            }

            if (lo >= 0)
            {
                lamT[lo] -= ldt;
            }
        }

        // 3. The events in reverse.
        double[] gIn = gradients.InputTimes;
        for (int e = tape.EventCount - 2; e >= 0; e--)
        {
            double te = tape.EvTime[e];
            EventKind kind = tape.EvKind[e];
            int srcLayer = kind == EventKind.Spike ? _layerOf[tape.EvIndex[e]] : -1;
            int srcLocal = kind == EventKind.Spike ? _local[tape.EvIndex[e]] : -1;
            int first = tape.EvTouchStart[e];
            for (int k = tape.EvTouchStart[e + 1] - 1; k >= first; k--)
            {
                int j = tape.TNeuron[k];
                int eo = tape.TEOld[k];
                double dt = te - (eo >= 0 ? tape.EvTime[eo] : 0.0);
                byte flag = tape.TFlag[k];
                double a = lv[j], b = li[j];
                double newV, newI, ldt, dw;
                if (qif)
                {
                    dw = b;
                    if (flag == ExactTape.TouchJump)
                    {
                        (newV, newI, ldt) = FlowAdjoint(tau, tape.TV[k], tape.TI[k], dt, a, b);
                    }
                    else
                    {
                        // V is overwritten (reset to -infinity, or put onto its spike at +infinity): only I flows.
                        double x2 = Math.Exp(-2.0 * dt / tau);
                        newV = 0.0;
                        newI = b * x2;
                        ldt = b * (-2.0 * tape.TI[k] * x2 / tau);
                    }
                }
                else
                {
                    newI = 0.0;
                    if (flag == ExactTape.TouchJump)
                    {
                        // The forward pass stored dH/dw in TI and dH/dphi in TW.
                        dw = a * tape.TI[k];
                        newV = a * tape.TW[k];
                        ldt = newV;
                    }
                    else
                    {
                        dw = 0.0;
                        newV = 0.0;
                        ldt = 0.0;
                    }
                }

                if (flag != ExactTape.TouchReset && dw != 0.0)
                {
                    int lj = _layerOf[j];
                    int kj = _local[j];
                    int size = net.LayerSizes[lj];
                    if (kind == EventKind.Input)
                    {
                        double[] gw = gradients.FeedForward[0];
                        for (int p = tape.EvInputStart[e]; p < tape.EvInputEnd[e]; p++)
                        {
                            gw[(tape.InputChannels[p] * size) + kj] += dw;
                        }
                    }
                    else if (lj == srcLayer)
                    {
                        gradients.Recurrent[lj]![(srcLocal * size) + kj] += dw;
                    }
                    else
                    {
                        gradients.FeedForward[lj][(srcLocal * size) + kj] += dw;
                    }
                }

                lamT[e] += ldt;
                if (eo >= 0)
                {
                    lamT[eo] -= ldt;
                }

                lv[j] = newV;
                li[j] = newI;
            }

            double g = lamT[e];
            if (g == 0.0)
            {
                continue;
            }

            if (kind == EventKind.Input)
            {
                for (int p = tape.EvInputStart[e]; p < tape.EvInputEnd[e]; p++)
                {
                    gIn[p] += g;
                }
            }
            else
            {
                // t_e = t_o + dt*(x_o) of the spiking neuron; its reset touch is the event's first.
                int src = tape.EvIndex[e];
                int eo = tape.TEOld[first];
                if (qif)
                {
                    KlosQifSpikeTime st = KlosQif.NextSpikeTime(tau, tape.TV[first], tape.TI[first]);
                    lv[src] += g * st.DdtDv0;
                    li[src] += g * st.DdtDi0;
                }
                else
                {
                    lv[src] -= g;
                }

                if (eo >= 0)
                {
                    lamT[eo] += g;
                }
            }
        }

        double[] gInit = gradients.InitialState;
        for (int j = 0; j < n; j++)
        {
            gInit[j] += lv[j];
            if (qif)
            {
                gInit[n + j] += li[j];
            }
        }
    }

    // The adjoint of (V, I) = Flow(v0, i0, dt): returns (lambda_v0, lambda_i0, lambda_dt); zero adjoints skip the
    // partials so that infinite states (a potential at -infinity) give no 0 * infinity. A potential at -infinity that does
    // not flow (dt = 0) is a constant: only the current carries the adjoint.
    private static (double Lv, double Li, double Ldt) FlowAdjoint(double tau, double v0, double i0, double dt, double lvOut, double liOut)
    {
        if (lvOut == 0.0 || (dt == 0.0 && double.IsNegativeInfinity(v0)))
        {
            double x2 = Math.Exp(-2.0 * dt / tau);
            return (0.0, liOut * x2, liOut * (-2.0 * i0 * x2 / tau));
        }

        KlosQifFlow f = KlosQif.Flow(tau, v0, i0, dt);
        return (lvOut * f.DvDv0, (lvOut * f.DvDi0) + (liOut * f.DiDi0), (lvOut * f.DvDdt) + (liOut * f.DiDdt));
    }

    private void Touch(ExactTape tape, double[] next, int j, double w, int e, double te)
    {
        int lo = tape.LastEvent[j];
        double tl = lo >= 0 ? tape.EvTime[lo] : 0.0;
        bool guarded = next[j] - te < (tape.Qif ? ((KlosQifParameters)_net.Model).Epsilon : tape.Theta.EpsilonMs);
        tape.AddTouch(j, w, guarded ? ExactTape.TouchGuardedJump : ExactTape.TouchJump);
        if (tape.Qif)
        {
            double tau = tape.TauMs;
            // No flow over dt = 0 (a self-connection right after the reset): it keeps V = -infinity exactly, where the
            // closed form would depend on the sign of a zero.
            double v = guarded ? double.PositiveInfinity : te == tl ? tape.LastV[j] : KlosQif.FlowPotential(tau, tape.LastV[j], tape.LastI[j], te - tl);
            double i = (tape.LastI[j] * Math.Exp(-2.0 * (te - tl) / tau)) + w;
            tape.LastV[j] = v;
            tape.LastI[j] = i;
            next[j] = te + KlosQif.NextSpikeTimeValue(tau, v, i);
        }
        else
        {
            ThetaTouch(tape, _scratch!, next, j, w, te, guarded);
        }

        tape.LastEvent[j] = e;
    }

    // The theta jump H(phi, w) = Phi(V(phi) + w) on the phasor of psi = r phi / tau: with (c, s) = (cos psi, sin psi),
    // a = r s and b = r c - w s, the new angle is atan2(a, b), so its cosine and sine are b / rho and a / rho
    // (rho^2 = a^2 + b^2) without any transcendental call; the partials are dH/dw = tau s^2 / rho^2 and
    // dH/dphi = r^2 / rho^2 (Theta.Jump). The phase itself (an atan2) is only needed for the predicted spike time, and
    // only when that can fall before T. Within epsilon of phase 0 the jump leaves the phase unchanged, as Theta.Jump does.
    private static void ThetaTouch(ExactTape tape, Scratch sc, double[] next, int j, double w, double te, bool guarded)
    {
        ThetaConstants th = tape.Theta;
        int k = tape.TouchCount - 1;
        tape.LastEvent[j] = tape.EventCount - 1;
        if (guarded)
        {
            // Put onto the spike: psi = pi at te.
            sc.Ca[j] = -sc.Ec;
            sc.Sa[j] = sc.Es;
            tape.TI[k] = 0.0;
            tape.TW[k] = 1.0;
            next[j] = te;
            return;
        }

        double c = (sc.Ca[j] * sc.Ec) - (sc.Sa[j] * sc.Es);
        double s = Math.Max((sc.Sa[j] * sc.Ec) + (sc.Ca[j] * sc.Es), 0.0);
        if (c > 0 && s <= sc.SinEps)
        {
            tape.TI[k] = 0.0;
            tape.TW[k] = 1.0;
            return;
        }

        double r = th.R;
        double a = r * s, b = (r * c) - (w * s);
        double rho2 = (a * a) + (b * b);
        double inv = 1.0 / Math.Sqrt(rho2);
        tape.TI[k] = th.TauMs * s * s / rho2;
        tape.TW[k] = r * r / rho2;
        double cn = b * inv, sn = a * inv;
        sc.Ca[j] = (cn * sc.Ec) + (sn * sc.Es);
        sc.Sa[j] = (sn * sc.Ec) - (cn * sc.Es);
        next[j] = cn < sc.CosThreshold ? te + th.PeriodMs - (th.TauMs / r * Math.Atan2(a, b)) : double.PositiveInfinity;
    }

    private void PseudoRatePass(ExactTape tape)
    {
        EventNetwork net = _net;
        bool qif = tape.Qif;
        for (int l = 0; l < net.LayerCount; l++)
        {
            int size = net.LayerSizes[l];
            int offset = net.LayerOffset(l);
            Span<double> u = tape.U.AsSpan(offset, size);
            u.Clear();
            if (l >= 1)
            {
                int pre = net.LayerSizes[l - 1];
                int preOffset = net.LayerOffset(l - 1);
                double[] w = net.FeedForwardWeights(l);
                for (int p = 0; p < pre; p++)
                {
                    double rho = tape.Rate[preOffset + p];
                    if (rho == 0.0)
                    {
                        continue;
                    }

                    ReadOnlySpan<double> row = w.AsSpan(p * size, size);
                    for (int k = 0; k < size; k++)
                    {
                        u[k] += row[k] * rho;
                    }
                }
            }

            if (net.RecurrentWeights(l) is { } rec)
            {
                for (int p = 0; p < size; p++)
                {
                    int jp = offset + p;
                    double rho0 = qif ? KlosQif.PseudoRate(tape.EndV[jp], 0.0, 0.0, tape.Alpha).Value : tape.EndV[jp] / tape.Theta.PeriodMs;
                    ReadOnlySpan<double> row = rec.AsSpan(p * size, size);
                    for (int k = 0; k < size; k++)
                    {
                        u[k] += row[k] * rho0;
                    }
                }
            }

            for (int k = 0; k < size; k++)
            {
                int j = offset + k;
                tape.Rate[j] = qif
                    ? KlosQif.PseudoRate(tape.EndV[j], tape.EndI[j], tape.U[j], tape.Alpha).Value
                    : Neurons.Theta.PseudoRate(tape.Theta, tape.EndV[j], tape.U[j]).Value;
            }
        }
    }

    private void CheckInputs(ReadOnlySpan<InputSpike> inputs)
    {
        double previous = 0.0;
        for (int k = 0; k < inputs.Length; k++)
        {
            InputSpike s = inputs[k];
            if ((uint)s.Channel >= (uint)_net.InputCount)
            {
                throw new ArgumentException($"inputs[{k}].Channel must be in [0, {_net.InputCount - 1}]; was {s.Channel}.", nameof(inputs));
            }

            if (!(s.TimeMs >= previous) || double.IsInfinity(s.TimeMs))
            {
                throw new ArgumentException($"inputs[{k}].TimeMs must be finite, >= 0 and >= the previous input time ({Check.Format(previous)}); was {Check.Format(s.TimeMs)}.", nameof(inputs));
            }

            previous = s.TimeMs;
        }
    }

    private sealed class Scratch
    {
        public double[] Next = [];
        public double[] Acc = [];
        public double[] LamV = [];
        public double[] LamI = [];
        public double[] LamU = [];
        public double[] LamRho = [];

        // Theta: the phasor (cos, sin) of psi - omega t_last per neuron (psi = r phi / tau, omega = r / tau), so that the
        // phasor at an event time te is one rotation by (cos omega te, sin omega te), shared by all neurons of the event.
        public double[] Ca = [];
        public double[] Sa = [];
        public double Ec, Es, EcEnd, EsEnd, CosThreshold, SinEps;

        // Per event: the rotation to te, and the cosine of the angle beyond which a spike can still fall before T.
        public void SetEvent(in ThetaConstants th, double te, double trial)
        {
            (Es, Ec) = Math.SinCos(th.R * te / th.TauMs);
            double psi = th.R * (th.PeriodMs - (trial - te)) / th.TauMs;
            CosThreshold = psi <= 0 ? 2.0 : Math.Cos(psi);
            SinEps = Math.Sin(th.R * th.EpsilonMs / th.TauMs);
        }

        // The phase (ms, in [0, Theta]) at the time whose rotation is (ec, es).
        public double PhaseAt(in ThetaConstants th, int j, double ec, double es)
        {
            double c = (Ca[j] * ec) - (Sa[j] * es);
            double s = Math.Max((Sa[j] * ec) + (Ca[j] * es), 0.0);
            return th.TauMs / th.R * Math.Atan2(s, c);
        }

        public void Ensure(int n, int firstLayer)
        {
            if (Next.Length < n)
            {
                Next = new double[n];
                LamV = new double[n];
                LamI = new double[n];
                LamU = new double[n];
                LamRho = new double[n];
                Ca = new double[n];
                Sa = new double[n];
            }

            if (Acc.Length < firstLayer)
            {
                Acc = new double[firstLayer];
            }
        }
    }
}
