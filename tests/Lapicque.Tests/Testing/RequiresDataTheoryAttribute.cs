namespace Lapicque.Tests.Testing;

/// <summary>The [Theory] form of <see cref="RequiresDataFactAttribute"/>.</summary>
public sealed class RequiresDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute; <paramref name="subfolders"/> must all exist inside the data folder.</summary>
    public RequiresDataTheoryAttribute(params string[] subfolders)
    {
        Skip = RequiresData.SkipReason(subfolders);
    }
}
