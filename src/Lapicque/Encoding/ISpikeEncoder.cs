namespace Lapicque.Encoding;

/// <summary>
/// Turns static intensities [batch, features] into a dense spike raster [steps, batch, outputFeatures] of 0/1 floats
/// (time-major, as every engine in Lapicque expects).
/// </summary>
/// <remarks>
/// Implementations are immutable parameter records checked at the start of every call. Stochastic encoders draw the
/// randomness of sample b of a call from the stream <c>Rng.ForStream(seed.Seed, seed.FirstSample + b)</c>
/// (see <see cref="EncoderSeed"/>), so the raster depends only on the inputs and the seed, never on the thread count
/// or on how a batch is split. Deterministic encoders ignore the seed.
/// Sequence encoders whose input is itself a time series ([T, B, N], such as <see cref="DeltaEncoder"/>) do not
/// implement this interface.
/// </remarks>
public interface ISpikeEncoder
{
    /// <summary>Number of output neurons per sample for <paramref name="inputFeatures"/> input features.</summary>
    int OutputFeatures(int inputFeatures);

    /// <summary>
    /// Encodes <paramref name="intensities"/> (row-major [batch, features], features = intensities.Length / batch)
    /// into <paramref name="destination"/> ([steps, batch, OutputFeatures(features)], every element overwritten with 0 or 1).
    /// </summary>
    /// <exception cref="ArgumentException">The parameters are invalid, batch or steps is not positive, the lengths do
    /// not fit the shapes; the message names the argument, the expectation and the value seen.</exception>
    void Encode(ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination);
}
