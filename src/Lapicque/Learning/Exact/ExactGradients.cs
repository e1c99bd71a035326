using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact;

/// <summary>
/// Gradient buffers of the exact backward pass (<see cref="ExactEngine.Backward"/>), shaped like the trainable parts of an
/// <see cref="EventNetwork"/>: dL/d(feed-forward weights) and dL/d(recurrent weights) per layer ([pre, post] row-major),
/// dL/d(initial state) (the layout of <see cref="EventNetwork.InitialState"/>), and dL/d(input spike times) of the last
/// trial. Backward adds into the buffers; <see cref="Clear"/> zeroes them.
/// </summary>
public sealed class ExactGradients
{
    /// <summary>Creates zeroed buffers for <paramref name="network"/>.</summary>
    public ExactGradients(EventNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        FeedForward = new double[network.LayerCount][];
        Recurrent = new double[]?[network.LayerCount];
        for (int l = 0; l < network.LayerCount; l++)
        {
            FeedForward[l] = new double[network.FeedForwardWeights(l).Length];
            double[]? rec = network.RecurrentWeights(l);
            Recurrent[l] = rec is null ? null : new double[rec.Length];
        }

        InitialState = new double[network.InitialState.Length];
    }

    /// <summary>dL/d(feed-forward weights into layer l), laid out as <see cref="EventNetwork.FeedForwardWeights"/>.</summary>
    public double[][] FeedForward { get; }

    /// <summary>dL/d(recurrent weights of layer l), or null for a non-recurrent layer.</summary>
    public double[]?[] Recurrent { get; }

    /// <summary>dL/d(initial state), laid out as <see cref="EventNetwork.InitialState"/>.</summary>
    public double[] InitialState { get; }

    /// <summary>
    /// dL/d(input spike time) for each spike of the input list of the last backward pass, in list order. Inputs that share
    /// one time exactly are applied as one event; each of them receives the derivative with respect to that shared time.
    /// </summary>
    public double[] InputTimes { get; private set; } = [];

    /// <summary>Sets every buffer to zero.</summary>
    public void Clear()
    {
        foreach (double[] g in FeedForward)
        {
            Array.Clear(g);
        }

        foreach (double[]? g in Recurrent)
        {
            if (g is not null)
            {
                Array.Clear(g);
            }
        }

        Array.Clear(InitialState);
        Array.Clear(InputTimes);
    }

    /// <summary>Adds <paramref name="other"/> (same network shape) into this, element by element.</summary>
    public void Add(ExactGradients other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int l = 0; l < FeedForward.Length; l++)
        {
            AddInto(FeedForward[l], other.FeedForward[l]);
            if (Recurrent[l] is { } r)
            {
                AddInto(r, other.Recurrent[l]!);
            }
        }

        AddInto(InitialState, other.InitialState);
    }

    internal void PrepareInputTimes(int count)
    {
        if (InputTimes.Length != count)
        {
            InputTimes = new double[count];
        }
        else
        {
            Array.Clear(InputTimes);
        }
    }

    private static void AddInto(double[] a, double[] b)
    {
        for (int k = 0; k < a.Length; k++)
        {
            a[k] += b[k];
        }
    }
}
