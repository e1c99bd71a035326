namespace Lapicque.Learning.Optimizers;

/// <summary>The learning rate as a function of the epoch (0-based) or step, from a base rate.</summary>
public abstract record LearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="index"/> (epoch or step, as the trainer documents).</summary>
    public abstract double Rate(double baseRate, long index);

    /// <summary>Always the base rate.</summary>
    public sealed record Constant : LearningRateSchedule
    {
        /// <inheritdoc/>
        public override double Rate(double baseRate, long index) => baseRate;
    }

    /// <summary>Multiplied by <paramref name="Gamma"/> every <paramref name="Every"/> indices (PyTorch StepLR).</summary>
    public sealed record StepDecay(int Every, double Gamma) : LearningRateSchedule
    {
        /// <inheritdoc/>
        public override double Rate(double baseRate, long index) => baseRate * Math.Pow(Gamma, index / Math.Max(1, Every));
    }

    /// <summary>Multiplied by <paramref name="Gamma"/> at every index (exponential decay, PyTorch ExponentialLR).</summary>
    public sealed record Exponential(double Gamma) : LearningRateSchedule
    {
        /// <inheritdoc/>
        public override double Rate(double baseRate, long index) => baseRate * Math.Pow(Gamma, index);
    }

    /// <summary>
    /// Cosine annealing from the base rate to <paramref name="MinRate"/> over <paramref name="Total"/> indices (PyTorch
    /// CosineAnnealingLR without restarts): min + (base - min)(1 + cos(pi i / total)) / 2.
    /// </summary>
    public sealed record Cosine(long Total, double MinRate = 0) : LearningRateSchedule
    {
        /// <inheritdoc/>
        public override double Rate(double baseRate, long index) =>
            MinRate + ((baseRate - MinRate) * (1 + Math.Cos(Math.PI * Math.Min(index, Total) / Math.Max(1, Total))) / 2);
    }
}
