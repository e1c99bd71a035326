namespace Lapicque.Learning.Exact.Experiments;

/// <summary>Settings of <see cref="RecurrentExperiment"/>; the defaults are the authors' (spec 2.7 c).</summary>
public sealed record RecurrentOptions
{
    /// <summary>Number of QIF neurons in the recurrent layer (&gt;= 1).</summary>
    public int Neurons { get; init; } = 10;

    /// <summary>How many of them (the first ones) must match a target spike train (1 to <see cref="Neurons"/>, at most the target rates given).</summary>
    public int TargetNeurons { get; init; } = 2;

    /// <summary>Rates (1/ms) of the Poisson target trains, one per target neuron.</summary>
    public IReadOnlyList<double> TargetRates { get; init; } = [1.0, 0.5];

    /// <summary>Dead time (ms, &gt;= 0) added to every target inter-spike interval after the first.</summary>
    public double TargetDeadTimeMs { get; init; } = 1.0;

    /// <summary>Trial length T (ms, &gt; 0; tau = 1 ms).</summary>
    public double TrialMs { get; init; } = 10.0;

    /// <summary>Rate (1/ms, &gt; 0) of each neuron's excitatory and of its inhibitory Poisson input.</summary>
    public double InputRate { get; init; } = 1.0;

    /// <summary>Weight (&gt; 0) of the excitatory input; the inhibitory one has minus this.</summary>
    public double InputWeight { get; init; } = 5.0;

    /// <summary>Training trials (&gt;= 1); the input and the targets are the same in every trial.</summary>
    public int Trials { get; init; } = 10_000;

    /// <summary>Initial AdaBelief learning rate (&gt; 0).</summary>
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>The learning rate decays by 1/e every this many trials (&gt; 0).</summary>
    public double DecayTrials { get; init; } = 2000;

    /// <summary>Seed of the input and target trains.</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Slope of the ramp pseudodynamics (&gt;= 0; 0 is the authors' constant drive).</summary>
    public double RampSlope { get; init; }

    /// <summary>Cap on events per trial (&gt;= 1).</summary>
    public int MaxEvents { get; init; } = 5000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check.That(Neurons >= 1, nameof(Neurons), ">= 1", Neurons);
        Check.That(TargetNeurons >= 1 && TargetNeurons <= Neurons, nameof(TargetNeurons), $"in [1, {Neurons}] (Neurons)", TargetNeurons);
        ArgumentNullException.ThrowIfNull(TargetRates);
        Check.That(TargetRates.Count >= TargetNeurons, "TargetRates.Count", $">= TargetNeurons ({TargetNeurons})", TargetRates.Count);
        for (int i = 0; i < TargetNeurons; i++)
        {
            Check.That(TargetRates[i] > 0 && double.IsFinite(TargetRates[i]), $"TargetRates[{i}]", "finite and > 0", TargetRates[i]);
        }

        Check.NonNegative(TargetDeadTimeMs, nameof(TargetDeadTimeMs));
        Check.Positive(TrialMs, nameof(TrialMs));
        Check.Positive(InputRate, nameof(InputRate));
        Check.Positive(InputWeight, nameof(InputWeight));
        Check.That(Trials >= 1, nameof(Trials), ">= 1", Trials);
        Check.Positive(LearningRate, nameof(LearningRate));
        Check.Positive(DecayTrials, nameof(DecayTrials));
        Check.That(RampSlope >= 0 && double.IsFinite(RampSlope), nameof(RampSlope), "finite and >= 0", RampSlope);
        Check.That(MaxEvents >= 1, nameof(MaxEvents), ">= 1", MaxEvents);
    }
}
