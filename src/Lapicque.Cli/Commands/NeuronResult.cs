namespace Lapicque.Cli.Commands;

/// <summary>What a single-neuron run produced: spike steps and the recorded trace.</summary>
/// <param name="SpikeSteps">Tick of each spike (a spike in the step from s*dt to (s+1)*dt is stamped s+1).</param>
/// <param name="TraceSteps">Tick of each recorded row.</param>
/// <param name="Trace">One array per state variable, aligned with <paramref name="TraceSteps"/>.</param>
/// <param name="Input">Input applied from each recorded tick to the next one (the last row repeats the last step's).</param>
internal sealed record NeuronResult(List<long> SpikeSteps, long[] TraceSteps, float[][] Trace, double[] Input);
