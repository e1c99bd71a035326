namespace Lapicque.Networks;

/// <summary>Which source neurons connect to which target neurons.</summary>
public abstract record Connectivity
{
    /// <summary>Every source neuron to every target neuron (a dense weight matrix, [source, target] row-major).</summary>
    public sealed record All : Connectivity;

    /// <summary>Source neuron i to target neuron i; both populations must have the same size.</summary>
    public sealed record OneToOne : Connectivity;

    /// <summary>
    /// Each (source, target) pair independently with probability <paramref name="P"/> (Erdos-Renyi, as Brian2's
    /// connect(p=...)). With <paramref name="AllowSelf"/> false and the same population on both ends, i-to-i is skipped.
    /// </summary>
    public sealed record FixedProbability(double P, bool AllowSelf = true) : Connectivity;

    /// <summary>Each target neuron receives exactly <paramref name="K"/> distinct, randomly chosen sources.</summary>
    public sealed record FixedInDegree(int K, bool AllowSelf = true) : Connectivity;

    /// <summary>An explicit list of synapses: Sources[k] to Targets[k].</summary>
    public sealed record Explicit(int[] Sources, int[] Targets) : Connectivity;

    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch and NIR) from a [Cin, H, W] source to a [Cout, H', W'] target, with
    /// weights [Cout, Cin, KernelH, KernelW] shared across positions, optionally followed by pooling of the result.
    /// H' = (H + 2 Padding - KernelH) / Stride + 1 (before pooling).
    /// </summary>
    public sealed record Conv2d(int KernelH, int KernelW, int Stride = 1, int Padding = 0, bool Bias = false, Pool2d? Pool = null) : Connectivity;

    /// <summary>Pooling of a [C, H, W] source onto a [C, H', W'] target with H' = (H - Size) / Stride + 1. No weights.</summary>
    public sealed record Pool2d(PoolKind Kind, int Size, int Stride) : Connectivity;
}

/// <summary>The pooling operation.</summary>
public enum PoolKind
{
    /// <summary>Maximum over the window.</summary>
    Max,

    /// <summary>Mean over the window.</summary>
    Average,

    /// <summary>Sum over the window (NIR SumPool2d).</summary>
    Sum,
}
