using Lapicque.Data;
using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// The STDP-based spiking deep CNN of Kheradpisheh, Ganjtabesh, Thorpe and Masquelier (2018): DoG on/off filtering,
/// intensity-to-latency coding, two convolutional layers of at-most-once IF neurons learned one after the other by
/// the simplified STDP with winner-take-all, max pooling of spike times between them, and features read from the
/// last layer's potentials for a linear classifier (<see cref="SoftmaxReadout"/>). This is its own engine: neurons
/// fire at most once per image and layers learn in turn, which the clock-driven plasticity engine does not model.
/// </summary>
public sealed class ScnnNetwork
{
    private readonly float[] _dogKernel;

    /// <summary>Creates the network with random initial kernels drawn from <paramref name="seed"/>.</summary>
    public ScnnNetwork(ScnnConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _dogKernel = DogFilter.Kernel(config.DogSizePx, config.DogSigmaCenterPx, config.DogSigmaSurroundPx);
        Layer1 = new SpikingConvLayer(config.Conv1, Rng.ForStream(seed, 1).NextUInt64());
        Layer2 = new SpikingConvLayer(config.Conv2, Rng.ForStream(seed, 2).NextUInt64());
    }

    /// <summary>The configuration.</summary>
    public ScnnConfig Config { get; }

    /// <summary>The first convolutional layer (input: DoG on/off spikes).</summary>
    public SpikingConvLayer Layer1 { get; }

    /// <summary>The second convolutional layer (input: pooled layer-1 spikes).</summary>
    public SpikingConvLayer Layer2 { get; }

    /// <summary>The DoG kernel, row-major DogSizePx x DogSizePx.</summary>
    public ReadOnlySpan<float> DogKernel => _dogKernel;

    /// <summary>Number of features per image: Conv2.Maps * FeatureGrid^2.</summary>
    public int FeatureCount => Config.Conv2.Maps * Config.FeatureGrid * Config.FeatureGrid;

    /// <summary>DoG-filters a height x width image (values in [0, 1]) and latency-codes it: 2 channels (on, off).</summary>
    public SpikeWave Encode(ReadOnlySpan<float> image, int height, int width)
    {
        var onOff = new float[2 * height * width];
        DogFilter.Apply(image, height, width, _dogKernel, onOff);
        return LatencyCoding.Encode(onOff, 2, height, width, Config.Steps, Config.DogThreshold);
    }

    /// <summary>Layer 1 with per-position winner-take-all, then max pooling of spike times: the input of layer 2.</summary>
    public SpikeWave Layer1Output(SpikeWave encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        int oh = Layer1.OutputSize(encoded.Height);
        int ow = Layer1.OutputSize(encoded.Width);
        int maps = Config.Conv1.Maps;
        int n = oh * ow * maps;
        var v = new float[n];
        var fire = new int[n];
        var fireV = new float[n];
        Layer1.Integrate(encoded, Config.Conv1.Threshold, v, fire, fireV);
        var times = new int[n];
        SpikingConvLayer.PositionWinners(fire, fireV, oh * ow, maps, times);
        int ph = SpikePooling.OutputSize(oh, Config.Pool1Size, Config.Pool1Stride);
        int pw = SpikePooling.OutputSize(ow, Config.Pool1Size, Config.Pool1Stride);
        var pooled = new int[maps * ph * pw];
        SpikePooling.MaxPoolTimes(times, maps, oh, ow, Config.Pool1Size, Config.Pool1Stride, pooled);
        return SpikeWave.FromTimes(pooled, maps, ph, pw, encoded.Steps);
    }

    /// <summary>
    /// Writes the features of one image from its layer-2 input: the final layer-2 potentials (all input spikes counted,
    /// no threshold), max-pooled over FeatureGrid x FeatureGrid regions; layout [region row, region column, map].
    /// </summary>
    public void Features(SpikeWave layer2Input, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(layer2Input);
        Check.That(features.Length == FeatureCount, "features.Length", $"FeatureCount = {FeatureCount}", features.Length);
        int oh = Layer2.OutputSize(layer2Input.Height);
        int ow = Layer2.OutputSize(layer2Input.Width);
        int maps = Config.Conv2.Maps;
        var v = new float[oh * ow * maps];
        Layer2.Integrate(layer2Input, float.PositiveInfinity, v, [], []);
        int g = Config.FeatureGrid;
        features.Fill(float.NegativeInfinity);
        for (int y = 0; y < oh; y++)
        {
            int gy = y * g / oh;
            for (int x = 0; x < ow; x++)
            {
                int gx = x * g / ow;
                var f = features.Slice(((gy * g) + gx) * maps, maps);
                var p = v.AsSpan(((y * ow) + x) * maps, maps);
                for (int m = 0; m < maps; m++)
                {
                    f[m] = Math.Max(f[m], p[m]);
                }
            }
        }
    }

    /// <summary>Encodes the first <paramref name="count"/> images of <paramref name="data"/> in parallel.</summary>
    public SpikeWave[] EncodeAll(LabeledDataset data, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        (int h, int w) = ImageSize(data);
        Check.That(count >= 0 && count <= data.Count, nameof(count), $"in [0, {data.Count}]", count);
        var waves = new SpikeWave[count];
        Parallelism.For(count, 64, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                waves[i] = Encode(data.Sample(i), h, w);
            }
        });
        return waves;
    }

    /// <summary>Runs <see cref="Layer1Output"/> over many encoded images in parallel.</summary>
    public SpikeWave[] Layer1OutputAll(IReadOnlyList<SpikeWave> encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var waves = new SpikeWave[encoded.Count];
        Parallelism.For(encoded.Count, 32, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                waves[i] = Layer1Output(encoded[i]);
            }
        });
        return waves;
    }

    /// <summary>
    /// The features of every image of <paramref name="data"/>, row-major [image, FeatureCount]. Images are independent
    /// once learning is over, so this runs in parallel and gives the same bits whatever the thread count.
    /// </summary>
    public float[] ExtractFeatures(LabeledDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        (int h, int w) = ImageSize(data);
        int fc = FeatureCount;
        var features = new float[data.Count * fc];
        Parallelism.For(data.Count, 32, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                Features(Layer1Output(Encode(data.Sample(i), h, w)), features.AsSpan(i * fc, fc));
            }
        });
        return features;
    }

    /// <summary>
    /// Trains layer <paramref name="layer"/> (1 or 2) with STDP on <paramref name="inputs"/> (encoded images for layer 1,
    /// <see cref="Layer1Output"/> waves for layer 2), visiting them in a fresh random order per pass, until the
    /// convergence measure falls below <see cref="ScnnConfig.ConvergenceTarget"/> or <paramref name="maxImages"/> have
    /// been presented. For each image the layer integrates without inhibition, the winners are chosen
    /// (<see cref="SpikingConvLayer.SelectWinners"/>) and each updates its map's shared kernel. a+ starts at
    /// <see cref="ScnnConfig.APlus"/> and doubles every <see cref="ScnnConfig.APlusDoublingImages"/> images up to
    /// <see cref="ScnnConfig.APlusMax"/>; a- = AMinusRatio * a+. Sequential: each update changes the kernels the next
    /// image sees.
    /// </summary>
    public StdpTrainingReport TrainLayer(int layer, IReadOnlyList<SpikeWave> inputs, int maxImages, ulong seed)
    {
        Check.That(layer is 1 or 2, nameof(layer), "1 or 2", layer);
        ArgumentNullException.ThrowIfNull(inputs);
        Check.That(inputs.Count >= 1, "inputs.Count", ">= 1", inputs.Count);
        Check.That(maxImages >= 1, nameof(maxImages), ">= 1", maxImages);
        var target = layer == 1 ? Layer1 : Layer2;
        var p = target.Parameters;
        int oh = target.OutputSize(inputs[0].Height);
        int ow = target.OutputSize(inputs[0].Width);
        int n = oh * ow * p.Maps;
        var v = new float[n];
        var fire = new int[n];
        var fireV = new float[n];
        var winners = new StdpWinner[p.MaxWinners];
        var order = new int[inputs.Count];
        var rng = new Rng(seed);
        var history = new List<(int, double)>();
        float aPlus = Config.APlus;
        int seen = 0;
        double c = target.Convergence();
        bool converged = false;
        while (seen < maxImages && !converged)
        {
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            rng.Shuffle(order.AsSpan());
            foreach (int idx in order)
            {
                var input = inputs[idx];
                target.Integrate(input, p.Threshold, v, fire, fireV);
                int count = SpikingConvLayer.SelectWinners(fire, fireV, oh, ow, p.Maps, p.MaxWinners, p.InhibitionRadius, winners);
                for (int k = 0; k < count; k++)
                {
                    target.ApplyStdp(input, winners[k], aPlus, aPlus * Config.AMinusRatio);
                }

                seen++;
                if (seen % Config.APlusDoublingImages == 0)
                {
                    aPlus = Math.Min(2 * aPlus, Config.APlusMax);
                    history.Add((seen, target.Convergence()));
                }

                if (seen % 50 == 0)
                {
                    c = target.Convergence();
                    converged = c < Config.ConvergenceTarget;
                }

                if (converged || seen >= maxImages)
                {
                    break;
                }
            }
        }

        c = target.Convergence();
        return new StdpTrainingReport(layer, seen, c < Config.ConvergenceTarget, c, aPlus, history);
    }

    /// <summary>
    /// Layer-1 kernels as images: for each map the on weights minus the off weights, KernelSize x KernelSize,
    /// row-major (bright = prefers a bright centre there).
    /// </summary>
    public float[][] Layer1Kernels()
    {
        int k = Config.Conv1.KernelSize;
        var images = new float[Config.Conv1.Maps][];
        for (int m = 0; m < images.Length; m++)
        {
            var img = new float[k * k];
            for (int y = 0; y < k; y++)
            {
                for (int x = 0; x < k; x++)
                {
                    img[(y * k) + x] = Layer1.Weight(m, 0, y, x) - Layer1.Weight(m, 1, y, x);
                }
            }

            images[m] = img;
        }

        return images;
    }

    /// <summary>
    /// Layer-2 preferred patterns in input pixels: each layer-2 weight (raised to <paramref name="sharpness"/>, so that
    /// the saturated weights dominate) paints its layer-1 map's on-minus-off kernel at every conv1 position its pooled
    /// input covers. Side (KernelSize2 - 1) * Pool1Stride + Pool1Size + KernelSize1 - 1.
    /// </summary>
    public (float[][] Images, int Side) Layer2Patterns(double sharpness = 4)
    {
        var k1 = Layer1Kernels();
        int s1 = Config.Conv1.KernelSize;
        int s2 = Config.Conv2.KernelSize;
        int side = ((s2 - 1) * Config.Pool1Stride) + Config.Pool1Size + s1 - 1;
        var images = new float[Config.Conv2.Maps][];
        for (int m = 0; m < images.Length; m++)
        {
            var img = new float[side * side];
            for (int c = 0; c < Config.Conv1.Maps; c++)
            {
                for (int ky = 0; ky < s2; ky++)
                {
                    for (int kx = 0; kx < s2; kx++)
                    {
                        float w = (float)Math.Pow(Layer2.Weight(m, c, ky, kx), sharpness);
                        for (int py = 0; py < Config.Pool1Size; py++)
                        {
                            for (int px = 0; px < Config.Pool1Size; px++)
                            {
                                int oy = (ky * Config.Pool1Stride) + py;
                                int ox = (kx * Config.Pool1Stride) + px;
                                for (int y = 0; y < s1; y++)
                                {
                                    for (int x = 0; x < s1; x++)
                                    {
                                        img[((oy + y) * side) + ox + x] += w * k1[c][(y * s1) + x];
                                    }
                                }
                            }
                        }
                    }
                }
            }

            images[m] = img;
        }

        return (images, side);
    }

    private static (int Height, int Width) ImageSize(LabeledDataset data)
    {
        var shape = data.SampleShape;
        Check.That(shape.Length is 2 or 3 && (shape.Length == 2 || shape[0] == 1), "data.SampleShape", "[height, width] or [1, height, width]", shape.Length);
        return (shape[^2], shape[^1]);
    }
}
