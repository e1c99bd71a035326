namespace Lapicque.Learning.Training;

/// <summary>
/// Training produced a NaN or infinite loss or gradient. It is thrown before the optimizer step, so the parameters
/// still hold the last good values.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a message naming where the divergence was seen.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }
}
