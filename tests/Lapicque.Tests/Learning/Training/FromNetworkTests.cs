using Lapicque.IO;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Training;

/// <summary>
/// <see cref="SequentialModel.FromNetwork{TSurrogate}"/> on networks written as JSON (the schema of docs/simulation.md):
/// which layer each population and projection becomes, with the constants of the file, checked against hand-computed
/// steps of the documented update equations.
/// </summary>
public class FromNetworkTests
{
    private static SequentialModel Build(string json, double dtMs = 1.0, ulong seed = 1) =>
        SequentialModel.FromNetwork(NetworkFile.Parse(json, "net.json").Network.Build(seed), new ATan(), dtMs: dtMs);

    // An input of `inputs` neurons feeding one population "h" through an all-to-all instant projection "fc".
    private static string Single(int inputs, int neurons, string model, string parameters) => $$"""
        {
          "populations": [
            { "name": "in", "size": {{inputs}}, "model": "input" },
            { "name": "h", "size": {{neurons}}, "model": "{{model}}", "parameters": {{parameters}} }
          ],
          "projections": [
            { "name": "fc", "source": "in", "target": "h", "connectivity": "all", "synapse": "instant", "weights": 0.5 }
          ]
        }
        """;

    // Runs one layer alone on [T, 1, N] input rows.
    private static Tensor Run(Layer layer, float[][] steps)
    {
        int n = steps[0].Length;
        var x = new Tensor(steps.Length, 1, n);
        for (int t = 0; t < steps.Length; t++)
        {
            steps[t].CopyTo(x.Data.AsSpan(t * n, n));
        }

        layer.ResetState();
        return layer.Forward(x, training: false);
    }

    private static float[][] Constant(int steps, float[] values) => [.. Enumerable.Range(0, steps).Select(_ => values)];

    [Fact]
    public void Lif_BetaIsExpOfMinusDtOverTau_ThresholdFromTheFile_MembraneFollowsTheExactStep()
    {
        var model = Build(Single(3, 2, "lif", """{ "tau_mem_ms": 10, "threshold_mv": 0.5 }"""), dtMs: 0.5);
        var lif = Assert.IsType<LifLayer<ATan>>(model.Layers[1]);
        Assert.Equal("h", lif.Name);
        double beta = Math.Exp(-0.5 / 10);
        Assert.Equal((float)beta, lif.Beta[0]);
        Assert.Equal(0.5f, lif.Threshold[0]);

        // Input mode Current (the default): v[k] = x (1 - beta^k) from rest, below the threshold for x = 0.3.
        var s = Run(lif, Constant(3, [0.3f, 0.1f]));
        Assert.All(s.Data, v => Assert.Equal(0f, v));
        Assert.Equal(0.3 * (1 - Math.Pow(beta, 3)), lif.Membrane[0], 6);
        Assert.Equal(0.1 * (1 - Math.Pow(beta, 3)), lif.Membrane[1], 6);
    }

    [Fact]
    public void Li_IsALeakyIntegratorLayer_ImpulseDecaysAsBetaToTheK()
    {
        var model = Build(Single(3, 1, "li", """{ "tau_mem_ms": 4, "input": "Direct" }"""));
        var li = Assert.IsType<LeakyIntegratorLayer>(model.Layers[1]);
        double beta = Math.Exp(-1.0 / 4);
        Assert.Equal((float)beta, li.Beta[0]);
        Assert.False(li.EmitsSpikes);
        var y = Run(li, [[2f], [0f], [0f], [0f]]);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(2 * Math.Pow(beta, k), y.Data[k], 6);
        }
    }

    [Fact]
    public void Li_OfAShapedPopulation_KeepsItsShape()
    {
        var model = Build("""
            {
              "populations": [
                { "name": "in", "shape": [1, 4, 4], "model": "input" },
                { "name": "maps", "shape": [2, 2, 2], "model": "li", "parameters": { "tau_mem_ms": 4, "input": "Direct" } }
              ],
              "projections": [
                { "name": "c", "source": "in", "target": "maps", "connectivity": { "type": "conv2d", "kernel": 3 }, "synapse": "instant", "weights": 0.5 }
              ]
            }
            """);
        var li = Assert.IsType<LeakyIntegratorLayer>(model.Layers[1]);
        Assert.Equal([2, 2, 2], li.OutputShape);
        Assert.Equal([2, 2, 2], li.InputShape);
        Assert.Equal(8, li.OutputSize);
    }

    [Fact]
    public void CubaLif_IsACubaLifLayer_SpikesFollowTheSynapticForm()
    {
        const double tauSyn = 2, tauMem = 10, theta = 1.5;
        var model = Build(Single(4, 4, "cubalif", $$"""{ "tau_syn_ms": {{tauSyn}}, "tau_mem_ms": {{tauMem}}, "threshold_mv": {{theta}}, "reset": "Subtract", "input": "Direct" }"""));
        var layer = Assert.IsType<CubaLifLayer<ATan>>(model.Layers[1]);
        Assert.True(layer.EmitsSpikes);
        float[] drive = [0.05f, 0.12f, 0.3f, 0.7f];
        const int steps = 20;
        var s = Run(layer, Constant(steps, drive));

        // snnTorch's Synaptic: I[t] = alpha I[t-1] + x[t], V[t] = beta V[t-1] + I[t], spike when V >= theta, then
        // V -= theta; alpha = exp(-dt/tau_syn), beta = exp(-dt/tau_mem).
        double alpha = Math.Exp(-1 / tauSyn), beta = Math.Exp(-1 / tauMem);
        int total = 0;
        for (int j = 0; j < drive.Length; j++)
        {
            double i = 0, v = 0;
            for (int t = 0; t < steps; t++)
            {
                i = (alpha * i) + drive[j];
                v = (beta * v) + i;
                Assert.True(Math.Abs(v - theta) > 1e-3, $"hand trajectory too close to the threshold (neuron {j}, step {t})");
                float expected = v >= theta ? 1f : 0f;
                v -= expected * theta;
                total += (int)expected;
                Assert.True(expected == s.Data[(t * drive.Length) + j], $"neuron {j}, step {t}: expected spike {expected}, was {s.Data[(t * drive.Length) + j]}");
            }
        }

        Assert.True(total > 3, $"too few spikes ({total}) for the check to mean anything");
    }

    [Fact]
    public void Alif_IsAnAdaptiveLifLayer_ThresholdRisesWithEachSpike()
    {
        const double tauMem = 10, tauAdapt = 5, adapt = 0.5, theta = 1;
        var model = Build(Single(4, 3, "alif", $$"""{ "tau_mem_ms": {{tauMem}}, "tau_adapt_ms": {{tauAdapt}}, "adaptation_mv": {{adapt}}, "threshold_mv": {{theta}}, "reset": "Subtract", "input": "Direct" }"""));
        var layer = Assert.IsType<AdaptiveLifLayer<ATan>>(model.Layers[1]);
        float[] drive = [0.18f, 0.45f, 0.9f];
        const int steps = 20;
        var s = Run(layer, Constant(steps, drive));

        // Bellec et al.: a decays by rho, V[t] = beta V[t-1] + x[t], threshold theta + A a, spike when V >= threshold,
        // then V -= threshold and a += 1.
        double beta = Math.Exp(-1 / tauMem), rho = Math.Exp(-1 / tauAdapt);
        int total = 0;
        for (int j = 0; j < drive.Length; j++)
        {
            double v = 0, a = 0;
            for (int t = 0; t < steps; t++)
            {
                a *= rho;
                v = (beta * v) + drive[j];
                double thr = theta + (adapt * a);
                Assert.True(Math.Abs(v - thr) > 1e-3, $"hand trajectory too close to the threshold (neuron {j}, step {t})");
                float expected = v >= thr ? 1f : 0f;
                if (expected > 0)
                {
                    v -= thr;
                    a += 1;
                }

                total += (int)expected;
                Assert.True(expected == s.Data[(t * drive.Length) + j], $"neuron {j}, step {t}: expected spike {expected}, was {s.Data[(t * drive.Length) + j]}");
            }
        }

        Assert.True(total > 3, $"too few spikes ({total}) for the check to mean anything");
    }

    [Fact]
    public void LifWithASelfProjection_IsRecurrent_OverTheProjectionsOwnWeights()
    {
        const string json = """
            {
              "populations": [
                { "name": "in", "size": 3, "model": "input" },
                { "name": "h", "size": 2, "model": "lif", "parameters": { "tau_mem_ms": 10, "input": "Direct" } }
              ],
              "projections": [
                { "name": "fc", "source": "in", "target": "h", "connectivity": "all", "synapse": "instant", "weights": 0.1 },
                { "name": "rec", "source": "h", "target": "h", "connectivity": "all", "synapse": "instant", "weights": [0, 5, 0, 0] }
              ]
            }
            """;
        var net = NetworkFile.Parse(json).Network.Build(1);
        var model = SequentialModel.FromNetwork(net, new ATan());
        Assert.Equal(2, model.Layers.Count);
        var rec = Assert.IsType<RecurrentLifLayer<ATan>>(model.Layers[1]);
        Assert.Same(net.Projections[1].Matrix!.Weights, rec.Recurrent.Value);
        Assert.Equal((2 * 2) + (3 * 2), model.Parameters.Sum(p => p.Value.Length));

        // Reset to 0 after a spike. Neuron 0 fires at step 0 on a strong input; the synapse 0 -> 1 of weight 5 makes
        // neuron 1 fire at step 1 although it receives no input. A LIF layer without the recurrence would leave
        // neuron 1 silent.
        var s = Run(rec, [[2f, 0f], [0f, 0f], [0f, 0f]]);
        Assert.Equal([1f, 0f, 0f, 1f, 0f, 0f], s.Data.AsSpan(0, 6).ToArray());
    }

    // Input [2, 4, 4] (or [2, 5, 5]) with x[c, h, w] = 10 c + 4 h + w for sample 0 and its negative plus 3 for sample 1.
    private static Tensor Image(int steps, int h, int w)
    {
        var x = new Tensor(steps, 2, 2, h, w);
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < 2; b++)
            {
                for (int c = 0; c < 2; c++)
                {
                    for (int i = 0; i < h; i++)
                    {
                        for (int j = 0; j < w; j++)
                        {
                            float v = (10 * c) + (4 * i) + j;
                            x[t, b, c, i, j] = b == 0 ? v : 3 - v;
                        }
                    }
                }
            }
        }

        return x;
    }

    // The pooling definition on one window: the maximum, the mean or the sum of its size x size values.
    private static float Window(Tensor x, int t, int b, int c, int top, int left, int size, string kind)
    {
        var values = new List<float>();
        for (int i = top; i < top + size; i++)
        {
            for (int j = left; j < left + size; j++)
            {
                values.Add(x[t, b, c, i, j]);
            }
        }

        return kind switch { "max" => values.Max(), "average" => values.Average(), _ => values.Sum() };
    }

    [Theory]
    [InlineData("max", 2, 2)]
    [InlineData("average", 2, 2)]
    [InlineData("sum", 2, 2)]
    [InlineData("average", 3, 1)]
    [InlineData("sum", 2, 1)]
    public void StandalonePool2d_HasTheShapeAndValuesOfTheDefinition(string kind, int size, int stride)
    {
        int o = ((4 - size) / stride) + 1;
        string json = $$"""
            {
              "populations": [
                { "name": "img", "shape": [2, 4, 4], "model": "input" },
                { "name": "p", "shape": [2, {{o}}, {{o}}], "model": "lif", "parameters": { "threshold_mv": 1000 } }
              ],
              "projections": [
                { "name": "pool", "source": "img", "target": "p", "connectivity": { "type": "pool2d", "kind": "{{kind}}", "size": {{size}}, "stride": {{stride}} } }
              ]
            }
            """;
        var model = Build(json);
        var pool = Assert.IsType<Pool2dLayer>(model.Layers[0]);
        Assert.Equal(kind, pool.Kind.ToString().ToLowerInvariant());
        Assert.Equal((size, stride), (pool.Size, pool.Stride));
        Assert.Equal([2, o, o], pool.OutputShape);
        Assert.IsType<LifLayer<ATan>>(model.Layers[1]);

        var x = Image(2, 4, 4);
        Assert.Equal([2, 2, 2, o, o], model.Forward(x, training: false).Shape.ToArray());
        var y = model.LayerOutput(0);
        for (int t = 0; t < 2; t++)
        {
            for (int b = 0; b < 2; b++)
            {
                for (int c = 0; c < 2; c++)
                {
                    for (int i = 0; i < o; i++)
                    {
                        for (int j = 0; j < o; j++)
                        {
                            Assert.Equal(Window(x, t, b, c, i * stride, j * stride, size, kind), y[t, b, c, i, j], 5);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void StandalonePool2d_HandValues()
    {
        // Sample 0, channel 0 of Image: rows 0..3 are 0 1 2 3 / 4 5 6 7 / 8 9 10 11 / 12 13 14 15.
        float[] Pool(string kind)
        {
            string json = $$"""
                {
                  "populations": [{ "name": "img", "shape": [2, 4, 4], "model": "input" }, { "name": "p", "shape": [2, 2, 2], "model": "li" }],
                  "projections": [{ "source": "img", "target": "p", "connectivity": { "type": "pool2d", "kind": "{{kind}}", "size": 2 } }]
                }
                """;
            var model = Build(json);
            model.Forward(Image(1, 4, 4), training: false);
            return model.LayerOutput(0).Data.AsSpan(0, 4).ToArray();
        }

        Assert.Equal([5f, 7f, 13f, 15f], Pool("max"));
        Assert.Equal([2.5f, 4.5f, 10.5f, 12.5f], Pool("average"));
        Assert.Equal([10f, 18f, 42f, 50f], Pool("sum"));
    }

    [Theory]
    [InlineData("max")]
    [InlineData("average")]
    [InlineData("sum")]
    public void Conv2dWithPool_ConvolvesThenPools(string kind)
    {
        // A 2x2 kernel of ones over [2, 5, 5] gives, per output channel, the sum over both input channels of each
        // 2x2 block ([3, 4, 4]); a 2/2 pool then gives [3, 2, 2].
        string json = $$"""
            {
              "populations": [
                { "name": "img", "shape": [2, 5, 5], "model": "input" },
                { "name": "c", "shape": [3, 2, 2], "model": "lif", "parameters": { "threshold_mv": 1000 } }
              ],
              "projections": [
                { "name": "conv", "source": "img", "target": "c", "synapse": "instant", "weights": 1,
                  "connectivity": { "type": "conv2d", "kernel": 2, "pool": { "kind": "{{kind}}", "size": 2 } } }
              ]
            }
            """;
        var model = Build(json);
        Assert.Equal(["conv", "conv/pool", "c"], model.Layers.Select(l => l.Name).ToArray());
        var conv = Assert.IsType<Conv2dLayer>(model.Layers[0]);
        Assert.Equal([3, 4, 4], conv.OutputShape);
        var pool = Assert.IsType<Pool2dLayer>(model.Layers[1]);
        Assert.Equal(kind, pool.Kind.ToString().ToLowerInvariant());
        Assert.IsType<LifLayer<ATan>>(model.Layers[2]);

        var x = Image(1, 5, 5);
        Assert.Equal([1, 2, 3, 2, 2], model.Forward(x, training: false).Shape.ToArray());
        var y = model.LayerOutput(1);
        for (int b = 0; b < 2; b++)
        {
            for (int co = 0; co < 3; co++)
            {
                for (int i = 0; i < 2; i++)
                {
                    for (int j = 0; j < 2; j++)
                    {
                        var window = new List<float>();
                        for (int di = 0; di < 2; di++)
                        {
                            for (int dj = 0; dj < 2; dj++)
                            {
                                int r = (2 * i) + di, q = (2 * j) + dj;
                                window.Add(Window(x, 0, b, 0, r, q, 2, "sum") + Window(x, 0, b, 1, r, q, 2, "sum"));
                            }
                        }

                        float expected = kind switch { "max" => window.Max(), "average" => window.Average(), _ => window.Sum() };
                        Assert.Equal(expected, y[0, b, co, i, j], 4);
                    }
                }
            }
        }
    }

    [Fact]
    public void AllAfterAShapedPopulation_FlattensChannelsThenRowsThenColumns()
    {
        // W is [12, 2]: output 0 weighs input i (flattened c, h, w row-major) by i, output 1 by 1.
        string weights = string.Join(", ", Enumerable.Range(0, 12).SelectMany(i => new[] { i, 1 }));
        string json = $$"""
            {
              "populations": [
                { "name": "img", "shape": [2, 2, 3], "model": "input" },
                { "name": "out", "size": 2, "model": "li", "parameters": { "input": "Direct" } }
              ],
              "projections": [
                { "name": "fc", "source": "img", "target": "out", "connectivity": "all", "synapse": "instant", "weights": [{{weights}}] }
              ]
            }
            """;
        var model = Build(json);
        var fc = Assert.IsType<LinearLayer>(model.Layers[0]);
        Assert.Equal(12, fc.InputSize);
        Assert.Equal([2, 2, 3], fc.InputShape);
        Assert.Equal(2, fc.OutputSize);

        var x = new Tensor(1, 1, 2, 2, 3);
        double weighted = 0, sum = 0;
        for (int c = 0; c < 2; c++)
        {
            for (int h = 0; h < 2; h++)
            {
                for (int w = 0; w < 3; w++)
                {
                    float v = 1 + (100 * c) + (10 * h) + w;
                    x[0, 0, c, h, w] = v;
                    int i = (((c * 2) + h) * 3) + w;
                    weighted += i * v;
                    sum += v;
                }
            }
        }

        var y = model.Forward(x, training: false);
        Assert.Equal(weighted, y.Data[0], 3);
        Assert.Equal(sum, y.Data[1], 3);
    }

    private const string In = """{ "name": "in", "size": 4, "model": "input" }""";
    private const string H = """{ "name": "h", "size": 3, "model": "lif" }""";
    private const string Fc = """{ "name": "p", "source": "in", "target": "h", "connectivity": "all", "synapse": "instant" }""";

    [Theory]
    [InlineData("""{ "name": "h", "size": 3, "model": "izhikevich" }""", Fc, "Population 'h': model izhikevich is not supported by the surrogate-gradient trainer")]
    [InlineData(H, """{ "name": "p", "source": "in", "target": "h", "connectivity": "all" }""", "Projection 'p': synapse Delta is not supported")]
    [InlineData(H, """{ "name": "p", "source": "in", "target": "h", "connectivity": "all", "synapse": { "type": "current", "tau_ms": 5 } }""", "Projection 'p': synapse Current is not supported")]
    [InlineData(H, """{ "name": "p", "source": "in", "target": "h", "connectivity": "all", "synapse": "instant", "delay_ms": 1 }""", "Projection 'p': delays are not supported")]
    [InlineData(H, """{ "name": "p", "source": "in", "target": "h", "connectivity": { "type": "fixed_probability", "p": 0.5 }, "synapse": "instant" }""", "Projection 'p': connectivity FixedProbability is not supported")]
    [InlineData("""{ "name": "h", "size": 3, "model": "cubalif" }""", Fc + """, { "name": "r", "source": "h", "target": "h", "connectivity": "all", "synapse": "instant" }""", "Population 'h': recurrent projections are supported for LIF populations only; its model is cubalif")]
    [InlineData(H, Fc + """, { "name": "r", "source": "h", "target": "h", "connectivity": "one_to_one", "synapse": "instant" }""", "Projection 'r': a recurrent projection must be")]
    [InlineData(H, Fc + """, { "name": "r", "source": "h", "target": "h", "connectivity": "all", "synapse": "instant", "delay_ms": 2 }""", "Projection 'r': delays are not supported")]
    [InlineData(H, Fc + """, { "name": "r1", "source": "h", "target": "h", "connectivity": "all", "synapse": "instant" }, { "name": "r2", "source": "h", "target": "h", "connectivity": "all", "synapse": "instant" }""", "Population 'h': model lif with several recurrent projections is not supported")]
    [InlineData(H + """, { "name": "x", "size": 2, "model": "lif" }""", Fc, "population 'x' is not on the feed-forward chain")]
    [InlineData(H + """, { "name": "x", "size": 2, "model": "lif" }""", Fc + """, { "name": "q", "source": "in", "target": "x", "connectivity": "all", "synapse": "instant" }""", "population 'in' has 2 outgoing projections")]
    [InlineData(H + """, { "name": "in2", "size": 2, "model": "input" }""", Fc, "exactly one ExternalSource input population; found 2")]
    public void Unsupported_ErrorNamesThePopulationOrProjection(string population, string projections, string expected)
    {
        string json = $$"""{ "name": "n", "populations": [{{In}}, {{population}}], "projections": [{{projections}}] }""";
        var e = Assert.Throws<NotSupportedException>(() => Build(json));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(H, Fc + """, { "name": "r", "source": "h", "target": "h", "connectivity": "all", "synapse": "instant" }""", "projection 'r' connects population 'h' to itself; an ANN has no recurrence")]
    [InlineData(H + """, { "name": "x", "size": 2, "model": "lif" }""", Fc + """, { "name": "q", "source": "h", "target": "x", "connectivity": "all", "synapse": "instant" }, { "name": "back", "source": "x", "target": "h", "connectivity": "all", "synapse": "instant" }""", "population 'h' has 2 incoming projections; an ANN supports exactly one")]
    [InlineData(H + """, { "name": "x", "size": 2, "model": "lif" }""", Fc + """, { "name": "q", "source": "h", "target": "x", "connectivity": "all", "synapse": "instant" }, { "name": "skip", "source": "in", "target": "x", "connectivity": "all", "synapse": "instant" }""", "population 'in' has 2 outgoing projections")]
    [InlineData(H + """, { "name": "x", "size": 2, "model": "lif" }""", Fc, "population 'x' is not on the feed-forward chain")]
    public void AnnTwin_WalksTheSameChain_AndNamesWhatBreaksIt(string population, string projections, string expected)
    {
        string json = $$"""{ "name": "n", "populations": [{{In}}, {{population}}], "projections": [{{projections}}] }""";
        var network = NetworkFile.Parse(json, "net.json").Network.Build(1);
        var e = Assert.Throws<NotSupportedException>(() => Lapicque.Learning.Conversion.AnnModel.FromNetwork(network));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RefractoryPeriod_IsRejectedNamingThePopulationAndField()
    {
        var e = Assert.Throws<ArgumentException>(() => Build(Single(4, 3, "lif", """{ "refractory_ms": 2 }""")));
        Assert.Contains("h.RefractoryMs must be 0 for surrogate-gradient training; was 2", e.Message);
    }
}
