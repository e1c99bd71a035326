using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;
using static Lapicque.Tests.Neurons.SpikeTrainMeasures;

namespace Lapicque.Tests.Neurons;

/// <summary>
/// AdEx: the firing patterns of Naud et al. (2008) under their published step currents, each with a measurable
/// criterion on the spike train, at the published dt of 0.1 ms and at a finer 0.025 ms; and the saddle-node rheobase
/// of the model equations.
/// </summary>
public class AdExTests
{
    private static List<double> Pattern(string name, double dt, double durationMs = 600)
    {
        var pop = AdExParameters.Presets[name].CreatePopulation(1, dt);
        return Run(pop, _ => AdExParameters.PresetStimuliPa[name], durationMs);
    }

    public static TheoryData<double> Steps => new() { 0.1, 0.025 };

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void Step_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        // Both paths start every step from the same state. w does not involve exp and must agree exactly; v differs
        // only through the exp routine (about 1 ulp, 1.2e-7 relative), scaled by dt gL DeltaT e^{(V-VT)/DeltaT} / C,
        // which stays below 100 mV for a neuron that does not reach the peak in the step: below 1e-4 mV in all.
        var p = AdExParameters.Presets["irregular"].Propagator(0.1);
        var rng = new Rng(17);
        float[] v = new float[n], w = new float[n], input = new float[n], s = new float[n];
        float[] v2 = new float[n], w2 = new float[n], s2 = new float[n];
        rng.FillUniform(v, -75f, -1f);
        rng.FillUniform(w, -50f, 200f);
        for (int step = 0; step < 20; step++)
        {
            rng.FillUniform(input, 0f, 400f);
            v.CopyTo(v2, 0);
            w.CopyTo(w2, 0);
            AdEx.Step(p, v, w, input, s);
            AdEx.StepScalar(p, v2, w2, input, s2);
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(w2[k], w[k]);
                if (s2[k] == 0f && Math.Abs(v2[k] - p.PeakMv) > 1e-4)
                {
                    Assert.Equal(0f, s[k]);
                    Assert.True(Math.Abs(v[k] - v2[k]) <= 1e-4, $"v[{k}]: {v[k]} vs {v2[k]}");
                }
                else if (s2[k] == 1f)
                {
                    Assert.Equal(1f, s[k]);
                    Assert.Equal(v2[k], v[k]);
                }
            }

            // Re-seed with a fresh spread so that the exponential branch keeps being exercised.
            rng.FillUniform(v, -75f, -1f);
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Tonic_FiresRegularlyFromTheStart(double dt)
    {
        var t = Pattern("tonic", dt);
        double[] isi = Isis(t);
        Assert.True(t.Count >= 20, Describe(t));
        Assert.All(isi, x => Assert.True(x > 5, $"no bursts: {Describe(t)}"));
        Assert.True(isi[^1] / isi[0] < 1.15, $"little adaptation: {Describe(t)}");
        Assert.True(Cv(isi.Where((_, k) => t[k] > 100).ToArray()) < 0.02, Describe(t));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Adapting_IntervalsLengthenMonotonically(double dt)
    {
        var t = Pattern("adapting", dt);
        double[] isi = Isis(t);
        Assert.True(isi[0] > 8, $"no initial burst: {Describe(t)}");
        Assert.True(isi[^1] / isi[0] > 3, $"strong adaptation: {Describe(t)}");
        for (int k = 1; k < isi.Length; k++)
        {
            Assert.True(isi[k] >= isi[k - 1] - 0.3, $"ISI {k} shortened: {Describe(t)}");
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void InitialBurst_BurstThenSingleSpikes(double dt)
    {
        var t = Pattern("initial-burst", dt);
        var groups = Groups(t, 10);
        Assert.True(groups[0] >= 2, $"opening burst: {Describe(t)}");
        Assert.True(groups.Count >= 6, Describe(t));
        Assert.All(groups.Skip(1), g => Assert.Equal(1, g));
        double[] isi = Isis(t);
        Assert.True(isi[^1] > 4 * isi[0], Describe(t));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void RegularBursting_RepeatsBursts(double dt)
    {
        var t = Pattern("regular-bursting", dt);
        var groups = Groups(t, 20);
        Assert.True(groups.Count >= 4, Describe(t));
        Assert.All(groups, g => Assert.True(g >= 2, $"every group a burst: {Describe(t)}"));
        double[] isi = Isis(t);
        Assert.True(isi.Where(x => x >= 20).Min() > 10 * isi.Where(x => x < 20).Max(), $"bimodal ISIs: {Describe(t)}");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void DelayedAccelerating_FirstSpikeLate_ThenIntervalsShorten(double dt)
    {
        var t = Pattern("delayed-accelerating", dt);
        double[] isi = Isis(t);
        Assert.True(t[0] > 2.5 * isi[^1], $"delayed onset: {Describe(t)}");
        Assert.True(isi[^1] / isi[0] < 0.7, $"acceleration: {Describe(t)}");
        for (int k = 1; k < isi.Length; k++)
        {
            Assert.True(isi[k] <= isi[k - 1] + 0.3, $"ISI {k} lengthened: {Describe(t)}");
        }

        // The tonic cell, for contrast, starts within about one of its own intervals.
        var tonic = Pattern("tonic", dt);
        Assert.True(tonic[0] < 2 * Isis(tonic)[^1]);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void DelayedRegularBursting_FirstSpikeLate_ThenBursts(double dt)
    {
        var t = Pattern("delayed-regular-bursting", dt);
        var groups = Groups(t, 20);
        double[] isi = Isis(t);
        Assert.True(t[0] > 40 && t[0] > 5 * isi[0], $"delayed onset: {Describe(t)}");
        Assert.True(groups.Count >= 4, Describe(t));
        Assert.All(groups.Take(groups.Count - 1), g => Assert.True(g >= 3, $"bursts: {Describe(t)}"));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Transient_FiresAtOnsetThenFallsSilentUnderSustainedInput(double dt)
    {
        var t = Pattern("transient", dt);
        Assert.True(t.Count >= 1 && t.All(x => x < 100), Describe(t));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Irregular_IntervalsVary_AndDependSensitivelyOnTheInitialState(double dt)
    {
        var t = Pattern("irregular", dt, 1000);
        double[] late = Isis(t)[^20..];
        Assert.True(Cv(late) > 0.3, $"CV {Cv(late):F2}: {Describe(t)}");

        // Naud et al. describe this regime as chaotic: a 1 uV change of the initial potential moves later spikes by
        // milliseconds, while the regular burster under the same perturbation keeps its spike times.
        static double Divergence(string name, double dt)
        {
            var p = AdExParameters.Presets[name];
            double current = AdExParameters.PresetStimuliPa[name];
            var a = Run(p.CreatePopulation(1, dt), _ => current, 1000);
            var b = Run((p with { InitialMv = p.ELeakMv + 0.001 }).CreatePopulation(1, dt), _ => current, 1000);
            return Enumerable.Range(0, Math.Min(a.Count, b.Count)).Max(k => Math.Abs(a[k] - b[k]));
        }

        Assert.True(Divergence("irregular", dt) > 5, "irregular must be sensitive to its initial state");
        Assert.True(Divergence("regular-bursting", dt) < 0.1, "regular bursting must not be");
    }

    [Fact]
    public void Rheobase_MatchesSaddleNodeFormula()
    {
        // For a < gL tau_m / tau_w the rest state vanishes in a saddle-node at
        // I_rh = (gL + a)(VT - EL - DeltaT + DeltaT ln(1 + a/gL)) (Touboul and Brette 2008).
        var p = AdExParameters.Presets["tonic"];
        Assert.True(p.ANs < p.GLeakNs * (p.CapacitancePf / p.GLeakNs) / p.TauWMs);
        double rheobase = (p.GLeakNs + p.ANs) * (p.VTMv - p.ELeakMv - p.DeltaTMv + (p.DeltaTMv * Math.Log(1 + (p.ANs / p.GLeakNs))));
        Assert.Empty(Run(p.CreatePopulation(1, 0.05), _ => 0.98 * rheobase, 2000));
        Assert.NotEmpty(Run(p.CreatePopulation(1, 0.05), _ => 1.02 * rheobase, 2000));
    }

    [Fact]
    public void Presets_HoldThePublishedParametersAndStimuli()
    {
        Assert.Equal(8, AdExParameters.Presets.Count);
        Assert.Equal(AdExParameters.Presets.Keys.Order(), AdExParameters.PresetStimuliPa.Keys.Order());
        var irregular = AdExParameters.Presets["Irregular"];
        Assert.Equal((100.0, 12.0, -60.0, -11.0, 130.0, 30.0, -48.0), (irregular.CapacitancePf, irregular.GLeakNs, irregular.ELeakMv, irregular.ANs, irregular.TauWMs, irregular.BPa, irregular.ResetMv));
        Assert.Equal(210.0, AdExParameters.PresetStimuliPa["regular-bursting"]);
    }

    [Fact]
    public void Validate_NamesFieldExpectationAndValue()
    {
        Assert.StartsWith("DeltaTMv must be > 0; was 0.", Assert.Throws<ArgumentException>(new AdExParameters { DeltaTMv = 0 }.Validate).Message);
        Assert.StartsWith("TauWMs must be > 0; was -1.", Assert.Throws<ArgumentException>(new AdExParameters { TauWMs = -1 }.Validate).Message);
        Assert.StartsWith("PeakMv must be > VTMv (-50.4); was -60.", Assert.Throws<ArgumentException>(new AdExParameters { PeakMv = -60 }.Validate).Message);
        Assert.StartsWith("ResetMv must be < PeakMv (0); was 5.", Assert.Throws<ArgumentException>(new AdExParameters { ResetMv = 5 }.Validate).Message);
    }
}
