using Lapicque.Neurons;

namespace Lapicque.Learning.Plasticity.DiehlCook;

/// <summary>
/// Constants of the Diehl &amp; Cook (2015) network: Poisson input layer, conductance-based excitatory neurons with an
/// adaptive threshold, one inhibitory neuron per excitatory neuron, online-trace STDP on the input weights. Defaults are
/// the paper's (and its published Brian code's) values; times in ms, potentials in mV, rates in Hz.
/// </summary>
public sealed record DiehlCookParameters
{
    /// <summary>Number of excitatory (and of inhibitory) neurons; &gt;= 1.</summary>
    public int Excitatory { get; init; } = 100;

    /// <summary>Number of input pixels (784 for MNIST); &gt;= 1.</summary>
    public int Inputs { get; init; } = 784;

    /// <summary>Integration step in ms; the paper used 0.5 ms.</summary>
    public double DtMs { get; init; } = 0.5;

    /// <summary>Presentation time of one image in ms (paper 350).</summary>
    public double PresentMs { get; init; } = 350;

    /// <summary>Rest between images in ms (paper 150). The rest is not simulated step by step: all fast variables are
    /// reset to their resting values (they decay with time constants of at most 40 ms, so 150 ms leaves them near zero),
    /// and the slow threshold decays analytically over it.</summary>
    public double RestMs { get; init; } = 150;

    /// <summary>Input rate per unit pixel intensity in Hz: rate = intensity (in [0, 1]) x MaxRateHz; paper 255/4 = 63.75.</summary>
    public double MaxRateHz { get; init; } = 63.75;

    /// <summary>Fewer excitatory spikes than this in a presentation re-presents the image with a higher rate (paper 5).</summary>
    public int MinSpikes { get; init; } = 5;

    /// <summary>Rate boost per re-presentation, added to the multiplier of MaxRateHz: the paper's intensity 2 -> 3 -> 4 in
    /// units of pixel/8 Hz is a step of 0.5.</summary>
    public double RateBoost { get; init; } = 0.5;

    /// <summary>Re-presentations allowed before an image is given up (keeps a silent network from looping forever).</summary>
    public int MaxBoosts { get; init; } = 20;

    /// <summary>Excitatory membrane time constant (paper 100 ms), rest -65, reset -65, threshold -52 mV, refractory 5 ms.</summary>
    public double ExcTauMemMs { get; init; } = 100;

    /// <summary>Excitatory resting potential in mV.</summary>
    public double ExcRestMv { get; init; } = -65;

    /// <summary>Excitatory reset potential in mV.</summary>
    public double ExcResetMv { get; init; } = -65;

    /// <summary>Excitatory base threshold v_thresh in mV (-52). A neuron fires when v &gt; ExcThresholdMv - ThetaOffsetMv + theta.</summary>
    public double ExcThresholdMv { get; init; } = -52;

    /// <summary>
    /// The offset of the authors' Brian code (20 mV): the excitatory threshold is v_thresh - offset + theta, with theta
    /// starting at <see cref="InitialThetaMv"/> (also 20 mV). The threshold therefore starts at v_thresh, but the initial
    /// theta decays with TauThetaMs like the rest of theta, which lowers every threshold by up to the offset over
    /// training (by 20 (1 - exp(-t / TauThetaMs)) mV: 10.5 mV after 15,000 images of 500 ms, 19 mV after 60,000).
    /// Without it the thresholds only rise and the network falls silent as it trains. Must be finite.
    /// </summary>
    public double ThetaOffsetMv { get; init; } = 20;

    /// <summary>theta of every excitatory neuron before training, in mV (the Brian code's 20 mV). Must be finite.</summary>
    public double InitialThetaMv { get; init; } = 20;

    /// <summary>Excitatory refractory period in ms.</summary>
    public double ExcRefractoryMs { get; init; } = 5;

    /// <summary>
    /// What the excitatory refractory period does. False (default), as the authors' code runs under Brian 1.4: Brian
    /// applies no clamp with a string reset (v = v_reset; theta += theta+), so the membrane integrates from the reset
    /// value straight away and only spikes are blocked for ExcRefractoryMs (a strongly driven neuron fires every
    /// 5 ms). True: the membrane is held at the reset value for ExcRefractoryMs, the paper's text and the library's
    /// kernels.
    /// </summary>
    public bool ExcRefractoryHoldsMembrane { get; init; }

    /// <summary>Adaptive-threshold increment theta+ per spike in mV (paper 0.05); &gt; 0.</summary>
    public double ThetaPlusMv { get; init; } = 0.05;

    /// <summary>Adaptive-threshold decay time constant in ms (paper 1e7). theta decays during training only (presentation
    /// and rest, 500 ms per image); with fixed weights it is held. The decay is applied once per presentation, exactly
    /// (theta x exp(-(PresentMs + RestMs) / TauThetaMs), in double): a per-step float factor exp(-0.5 / 1e7) rounds to
    /// 1 - 6e-8 and the product to the float grid, which decays theta 1.2 to 2 times too fast or not at all.</summary>
    public double TauThetaMs { get; init; } = 1e7;

    /// <summary>Inhibitory membrane time constant (paper 10 ms), rest -60, reset -45, threshold -40 mV, refractory 2 ms.</summary>
    public double InhTauMemMs { get; init; } = 10;

    /// <summary>Inhibitory resting potential in mV.</summary>
    public double InhRestMv { get; init; } = -60;

    /// <summary>Inhibitory reset potential in mV.</summary>
    public double InhResetMv { get; init; } = -45;

    /// <summary>Inhibitory threshold in mV.</summary>
    public double InhThresholdMv { get; init; } = -40;

    /// <summary>Inhibitory refractory period in ms.</summary>
    public double InhRefractoryMs { get; init; } = 2;

    /// <summary>Excitatory conductance decay time constant (1 ms) and reversal potential (0 mV).</summary>
    public double TauGeMs { get; init; } = 1;

    /// <summary>Inhibitory conductance decay time constant (2 ms).</summary>
    public double TauGiMs { get; init; } = 2;

    /// <summary>Excitatory reversal potential in mV.</summary>
    public double ExcReversalMv { get; init; }

    /// <summary>Inhibitory reversal potential on excitatory neurons in mV (paper -100).</summary>
    public double ExcInhReversalMv { get; init; } = -100;

    /// <summary>Inhibitory reversal potential on inhibitory neurons in mV (paper -85; unused, no I-to-I synapses).</summary>
    public double InhInhReversalMv { get; init; } = -85;

    /// <summary>One-to-one excitatory-to-inhibitory weight (conductance in units of the leak, paper 10.4).</summary>
    public double ExcToInhWeight { get; init; } = 10.4;

    /// <summary>All-to-all-but-self inhibitory-to-excitatory weight (paper 17).</summary>
    public double InhToExcWeight { get; init; } = 17;

    /// <summary>Initial input weights are uniform in [0, InitialWeightMax) (paper 0.3).</summary>
    public double InitialWeightMax { get; init; } = 0.3;

    /// <summary>Sum of incoming input weights per excitatory neuron after normalisation (paper 78).</summary>
    public double NormalisationTotal { get; init; } = 78;

    /// <summary>The STDP rule on input weights: the paper's online traces (pre 20 ms, post1 20 ms, post2 40 ms, nearest
    /// spike), nu_pre 1e-4, nu_post 1e-2, weights clipped to [0, 1]: <see cref="TripletStdpParameters.DiehlCook"/>.</summary>
    public TripletStdpParameters Stdp { get; init; } = TripletStdpParameters.DiehlCook;

    /// <summary>Presentation length in steps.</summary>
    public int PresentSteps => (int)Math.Round(PresentMs / DtMs);

    /// <summary>
    /// Excitatory neurons: the library's adaptive LIF with the adaptation a = (theta - ThetaOffsetMv) / ThetaPlusMv, so that
    /// its threshold ExcThresholdMv + ThetaPlusMv a is the Brian code's v_thresh - offset + theta and a += 1 per spike is
    /// theta += theta+. The network decays theta itself, once per presentation (see <see cref="TauThetaMs"/>).
    /// </summary>
    public AdaptiveLifParameters ExcitatoryNeuron => new()
    {
        TauMemMs = ExcTauMemMs, TauAdaptMs = TauThetaMs, RestMv = ExcRestMv, ThresholdMv = ExcThresholdMv,
        AdaptationMv = ThetaPlusMv, ResetMv = ExcResetMv, InitialMv = ExcRestMv, RefractoryMs = ExcRefractoryMs,
        Reset = ResetMode.ToValue, Input = InputMode.Current,
    };

    /// <summary>Inhibitory neurons: the same kernel with no adaptation.</summary>
    public AdaptiveLifParameters InhibitoryNeuron => new()
    {
        TauMemMs = InhTauMemMs, TauAdaptMs = 1, RestMv = InhRestMv, ThresholdMv = InhThresholdMv, AdaptationMv = 0,
        ResetMv = InhResetMv, InitialMv = InhRestMv, RefractoryMs = InhRefractoryMs, Reset = ResetMode.ToValue,
        Input = InputMode.Current,
    };

    /// <summary>Throws when a field is out of range; the message names the field, the expectation and the value.</summary>
    public void Validate()
    {
        Check.That(Excitatory >= 1, nameof(Excitatory), ">= 1", Excitatory);
        Check.That(Inputs >= 1, nameof(Inputs), ">= 1", Inputs);
        Check.Positive(DtMs);
        Check.That(PresentMs >= DtMs, nameof(PresentMs), $">= DtMs ({Check.Format(DtMs)})", PresentMs);
        Check.NonNegative(RestMs);
        Check.Positive(MaxRateHz);
        Check.That(MaxRateHz * DtMs / 1000.0 <= 1.0, nameof(MaxRateHz), "<= 1000 / DtMs (at most one spike per step)", MaxRateHz);
        Check.That(MinSpikes >= 0, nameof(MinSpikes), ">= 0", MinSpikes);
        Check.NonNegative(RateBoost);
        Check.That(MaxBoosts >= 0, nameof(MaxBoosts), ">= 0", MaxBoosts);
        Check.Positive(TauGeMs);
        Check.Positive(TauGiMs);
        Check.NonNegative(ExcToInhWeight);
        Check.NonNegative(InhToExcWeight);
        Check.NonNegative(InitialWeightMax);
        Check.Positive(NormalisationTotal);
        Check.Positive(ThetaPlusMv);
        Check.Positive(TauThetaMs);
        Check.Finite(ThetaOffsetMv);
        Check.Finite(InitialThetaMv);
        ArgumentNullException.ThrowIfNull(Stdp);
        Stdp.Validate();
        ExcitatoryNeuron.Validate();
        InhibitoryNeuron.Validate();
    }
}
