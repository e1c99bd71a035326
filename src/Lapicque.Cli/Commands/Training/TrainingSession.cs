using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Metrics;

namespace Lapicque.Cli.Commands.Training;

/// <summary>
/// One trainer's side of <c>lapicque train</c> and <c>lapicque evaluate</c>. The commands own everything that is the same
/// for every trainer: the run folder, the epoch loop, checkpoints (written atomically, best by validation accuracy),
/// <c>--resume</c>, the divergence record and the report. A session owns what differs: its part of the experiment file,
/// the model, the data, one epoch of training with progress, what goes into a checkpoint, and the test measurement.
/// </summary>
/// <remarks>
/// A trainer registers a factory in <see cref="TrainingSessions"/>; the factory parses the whole experiment file (its
/// own fields included) and throws <see cref="FileFormatException"/> for a bad file. Sessions are deterministic: data
/// order and random draws are functions of (seed, epoch, batch), so the checkpointed state is the whole state and a
/// resumed run equals an uninterrupted one bit for bit.
/// </remarks>
internal abstract class TrainingSession
{
    /// <summary>Experiment name (run folders are named after it).</summary>
    public abstract string Name { get; }

    /// <summary>Trainer name, as in the experiment file.</summary>
    public abstract string Trainer { get; }

    /// <summary>Epochs the experiment file asks for.</summary>
    public abstract int Epochs { get; }

    /// <summary>Worker threads the file asks for (0 = all cores).</summary>
    public virtual int Threads => 0;

    /// <summary>One line on the report under its title (trainer, coding, optimizer).</summary>
    public abstract string ReportSubtitle { get; }

    /// <summary>Loads the training, validation and test data (throws <see cref="DatasetException"/>).</summary>
    public abstract void LoadTrainingData(string? dataDir);

    /// <summary>Loads the test data only (throws <see cref="DatasetException"/>).</summary>
    public abstract LabeledDataset LoadTestData(string? dataDir);

    /// <summary>One line printed before training: data sizes, parameter count, trial length, threads.</summary>
    public abstract string Describe(int epochs);

    /// <summary>
    /// Trains epoch <paramref name="epoch"/> (0-based) with a progress bar and validates; <paramref name="step"/> counts
    /// optimizer steps. Throws <see cref="TrainingDivergedException"/> when a loss, gradient or weight stops being finite.
    /// </summary>
    public abstract EpochMetrics RunEpoch(CliContext context, int epoch, int epochs, ref long step);

    /// <summary>Adds the trainable state (parameters, optimizer moments, anything else learned) to a checkpoint.</summary>
    public abstract void Save(Checkpoint checkpoint);

    /// <summary>Restores what <see cref="Save"/> wrote; <paramref name="optimizer"/> false restores the model only.</summary>
    public abstract void Restore(Checkpoint checkpoint, bool optimizer);

    /// <summary>Measures the model on <paramref name="data"/> without training.</summary>
    public abstract EvaluateCommand.Measurement Measure(LabeledDataset data);

    /// <summary>
    /// Figures of the untrained model worth keeping beside the result (for example the fraction of silent neurons before
    /// training), measured on <paramref name="test"/> once, before the first epoch of a fresh run. Default: none.
    /// </summary>
    public virtual IReadOnlyList<(string Name, double Value)> Baseline(LabeledDataset test) => [];

    /// <summary>
    /// Writes the trainer's own figures of the trained model (for example learned receptive fields) to
    /// <paramref name="folder"/> for <c>lapicque evaluate</c>; returns their file names. Default: none.
    /// </summary>
    public virtual IReadOnlyList<string> WriteFigures(string folder) => [];

    /// <summary>What a spike count per neuron is counted over, for printing (for example "25 steps").</summary>
    public abstract string TrialDescription { get; }
}
