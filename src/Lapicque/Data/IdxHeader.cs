using System.Globalization;

namespace Lapicque.Data;

/// <summary>
/// The header of an IDX file: a 4-byte magic number (two zero bytes, the element type code, the number of
/// dimensions) followed by one big-endian unsigned 32-bit size per dimension. The data follows, row-major,
/// <see cref="ElementCount"/> elements of <see cref="ElementSize"/> bytes each.
/// </summary>
public sealed class IdxHeader
{
    private readonly int[] _dimensions;

    internal IdxHeader(IdxElementType elementType, int[] dimensions)
    {
        ElementType = elementType;
        _dimensions = dimensions;
        long count = 1;
        foreach (int d in dimensions)
        {
            count *= d; // callers bound the product before constructing
        }

        ElementCount = count;
    }

    /// <summary>The element type.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>The size of each dimension, outermost first (MNIST images: [60000, 28, 28]).</summary>
    public ReadOnlySpan<int> Dimensions => _dimensions;

    /// <summary>The number of dimensions (1 to 255).</summary>
    public int Rank => _dimensions.Length;

    /// <summary>The header size in bytes: 4 + 4 * <see cref="Rank"/>.</summary>
    public int HeaderLength => 4 + (4 * _dimensions.Length);

    /// <summary>The number of elements: the product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Bytes per element (1, 2, 4 or 8).</summary>
    public int ElementSize => SizeOf(ElementType);

    /// <summary>Bytes of data after the header: <see cref="ElementCount"/> * <see cref="ElementSize"/>.</summary>
    public long PayloadLength => ElementCount * ElementSize;

    /// <summary>The size of the whole (decompressed) file: <see cref="HeaderLength"/> + <see cref="PayloadLength"/>.</summary>
    public long TotalLength => HeaderLength + PayloadLength;

    /// <summary>The shape as text, for example "60000x28x28".</summary>
    public string ShapeText => string.Join("x", _dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The dimensions as a new array.</summary>
    public int[] GetDimensions() => (int[])_dimensions.Clone();

    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int SizeOf(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Single => 4,
        IdxElementType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown IDX element type."),
    };

    /// <summary>The short name used in messages: ubyte, sbyte, int16, int32, float32, float64.</summary>
    public static string NameOf(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte => "ubyte",
        IdxElementType.SignedByte => "sbyte",
        IdxElementType.Int16 => "int16",
        IdxElementType.Int32 => "int32",
        IdxElementType.Single => "float32",
        IdxElementType.Double => "float64",
        _ => "unknown",
    };

    /// <summary>Describes the layout for error messages: "16-byte header + 60000x28x28 ubyte".</summary>
    internal string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{HeaderLength}-byte header + {ShapeText} {NameOf(ElementType)}");
}
