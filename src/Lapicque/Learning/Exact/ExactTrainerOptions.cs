namespace Lapicque.Learning.Exact;

/// <summary>Options of <see cref="ExactTrainer"/>; the defaults are the authors' MNIST setting (spec 2.7 d).</summary>
public sealed record ExactTrainerOptions
{
    /// <summary>"adam" or "adabelief" (beta1 0.9, beta2 0.999).</summary>
    public string Optimizer { get; init; } = "adabelief";

    /// <summary>Initial learning rate (&gt; 0).</summary>
    public double LearningRate { get; init; } = 4e-3;

    /// <summary>
    /// Continuous exponential decay: the rate is LearningRate exp(-epochs / DecayEpochs), epochs counted in fractional
    /// steps (&gt; 0; +infinity for none; the authors use 100).
    /// </summary>
    public double DecayEpochs { get; init; } = 100.0;

    /// <summary>Samples per optimizer step (&gt;= 1).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Element-wise gradient clipping bound (&gt; 0), or 0 for none.</summary>
    public double ClipValue { get; init; }

    /// <summary>Whether the initial states (theta: the initial phases, clipped to [0, Theta]; QIF: V0 and I0) are trained.</summary>
    public bool TrainInitialState { get; init; } = true;

    /// <summary>The loss.</summary>
    public FirstSpikeCrossEntropy Loss { get; init; } = new();

    /// <summary>Seed of the shuffling.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Optimizer is not ("adam" or "adabelief"))
        {
            throw new ArgumentException($"Optimizer must be 'adam' or 'adabelief'; was '{Optimizer}'.");
        }

        Check.Positive(LearningRate);
        Check.That(DecayEpochs > 0, nameof(DecayEpochs), "> 0", DecayEpochs);
        Check.That(BatchSize >= 1, nameof(BatchSize), ">= 1", BatchSize);
        Check.That(ClipValue >= 0, nameof(ClipValue), ">= 0", ClipValue);
        Check.That(Loss.Gamma >= 0, "Loss.Gamma", ">= 0", Loss.Gamma);
        Check.Positive(Loss.TemperatureMs, "Loss.TemperatureMs");
    }
}
