namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// The whole STDP spiking CNN: DoG on/off input, latency coding, conv1 (IF, STDP), max pooling of spike times,
/// conv2 (IF, STDP), and a feature read-out of conv2's final potentials (max over <see cref="FeatureGrid"/> x
/// <see cref="FeatureGrid"/> regions; 1 = the global max pooling the paper feeds to its SVM).
/// </summary>
/// <param name="DogSizePx">Side of the DoG window (odd).</param>
/// <param name="DogSigmaCenterPx">Centre Gaussian sigma, pixels.</param>
/// <param name="DogSigmaSurroundPx">Surround Gaussian sigma, pixels.</param>
/// <param name="DogThreshold">DoG responses at or below this never spike (images in [0, 1]).</param>
/// <param name="Steps">Time steps of the latency code.</param>
/// <param name="Conv1">The first convolutional layer (2 input channels: on and off).</param>
/// <param name="Pool1Size">Pooling window after conv1.</param>
/// <param name="Pool1Stride">Pooling stride after conv1.</param>
/// <param name="Conv2">The second convolutional layer.</param>
/// <param name="APlus">Initial potentiation rate a+.</param>
/// <param name="AMinusRatio">a- / a+, kept fixed while a+ grows.</param>
/// <param name="APlusMax">Largest a+.</param>
/// <param name="APlusDoublingImages">a+ doubles after this many learning images (up to <see cref="APlusMax"/>).</param>
/// <param name="ConvergenceTarget">A layer stops learning when <see cref="Stdp.Convergence"/> falls below this.</param>
/// <param name="FeatureGrid">Regions per side for the max pooling of conv2 potentials into features.</param>
public sealed record ScnnConfig(
    int DogSizePx,
    double DogSigmaCenterPx,
    double DogSigmaSurroundPx,
    float DogThreshold,
    int Steps,
    ScnnConvParameters Conv1,
    int Pool1Size,
    int Pool1Stride,
    ScnnConvParameters Conv2,
    float APlus,
    float AMinusRatio,
    float APlusMax,
    int APlusDoublingImages,
    double ConvergenceTarget,
    int FeatureGrid)
{
    /// <summary>
    /// The paper's MNIST network (Kheradpisheh et al. 2018, table 1 and section 3): DoG 7 x 7 with sigmas 1 and 2;
    /// conv1 30 maps of 5 x 5, threshold 15; pooling 2 x 2 stride 2; conv2 100 maps of 5 x 5, threshold 10; weights
    /// from N(0.8, 0.05); a+ = 0.004, a- = 0.003, a+ doubled every 500 images up to 0.15. The number of time steps
    /// (15), the DoG threshold and the winners per image and inhibition radii (5 and 3 for conv1, 8 and 1 for conv2)
    /// are not all given for MNIST in the paper; these values follow the common re-implementation (SpykeTorch).
    /// </summary>
    public static ScnnConfig Mnist { get; } = new(
        DogSizePx: 7,
        DogSigmaCenterPx: 1,
        DogSigmaSurroundPx: 2,
        DogThreshold: 0.02f,
        Steps: 15,
        Conv1: new ScnnConvParameters(InputChannels: 2, Maps: 30, KernelSize: 5, Threshold: 15, MaxWinners: 5, InhibitionRadius: 3),
        Pool1Size: 2,
        Pool1Stride: 2,
        Conv2: new ScnnConvParameters(InputChannels: 30, Maps: 100, KernelSize: 5, Threshold: 10, MaxWinners: 8, InhibitionRadius: 1),
        APlus: 0.004f,
        AMinusRatio: 0.75f,
        APlusMax: 0.15f,
        APlusDoublingImages: 500,
        ConvergenceTarget: 0.01,
        FeatureGrid: 1);

    /// <summary>Throws when a field is out of range, naming it.</summary>
    public void Validate()
    {
        Check.That(DogSizePx >= 1 && DogSizePx % 2 == 1, nameof(DogSizePx), "an odd number >= 1", DogSizePx);
        Check.Positive(DogSigmaCenterPx, nameof(DogSigmaCenterPx));
        Check.That(DogSigmaSurroundPx > DogSigmaCenterPx, nameof(DogSigmaSurroundPx), $"> DogSigmaCenterPx ({Check.Format(DogSigmaCenterPx)})", DogSigmaSurroundPx);
        Check.NonNegative(DogThreshold, nameof(DogThreshold));
        Check.That(Steps >= 1, nameof(Steps), ">= 1", Steps);
        ArgumentNullException.ThrowIfNull(Conv1);
        ArgumentNullException.ThrowIfNull(Conv2);
        Conv1.Validate();
        Conv2.Validate();
        Check.That(Conv1.InputChannels == 2, "Conv1.InputChannels", "2 (DoG on and off)", Conv1.InputChannels);
        Check.That(Conv2.InputChannels == Conv1.Maps, "Conv2.InputChannels", $"equal to Conv1.Maps ({Conv1.Maps})", Conv2.InputChannels);
        Check.That(Pool1Size >= 1, nameof(Pool1Size), ">= 1", Pool1Size);
        Check.That(Pool1Stride >= 1, nameof(Pool1Stride), ">= 1", Pool1Stride);
        Check.Positive(APlus, nameof(APlus));
        Check.Positive(AMinusRatio, nameof(AMinusRatio));
        Check.That(APlusMax >= APlus, nameof(APlusMax), $">= APlus ({Check.Format(APlus)})", APlusMax);
        Check.That(APlusDoublingImages >= 1, nameof(APlusDoublingImages), ">= 1", APlusDoublingImages);
        Check.Positive(ConvergenceTarget, nameof(ConvergenceTarget));
        Check.That(FeatureGrid >= 1, nameof(FeatureGrid), ">= 1", FeatureGrid);
    }
}
