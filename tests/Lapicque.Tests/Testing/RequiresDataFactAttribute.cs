namespace Lapicque.Tests.Testing;

/// <summary>
/// A [Fact] that needs the real data folder (LAPICQUE_DATA): it is skipped, with the reason shown in the test
/// output, when the variable is unset or the folder (or one of the named sub-folders) is absent.
/// Use the sub-folders only for data sets that may legitimately be missing (fashion-mnist/, cifar-10-batches-bin/);
/// <c>[RequiresDataFact]</c> alone skips only when the data folder itself is absent, so that a broken data folder
/// fails loudly instead of skipping.
/// </summary>
public sealed class RequiresDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; <paramref name="subfolders"/> must all exist inside the data folder.</summary>
    public RequiresDataFactAttribute(params string[] subfolders)
    {
        Skip = RequiresData.SkipReason(subfolders);
    }
}
