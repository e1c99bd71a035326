namespace Lapicque.Data;

/// <summary>The element type of an IDX file: the third byte of its magic number. Multi-byte types are big-endian.</summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned 8-bit integer (MNIST pixels and labels).</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed 8-bit integer.</summary>
    SignedByte = 0x09,

    /// <summary>Signed 16-bit integer, big-endian.</summary>
    Int16 = 0x0B,

    /// <summary>Signed 32-bit integer, big-endian.</summary>
    Int32 = 0x0C,

    /// <summary>IEEE 754 single precision, big-endian.</summary>
    Single = 0x0D,

    /// <summary>IEEE 754 double precision, big-endian.</summary>
    Double = 0x0E,
}
