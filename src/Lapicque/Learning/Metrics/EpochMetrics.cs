namespace Lapicque.Learning.Metrics;

/// <summary>
/// One row of a run's metrics.csv. Losses are per sample, accuracies fractions in [0, 1], the learning rate the one
/// used during the epoch. A quantity that was not measured is NaN (written as an empty CSV field).
/// </summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="ValidationLoss">Mean validation loss.</param>
/// <param name="ValidationAccuracy">Validation accuracy.</param>
/// <param name="LearningRate">Learning rate.</param>
/// <param name="SamplesPerSecond">Training throughput, samples per second of wall-clock time.</param>
/// <param name="SpikesPerNeuron">Mean number of spikes per neuron per sample.</param>
/// <param name="Seconds">Wall-clock duration of the epoch in seconds.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss = double.NaN,
    double ValidationAccuracy = double.NaN,
    double LearningRate = double.NaN,
    double SamplesPerSecond = double.NaN,
    double SpikesPerNeuron = double.NaN,
    double Seconds = double.NaN);
