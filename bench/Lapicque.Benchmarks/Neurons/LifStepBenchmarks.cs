using BenchmarkDotNet.Attributes;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks.Neurons;

/// <summary>
/// One clock-driven step of a 4000-neuron population, through the public <see cref="NeuronPopulation.Step"/> shell.
/// </summary>
/// <remarks>
/// How to read it: every benchmark sets OperationsPerInvoke = 4000, so "Mean" is the time of one neuron update and
/// the "Op/s" column is neuron updates per second (one population step costs 4000 * Mean). "Allocated" must read
/// "-" or 0 B: a step allocates nothing. LifScalar runs the scalar twin of the LIF kernel to show what SIMD buys.
/// The drive is uniform in [0, 2.5] mV against a 1 mV threshold, so a steady fraction of the neurons fire each step
/// and the reset and refractory branches are exercised.
/// Run: dotnet run -c Release --project bench/Lapicque.Benchmarks -- --filter '*LifStep*'
/// </remarks>
[MemoryDiagnoser]
[OperationsPerSecond]
public class LifStepBenchmarks
{
    private const int Size = 4000;
    private const double DtMs = 0.1;

    private readonly float[] _input = new float[Size];
    private readonly float[] _spikes = new float[Size];
    private readonly float[] _v = new float[Size];
    private readonly float[] _refractory = new float[Size];
    private NeuronPopulation _lif = null!;
    private NeuronPopulation _cubaLif = null!;
    private NeuronPopulation _alif = null!;
    private NeuronPopulation _qif = null!;
    private LifPropagator _lifPropagator;

    /// <summary>Builds the populations and a fixed random drive.</summary>
    [GlobalSetup]
    public void Setup()
    {
        new Rng(42).FillUniform(_input, 0f, 2.5f);
        var lif = new LifParameters { TauMemMs = 20, ThresholdMv = 1, RefractoryMs = 1 };
        _lif = lif.CreatePopulation(Size, DtMs);
        _lifPropagator = lif.Propagator(DtMs);
        _cubaLif = new CubaLifParameters { TauMemMs = 20, TauSynMs = 5, ThresholdMv = 1, RefractoryMs = 1 }.CreatePopulation(Size, DtMs);
        _alif = new AdaptiveLifParameters { TauMemMs = 20, TauAdaptMs = 200, AdaptationMv = 0.2, ThresholdMv = 1 }.CreatePopulation(Size, DtMs);
        _qif = new QifParameters { TauMs = 10 }.CreatePopulation(Size, DtMs);
    }

    /// <summary>LIF, SIMD kernel.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Size)]
    public void Lif() => _lif.Step(_input, _spikes);

    /// <summary>LIF, scalar twin of the kernel.</summary>
    [Benchmark(OperationsPerInvoke = Size)]
    public void LifScalar() => Lapicque.Neurons.Lif.StepScalar(_lifPropagator, _v, _refractory, _input, _spikes);

    /// <summary>Current-based LIF with exponential synaptic current (input is the per-step jump of I).</summary>
    [Benchmark(OperationsPerInvoke = Size)]
    public void CubaLif() => _cubaLif.Step(_input, _spikes);

    /// <summary>Adaptive-threshold LIF.</summary>
    [Benchmark(OperationsPerInvoke = Size)]
    public void AdaptiveLif() => _alif.Step(_input, _spikes);

    /// <summary>Normal-form QIF, exact flow (polynomial path: |I dt^2/tau^2| &lt;= 1).</summary>
    [Benchmark(OperationsPerInvoke = Size)]
    public void Qif() => _qif.Step(_input, _spikes);
}
