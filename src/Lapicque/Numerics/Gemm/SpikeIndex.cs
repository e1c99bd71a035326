using System.Numerics;
using System.Runtime.Intrinsics;

namespace Lapicque.Numerics;

/// <summary>
/// The nonzero entries of a matrix of spikes, row by row (compressed sparse rows): for row r, entries
/// RowStart[r] .. RowStart[r + 1] - 1 of <see cref="Indices"/> (column numbers, increasing) and <see cref="Values"/>.
/// Built from a dense row-major matrix of 0/1 spikes (graded spikes keep their values); its buffers grow as needed
/// and are reused, so rebuilding it every time step allocates nothing once it is large enough.
/// </summary>
public sealed class SpikeIndex
{
    private int[] _start = [0];
    private int[] _index = [];
    private float[] _value = [];

    /// <summary>Rows of the indexed matrix.</summary>
    public int Rows { get; private set; }

    /// <summary>Columns of the indexed matrix.</summary>
    public int Columns { get; private set; }

    /// <summary>Number of nonzero entries (spikes).</summary>
    public int Count => _start[Rows];

    /// <summary>Fraction of entries that are nonzero, in [0, 1]; 0 for an empty matrix.</summary>
    public double Density => Rows == 0 || Columns == 0 ? 0.0 : Count / ((double)Rows * Columns);

    /// <summary>Rows + 1 offsets into <see cref="Indices"/>.</summary>
    public ReadOnlySpan<int> RowStart => _start.AsSpan(0, Rows + 1);

    /// <summary>Column of each nonzero, row by row, increasing within a row.</summary>
    public ReadOnlySpan<int> Indices => _index.AsSpan(0, Count);

    /// <summary>Value of each nonzero (1 for binary spikes).</summary>
    public ReadOnlySpan<float> Values => _value.AsSpan(0, Count);

    /// <summary>Indexes the nonzeros of each row of the m x k row-major matrix <paramref name="x"/> (leading dimension <paramref name="ldx"/>).</summary>
    /// <exception cref="ArgumentException">A size is negative, ldx &lt; k, or x is too short.</exception>
    public void FromRows(ReadOnlySpan<float> x, int m, int k, int ldx)
    {
        CheckDense(x.Length, m, k, ldx);
        int count = 0;
        for (int i = 0; i < m; i++)
        {
            count += CountNonZero(x.Slice(i * ldx, k));
        }

        Reset(m, k, count);
        int e = 0;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> row = x.Slice(i * ldx, k);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= k - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    uint bits = NonZeroBits(row.Slice(j, Vector256<float>.Count));
                    while (bits != 0)
                    {
                        int lane = BitOperations.TrailingZeroCount(bits);
                        _index[e] = j + lane;
                        _value[e] = row[j + lane];
                        e++;
                        bits &= bits - 1;
                    }
                }
            }

            for (; j < k; j++)
            {
                if (row[j] != 0f)
                {
                    _index[e] = j;
                    _value[e] = row[j];
                    e++;
                }
            }

            _start[i + 1] = e;
        }
    }

    /// <summary>
    /// Indexes the nonzeros of each column of the m x k row-major matrix <paramref name="x"/>, that is the rows of
    /// x^T (k rows of m); row numbers increase within each column.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, ldx &lt; k, or x is too short.</exception>
    public void FromColumns(ReadOnlySpan<float> x, int m, int k, int ldx)
    {
        CheckDense(x.Length, m, k, ldx);

        // Pass 1 counts per column; pass 2 scatters in row order, so each column's list comes out sorted.
        if (_start.Length < k + 1)
        {
            _start = new int[k + 1];
        }

        Span<int> start = _start.AsSpan(0, k + 1);
        start.Clear();
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> row = x.Slice(i * ldx, k);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= k - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    uint bits = NonZeroBits(row.Slice(j, Vector256<float>.Count));
                    while (bits != 0)
                    {
                        start[j + BitOperations.TrailingZeroCount(bits) + 1]++;
                        bits &= bits - 1;
                    }
                }
            }

            for (; j < k; j++)
            {
                if (row[j] != 0f)
                {
                    start[j + 1]++;
                }
            }
        }

        for (int j = 0; j < k; j++)
        {
            start[j + 1] += start[j];
        }

        int count = start[k];
        Rows = k;
        Columns = m;
        EnsureCapacity(count);

        // start[j] serves as the write cursor of column j; afterwards it has moved to the old start[j + 1].
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> row = x.Slice(i * ldx, k);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= k - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    uint bits = NonZeroBits(row.Slice(j, Vector256<float>.Count));
                    while (bits != 0)
                    {
                        int c = j + BitOperations.TrailingZeroCount(bits);
                        int e = start[c]++;
                        _index[e] = i;
                        _value[e] = row[c];
                        bits &= bits - 1;
                    }
                }
            }

            for (; j < k; j++)
            {
                float v = row[j];
                if (v != 0f)
                {
                    int e = start[j]++;
                    _index[e] = i;
                    _value[e] = v;
                }
            }
        }

        for (int j = k; j > 0; j--)
        {
            start[j] = start[j - 1];
        }

        start[0] = 0;
    }

    /// <summary>Number of nonzero entries of <paramref name="x"/> (NaN counts as nonzero).</summary>
    public static int CountNonZero(ReadOnlySpan<float> x)
    {
        int count = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= x.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                uint zeros = Vector256.Equals(Vector256.Create(x.Slice(j, Vector256<float>.Count)), Vector256<float>.Zero).ExtractMostSignificantBits();
                count += Vector256<float>.Count - BitOperations.PopCount(zeros);
            }
        }

        for (; j < x.Length; j++)
        {
            if (x[j] != 0f)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Bit j set where x[j] != 0, for the first 8 elements.</summary>
    private static uint NonZeroBits(ReadOnlySpan<float> x) =>
        ~Vector256.Equals(Vector256.Create(x), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;

    private void Reset(int rows, int columns, int count)
    {
        if (_start.Length < rows + 1)
        {
            _start = new int[rows + 1];
        }

        Rows = rows;
        Columns = columns;
        _start[0] = 0;
        EnsureCapacity(count);
    }

    private void EnsureCapacity(int count)
    {
        if (_index.Length < count)
        {
            int capacity = Math.Max(count, _index.Length * 2);
            _index = new int[capacity];
            _value = new float[capacity];
        }
    }

    internal static void CheckDense(int length, int m, int k, int ldx)
    {
        if (m < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(m < 0 ? nameof(m) : nameof(k), m < 0 ? m : k, $"{(m < 0 ? "m" : "k")} must be >= 0; was {(m < 0 ? m : k)}.");
        }

        if (ldx < Math.Max(1, k))
        {
            throw new ArgumentOutOfRangeException(nameof(ldx), ldx, $"ldx must be >= {Math.Max(1, k)} (the columns of x); was {ldx}.");
        }

        long needed = m == 0 || k == 0 ? 0 : ((long)(m - 1) * ldx) + k;
        if (length < needed)
        {
            throw new ArgumentException($"x.Length was {length}; expected at least {needed} for {m}x{k} with ldx {ldx}.", "x");
        }
    }
}
