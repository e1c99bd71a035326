namespace Lapicque.Numerics;

/// <summary>Throws the library's argument errors with messages that name the field, the expectation and the value seen.</summary>
internal static class ThrowHelper
{
    public static void ThrowLengthMismatch(string name, int expected, int actual) =>
        throw new ArgumentException($"{name}.Length was {actual}; expected {expected}.", name);
}
