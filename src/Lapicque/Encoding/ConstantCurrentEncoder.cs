namespace Lapicque.Encoding;

/// <summary>
/// The identity "encoder": every step receives the analog intensities themselves, x[t, b, i] = Gain * intensity[b, i].
/// With T = 1 it feeds an ANN; with T &gt; 1 it is the constant-current input of a converted SNN (Rueckauer et al.
/// 2017), in which the first layer's IF neurons integrate the analog value instead of Bernoulli spikes; and as the
/// "direct" encoding of an experiment file it is the analog input of a directly trained SNN (Wu et al. 2019), whose first
/// weight layer turns pixels into currents and whose first spiking layer does the encoding.
/// </summary>
/// <param name="Gain">Scale applied to every intensity (finite).</param>
public sealed record ConstantCurrentEncoder(float Gain = 1f) : ISpikeEncoder
{
    /// <inheritdoc/>
    public int OutputFeatures(int inputFeatures) => inputFeatures;

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination)
    {
        Check.Finite(Gain, nameof(Gain));
        int n = intensities.Length;
        if (destination.Length != steps * n)
        {
            throw new ArgumentException($"destination has {destination.Length} elements; expected steps * intensities = {steps} * {n} = {steps * n}.", nameof(destination));
        }

        for (int t = 0; t < steps; t++)
        {
            var row = destination.Slice(t * n, n);
            for (int i = 0; i < n; i++)
            {
                row[i] = Gain * intensities[i];
            }
        }
    }
}
