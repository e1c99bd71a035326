namespace Lapicque.Numerics;

/// <summary>
/// The geometry of a 2-D convolution over NCHW float32 tensors: input [Batch, InChannels, Height, Width], weights
/// [OutChannels, InChannels, KernelHeight, KernelWidth], output [Batch, OutChannels, OutHeight, OutWidth] with
/// OutHeight = (Height + 2 PadHeight - KernelHeight) / StrideHeight + 1 (floor), likewise for the width.
/// Batch may fold time and batch ([T, B] becomes T * B).
/// </summary>
public readonly record struct Conv2dShape(
    int Batch, int InChannels, int Height, int Width, int OutChannels, int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1, int PadHeight = 0, int PadWidth = 0)
{
    /// <summary>Output rows.</summary>
    public int OutHeight => ((Height + (2 * PadHeight) - KernelHeight) / StrideHeight) + 1;

    /// <summary>Output columns.</summary>
    public int OutWidth => ((Width + (2 * PadWidth) - KernelWidth) / StrideWidth) + 1;

    /// <summary>Elements of the input: Batch * InChannels * Height * Width.</summary>
    public int InputLength => Batch * InChannels * Height * Width;

    /// <summary>Elements of the weights: OutChannels * InChannels * KernelHeight * KernelWidth.</summary>
    public int WeightLength => OutChannels * InChannels * KernelHeight * KernelWidth;

    /// <summary>Elements of the output: Batch * OutChannels * OutHeight * OutWidth.</summary>
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>Rows of the im2col matrix: InChannels * KernelHeight * KernelWidth (the GEMM's k).</summary>
    internal int Patch => InChannels * KernelHeight * KernelWidth;

    /// <summary>Columns of the im2col matrix: OutHeight * OutWidth.</summary>
    internal int Pixels => OutHeight * OutWidth;

    /// <summary>Checks every field; the message names the field, the expectation and the value.</summary>
    /// <exception cref="ArgumentException">A size is not positive, a padding negative, or the kernel larger than the padded input.</exception>
    public void Validate()
    {
        Check.That(Batch >= 0, nameof(Batch), ">= 0", Batch);
        Check.That(InChannels >= 1, nameof(InChannels), ">= 1", InChannels);
        Check.That(Height >= 1, nameof(Height), ">= 1", Height);
        Check.That(Width >= 1, nameof(Width), ">= 1", Width);
        Check.That(OutChannels >= 1, nameof(OutChannels), ">= 1", OutChannels);
        Check.That(KernelHeight >= 1, nameof(KernelHeight), ">= 1", KernelHeight);
        Check.That(KernelWidth >= 1, nameof(KernelWidth), ">= 1", KernelWidth);
        Check.That(StrideHeight >= 1, nameof(StrideHeight), ">= 1", StrideHeight);
        Check.That(StrideWidth >= 1, nameof(StrideWidth), ">= 1", StrideWidth);
        Check.That(PadHeight >= 0, nameof(PadHeight), ">= 0", PadHeight);
        Check.That(PadWidth >= 0, nameof(PadWidth), ">= 0", PadWidth);
        Check.That(KernelHeight <= Height + (2 * PadHeight), nameof(KernelHeight), $"<= Height + 2 * PadHeight = {Height + (2 * PadHeight)}", KernelHeight);
        Check.That(KernelWidth <= Width + (2 * PadWidth), nameof(KernelWidth), $"<= Width + 2 * PadWidth = {Width + (2 * PadWidth)}", KernelWidth);
        Check.That((long)Batch * Math.Max(InChannels * Height * Width, OutChannels * OutHeight * OutWidth) <= int.MaxValue, nameof(Batch), "small enough for 2^31 elements", Batch);
    }
}
