namespace Lapicque.Learning.Training;

/// <summary>What one epoch of training (or one evaluation pass) measured.</summary>
/// <param name="Epoch">Epoch index (0-based).</param>
/// <param name="Loss">Mean loss per batch (without the regulariser).</param>
/// <param name="Accuracy">Fraction of samples classified correctly, in [0, 1].</param>
/// <param name="Samples">Number of samples seen.</param>
/// <param name="Seconds">Wall-clock time of the pass.</param>
/// <param name="SpikesPerNeuron">Mean spikes per spiking neuron per sample (over all T steps).</param>
/// <param name="LearningRate">The learning rate used (0 for an evaluation).</param>
/// <param name="Validation">The validation pass after this epoch, or null.</param>
public sealed record EpochResult(
    int Epoch, double Loss, double Accuracy, int Samples, double Seconds, double SpikesPerNeuron, double LearningRate, EpochResult? Validation = null)
{
    /// <summary>Throughput in samples per second.</summary>
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}
