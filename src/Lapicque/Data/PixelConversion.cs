using System.Numerics;
using System.Runtime.InteropServices;

namespace Lapicque.Data;

/// <summary>
/// Converts 8-bit pixels to float32: destination[i] = source[i] / divisor (IEEE division, so with divisor 255 the
/// result is the correctly rounded k/255 and 0 and 255 map to exactly 0 and 1).
/// </summary>
/// <remarks>
/// TensorPrimitives.ConvertChecked&lt;byte, float&gt; is not vectorised and took seconds on MNIST's 47 million pixels;
/// this widens byte -> ushort -> uint -> float with System.Numerics.Vector. <see cref="BytesToSingleScalar"/> is its
/// scalar twin, and the two agree bit for bit.
/// </remarks>
internal static class PixelConversion
{
    public static void BytesToSingle(ReadOnlySpan<byte> source, Span<float> destination, float divisor)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination.Length was {destination.Length}; expected source.Length = {source.Length}.", nameof(destination));
        }

        int i = 0;
        int step = Vector<byte>.Count;
        if (Vector.IsHardwareAccelerated && source.Length >= step)
        {
            int lanes = Vector<float>.Count;
            var d = new Vector<float>(divisor);
            ReadOnlySpan<Vector<byte>> blocks = MemoryMarshal.Cast<byte, Vector<byte>>(source);
            for (int b = 0; b < blocks.Length; b++, i += step)
            {
                Vector.Widen(blocks[b], out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> w0, out Vector<uint> w1);
                Vector.Widen(high, out Vector<uint> w2, out Vector<uint> w3);
                Span<float> out0 = destination.Slice(i, step);
                (Vector.ConvertToSingle(w0) / d).CopyTo(out0);
                (Vector.ConvertToSingle(w1) / d).CopyTo(out0[lanes..]);
                (Vector.ConvertToSingle(w2) / d).CopyTo(out0[(2 * lanes)..]);
                (Vector.ConvertToSingle(w3) / d).CopyTo(out0[(3 * lanes)..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i] / divisor;
        }
    }

    public static void BytesToSingleScalar(ReadOnlySpan<byte> source, Span<float> destination, float divisor)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination.Length was {destination.Length}; expected source.Length = {source.Length}.", nameof(destination));
        }

        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] / divisor;
        }
    }
}
