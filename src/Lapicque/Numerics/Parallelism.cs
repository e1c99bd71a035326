namespace Lapicque.Numerics;

/// <summary>A body that processes the half-open index range [start, end).</summary>
public interface IRangeBody
{
    /// <summary>Processes indices start to end - 1.</summary>
    void Invoke(int start, int end);
}

/// <summary>
/// Deterministic parallel loops over rows, batch items or neurons. Work is split into contiguous ranges;
/// each index is processed by exactly one range, so a body whose indices are independent gives the same
/// bits whatever the thread count.
/// </summary>
public static class Parallelism
{
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>Maximum number of threads the library uses (default: the processor count). 1 runs everything inline.</summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be >= 1.");
            }

            _maxThreads = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> over [0, count) in at most <see cref="MaxThreads"/> contiguous ranges of at least
    /// <paramref name="minRange"/> indices. Runs inline, without allocating, when one range suffices.
    /// </summary>
    public static void For<TBody>(int count, int minRange, TBody body)
        where TBody : struct, IRangeBody
    {
        int ranges = RangeCount(count, minRange);
        if (ranges <= 1)
        {
            if (count > 0)
            {
                body.Invoke(0, count);
            }

            return;
        }

        ForRanges(count, ranges, body);
    }

    // Kept apart so that the closure below is allocated only when the work really is split.
    private static void ForRanges<TBody>(int count, int ranges, TBody body)
        where TBody : struct, IRangeBody
    {
        System.Threading.Tasks.Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = ranges }, r =>
        {
            (int start, int end) = RangeBounds(count, ranges, r);
            body.Invoke(start, end);
        });
    }

    /// <summary>Delegate form of <see cref="For{TBody}(int, int, TBody)"/>: body(start, end).</summary>
    public static void For(int count, int minRange, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int ranges = RangeCount(count, minRange);
        if (ranges <= 1)
        {
            if (count > 0)
            {
                body(0, count);
            }

            return;
        }

        System.Threading.Tasks.Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = ranges }, r =>
        {
            (int start, int end) = RangeBounds(count, ranges, r);
            body(start, end);
        });
    }

    /// <summary>How many ranges <see cref="For(int, int, Action{int, int})"/> splits <paramref name="count"/> indices into.</summary>
    public static int RangeCount(int count, int minRange)
    {
        if (count <= 0)
        {
            return 0;
        }

        int byWork = Math.Max(1, count / Math.Max(1, minRange));
        return Math.Min(_maxThreads, byWork);
    }

    /// <summary>The bounds of range <paramref name="r"/> of <paramref name="ranges"/> over [0, count).</summary>
    public static (int Start, int End) RangeBounds(int count, int ranges, int r)
    {
        long start = (long)count * r / ranges;
        long end = (long)count * (r + 1) / ranges;
        return ((int)start, (int)end);
    }
}
