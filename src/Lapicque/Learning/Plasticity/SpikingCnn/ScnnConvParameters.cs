namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// One convolutional layer of the STDP spiking CNN (Kheradpisheh et al. 2018): <see cref="Maps"/> maps of non-leaky
/// integrate-and-fire neurons with shared <see cref="KernelSize"/> x <see cref="KernelSize"/> x <see cref="InputChannels"/>
/// kernels (valid convolution, stride 1). A neuron's potential is the sum of the weights of the inputs that have
/// spiked so far, V(t) = sum_{i: t_i &lt;= t} w_i; it fires once, at the first step where V(t) &gt;= <see cref="Threshold"/>.
/// During learning at most <see cref="MaxWinners"/> neurons per image win (one per map at most); a winner at (y, x)
/// forbids winners in any map within Chebyshev distance <see cref="InhibitionRadius"/>.
/// </summary>
/// <param name="InputChannels">Channels of the input wave (&gt;= 1).</param>
/// <param name="Maps">Number of feature maps (&gt;= 1).</param>
/// <param name="KernelSize">Side of the square kernel in input pixels (&gt;= 1).</param>
/// <param name="Threshold">Firing threshold in units of weight (&gt; 0); weights lie in [0, 1].</param>
/// <param name="MaxWinners">Winners per image for STDP (&gt;= 1).</param>
/// <param name="InhibitionRadius">Radius of lateral inhibition between winners, in output positions (&gt;= 0).</param>
/// <param name="WeightMean">Mean of the initial weights (the paper: 0.8).</param>
/// <param name="WeightStd">Standard deviation of the initial weights (the paper: 0.05).</param>
public sealed record ScnnConvParameters(
    int InputChannels,
    int Maps,
    int KernelSize,
    float Threshold,
    int MaxWinners,
    int InhibitionRadius,
    float WeightMean = 0.8f,
    float WeightStd = 0.05f)
{
    /// <summary>Number of weights in one map's kernel.</summary>
    public int KernelLength => InputChannels * KernelSize * KernelSize;

    /// <summary>Throws when a field is out of range, naming it.</summary>
    public void Validate()
    {
        Check.That(InputChannels >= 1, nameof(InputChannels), ">= 1", InputChannels);
        Check.That(Maps >= 1, nameof(Maps), ">= 1", Maps);
        Check.That(KernelSize >= 1, nameof(KernelSize), ">= 1", KernelSize);
        Check.Positive(Threshold, nameof(Threshold));
        Check.That(MaxWinners >= 1, nameof(MaxWinners), ">= 1", MaxWinners);
        Check.That(InhibitionRadius >= 0, nameof(InhibitionRadius), ">= 0", InhibitionRadius);
        Check.InOpenRange(WeightMean, 0, 1, nameof(WeightMean));
        Check.NonNegative(WeightStd, nameof(WeightStd));
    }
}
