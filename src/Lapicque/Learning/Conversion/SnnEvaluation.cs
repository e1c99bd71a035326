namespace Lapicque.Learning.Conversion;

/// <summary>Accuracy and synaptic operations of a converted network at each evaluated number of steps.</summary>
/// <param name="Steps">The evaluated T values, ascending.</param>
/// <param name="Accuracy">Fraction correct at each T.</param>
/// <param name="SynapticOperationsPerSample">Mean synaptic operations per sample over the first T steps.</param>
/// <param name="Samples">Samples evaluated.</param>
public sealed record SnnEvaluation(int[] Steps, double[] Accuracy, double[] SynapticOperationsPerSample, int Samples);
