namespace Lapicque.Numerics;

/// <summary>
/// The geometry of 2-D pooling over NCHW float32 tensors: input [Batch, Channels, Height, Width], output
/// [Batch, Channels, OutHeight, OutWidth] with OutHeight = (Height + 2 PadHeight - KernelHeight) / StrideHeight + 1
/// (floor). Padding contributes nothing: max pooling ignores it and average pooling divides by the full window
/// (KernelHeight * KernelWidth, PyTorch's count_include_pad). Padding is at most half the kernel, so every window
/// holds at least one input element.
/// </summary>
public readonly record struct Pool2dShape(
    int Batch, int Channels, int Height, int Width, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int PadHeight = 0, int PadWidth = 0)
{
    /// <summary>The common case: a square window with stride equal to its size (non-overlapping), no padding.</summary>
    public static Pool2dShape Square(int batch, int channels, int height, int width, int size) =>
        new(batch, channels, height, width, size, size, size, size);

    /// <summary>Output rows.</summary>
    public int OutHeight => ((Height + (2 * PadHeight) - KernelHeight) / StrideHeight) + 1;

    /// <summary>Output columns.</summary>
    public int OutWidth => ((Width + (2 * PadWidth) - KernelWidth) / StrideWidth) + 1;

    /// <summary>Elements of the input.</summary>
    public int InputLength => Batch * Channels * Height * Width;

    /// <summary>Elements of the output (and of the argmax indices of max pooling).</summary>
    public int OutputLength => Batch * Channels * OutHeight * OutWidth;

    /// <summary>Checks every field; the message names the field, the expectation and the value.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding negative or more than half the kernel.</exception>
    public void Validate()
    {
        Check.That(Batch >= 0, nameof(Batch), ">= 0", Batch);
        Check.That(Channels >= 1, nameof(Channels), ">= 1", Channels);
        Check.That(Height >= 1, nameof(Height), ">= 1", Height);
        Check.That(Width >= 1, nameof(Width), ">= 1", Width);
        Check.That(KernelHeight >= 1, nameof(KernelHeight), ">= 1", KernelHeight);
        Check.That(KernelWidth >= 1, nameof(KernelWidth), ">= 1", KernelWidth);
        Check.That(StrideHeight >= 1, nameof(StrideHeight), ">= 1", StrideHeight);
        Check.That(StrideWidth >= 1, nameof(StrideWidth), ">= 1", StrideWidth);
        Check.That(PadHeight >= 0 && 2 * PadHeight <= KernelHeight, nameof(PadHeight), $"in [0, KernelHeight / 2 = {KernelHeight / 2}]", PadHeight);
        Check.That(PadWidth >= 0 && 2 * PadWidth <= KernelWidth, nameof(PadWidth), $"in [0, KernelWidth / 2 = {KernelWidth / 2}]", PadWidth);
        Check.That(KernelHeight <= Height + (2 * PadHeight), nameof(KernelHeight), $"<= Height + 2 * PadHeight = {Height + (2 * PadHeight)}", KernelHeight);
        Check.That(KernelWidth <= Width + (2 * PadWidth), nameof(KernelWidth), $"<= Width + 2 * PadWidth = {Width + (2 * PadWidth)}", KernelWidth);
        Check.That((long)Batch * Channels * Height * Width <= int.MaxValue, nameof(Batch), "small enough for 2^31 elements", Batch);
    }
}
