using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity.DiehlCook;

/// <summary>
/// The Diehl &amp; Cook (2015) unsupervised MNIST network as a specialised fast loop: the learned state (input weights and
/// adaptive thresholds) plus training (<see cref="Train(ReadOnlySpan{float}, Span{int})"/>) and fixed-weight responses (<see cref="Respond"/>).
/// Dynamics: exact conductance-based membranes with the adaptive threshold of the authors' Brian code (threshold
/// v_thresh - 20 mV + theta, theta from 20 mV, += ThetaPlusMv per spike, decaying with TauThetaMs; spikes blocked, membrane
/// free during the refractory period), <see cref="Neurons.AdaptiveLif"/> for the inhibitory layer, <see cref="Simulation.ReceptorKernels"/> conductances, the
/// <see cref="TripletStdp"/> rule with the <see cref="TripletStdpParameters.DiehlCook"/> preset and
/// <see cref="WeightNormalisation.Normalise"/> (sum of each neuron's input weights = NormalisationTotal before every
/// presentation). Training is sequential (every image changes the weights); responses with fixed weights are
/// independent per image and run in parallel in <see cref="DiehlCookEvaluation"/>.
/// </summary>
public sealed class DiehlCookNetwork
{
    private readonly DiehlCookState _state;
    private readonly TripletStdp _stdp;
    private readonly Rng _rng;

    /// <summary>Creates the network with input weights uniform in [0, InitialWeightMax) and theta = InitialThetaMv, from <paramref name="seed"/>.</summary>
    public DiehlCookNetwork(DiehlCookParameters parameters, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        var init = Rng.ForStream(seed, 0);
        var w = new float[parameters.Inputs * parameters.Excitatory];
        init.FillUniform(w, 0f, (float)parameters.InitialWeightMax);
        Weights = SynapseMatrix.Dense(parameters.Inputs, parameters.Excitatory, w);
        Adaptation = new float[parameters.Excitatory];
        Array.Fill(Adaptation, (float)((parameters.InitialThetaMv - parameters.ThetaOffsetMv) / parameters.ThetaPlusMv));
        _rng = Rng.ForStream(seed, 1);
        _state = new DiehlCookState(parameters);
        _stdp = new TripletStdp(parameters.Stdp);
        var projection = new Projection { Name = "input_exc", Source = "input", Target = "exc", Connectivity = new Connectivity.All() };
        _stdp.Bind(new PlasticityContext(projection, Weights, parameters.Inputs, parameters.Excitatory, parameters.DtMs));
    }

    /// <summary>The constants the network was built with.</summary>
    public DiehlCookParameters Parameters { get; }

    /// <summary>Input-to-excitatory weights, dense Inputs x Excitatory (row = input pixel), in [0, 1].</summary>
    public SynapseMatrix Weights { get; }

    /// <summary>
    /// Threshold adaptation a per excitatory neuron, a = (theta - ThetaOffsetMv) / ThetaPlusMv: the threshold is
    /// ExcThresholdMv + ThetaPlusMv x a = ExcThresholdMv - ThetaOffsetMv + theta.
    /// </summary>
    public float[] Adaptation { get; }

    /// <summary>Images presented so far by <see cref="Train(ReadOnlySpan{float}, Span{int})"/> (re-presentations not counted).</summary>
    public long ImagesTrained { get; private set; }

    /// <summary>Re-presentations caused by the rate boost so far.</summary>
    public long Boosts { get; private set; }

    /// <summary>Sets the image and boost counters, for a network restored from a checkpoint (both &gt;= 0).</summary>
    public void RestoreCounters(long imagesTrained, long boosts)
    {
        Check.That(imagesTrained >= 0, nameof(imagesTrained), ">= 0", imagesTrained);
        Check.That(boosts >= 0, nameof(boosts), ">= 0", boosts);
        ImagesTrained = imagesTrained;
        Boosts = boosts;
    }

    /// <summary>theta in mV per excitatory neuron (a copy): ThetaOffsetMv + ThetaPlusMv x a.</summary>
    public float[] ThetaMv()
    {
        var t = new float[Adaptation.Length];
        for (int j = 0; j < t.Length; j++)
        {
            t[j] = (float)(Parameters.ThetaOffsetMv + (Adaptation[j] * Parameters.ThetaPlusMv));
        }

        return t;
    }

    /// <summary>Firing threshold in mV per excitatory neuron (a copy): ExcThresholdMv - ThetaOffsetMv + theta.</summary>
    public float[] ThresholdMv()
    {
        var t = new float[Adaptation.Length];
        for (int j = 0; j < t.Length; j++)
        {
            t[j] = (float)(Parameters.ExcThresholdMv + (Adaptation[j] * Parameters.ThetaPlusMv));
        }

        return t;
    }

    /// <summary>
    /// Learns from one image (intensities in [0, 1], length Inputs): normalise the weights, present for PresentMs with
    /// STDP on; while fewer than MinSpikes excitatory spikes occur, rest and re-present with the rate multiplier raised by
    /// RateBoost (at most MaxBoosts times); then rest. Writes the last presentation's spike counts to
    /// <paramref name="counts"/> (length Excitatory) and returns the number of presentations used.
    /// </summary>
    public int Train(ReadOnlySpan<float> image, Span<int> counts) => Train(image, counts, _rng);

    /// <summary>
    /// <see cref="Train(ReadOnlySpan{float}, Span{int})"/> with the Poisson input drawn from <paramref name="rng"/>, for
    /// callers that key the randomness by (epoch, image) so that a resumed run repeats an uninterrupted one.
    /// </summary>
    public int Train(ReadOnlySpan<float> image, Span<int> counts, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckLengths(image, counts);
        int presentations = 0;
        double scale = 1.0;
        while (true)
        {
            WeightNormalisation.Normalise(Weights, Parameters.NormalisationTotal);
            counts.Clear();
            int total = _state.Present(image, scale, rng, Weights.Weights, Adaptation, _stdp, counts);
            presentations++;
            Rest();
            if (total >= Parameters.MinSpikes || presentations > Parameters.MaxBoosts)
            {
                break;
            }

            scale += Parameters.RateBoost;
            Boosts++;
        }

        ImagesTrained++;
        return presentations;
    }

    /// <summary>
    /// Spike counts of the excitatory neurons for one image with the weights and thresholds fixed (theta is restored after
    /// the presentation), the same rate boost as training. Thread-safe as long as nobody trains meanwhile; randomness from
    /// <paramref name="rng"/>.
    /// </summary>
    public void Respond(ReadOnlySpan<float> image, Span<int> counts, Rng rng) => RespondWith(image, counts, rng, new DiehlCookState(Parameters), new float[Parameters.Excitatory]);

    internal void RespondWith(ReadOnlySpan<float> image, Span<int> counts, Rng rng, DiehlCookState state, float[] adaptation)
    {
        CheckLengths(image, counts);
        double scale = 1.0;
        for (int presentations = 0; ; presentations++)
        {
            Array.Copy(Adaptation, adaptation, adaptation.Length);
            state.Rest();
            counts.Clear();
            int total = state.Present(image, scale, rng, Weights.Weights, adaptation, null, counts);
            if (total >= Parameters.MinSpikes || presentations >= Parameters.MaxBoosts)
            {
                return;
            }

            scale += Parameters.RateBoost;
        }
    }

    private void Rest()
    {
        _state.Rest();
        _state.DecayTheta(Adaptation);
        _stdp.Reset();
    }

    private void CheckLengths(ReadOnlySpan<float> image, Span<int> counts)
    {
        if (image.Length != Parameters.Inputs)
        {
            throw new ArgumentException($"image length must be Inputs ({Parameters.Inputs}); was {image.Length}.", nameof(image));
        }

        if (counts.Length != Parameters.Excitatory)
        {
            throw new ArgumentException($"counts length must be Excitatory ({Parameters.Excitatory}); was {counts.Length}.", nameof(counts));
        }
    }
}
