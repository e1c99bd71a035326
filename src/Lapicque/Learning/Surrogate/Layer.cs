using Lapicque.Learning.Optimizers;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A layer of a surrogate-gradient network that processes whole sequences: <see cref="Forward"/> maps an input
/// [T, B, InputShape...] to an output [T, B, OutputShape...] for all T steps in one call, and <see cref="Backward"/>
/// runs back through the same T steps, accumulating into the parameters' gradients and returning the input gradient.
/// </summary>
/// <remarks>
/// A layer keeps what its backward pass needs from the latest forward call (a tape over that call's T steps only) and
/// owns its output and gradient buffers, which stay valid until its next call; callers must not write into them.
/// Stateful layers (the spiking ones) carry their state from one forward call to the next until
/// <see cref="ResetState"/>, which is how truncated BPTT works: a trainer feeds a long sequence window by window, and
/// each backward pass stops at the start of its window (the gradient into the carried state is dropped), so memory
/// is bounded by the window. Layers are not thread-safe; each parallelises inside its own calls, deterministically.
/// </remarks>
public abstract class Layer
{
    /// <summary>Creates a layer with per-sample input and output shapes.</summary>
    protected Layer(string name, int[] inputShape, int[] outputShape)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        InputShape = inputShape;
        OutputShape = outputShape;
        InputSize = Product(inputShape);
        OutputSize = Product(outputShape);
    }

    /// <summary>Name (the population or projection it came from), used in parameter names and messages.</summary>
    public string Name { get; }

    /// <summary>Shape of one sample of one step of the input.</summary>
    public int[] InputShape { get; }

    /// <summary>Shape of one sample of one step of the output.</summary>
    public int[] OutputShape { get; }

    /// <summary>Number of input elements per sample and step.</summary>
    public int InputSize { get; }

    /// <summary>Number of output elements per sample and step.</summary>
    public int OutputSize { get; }

    /// <summary>Whether the output is binary spikes (counted in spikes-per-neuron metrics and rate regularisers).</summary>
    public virtual bool EmitsSpikes => false;

    /// <summary>The trainable parameters, in a fixed order.</summary>
    public virtual IReadOnlyList<Parameter<float>> Parameters => [];

    /// <summary>Runs all steps of <paramref name="input"/> ([T, B, ...], T * B * InputSize elements) forward.</summary>
    /// <param name="input">The input sequence; must stay unchanged until <see cref="Backward"/> has run.</param>
    /// <param name="training">Whether to record the tape for a backward pass (and apply dropout).</param>
    /// <returns>The output [T, B, OutputShape...], owned by the layer.</returns>
    public abstract Tensor Forward(Tensor input, bool training);

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> (dL/doutput, the shape of the latest output) through the latest
    /// training forward call, adding into the parameter gradients.
    /// </summary>
    /// <param name="outputGradient">The loss gradient with respect to the output.</param>
    /// <param name="needInputGradient">Whether to compute dL/dinput (false for the first layer saves a GEMM).</param>
    /// <returns>dL/dinput, owned by the layer, or null when not requested.</returns>
    public abstract Tensor? Backward(Tensor outputGradient, bool needInputGradient);

    /// <summary>Forgets the carried state (membranes, currents) so that the next forward call starts from rest.</summary>
    public virtual void ResetState()
    {
    }

    /// <summary>(T, B) of an input tensor, checked against <see cref="InputSize"/>.</summary>
    protected (int T, int B) SequenceOf(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2 || input.Length != input.Dim(0) * input.Dim(1) * InputSize)
        {
            throw new ArgumentException(
                $"Layer '{Name}': input has shape {input.ShapeText}; expected [T, B, {string.Join(", ", InputShape)}] ({InputSize} elements per sample and step).",
                nameof(input));
        }

        return (input.Dim(0), input.Dim(1));
    }

    /// <summary>Checks that a gradient has the shape of the output of the latest forward call.</summary>
    protected void CheckGradient(Tensor gradient, int t, int b)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Length != t * b * OutputSize)
        {
            throw new ArgumentException(
                $"Layer '{Name}': output gradient has shape {gradient.ShapeText}; expected [{t}, {b}, {string.Join(", ", OutputShape)}].",
                nameof(gradient));
        }
    }

    /// <summary>Returns <paramref name="buffer"/> when it already has this shape, else a new zeroed tensor.</summary>
    protected static Tensor Ensure(ref Tensor? buffer, int t, int b, int[] sampleShape)
    {
        int[] shape = [t, b, .. sampleShape];
        if (buffer is null || !buffer.Shape.SequenceEqual(shape))
        {
            buffer = new Tensor(shape);
        }

        return buffer;
    }

    private static int Product(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int n = 1;
        foreach (int d in shape)
        {
            Check.That(d >= 1, "shape", ">= 1 in every dimension", d);
            n = checked(n * d);
        }

        return n;
    }
}
