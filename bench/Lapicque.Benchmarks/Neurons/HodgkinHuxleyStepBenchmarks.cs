using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks.Neurons;

/// <summary>
/// One time step of a population of 4000 neurons for the conductance-based and two-variable models. Each
/// benchmark is one call of the model's kernel; "Neuron updates/s" is 4000 divided by the mean time of a step.
/// States come from a warm-up under random constant drive, so the population is spread over all phases of its
/// spike cycle, as in a network; they keep evolving during the measurement, which stays within the same regime.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(UpdatesConfig))]
public class HodgkinHuxleyStepBenchmarks
{
    private const int Population = 4000;

    private readonly float[] _input = new float[Population];
    private readonly float[] _gExc = new float[Population];
    private readonly float[] _gInh = new float[Population];
    private readonly float[] _spikes = new float[Population];
    private readonly float[] _v = new float[Population];
    private readonly float[] _m = new float[Population];
    private readonly float[] _h = new float[Population];
    private readonly float[] _n = new float[Population];
    private readonly float[] _tmV = new float[Population];
    private readonly float[] _tmM = new float[Population];
    private readonly float[] _tmH = new float[Population];
    private readonly float[] _tmN = new float[Population];
    private readonly float[] _izV = new float[Population];
    private readonly float[] _izU = new float[Population];
    private readonly float[] _izInput = new float[Population];
    private readonly float[] _adV = new float[Population];
    private readonly float[] _adW = new float[Population];
    private readonly float[] _adInput = new float[Population];
    private HodgkinHuxleyPropagator _hhExpEuler;
    private HodgkinHuxleyPropagator _hhRk4;
    private TraubMilesPropagator _traub;
    private IzhikevichPropagator _izhikevich;
    private AdExPropagator _adex;

    /// <summary>Builds the propagators (dt 0.01 ms for HH-type, 0.1 ms for the two-variable models) and warms up the states.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(2026);
        var hh = new HodgkinHuxleyParameters();
        _hhExpEuler = hh.Propagator(0.01);
        _hhRk4 = (hh with { Integrator = HodgkinHuxleyIntegrator.RungeKutta4 }).Propagator(0.01);
        var (m, h, n) = hh.SteadyStateGates(-65);
        Array.Fill(_v, -65f);
        Array.Fill(_m, (float)m);
        Array.Fill(_h, (float)h);
        Array.Fill(_n, (float)n);
        rng.FillUniform(_input, 0f, 20f);
        for (int k = 0; k < 2000; k++)
        {
            HodgkinHuxley.Step(_hhExpEuler, _v, _m, _h, _n, _input, _spikes);
        }

        var tm = new TraubMilesParameters();
        _traub = tm.Propagator(0.01);
        (m, h, n) = tm.SteadyStateGates(-60);
        Array.Fill(_tmV, -60f);
        Array.Fill(_tmM, (float)m);
        Array.Fill(_tmH, (float)h);
        Array.Fill(_tmN, (float)n);
        rng.FillUniform(_gExc, 0f, 20f);
        rng.FillUniform(_gInh, 0f, 60f);
        for (int k = 0; k < 2000; k++)
        {
            TraubMiles.Step(_traub, _tmV, _tmM, _tmH, _tmN, _input, _gExc, _gInh, _spikes);
        }

        var rs = IzhikevichParameters.Presets["RS"];
        _izhikevich = rs.Propagator(0.1);
        Array.Fill(_izV, (float)rs.InitialMv);
        Array.Fill(_izU, (float)rs.InitialUValue);
        rng.FillUniform(_izInput, 0f, 15f);
        for (int k = 0; k < 2000; k++)
        {
            Izhikevich.Step(_izhikevich, _izV, _izU, _izInput, _spikes);
        }

        var adex = AdExParameters.Presets["adapting"];
        _adex = adex.Propagator(0.1);
        Array.Fill(_adV, (float)adex.InitialMvValue);
        rng.FillUniform(_adInput, 0f, 600f);
        for (int k = 0; k < 2000; k++)
        {
            AdEx.Step(_adex, _adV, _adW, _adInput, _spikes);
        }
    }

    /// <summary>Hodgkin-Huxley, exponential Euler, SIMD.</summary>
    [Benchmark(Baseline = true)]
    public void HodgkinHuxleyExponentialEuler() => HodgkinHuxley.Step(_hhExpEuler, _v, _m, _h, _n, _input, _spikes);

    /// <summary>Hodgkin-Huxley, exponential Euler, the scalar twin (shows the SIMD gain).</summary>
    [Benchmark]
    public void HodgkinHuxleyExponentialEulerScalar() => HodgkinHuxley.StepScalar(_hhExpEuler, _v, _m, _h, _n, _input, _spikes);

    /// <summary>Hodgkin-Huxley, RK4 (four rate evaluations per step), SIMD.</summary>
    [Benchmark]
    public void HodgkinHuxleyRungeKutta4() => HodgkinHuxley.Step(_hhRk4, _v, _m, _h, _n, _input, _spikes);

    /// <summary>Traub-Miles (COBAHH cell) with current and two synaptic conductances, exponential Euler, SIMD.</summary>
    [Benchmark]
    public void TraubMilesWithConductances() => TraubMiles.Step(_traub, _tmV, _tmM, _tmH, _tmN, _input, _gExc, _gInh, _spikes);

    /// <summary>Izhikevich RS, forward Euler, SIMD.</summary>
    [Benchmark]
    public void Izhikevich4000() => Izhikevich.Step(_izhikevich, _izV, _izU, _izInput, _spikes);

    /// <summary>AdEx (adapting preset), forward Euler, SIMD.</summary>
    [Benchmark]
    public void AdEx4000() => AdEx.Step(_adex, _adV, _adW, _adInput, _spikes);

    private sealed class UpdatesConfig : ManualConfig
    {
        public UpdatesConfig() => AddColumn(new UpdatesPerSecondColumn());
    }

    private sealed class UpdatesPerSecondColumn : IColumn
    {
        public string Id => nameof(UpdatesPerSecondColumn);

        public string ColumnName => "Neuron updates/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"Neurons advanced by one step per second: {Population} / mean time of one step";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null ? "NA" : (Population / (statistics.Mean * 1e-9)).ToString("0.00E+0", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
