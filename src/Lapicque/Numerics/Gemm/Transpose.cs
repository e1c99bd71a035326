namespace Lapicque.Numerics;

/// <summary>Whether a GEMM operand is used as stored or transposed: op(X) = X or op(X) = X^T.</summary>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    None,

    /// <summary>op(X) = X^T.</summary>
    Transposed,
}
