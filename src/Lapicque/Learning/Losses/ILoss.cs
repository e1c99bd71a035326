using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>
/// A classification loss on the output sequence of a network, [T, B, C] (time-major; C classes).
/// </summary>
public interface ILoss
{
    /// <summary>
    /// Computes the loss averaged over the batch, overwrites <paramref name="gradient"/> with dL/doutput, and writes the
    /// predicted class of each sample.
    /// </summary>
    /// <param name="output">The network output [T, B, C] (spikes or membranes).</param>
    /// <param name="labels">B class labels in [0, C).</param>
    /// <param name="gradient">Same shape as <paramref name="output"/>; overwritten.</param>
    /// <param name="predictions">B predicted classes; overwritten.</param>
    /// <returns>The mean loss over the batch.</returns>
    /// <exception cref="ArgumentException">The shapes disagree or a label is out of range.</exception>
    double Evaluate(Tensor output, ReadOnlySpan<int> labels, Tensor gradient, Span<int> predictions);
}
