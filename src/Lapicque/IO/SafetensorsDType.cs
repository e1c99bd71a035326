namespace Lapicque.IO;

/// <summary>
/// Element types a safetensors file may hold here. The header spells them "F32", "F64", "I32", "I64" and "U8";
/// data are little-endian.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary32 ("F32"), 4 bytes.</summary>
    F32,

    /// <summary>IEEE 754 binary64 ("F64"), 8 bytes.</summary>
    F64,

    /// <summary>Two's-complement 32-bit integer ("I32"), 4 bytes.</summary>
    I32,

    /// <summary>Two's-complement 64-bit integer ("I64"), 8 bytes.</summary>
    I64,

    /// <summary>Unsigned byte ("U8"), 1 byte.</summary>
    U8,
}
