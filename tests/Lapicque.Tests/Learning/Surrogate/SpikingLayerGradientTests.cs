using Lapicque.Learning.Surrogate;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Surrogate;

/// <summary>
/// The spiking layers' backward passes against central finite differences of an independent double-precision model of
/// the same neurons in which every spike is made differentiable the straight-through way: s = P(x - theta) + o, with
/// P the surrogate's primitive and the offset o = H(x0 - theta0) - P(x0 - theta0) frozen at the unperturbed point. At
/// that point s is exactly the Heaviside spike train of the forward pass, and its derivative is the surrogate, so the
/// finite differences give precisely the gradient the surrogate method defines (including the reset, adaptation and
/// recurrent paths); a detached reset uses the frozen spike.
/// </summary>
public class SpikingLayerGradientTests
{
    private const int T = 8, B = 2, N = 3;

    public static TheoryData<ResetMode, bool, bool> LifCases()
    {
        var data = new TheoryData<ResetMode, bool, bool>();
        foreach (var reset in new[] { ResetMode.Subtract, ResetMode.ToValue, ResetMode.None })
        {
            foreach (bool detach in new[] { true, false })
            {
                foreach (bool perNeuron in new[] { false, true })
                {
                    data.Add(reset, detach, perNeuron);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LifCases))]
    public void Lif_BackwardMatchesSmoothedFiniteDifferences(ResetMode reset, bool detach, bool perNeuron) =>
        CheckLif(new ATan(2f), reset, detach, perNeuron, seed: 11);

    [Fact]
    public void Lif_EverySurrogate_BackwardMatchesSmoothedFiniteDifferences()
    {
        CheckLif(new FastSigmoid(5f), ResetMode.Subtract, false, false, 12);
        CheckLif(new Sigmoid(4f), ResetMode.Subtract, false, false, 13);
        CheckLif(new Triangle(0.5f), ResetMode.Subtract, false, false, 14);
        CheckLif(new StraightThrough(), ResetMode.Subtract, true, false, 15);
        CheckLif(new SingleExponential(2f), ResetMode.ToValue, false, true, 16);
    }

    private static void CheckLif<TS>(TS sg, ResetMode reset, bool detach, bool perNeuron, ulong seed)
        where TS : struct, ISurrogate
    {
        var rng = new Rng(seed);
        var p = LifParameters.FromBeta(0.9, reset: reset) with { ResetMv = reset == ResetMode.ToValue ? 0.1 : 0.0 };
        var options = new SpikingOptions { LearnBeta = true, LearnThreshold = true, PerNeuron = perNeuron, DetachReset = detach };
        var layer = new LifLayer<TS>("lif", N, p, 1.0, sg, options);
        var input = GradientCheck.Random(rng, 0f, 0.7f, T, B, N);
        var c = GradientCheck.Random(rng, -1f, 1f, T, B, N);
        int values = perNeuron ? N : 1;
        var model = new Model(input, c, Fill(values, 0.9f), Fill(values, 1f), sg)
        {
            Run = (m, record) => LifReference(m, reset, (float)p.ResetMv, detach, record),
        };
        Check(layer, model, 0, 1);
    }

    [Theory]
    [InlineData(ResetMode.Subtract, true)]
    [InlineData(ResetMode.Subtract, false)]
    [InlineData(ResetMode.ToValue, false)]
    public void CubaLif_BackwardMatchesSmoothedFiniteDifferences(ResetMode reset, bool detach)
    {
        var rng = new Rng(21);
        var p = CubaLifParameters.FromBeta(0.8, 0.9, reset: reset);
        var prop = p.Propagator(1.0);
        var sg = new ATan(2f);
        var layer = new CubaLifLayer<ATan>("cuba", N, p, 1.0, sg, new SpikingOptions { LearnBeta = true, LearnThreshold = true, DetachReset = detach });
        var input = GradientCheck.Random(rng, 0f, 0.5f, T, B, N);
        var c = GradientCheck.Random(rng, -1f, 1f, T, B, N);
        var model = new Model(input, c, Fill(1, prop.Beta), Fill(1, prop.ThresholdMv), sg)
        {
            Run = (m, record) => CubaReference(m, prop, reset, detach, record),
        };
        Check(layer, model, 0, 1);
    }

    [Theory]
    [InlineData(ResetMode.Subtract, true, false)]
    [InlineData(ResetMode.Subtract, false, true)]
    [InlineData(ResetMode.ToValue, true, false)]
    public void AdaptiveLif_BackwardMatchesSmoothedFiniteDifferences(ResetMode reset, bool detach, bool perNeuron)
    {
        var rng = new Rng(31);
        var p = AdaptiveLifParameters.FromBeta(0.9, 0.8, 0.3, reset: reset);
        var prop = p.Propagator(1.0);
        var sg = new Sigmoid(4f);
        var layer = new AdaptiveLifLayer<Sigmoid>("alif", N, p, 1.0, sg, new SpikingOptions { LearnBeta = true, LearnThreshold = true, DetachReset = detach, PerNeuron = perNeuron });
        var input = GradientCheck.Random(rng, 0f, 0.7f, T, B, N);
        var c = GradientCheck.Random(rng, -1f, 1f, T, B, N);
        int values = perNeuron ? N : 1;
        var model = new Model(input, c, Fill(values, prop.Beta), Fill(values, prop.ThresholdMv), sg)
        {
            Run = (m, record) => AlifReference(m, prop, reset, detach, record),
        };
        Check(layer, model, 0, 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RecurrentLif_BackwardMatchesSmoothedFiniteDifferences(bool detach)
    {
        var rng = new Rng(41);
        var p = LifParameters.FromBeta(0.9, reset: ResetMode.Subtract);
        var sg = new ATan(2f);
        var w = new float[N * N];
        rng.FillUniform(w, -0.5f, 0.5f);
        var layer = new RecurrentLifLayer<ATan>("rlif", N, p, 1.0, sg, w, new SpikingOptions { LearnBeta = true, LearnThreshold = true, DetachReset = detach });
        var input = GradientCheck.Random(rng, 0f, 0.7f, T, B, N);
        var c = GradientCheck.Random(rng, -1f, 1f, T, B, N);
        var model = new Model(input, c, Fill(1, 0.9f), Fill(1, 1f), sg)
        {
            Recurrent = (float[])w.Clone(),
            Run = (m, record) => LifReference(m, ResetMode.Subtract, 0f, detach, record),
        };

        // Parameters: [recurrent, beta, threshold].
        Check(layer, model, 1, 2, recurrentIndex: 0);
    }

    [Fact]
    public void Lif_ForwardReproducesTheNeuronKernel()
    {
        // The layer's spikes are exactly those of stepping the kernel by hand.
        var rng = new Rng(51);
        var p = LifParameters.FromBeta(0.9, reset: ResetMode.Subtract);
        var layer = new LifLayer<ATan>("lif", 37, p, 1.0, new ATan());
        var input = GradientCheck.Random(rng, 0f, 0.4f, 10, 3, 37);
        var s = layer.Forward(input, training: false);
        var prop = p.Propagator(1.0);
        var v = new float[3 * 37];
        var r = new float[3 * 37];
        var expect = new float[3 * 37];
        for (int t = 0; t < 10; t++)
        {
            Lif.StepScalar(prop, v, r, input.Span.Slice(t * 111, 111), expect);
            Assert.Equal(expect, s.Span.Slice(t * 111, 111).ToArray());
        }
    }

    [Fact]
    public void Lif_TruncatedWindowsCarryStateAndMatchOneLongForward()
    {
        var rng = new Rng(52);
        var p = LifParameters.FromBeta(0.9, reset: ResetMode.Subtract);
        var input = GradientCheck.Random(rng, 0f, 0.4f, 12, 2, 5);
        var whole = new LifLayer<ATan>("a", 5, p, 1.0, new ATan()).Forward(input, false).Span.ToArray();
        var layer = new LifLayer<ATan>("b", 5, p, 1.0, new ATan());
        var first = Tensor.FromArray(input.Span[..60].ToArray(), 6, 2, 5);
        var second = Tensor.FromArray(input.Span[60..].ToArray(), 6, 2, 5);
        var a = layer.Forward(first, true).Span.ToArray();
        var b = layer.Forward(second, true).Span.ToArray();
        Assert.Equal(whole, a.Concat(b).ToArray());
    }

    [Fact]
    public void Lif_RejectsRefractoryPeriods()
    {
        var p = LifParameters.FromBeta(0.9) with { RefractoryMs = 2 };
        var e = Assert.Throws<ArgumentException>(() => new LifLayer<ATan>("h", 3, p, 1.0, new ATan()));
        Assert.Contains("RefractoryMs", e.Message);
    }

    private static float[] Fill(int n, float v) => Enumerable.Repeat(v, n).ToArray();

    // Compares the layer's input, beta and threshold (and recurrent) gradients with finite differences of the model.
    private static void Check(Layer layer, Model m, int betaIndex, int thresholdIndex, int recurrentIndex = -1)
    {
        m.Run(m, true);
        layer.ResetState();
        var spikes = layer.Forward(m.Input, training: false).Span.ToArray();
        for (int i = 0; i < spikes.Length; i++)
        {
            Assert.True(spikes[i] == (float)m.Base[i], $"forward spike {i}: layer {spikes[i]}, reference {m.Base[i]}");
        }

        Assert.Contains(1f, spikes);
        var dx = GradientCheck.Analytic(layer, m.Input, m.C);
        double J() => m.Run(m, false);
        const float h = 1e-3f;
        const double rel = 5e-3, abs = 5e-3;
        for (int i = 0; i < dx.Length; i++)
        {
            GradientCheck.AssertClose(GradientCheck.Central(J, m.Input.Data, i, h), dx[i], rel, abs, $"{layer.Name} d/dinput[{i}]");
        }

        var pars = layer.Parameters;
        for (int i = 0; i < m.Beta.Length; i++)
        {
            GradientCheck.AssertClose(GradientCheck.Central(J, m.Beta, i, h), pars[betaIndex].Gradient[i], rel, abs, $"{layer.Name} d/dbeta[{i}]");
            GradientCheck.AssertClose(GradientCheck.Central(J, m.Threshold, i, h), pars[thresholdIndex].Gradient[i], rel, abs, $"{layer.Name} d/dthreshold[{i}]");
        }

        if (recurrentIndex >= 0)
        {
            for (int i = 0; i < m.Recurrent!.Length; i++)
            {
                GradientCheck.AssertClose(GradientCheck.Central(J, m.Recurrent, i, h), pars[recurrentIndex].Gradient[i], rel, abs, $"{layer.Name} d/dR[{i}]");
            }
        }
    }

    private sealed class Model(Tensor input, Tensor c, float[] beta, float[] threshold, ISurrogate sg)
    {
        public Tensor Input { get; } = input;

        public Tensor C { get; } = c;

        public float[] Beta { get; } = beta;

        public float[] Threshold { get; } = threshold;

        public float[]? Recurrent { get; init; }

        public ISurrogate Surrogate { get; } = sg;

        public double[] Base { get; } = new double[T * B * N];

        public double[] Offset { get; } = new double[T * B * N];

        public required Func<Model, bool, double> Run { get; init; }

        public double Beta0(int j) => Beta[Beta.Length == 1 ? 0 : j];

        public double Theta0(int j) => Threshold[Threshold.Length == 1 ? 0 : j];

        // The straight-through spike at index i with pre-activation z; records the base point when asked.
        public double Spike(int i, double z, bool record)
        {
            if (record)
            {
                Base[i] = z >= 0 ? 1 : 0;
                Offset[i] = Base[i] - Surrogate.Primitive(z);
            }

            return Surrogate.Primitive(z) + Offset[i];
        }
    }

    private static double LifReference(Model m, ResetMode reset, double resetMv, bool detach, bool record)
    {
        double j = 0;
        var prev = new double[B * N];
        for (int b = 0; b < B; b++)
        {
            var v = new double[N];
            Array.Clear(prev);
            for (int t = 0; t < T; t++)
            {
                var s = new double[N];
                for (int n = 0; n < N; n++)
                {
                    int i = (((t * B) + b) * N) + n;
                    double cur = m.Input.Data[i];
                    if (m.Recurrent is not null)
                    {
                        for (int src = 0; src < N; src++)
                        {
                            cur += prev[(b * N) + src] * m.Recurrent[(src * N) + n];
                        }
                    }

                    double theta = m.Theta0(n);
                    double x = (m.Beta0(n) * v[n]) + cur;
                    s[n] = m.Spike(i, x - theta, record);
                    double sr = detach ? m.Base[i] : s[n];
                    v[n] = reset switch
                    {
                        ResetMode.Subtract => x - (sr * (theta - resetMv)),
                        ResetMode.ToValue => (x * (1 - sr)) + (sr * resetMv),
                        _ => x,
                    };
                    j += m.C.Data[i] * s[n];
                }

                for (int n = 0; n < N; n++)
                {
                    prev[(b * N) + n] = s[n];
                }
            }
        }

        return j;
    }

    private static double CubaReference(Model m, CubaLifPropagator p, ResetMode reset, bool detach, bool record)
    {
        double j = 0;
        for (int b = 0; b < B; b++)
        {
            var v = new double[N];
            var cur = new double[N];
            for (int t = 0; t < T; t++)
            {
                for (int n = 0; n < N; n++)
                {
                    int i = (((t * B) + b) * N) + n;
                    double x = m.Input.Data[i], i0 = cur[n];
                    cur[n] = (p.Alpha * i0) + (p.InputToCurrent * x);
                    double u = (m.Beta0(n) * v[n]) + (p.CurrentToMem * i0) + (p.InputToMem * x);
                    double theta = m.Theta0(n);
                    double s = m.Spike(i, u - theta, record);
                    double sr = detach ? m.Base[i] : s;
                    v[n] = reset == ResetMode.Subtract ? u - (sr * (theta - p.ResetMv)) : (u * (1 - sr)) + (sr * p.ResetMv);
                    j += m.C.Data[i] * s;
                }
            }
        }

        return j;
    }

    private static double AlifReference(Model m, AdaptiveLifPropagator p, ResetMode reset, bool detach, bool record)
    {
        double j = 0;
        for (int b = 0; b < B; b++)
        {
            var v = new double[N];
            var a = new double[N];
            for (int t = 0; t < T; t++)
            {
                for (int n = 0; n < N; n++)
                {
                    int i = (((t * B) + b) * N) + n;
                    double ad = p.Rho * a[n];
                    double thr = m.Theta0(n) + (p.AdaptationMv * ad);
                    double x = (m.Beta0(n) * v[n]) + (p.InputGain * m.Input.Data[i]);
                    double s = m.Spike(i, x - thr, record);
                    double sr = detach ? m.Base[i] : s;
                    a[n] = ad + s;
                    v[n] = reset == ResetMode.Subtract ? x - (sr * (thr - p.ResetMv)) : (x * (1 - sr)) + (sr * p.ResetMv);
                    j += m.C.Data[i] * s;
                }
            }
        }

        return j;
    }
}
