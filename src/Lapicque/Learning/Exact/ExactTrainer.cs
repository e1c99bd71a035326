using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact;

/// <summary>Loss, accuracy and activity of one pass over a data set.</summary>
/// <param name="Loss">Mean loss per sample.</param>
/// <param name="Accuracy">Fraction of samples whose earliest output time (ordinary or pseudo) is the label's.</param>
/// <param name="OrdinaryAccuracy">Accuracy from ordinary spikes only; an output without a spike counts as t = T.</param>
/// <param name="SpikesPerSample">Mean number of network spikes per sample.</param>
/// <param name="Seconds">Wall time of the pass.</param>
public readonly record struct ExactEpochResult(double Loss, double Accuracy, double OrdinaryAccuracy, double SpikesPerSample, double Seconds);

/// <summary>
/// Mini-batch training of an <see cref="EventNetwork"/> by exact gradients (<see cref="ExactEngine"/>) with the first-spike
/// cross-entropy: each batch runs forward and backward in parallel over samples, the gradient is the batch mean, then it is
/// clipped element-wise, the learning rate decays exponentially, and Adam or AdaBelief takes a step (initial phases are
/// clipped to [0, Theta]). The samples of a batch are split into a fixed number of chunks whose gradients are summed in
/// chunk order, so results do not depend on the thread count.
/// </summary>
public sealed class ExactTrainer
{
    private const int Chunks = 16;

    private readonly ExactEngine _engine;
    private readonly ExactTrainerOptions _options;
    private readonly ExactTape[] _tapes;
    private readonly ExactGradients[] _grads;
    private readonly List<(Parameter<double> P, Func<ExactGradients, double[]> Pick)> _params = [];
    private readonly Optimizer<double> _optimizer;
    private long _steps;

    /// <summary>Creates a trainer of <paramref name="engine"/>'s network.</summary>
    public ExactTrainer(ExactEngine engine, ExactTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _engine = engine;
        _options = options;
        EventNetwork net = engine.Network;
        for (int l = 0; l < net.LayerCount; l++)
        {
            int layer = l;
            _params.Add((new Parameter<double>($"w_ff{l}", net.FeedForwardWeights(l)), g => g.FeedForward[layer]));
            if (net.RecurrentWeights(l) is { } rec)
            {
                _params.Add((new Parameter<double>($"w_rec{l}", rec), g => g.Recurrent[layer]!));
            }
        }

        if (options.TrainInitialState)
        {
            double? max = net.Model is ThetaParameters th ? th.PeriodMs : null;
            double? min = max is null ? null : 0.0;
            _params.Add((new Parameter<double>("x0", net.InitialState, min, max), g => g.InitialState));
        }

        Parameter<double>[] ps = [.. _params.Select(p => p.P)];
        _optimizer = options.Optimizer == "adam"
            ? new Adam<double>(ps, options.LearningRate)
            : new AdaBelief<double>(ps, options.LearningRate);
        _tapes = new ExactTape[Chunks];
        _grads = new ExactGradients[Chunks];
        for (int c = 0; c < Chunks; c++)
        {
            _tapes[c] = new ExactTape();
            _grads[c] = new ExactGradients(net);
        }
    }

    /// <summary>The trained parameters (live views of the network's arrays).</summary>
    public IReadOnlyList<Parameter<double>> Parameters => _optimizer.Parameters;

    /// <summary>The optimizer (its moments and step count belong in a checkpoint).</summary>
    public Optimizer<double> Optimizer => _optimizer;

    /// <summary>Optimizer steps taken; the learning-rate decay counts them, so a resumed run sets it back.</summary>
    public long Steps
    {
        get => _steps;
        set => _steps = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Steps must be >= 0.");
    }

    /// <summary>The learning rate of the next step (the decay applied).</summary>
    public double LearningRate(int stepsPerEpoch) => _options.LearningRate * Math.Exp(-_steps / (stepsPerEpoch * _options.DecayEpochs));

    /// <summary>
    /// One epoch over <paramref name="count"/> samples in an order shuffled with the seed and the epoch number:
    /// <paramref name="inputs"/>(index) gives the sorted input spikes of a sample (it may be called from several threads).
    /// </summary>
    /// <param name="count">Samples in the epoch.</param>
    /// <param name="inputs">Input spikes of a sample by index.</param>
    /// <param name="labels">Labels by index.</param>
    /// <param name="epoch">Epoch number (0-based): seeds the order and the learning-rate decay.</param>
    /// <param name="progress">
    /// Called after each batch with the number of samples done and the running figures over them (mean loss, accuracy,
    /// ordinary-spike accuracy, spikes per sample, seconds so far); after the last batch these equal the returned result.
    /// May be null.
    /// </param>
    public ExactEpochResult TrainEpoch(int count, Func<int, InputSpike[]> inputs, IReadOnlyList<int> labels, int epoch, Action<int, ExactEpochResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int[] order = new int[count];
        for (int k = 0; k < count; k++)
        {
            order[k] = k;
        }

        Rng.ForStream(_options.Seed, (ulong)epoch).Shuffle(order.AsSpan());
        int batch = _options.BatchSize;
        int stepsPerEpoch = (count + batch - 1) / batch;
        var sums = new Stats[Chunks];
        double loss = 0, correct = 0, ordinary = 0, spikes = 0;
        for (int start = 0; start < count; start += batch)
        {
            int size = Math.Min(batch, count - start);
            double scale = 1.0 / size;
            Array.Clear(sums);
            System.Threading.Tasks.Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads }, c =>
            {
                (int lo, int hi) = Parallelism.RangeBounds(size, Chunks, c);
                ExactTape tape = _tapes[c];
                ExactGradients g = _grads[c];
                g.Clear();
                Stats st = default;
                for (int b = lo; b < hi; b++)
                {
                    int index = order[start + b];
                    _engine.Forward(inputs(index), tape);
                    st.Add(tape, _options.Loss.Apply(tape, labels[index], scale, out int prediction), prediction, labels[index]);
                    _engine.Backward(tape, g);
                }

                sums[c] = st;
            });

            foreach ((Parameter<double> p, Func<ExactGradients, double[]> pick) in _params)
            {
                double[] dst = p.Gradient;
                pick(_grads[0]).CopyTo(dst, 0);
                for (int c = 1; c < Chunks; c++)
                {
                    double[] src = pick(_grads[c]);
                    for (int k = 0; k < dst.Length; k++)
                    {
                        dst[k] += src[k];
                    }
                }
            }

            if (_options.ClipValue > 0)
            {
                GradientClipping.ClipByValue(_optimizer.Parameters, _options.ClipValue);
            }

            _optimizer.LearningRate = _options.LearningRate * Math.Exp(-_steps / (stepsPerEpoch * _options.DecayEpochs));
            _optimizer.Step();
            _steps++;
            foreach (Stats st in sums)
            {
                loss += st.Loss;
                correct += st.Correct;
                ordinary += st.Ordinary;
                spikes += st.Spikes;
            }

            if (progress is not null)
            {
                int done = start + size;
                progress(done, new ExactEpochResult(loss / done, correct / done, ordinary / done, spikes / done, watch.Elapsed.TotalSeconds));
            }
        }

        return new ExactEpochResult(loss / count, correct / count, ordinary / count, spikes / count, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Loss and accuracy on <paramref name="count"/> samples without training, in parallel over samples.</summary>
    public ExactEpochResult Evaluate(int count, Func<int, InputSpike[]> inputs, IReadOnlyList<int> labels) =>
        EvaluateDetailed(count, inputs, labels).Summary;

    /// <summary>
    /// Loss and accuracy on the samples without training, in parallel over samples, and also every sample's prediction and each neuron's ordinary spikes, so that
    /// per-class accuracy, per-layer activity and silent neurons can be read off (<see cref="ExactEvaluation"/>).
    /// </summary>
    public ExactEvaluation EvaluateDetailed(int count, Func<int, InputSpike[]> inputs, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int neurons = _engine.Network.NeuronCount;
        var predictions = new int[count];
        var perChunk = new long[Chunks][];
        var sums = new Stats[Chunks];
        System.Threading.Tasks.Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads }, c =>
        {
            (int lo, int hi) = Parallelism.RangeBounds(count, Chunks, c);
            ExactTape tape = _tapes[c];
            var spikes = new long[neurons];
            Stats st = default;
            for (int b = lo; b < hi; b++)
            {
                _engine.Forward(inputs(b), tape);
                st.Add(tape, _options.Loss.Apply(tape, labels[b], 0.0, out int prediction), prediction, labels[b]);
                predictions[b] = prediction;
                for (int e = 0; e < tape.Events; e++)
                {
                    if (tape.EventKindOf(e) == EventKind.Spike)
                    {
                        spikes[tape.EventIndex(e)]++;
                    }
                }
            }

            sums[c] = st;
            perChunk[c] = spikes;
        });
        var total = new long[neurons];
        double loss = 0, correct = 0, ordinary = 0, spikeSum = 0;
        for (int c = 0; c < Chunks; c++)
        {
            loss += sums[c].Loss;
            correct += sums[c].Correct;
            ordinary += sums[c].Ordinary;
            spikeSum += sums[c].Spikes;
            for (int k = 0; k < neurons; k++)
            {
                total[k] += perChunk[c][k];
            }
        }

        var summary = new ExactEpochResult(loss / count, correct / count, ordinary / count, spikeSum / count, watch.Elapsed.TotalSeconds);
        return new ExactEvaluation(summary, predictions, total, count, _engine.Network);
    }

    private struct Stats
    {
        public double Loss;
        public double Correct;
        public double Ordinary;
        public double Spikes;

        public void Add(ExactTape tape, double loss, int prediction, int label)
        {
            Loss += loss;
            Correct += prediction == label ? 1 : 0;
            Spikes += tape.SpikeCount;

            // Ordinary spikes only: a silent output counts as t = T; ties go to the lowest index.
            int best = -1;
            double tBest = double.PositiveInfinity;
            for (int i = 0; i < tape.OutputCount; i++)
            {
                double t = tape.OrdinarySpikeCount(i) > 0 ? tape.OutputTime(i, 1) : tape.TrialMs;
                if (t < tBest)
                {
                    tBest = t;
                    best = i;
                }
            }

            Ordinary += best == label ? 1 : 0;
        }
    }
}
