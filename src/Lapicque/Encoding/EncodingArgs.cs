namespace Lapicque.Encoding;

/// <summary>Boundary checks shared by the encoders and decoders; messages name the argument, the expectation and the value.</summary>
internal static class EncodingArgs
{
    /// <summary>Checks batch, steps and lengths of an <see cref="ISpikeEncoder.Encode"/> call and returns the feature count.</summary>
    /// <remarks>The encoder emits <paramref name="outputsPerFeature"/> neurons per input feature.</remarks>
    public static int CheckEncode(int inputLength, int batch, int steps, int destinationLength, int outputsPerFeature)
    {
        int features = CheckBatch(inputLength, batch, "intensities");
        Positive(steps, "steps");
        CheckDestination(destinationLength, steps, batch, (long)features * outputsPerFeature);
        return features;
    }

    /// <summary>Requires destination.Length == steps * batch * outputs.</summary>
    public static void CheckDestination(int destinationLength, int steps, int batch, long outputs)
    {
        long expected = (long)steps * batch * outputs;
        if (destinationLength != expected)
        {
            throw new ArgumentException(
                $"destination.Length was {destinationLength}; expected steps * batch * outputFeatures = {steps} * {batch} * {outputs} = {expected}.",
                "destination");
        }
    }

    /// <summary>Requires batch &gt; 0 and a length that is a multiple of it; returns length / batch.</summary>
    public static int CheckBatch(int length, int batch, string name)
    {
        Positive(batch, "batch");
        if (length % batch != 0)
        {
            throw new ArgumentException($"{name}.Length was {length}; expected a multiple of batch ({batch}).", name);
        }

        return length / batch;
    }

    /// <summary>Requires value &gt; 0.</summary>
    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0; was {value}.");
        }
    }

    /// <summary>Requires length == steps * perStep for a [steps, ...] raster; <paramref name="perStepText"/> says what perStep is.</summary>
    public static void CheckSteps(int length, int steps, int perStep, string name, string perStepText = "destination.Length")
    {
        Positive(steps, "steps");
        long expected = (long)steps * perStep;
        if (length != expected)
        {
            throw new ArgumentException($"{name}.Length was {length}; expected steps * {perStepText} = {steps} * {perStep} = {expected}.", name);
        }
    }
}
