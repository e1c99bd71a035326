namespace Lapicque.Tests.Numerics;

public class SmokeTests
{
    [Fact]
    public void Build_Works() => Assert.True(true);
}
