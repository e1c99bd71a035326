using System.Globalization;
using Lapicque.Data;
using Lapicque.Learning.Exact;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Benchmarks;

/// <summary>
/// Long exact-gradient runs (not tests): `dotnet run -c Release --project bench/Lapicque.Benchmarks -- exact yinyang|mnist
/// [key=value ...]`. Prints one line per epoch (loss, train and test accuracy, spikes per sample, seconds).
/// </summary>
internal static class ExactRunner
{
    public static void Run(string[] args)
    {
        var opt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string a in args.Skip(1))
        {
            string[] kv = a.Split('=', 2);
            opt[kv[0]] = kv.Length > 1 ? kv[1] : "true";
        }

        double Get(string key, double fallback) => opt.TryGetValue(key, out string? v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        if (opt.TryGetValue("threads", out string? th))
        {
            Parallelism.MaxThreads = int.Parse(th, CultureInfo.InvariantCulture);
        }

        switch (args.Length > 0 ? args[0] : "")
        {
            case "yinyang":
                YinYangRun(Get, opt.GetValueOrDefault("model", "theta"));
                break;
            case "mnist":
                MnistRun(Get);
                break;
            case "concept":
                ConceptRun(opt.GetValueOrDefault("out", "."));
                break;
            case "single":
                SingleNeuronRun(opt.GetValueOrDefault("out", "."), (int)Get("trials", 3000));
                break;
            default:
                Console.WriteLine("usage: exact yinyang|mnist|concept|single [key=value ...]");
                break;
        }
    }

    private static void YinYangRun(Func<string, double, double> get, string model)
    {
        YinYangSet train = YinYang.Train(), test = YinYang.Test();
        int hidden = (int)get("hidden", 120);
        int epochs = (int)get("epochs", 50);
        double trial = get("T", model == "theta" ? 2.0 : 4.0);
        double tEarly = get("early", 0.1), tSpan = get("span", 1.2), tBias = get("bias", 0.05);
        INeuronModel neuron = model == "theta"
            ? new ThetaParameters { InitialPhaseMs = get("phase0", 3.0) }
            : new KlosQifParameters { TauMs = 1.0 };
        var net = new EventNetwork(neuron, 5, [hidden, 3]);
        var rng = new Rng((ulong)get("seed", 1));
        double scale = get("wscale", 1.0);
        InitUniform(net.FeedForwardWeights(0), rng, scale / Math.Sqrt(5), get("wmean0", 0.0));
        InitUniform(net.FeedForwardWeights(1), rng, scale / Math.Sqrt(hidden), get("wmean1", 0.0));
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 2000 });
        var trainer = new ExactTrainer(engine, new ExactTrainerOptions
        {
            Optimizer = get("adam", 1) > 0 ? "adam" : "adabelief",
            LearningRate = get("lr", 5e-3),
            DecayEpochs = get("decay", 20),
            BatchSize = (int)get("batch", 32),
            ClipValue = get("clip", 0),
            Loss = new FirstSpikeCrossEntropy(get("gamma", 1e-2), get("temp", 1.0)),
        });
        InputSpike[] Encode(YinYangSet set, int i)
        {
            ReadOnlySpan<double> f = set.Sample(i);
            var s = new InputSpike[5];
            s[0] = new InputSpike(tBias, 4);
            for (int k = 0; k < 4; k++)
            {
                s[k + 1] = new InputSpike(tEarly + (tSpan * f[k]), k);
            }

            Array.Sort(s, (a, b) => a.TimeMs.CompareTo(b.TimeMs));
            return s;
        }

        ExactEpochResult t0 = trainer.Evaluate(test.Count, i => Encode(test, i), test.Labels);
        Console.WriteLine($"yinyang {model} hidden={hidden} before: test acc {t0.Accuracy:F4} spikes/sample {t0.SpikesPerSample:F1}");
        for (int e = 0; e < epochs; e++)
        {
            ExactEpochResult r = trainer.TrainEpoch(train.Count, i => Encode(train, i), train.Labels, e);
            ExactEpochResult t = trainer.Evaluate(test.Count, i => Encode(test, i), test.Labels);
            Console.WriteLine(FormattableString.Invariant($"epoch {e + 1} loss {r.Loss:F4} train {r.Accuracy:F4} test {t.Accuracy:F4} test_ord {t.OrdinaryAccuracy:F4} spikes {r.SpikesPerSample:F1} {r.Seconds:F2}s"));
        }
    }

    private static void MnistRun(Func<string, double, double> get)
    {
        string dir = DataDirectory.Resolve(null);
        LabeledDataset train = Mnist.Load(dir, DatasetSplit.Train), test = Mnist.Load(dir, DatasetSplit.Test);
        int limit = (int)get("limit", train.Count);
        int epochs = (int)get("epochs", 1);
        const double trial = 2.0;
        double tIn = trial * Math.Log(1.0 / (1.0 - 0.01));
        var net = new EventNetwork(new ThetaParameters { InitialPhaseMs = 3.0 }, 784, [100, 100, 10]);
        var rng = new Rng((ulong)get("seed", 1));
        InitUniform(net.FeedForwardWeights(0), rng, 0.5 / Math.Sqrt(784), 0);
        InitUniform(net.FeedForwardWeights(1), rng, 0.5 / Math.Sqrt(100), 0);
        InitUniform(net.FeedForwardWeights(2), rng, 0.5 / Math.Sqrt(100), 0);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = (int)get("kmax", 400) });
        var trainer = new ExactTrainer(engine, new ExactTrainerOptions
        {
            Optimizer = "adabelief",
            LearningRate = get("lr", 4e-3),
            DecayEpochs = 100,
            BatchSize = (int)get("batch", 1000),
        });
        bool[] OnPixels(LabeledDataset set, int i)
        {
            ReadOnlySpan<float> f = set.Sample(i);
            var on = new bool[784];
            for (int p = 0; p < 784; p++)
            {
                on[p] = MathF.Round(f[p] * 255f) >= 128f;
            }

            return on;
        }

        bool[][] trainOn = [.. Enumerable.Range(0, limit).Select(i => OnPixels(train, i))];
        bool[][] testOn = [.. Enumerable.Range(0, test.Count).Select(i => OnPixels(test, i))];
        int[] trainLabels = train.Labels[..limit].ToArray();
        int[] testLabels = test.Labels.ToArray();
        double flip = get("flip", 0.02);
        InputSpike[] Encode(bool[] on, Rng? noise)
        {
            var s = new List<InputSpike>(200);
            for (int p = 0; p < 784; p++)
            {
                bool v = on[p];
                if (noise is not null && noise.NextDouble() < flip)
                {
                    v = !v;
                }

                if (v)
                {
                    s.Add(new InputSpike(tIn, p));
                }
            }

            return [.. s];
        }

        ExactEpochResult t0 = trainer.Evaluate(testOn.Length, i => Encode(testOn[i], null), testLabels);
        Console.WriteLine(FormattableString.Invariant($"mnist before: test acc {t0.Accuracy:F4} spikes/sample {t0.SpikesPerSample:F1} ({t0.Seconds:F1}s)"));
        for (int e = 0; e < epochs; e++)
        {
            int epoch = e;
            TimeSpan cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            ExactEpochResult r = trainer.TrainEpoch(limit, i => Encode(trainOn[i], Rng.ForStream(77, ((ulong)epoch * 100000UL) + (ulong)i)), trainLabels, e);
            double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            ExactEpochResult t = trainer.Evaluate(testOn.Length, i => Encode(testOn[i], null), testLabels);
            Console.WriteLine(FormattableString.Invariant($"epoch {e + 1} loss {r.Loss:F4} train {r.Accuracy:F4} test {t.Accuracy:F4} test_ord {t.OrdinaryAccuracy:F4} spikes {r.SpikesPerSample:F1} train {r.Seconds:F1}s (cpu {cpu:F1}s) eval {t.Seconds:F1}s"));
        }
    }

    // Spec 2.7 a: output time against the input weight for QIF (first spike, else first pseudospike) and for an exact LIF
    // with tau_m = 2 tau_s = 1, threshold 1 (no spike: empty); and, for QIF, against the time of an inhibitory input.
    private static void ConceptRun(string outDir)
    {
        Directory.CreateDirectory(outDir);
        double wMin = Math.PI * Math.PI / 4;
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 2, [1]);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = 4.0, MaxEvents = 10 });
        var tape = new ExactTape();
        var grads = new ExactGradients(net);
        using (var w = new StreamWriter(Path.Combine(outDir, "concept-weight.csv")))
        {
            w.WriteLine("weight_over_wmin,qif_time,qif_pseudo,qif_dt_dw,lif_time");
            for (int p = 0; p <= 2000; p++)
            {
                double x = 2.0 * p / 2000;
                net.FeedForwardWeights(0)[0] = x * wMin;
                engine.Forward([new InputSpike(0.5, 0)], tape);
                double t = tape.OutputTime(0, 1);
                tape.AddOutputTimeGradient(0, 1, 1.0);
                grads.Clear();
                engine.Backward(tape, grads);
                double lifW = x * 4.0;
                double lif = double.NaN;
                if (lifW >= 4.0)
                {
                    // V(dt) = I0 (x - x^2) from V0 = 0: the earliest root of I0 x^2 - I0 x + 1 = 0.
                    double root = (lifW + Math.Sqrt((lifW * lifW) - (4 * lifW))) / (2 * lifW);
                    double tl = 0.5 - Math.Log(root);
                    lif = tl < 3.0 ? tl : double.NaN;
                }

                w.WriteLine(FormattableString.Invariant($"{x:R},{t:R},{(tape.OrdinarySpikeCount(0) == 0 ? 1 : 0)},{grads.FeedForward[0][0]:R},{(double.IsNaN(lif) ? "" : lif.ToString("R", CultureInfo.InvariantCulture))}"));
            }
        }

        using (var w = new StreamWriter(Path.Combine(outDir, "concept-inhibition.csv")))
        {
            w.WriteLine("inhibitory_time,qif_time,qif_pseudo,qif_dt_dtinh");
            net.FeedForwardWeights(0)[0] = 1.5 * wMin;
            net.FeedForwardWeights(0)[1] = -wMin;
            for (int p = 0; p <= 2000; p++)
            {
                double ti = 4.0 * p / 2000;
                InputSpike[] inputs = ti < 0.5 ? [new(ti, 1), new(0.5, 0)] : [new(0.5, 0), new(ti, 1)];
                engine.Forward(inputs, tape);
                double t = tape.OutputTime(0, 1);
                tape.AddOutputTimeGradient(0, 1, 1.0);
                grads.Clear();
                engine.Backward(tape, grads);
                double g = grads.InputTimes[ti < 0.5 ? 0 : 1];
                w.WriteLine(FormattableString.Invariant($"{ti:R},{t:R},{(tape.OrdinarySpikeCount(0) == 0 ? 1 : 0)},{g:R}"));
            }
        }

        Console.WriteLine($"wrote {Path.Combine(outDir, "concept-weight.csv")} and concept-inhibition.csv");
    }

    // Spec 2.7 b: one QIF neuron (tau 1, T 10) with 20 fixed random inputs and 2 trainable ones (weights from 0, times from
    // 1 and 9) learns output spikes at 2.5 and 7.5: MSE on the first two output times, element-wise clipping at 0.02, SGD 0.1.
    private static void SingleNeuronRun(string outDir, int trials)
    {
        Directory.CreateDirectory(outDir);
        const double trial = 10.0;
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 22, [1]);
        var rng = new Rng(3);
        double[] times = new double[22];
        for (int k = 0; k < 20; k++)
        {
            times[k] = rng.Uniform(0, trial);
            net.FeedForwardWeights(0)[k] = rng.NextNormal();
        }

        times[20] = 1.0;
        times[21] = 9.0;
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 200 });
        var tape = new ExactTape();
        var grads = new ExactGradients(net);
        double[][] targets = [[2.5, 7.5]];
        using var w = new StreamWriter(Path.Combine(outDir, "single-neuron.csv"));
        w.WriteLine("trial,loss,t1,t2,ordinary_spikes");
        for (int step = 0; step <= trials; step++)
        {
            var inputs = new InputSpike[22];
            for (int k = 0; k < 22; k++)
            {
                inputs[k] = new InputSpike(times[k], k);
            }

            Array.Sort(inputs, (a, b) => a.TimeMs.CompareTo(b.TimeMs));
            engine.Forward(inputs, tape);
            double loss = SpikeTimeMse.Apply(tape, targets);
            w.WriteLine(FormattableString.Invariant($"{step},{loss:R},{tape.OutputTime(0, 1):R},{tape.OutputTime(0, 2):R},{tape.OrdinarySpikeCount(0)}"));
            if (step % 500 == 0)
            {
                Console.WriteLine(FormattableString.Invariant($"trial {step} loss {loss:G4} t1 {tape.OutputTime(0, 1):F3} t2 {tape.OutputTime(0, 2):F3} ordinary {tape.OrdinarySpikeCount(0)}"));
            }

            grads.Clear();
            engine.Backward(tape, grads);
            for (int p = 0; p < 22; p++)
            {
                int k = inputs[p].Channel;
                if (k < 20)
                {
                    continue;
                }

                double gw = Math.Clamp(grads.FeedForward[0][k], -0.02, 0.02);
                double gt = Math.Clamp(grads.InputTimes[p], -0.02, 0.02);
                net.FeedForwardWeights(0)[k] -= 0.1 * gw;
                times[k] = Math.Clamp(times[k] - (0.1 * gt), 0.0, trial);
            }
        }
    }

    private static void InitUniform(double[] w, Rng rng, double half, double mean)
    {
        for (int k = 0; k < w.Length; k++)
        {
            w[k] = mean + rng.Uniform(-half, half);
        }
    }
}
