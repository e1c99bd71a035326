using Lapicque.Networks;

namespace Lapicque.Cli.Commands;

/// <summary>
/// What <c>lapicque analyze</c> reads from a run folder, whatever wrote it: the built network (weights and fan-outs as in
/// the run), the clock, per-neuron spike counts and the pooled spikes per step. An <see cref="IAnalyzeRunSource"/> makes
/// one from a folder.
/// </summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Kind">What wrote it (for example "simulate").</param>
/// <param name="Network">The network, built with the run's seed.</param>
/// <param name="DtMs">Time step in ms.</param>
/// <param name="Steps">Time steps per sample.</param>
/// <param name="Samples">Samples (inferences) the counts add up over; 1 for a simulation.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="NeuronCounts">Spikes per neuron per population over all samples; null where the population was not recorded.</param>
/// <param name="StepCounts">Spikes of all recorded neurons per step, for criticality; null when the source has no spike times.</param>
/// <param name="Warnings">Caveats on the recording (for example populations whose spikes were not recorded).</param>
internal sealed record AnalyzeRun(
    string Folder,
    string Kind,
    Network Network,
    double DtMs,
    long Steps,
    int Samples,
    ulong Seed,
    long[]?[] NeuronCounts,
    long[]? StepCounts,
    IReadOnlyList<string> Warnings);
