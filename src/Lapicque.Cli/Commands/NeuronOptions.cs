using Lapicque.Neurons;

namespace Lapicque.Cli.Commands;

/// <summary>The validated settings of <c>lapicque neuron</c>.</summary>
/// <param name="Model">The registered model.</param>
/// <param name="Preset">Preset name, or null for the defaults.</param>
/// <param name="Parameters">The parameter record after preset and --param assignments, validated.</param>
/// <param name="Assignments">The --param assignments as given.</param>
/// <param name="Current">Input amplitude in the model's input unit.</param>
/// <param name="OnsetMs">Time the input switches on.</param>
/// <param name="OffsetMs">Time the input switches off.</param>
/// <param name="DurationMs">Simulated time.</param>
/// <param name="DtMs">Time step.</param>
/// <param name="NoiseSd">Standard deviation of Gaussian input noise per step (input unit); 0 for none.</param>
/// <param name="Seed">Seed of the noise.</param>
/// <param name="Every">Record every n-th step in trace.csv.</param>
/// <param name="OutDir">Output folder.</param>
internal sealed record NeuronOptions(
    NeuronModelInfo Model,
    string? Preset,
    INeuronModel Parameters,
    IReadOnlyList<KeyValuePair<string, string>> Assignments,
    double Current,
    double OnsetMs,
    double OffsetMs,
    double DurationMs,
    double DtMs,
    double NoiseSd,
    ulong Seed,
    long Every,
    string OutDir)
{
    /// <summary>Number of steps: round(duration / dt).</summary>
    public long Steps => (long)Math.Round(DurationMs / DtMs);

    /// <summary>First step with the input on.</summary>
    public long OnsetStep => (long)Math.Round(OnsetMs / DtMs);

    /// <summary>First step with the input off again.</summary>
    public long OffsetStep => (long)Math.Round(OffsetMs / DtMs);

    /// <summary>The input during step <paramref name="step"/> (from step*dt to (step+1)*dt), noise aside.</summary>
    public double InputAt(long step) => step >= OnsetStep && step < OffsetStep ? Current : 0.0;
}
