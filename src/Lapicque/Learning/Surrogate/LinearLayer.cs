using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Lapicque.Learning.Optimizers;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Dense projection applied to every step: y[t, b, :] = x[t, b, :] W + bias, with W stored [in, out] row-major, the
/// layout of a dense <see cref="Networks.SynapseMatrix"/> ([source, target]), so a network's weights are used in place.
/// </summary>
/// <remarks>
/// All T * B rows go through one GEMM. The forward product and the weight gradient go through the
/// <see cref="SpikeGemm"/> dispatcher, which accumulates only the weight rows of non-zero inputs when the input is
/// sparse (spikes at low density) and uses the dense SGEMM otherwise. Backward: dW += x^T dy, dbias += sum over rows
/// of dy, dx = dy W^T.
/// </remarks>
public sealed class LinearLayer : Layer
{
    private readonly Parameter<float> _weight;
    private readonly Parameter<float>? _bias;
    private readonly SpikeIndex _scratch = new();
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates a layer over <paramref name="weights"/> ([in, out] row-major, used in place, not copied).</summary>
    /// <param name="name">Layer name; the parameters are named NAME/weight and NAME/bias.</param>
    /// <param name="inputShape">Per-sample input shape (flattened; a [C, H, W] input needs no separate flatten).</param>
    /// <param name="outputs">Output features (&gt;= 1).</param>
    /// <param name="weights">in * out weights.</param>
    /// <param name="bias">out biases (used in place), or null for none.</param>
    public LinearLayer(string name, int[] inputShape, int outputs, float[] weights, float[]? bias = null)
        : base(name, inputShape, [outputs])
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != InputSize * outputs)
        {
            throw new ArgumentException($"Layer '{name}': weights has {weights.Length} elements; expected in * out = {InputSize} * {outputs} = {InputSize * outputs}.", nameof(weights));
        }

        if (bias is not null && bias.Length != outputs)
        {
            throw new ArgumentException($"Layer '{name}': bias has {bias.Length} elements; expected {outputs}.", nameof(bias));
        }

        _weight = new Parameter<float>(name + "/weight", weights);
        _bias = bias is null ? null : new Parameter<float>(name + "/bias", bias);
        Parameters = _bias is null ? [_weight] : [_weight, _bias];
    }

    /// <summary>The weights [in, out] row-major.</summary>
    public Parameter<float> Weight => _weight;

    /// <summary>The bias [out], or null.</summary>
    public Parameter<float>? Bias => _bias;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int rows = t * b, k = InputSize, n = OutputSize;
        var y = Ensure(ref _output, t, b, OutputShape);
        var ys = y.Span;
        if (_bias is not null)
        {
            for (int r = 0; r < rows; r++)
            {
                _bias.Value.AsSpan().CopyTo(ys.Slice(r * n, n));
            }
        }

        SpikeGemm.Forward(rows, n, k, input.Span, k, _weight.Value, n, _bias is null ? 0f : 1f, ys, n, _scratch);
        _input = training ? input : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var x = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        int t = x.Dim(0), b = x.Dim(1), rows = t * b, k = InputSize, n = OutputSize;
        CheckGradient(outputGradient, t, b);
        var g = outputGradient.Span;
        SpikeGemm.WeightGradient(rows, n, k, x.Span, k, g, n, 1f, _weight.Gradient, n, _scratch);
        if (_bias is not null)
        {
            var db = _bias.Gradient.AsSpan();
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(db, g.Slice(r * n, n), db);
            }
        }

        if (!needInputGradient)
        {
            return null;
        }

        var dx = Ensure(ref _inputGradient, t, b, InputShape);
        Gemm.Multiply(Transpose.None, Transpose.Transposed, rows, k, n, 1f, g, n, _weight.Value, n, 0f, dx.Span, k);
        return dx;
    }
}
