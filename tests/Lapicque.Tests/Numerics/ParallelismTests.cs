using Lapicque.Numerics;

namespace Lapicque.Tests.Numerics;

// Parallelism.MaxThreads is process-wide, so these tests run alone and restore it.
[CollectionDefinition(nameof(ParallelismTests), DisableParallelization = true)]
public sealed class ParallelismCollection;

[Collection(nameof(ParallelismTests))]
public class ParallelismTests
{
    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 64)]
    [InlineData(7, 1)]
    [InlineData(3, 10)]
    public void For_PerIndexResults_IdenticalForOneTwoFourThreads(int count, int minRange)
    {
        double[] one = RunStruct(1, count, minRange), two = RunStruct(2, count, minRange), four = RunStruct(4, count, minRange);
        double[] delegateFour = RunDelegate(4, count, minRange);

        // A yardstick independent of the loop: the same per-index computation done sequentially.
        var expected = new double[count];
        for (int i = 0; i < count; i++)
        {
            expected[i] = Work(i);
        }

        Assert.Equal(expected, one);
        Assert.Equal(expected, two);
        Assert.Equal(expected, four);
        Assert.Equal(expected, delegateFour);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(5, 100)]
    [InlineData(1001, 3)]
    [InlineData(100_000, 1000)]
    public void For_VisitsEveryIndexExactlyOnce(int count, int minRange)
    {
        foreach (int threads in new[] { 1, 2, 3, 4, 8 })
        {
            WithThreads(threads, () =>
            {
                var visits = new int[count];
                Parallelism.For(count, minRange, new CountingBody(visits));
                Assert.All(visits, v => Assert.Equal(1, v));

                Array.Clear(visits);
                Parallelism.For(count, minRange, (start, end) =>
                {
                    for (int i = start; i < end; i++)
                    {
                        Interlocked.Increment(ref visits[i]);
                    }
                });
                Assert.All(visits, v => Assert.Equal(1, v));
            });
        }
    }

    [Fact]
    public void For_SplitsIntoMaxThreadsRanges_WhenWorkAllows()
    {
        WithThreads(4, () =>
        {
            int ranges = 0;
            Parallelism.For(4000, 10, (start, end) => Interlocked.Increment(ref ranges));
            Assert.Equal(4, ranges);

            ranges = 0;
            Parallelism.For(25, 10, (start, end) => Interlocked.Increment(ref ranges));
            Assert.Equal(2, ranges);
        });
    }

    [Fact]
    public void RangeBounds_CoverCountWithoutGapsOrOverlap()
    {
        for (int count = 0; count <= 64; count++)
        {
            for (int ranges = 1; ranges <= 9; ranges++)
            {
                int next = 0;
                for (int r = 0; r < ranges; r++)
                {
                    (int start, int end) = Parallelism.RangeBounds(count, ranges, r);
                    Assert.Equal(next, start);
                    Assert.True(end >= start);
                    // Balanced: sizes differ by at most one.
                    Assert.InRange(end - start, count / ranges, (count + ranges - 1) / ranges);
                    next = end;
                }

                Assert.Equal(count, next);
            }
        }

        (int s, int e) = Parallelism.RangeBounds(int.MaxValue, 3, 2);
        Assert.Equal(int.MaxValue, e);
        Assert.True(s > 0);
    }

    [Fact]
    public void RangeCount_RespectsMaxThreadsAndMinRange()
    {
        WithThreads(4, () =>
        {
            Assert.Equal(0, Parallelism.RangeCount(0, 1));
            Assert.Equal(1, Parallelism.RangeCount(5, 100));
            Assert.Equal(2, Parallelism.RangeCount(200, 100));
            Assert.Equal(4, Parallelism.RangeCount(100_000, 100));
            Assert.Equal(4, Parallelism.RangeCount(100, 0));
        });
        WithThreads(1, () => Assert.Equal(1, Parallelism.RangeCount(100_000, 1)));
    }

    [Fact]
    public void MaxThreads_BelowOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
        Assert.Contains("MaxThreads must be >= 1", ex.Message);
    }

    // Deterministic, non-trivial per-index work: a few draws from the index's own random stream.
    private static double Work(int i)
    {
        var rng = Rng.ForStream(2024, (ulong)i);
        double acc = 0;
        for (int k = 0; k < 8; k++)
        {
            acc = (acc * 0.5) + rng.NextNormal();
        }

        return acc;
    }

    private static double[] RunStruct(int threads, int count, int minRange)
    {
        var result = new double[count];
        WithThreads(threads, () => Parallelism.For(count, minRange, new WorkBody(result)));
        return result;
    }

    private static double[] RunDelegate(int threads, int count, int minRange)
    {
        var result = new double[count];
        WithThreads(threads, () => Parallelism.For(count, minRange, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                result[i] = Work(i);
            }
        }));
        return result;
    }

    private static void WithThreads(int threads, Action action)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            action();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    private readonly struct WorkBody(double[] result) : IRangeBody
    {
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                result[i] = Work(i);
            }
        }
    }

    private readonly struct CountingBody(int[] visits) : IRangeBody
    {
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref visits[i]);
            }
        }
    }
}
