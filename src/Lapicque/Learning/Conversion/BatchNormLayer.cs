using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Batch normalisation per channel (Ioffe and Szegedy 2015): y = gamma (x - mu) / sqrt(var + Epsilon) + beta, with
/// channel c the first per-sample dimension ([C] features or [C, H, W] maps) and the statistics taken over every step,
/// sample and pixel of channel c.
/// </summary>
/// <remarks>
/// With training = true the batch mean and biased variance normalise, and the running estimates follow
/// m' = (1 - Momentum) m + Momentum mu and v' = (1 - Momentum) v + Momentum var * N / (N - 1) (unbiased, as PyTorch
/// keeps them); with training = false the running estimates normalise, which makes the layer the affine map that
/// <see cref="AnnToSnnConverter"/> folds into the preceding weights. Backward (batch statistics), with
/// xhat = (x - mu) / sigma and N elements per channel: dgamma = sum dy xhat, dbeta = sum dy,
/// dx = gamma / (N sigma) (N dy - sum dy - xhat sum dy xhat).
/// </remarks>
public sealed class BatchNormLayer : Layer
{
    private readonly Parameter<float> _gamma;
    private readonly Parameter<float> _beta;
    private readonly int _channels, _spatial;
    private readonly double[] _mean, _invStd;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates a batch normalisation with gamma = 1, beta = 0, running mean 0 and running variance 1.</summary>
    /// <param name="name">Layer name; parameters NAME/gamma and NAME/beta.</param>
    /// <param name="shape">[C] or [C, H, W].</param>
    /// <param name="momentum">Weight of the newest batch in the running estimates, in (0, 1]. Default 0.1.</param>
    /// <param name="epsilon">Added to the variance (&gt; 0). Default 1e-5.</param>
    public BatchNormLayer(string name, int[] shape, double momentum = 0.1, double epsilon = 1e-5)
        : base(name, shape, shape)
    {
        Check.InRange(momentum, double.Epsilon, 1.0, nameof(momentum));
        Check.Positive(epsilon, nameof(epsilon));
        (Momentum, Epsilon) = (momentum, epsilon);
        _channels = shape[0];
        _spatial = InputSize / _channels;
        _gamma = new Parameter<float>(name + "/gamma", Enumerable.Repeat(1f, _channels).ToArray());
        _beta = new Parameter<float>(name + "/beta", new float[_channels]);
        RunningMean = new float[_channels];
        RunningVariance = Enumerable.Repeat(1f, _channels).ToArray();
        _mean = new double[_channels];
        _invStd = new double[_channels];
        Parameters = [_gamma, _beta];
    }

    /// <summary>Weight of the newest batch in the running estimates.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Number of channels C.</summary>
    public int Channels => _channels;

    /// <summary>Scale per channel.</summary>
    public Parameter<float> Gamma => _gamma;

    /// <summary>Shift per channel.</summary>
    public Parameter<float> Beta => _beta;

    /// <summary>Running mean per channel (used in evaluation; writable so a trained model can be restored).</summary>
    public float[] RunningMean { get; }

    /// <summary>Running unbiased variance per channel.</summary>
    public float[] RunningVariance { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters { get; }

    /// <summary>The evaluation-mode affine map per channel: y = Scale[c] x + Shift[c].</summary>
    public (float[] Scale, float[] Shift) EvaluationAffine()
    {
        var scale = new float[_channels];
        var shift = new float[_channels];
        for (int c = 0; c < _channels; c++)
        {
            double s = _gamma.Value[c] / Math.Sqrt(RunningVariance[c] + Epsilon);
            scale[c] = (float)s;
            shift[c] = (float)(_beta.Value[c] - (s * RunningMean[c]));
        }

        return (scale, shift);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int rows = t * b;
        var y = Ensure(ref _output, t, b, OutputShape);
        var x = input.Span;
        var ys = y.Span;
        if (training)
        {
            long n = (long)rows * _spatial;
            for (int c = 0; c < _channels; c++)
            {
                double sum = 0, sq = 0;
                for (int r = 0; r < rows; r++)
                {
                    var seg = x.Slice(((r * _channels) + c) * _spatial, _spatial);
                    foreach (float v in seg)
                    {
                        sum += v;
                    }
                }

                double mu = sum / n;
                for (int r = 0; r < rows; r++)
                {
                    var seg = x.Slice(((r * _channels) + c) * _spatial, _spatial);
                    foreach (float v in seg)
                    {
                        sq += (v - mu) * (v - mu);
                    }
                }

                double variance = sq / n;
                _mean[c] = mu;
                _invStd[c] = 1.0 / Math.Sqrt(variance + Epsilon);
                RunningMean[c] = (float)(((1 - Momentum) * RunningMean[c]) + (Momentum * mu));
                RunningVariance[c] = (float)(((1 - Momentum) * RunningVariance[c]) + (Momentum * variance * n / Math.Max(n - 1, 1)));
            }
        }
        else
        {
            for (int c = 0; c < _channels; c++)
            {
                _mean[c] = RunningMean[c];
                _invStd[c] = 1.0 / Math.Sqrt(RunningVariance[c] + Epsilon);
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < _channels; c++)
            {
                int o = ((r * _channels) + c) * _spatial;
                float g = (float)(_gamma.Value[c] * _invStd[c]);
                float sh = (float)(_beta.Value[c] - (g * _mean[c]));
                for (int s = 0; s < _spatial; s++)
                {
                    ys[o + s] = (g * x[o + s]) + sh;
                }
            }
        }

        _input = training ? input : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var xt = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        int t = xt.Dim(0), b = xt.Dim(1), rows = t * b;
        CheckGradient(outputGradient, t, b);
        var x = xt.Span;
        var dy = outputGradient.Span;
        var dx = needInputGradient ? Ensure(ref _inputGradient, t, b, InputShape) : null;
        long n = (long)rows * _spatial;
        for (int c = 0; c < _channels; c++)
        {
            double mu = _mean[c], inv = _invStd[c], sumDy = 0, sumDyXhat = 0;
            for (int r = 0; r < rows; r++)
            {
                int o = ((r * _channels) + c) * _spatial;
                for (int s = 0; s < _spatial; s++)
                {
                    sumDy += dy[o + s];
                    sumDyXhat += dy[o + s] * (x[o + s] - mu) * inv;
                }
            }

            _gamma.Gradient[c] += (float)sumDyXhat;
            _beta.Gradient[c] += (float)sumDy;
            if (dx is null)
            {
                continue;
            }

            var d = dx.Span;
            double k = _gamma.Value[c] * inv / n;
            for (int r = 0; r < rows; r++)
            {
                int o = ((r * _channels) + c) * _spatial;
                for (int s = 0; s < _spatial; s++)
                {
                    double xhat = (x[o + s] - mu) * inv;
                    d[o + s] = (float)(k * ((n * dy[o + s]) - sumDy - (xhat * sumDyXhat)));
                }
            }
        }

        return dx;
    }
}
