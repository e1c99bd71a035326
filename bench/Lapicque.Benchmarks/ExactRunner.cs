using System.Globalization;
using Lapicque.Data;
using Lapicque.Learning.Exact;
using Lapicque.Learning.Exact.Experiments;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Benchmarks;

/// <summary>
/// Long exact-gradient runs (not tests): `dotnet run -c Release --project bench/Lapicque.Benchmarks -- exact yinyang|mnist|concept|single|memory
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
            case "memory":
                MemoryRun(Get);
                break;
            case "ramp":
                RampTable();
                break;
            default:
                Console.WriteLine("usage: exact yinyang|mnist|concept|single|memory|ramp [key=value ...]");
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

    // Spec 2.7 a, b: the library's experiments (also `lapicque exact concept|single`), CSV files and figures.
    private static void ConceptRun(string outDir)
    {
        ConceptResult r = ConceptExperiment.Run();
        r.WriteCsv(outDir);
        r.Figure().Save(Path.Combine(outDir, "concept.svg"));
        Console.WriteLine($"wrote {Path.Combine(outDir, "concept-weight.csv")}, concept-inhibition.csv and concept.svg");
    }

    private static void SingleNeuronRun(string outDir, int trials)
    {
        SingleNeuronResult r = SingleNeuronExperiment.Run(trials);
        r.WriteCsv(outDir);
        r.Figure().Save(Path.Combine(outDir, "single-neuron.svg"));
        for (int step = 0; step <= trials; step += 500)
        {
            Console.WriteLine(FormattableString.Invariant($"trial {step} loss {r.Loss[step]:G4} t1 {r.FirstTime[step]:F3} t2 {r.SecondTime[step]:F3} ordinary {r.OrdinarySpikes[step]}"));
        }
    }

    // Memory against trial length: forward + backward of `batch` samples through the MNIST-sized 784-100-100-10 theta
    // network, with random binarised images (19 % of the pixels on, one input event) and random initial phases so that the
    // hidden layers spike. scale=k multiplies tau, T, the input time and the phases by k: the same events over a k times
    // longer trial. grow=k multiplies only T: more events. Prints events and touches per sample, the tape's bytes (used and
    // allocated), the bytes allocated during the batch and the process's peak working set. One configuration per process,
    // so that the peak belongs to it.
    private static void MemoryRun(Func<string, double, double> get)
    {
        double scale = get("scale", 1), grow = get("grow", 1);
        int batch = (int)get("batch", 1000);
        const double baseTrial = 2.0;
        var model = new ThetaParameters { TauMs = scale * 6.0 / Math.PI };
        var net = new EventNetwork(model, 784, [100, 100, 10]);
        var rng = new Rng((ulong)get("seed", 1));
        InitUniform(net.FeedForwardWeights(0), rng, 2.0 / Math.Sqrt(784), 0.5 / Math.Sqrt(784));
        InitUniform(net.FeedForwardWeights(1), rng, 2.0 / Math.Sqrt(100), 0.5 / Math.Sqrt(100));
        InitUniform(net.FeedForwardWeights(2), rng, 2.0 / Math.Sqrt(100), 0.5 / Math.Sqrt(100));
        for (int j = 0; j < net.NeuronCount; j++)
        {
            net.InitialState[j] = rng.Uniform(0, model.PeriodMs);
        }

        double trial = baseTrial * scale * grow;
        double tIn = scale * baseTrial * Math.Log(1.0 / (1.0 - 0.01));
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 1_000_000 });
        var tape = new ExactTape();
        var grads = new ExactGradients(net);
        var images = new InputSpike[batch][];
        var pixels = new Rng(99);
        for (int b = 0; b < batch; b++)
        {
            var s = new List<InputSpike>(200);
            for (int p = 0; p < 784; p++)
            {
                if (pixels.NextDouble() < 0.19)
                {
                    s.Add(new InputSpike(tIn, p));
                }
            }

            images[b] = [.. s];
        }

        GC.Collect();
        long allocated0 = GC.GetTotalAllocatedBytes(true);
        double events = 0, touches = 0, maxEvents = 0, maxTouches = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int b = 0; b < batch; b++)
        {
            engine.Forward(images[b], tape);
            for (int i = 0; i < 10; i++)
            {
                tape.AddOutputTimeGradient(i, 1, 0.1 * (i + 1));
            }

            engine.Backward(tape, grads);
            events += tape.EventCount;
            touches += tape.TouchCount;
            maxEvents = Math.Max(maxEvents, tape.EventCount);
            maxTouches = Math.Max(maxTouches, tape.TouchCount);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
        const int perEvent = 8 + 4 + 4 + 4 + 4 + 4 + 8, perTouch = 4 + 4 + 8 + 8 + 8 + 1;
        long capacity = (tape.EvTime.Length * (long)perEvent) + (tape.TNeuron.Length * (long)perTouch);
        long used = (long)((maxEvents * perEvent) + (maxTouches * perTouch));
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine(FormattableString.Invariant(
            $"memory scale={scale} grow={grow} T={trial:G4} batch={batch}: events/sample {events / batch:F1} (max {maxEvents}), touches/sample {touches / batch:F1} (max {maxTouches}), tape used {used} B (largest sample), tape allocated {capacity} B, bytes per touch {perTouch}, per event {perEvent}, allocated during the batch {allocated} B, peak working set {self.PeakWorkingSet64 / 1048576.0:F1} MiB, {seconds:F2} s"));
    }

    // The first pseudospike of one QIF neuron (tau 1, T 0, V(T) = 0, u = 0) and its derivative with respect to I(T), under the
    // authors' constant drive and under ramps: how far the pseudospike of an inhibited neuron lies, and how strongly it pulls.
    private static void RampTable()
    {
        Console.WriteLine("I(T)  c_p  | t1, dt1/dI at slope 0 | slope 0.1 | slope 1 | slope 10");
        foreach (double i in new[] { 2.0, 0.0, -10.0, -30.0, -60.0, -100.0 })
        {
            double c = KlosQif.PseudoDrive(i, 0.0, 10.0, out _);
            var line = new System.Text.StringBuilder(FormattableString.Invariant($"{i,6:G4} {c,10:G4}"));
            foreach (double k in new[] { 0.0, 0.1, 1.0, 10.0 })
            {
                KlosQifPseudo p = QifRampPseudodynamics.SpikeTime(1.0, 0.0, 1, 0.0, i, 0.0, 10.0, k);
                line.Append(FormattableString.Invariant($" | {p.Value,9:G4} {p.DI,10:G3}"));
            }

            Console.WriteLine(line);
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
