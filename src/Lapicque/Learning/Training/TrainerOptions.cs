using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;

namespace Lapicque.Learning.Training;

/// <summary>Settings of a <see cref="SurrogateTrainer"/>.</summary>
public sealed record TrainerOptions
{
    /// <summary>Time steps T per sample (&gt;= 1). Default 25.</summary>
    public int Steps { get; init; } = 25;

    /// <summary>Run seed: the encoder's spikes of every sample of every epoch derive from it.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Truncated BPTT window in steps, or null for full BPTT. With a window K &lt; T the sequence is run K steps at a
    /// time, carrying the state forward; each window gets its own loss and backward pass (gradients accumulate), so the
    /// tape holds K steps.
    /// </summary>
    public int? TruncationWindow { get; init; }

    /// <summary>Learning-rate schedule, indexed by epoch (0-based). Default constant.</summary>
    public LearningRateSchedule Schedule { get; init; } = new LearningRateSchedule.Constant();

    /// <summary>Global gradient-norm limit, or null for no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Spike-rate penalties on the hidden spiking layers, or null.</summary>
    public SpikeRateRegularizer? Regularizer { get; init; }

    /// <summary>Checks the ranges.</summary>
    public void Validate()
    {
        Lapicque.Check.That(Steps >= 1, nameof(Steps), ">= 1", Steps);
        if (TruncationWindow is { } k)
        {
            Lapicque.Check.That(k >= 1, nameof(TruncationWindow), ">= 1", k);
        }

        if (ClipNorm is { } c)
        {
            Lapicque.Check.Positive(c, nameof(ClipNorm));
        }

        Regularizer?.Validate();
    }
}
