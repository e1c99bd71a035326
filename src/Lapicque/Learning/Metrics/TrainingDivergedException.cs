using System.Globalization;

namespace Lapicque.Learning.Metrics;

/// <summary>
/// Training produced a value that is not finite (NaN or infinity). The message names the epoch, the step, the
/// quantity (for example "loss" or "gradient of fc1.weight[123]") and the value; trainers stop without overwriting
/// the last good checkpoint.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(int epoch, long step, string quantity, double value)
        : base(string.Create(CultureInfo.InvariantCulture, $"Training diverged at epoch {epoch}, step {step}: {quantity} is {value}. Try a lower learning rate or gradient clipping; the last good checkpoint is kept."))
    {
        Epoch = epoch;
        Step = step;
        Quantity = quantity;
        Value = value;
    }

    /// <summary>The epoch (as counted by the trainer) in which the value appeared.</summary>
    public int Epoch { get; }

    /// <summary>The training step (mini-batch) in which it appeared.</summary>
    public long Step { get; }

    /// <summary>What was not finite.</summary>
    public string Quantity { get; }

    /// <summary>The offending value (NaN or an infinity).</summary>
    public double Value { get; }
}
