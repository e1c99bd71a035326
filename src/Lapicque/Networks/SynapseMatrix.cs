namespace Lapicque.Networks;

/// <summary>
/// The synapses of a projection, stored by source neuron (compressed sparse rows) so that a spike touches only the
/// outgoing row of the neuron that fired. A dense matrix ([source, target] row-major, every row holding all targets in
/// order) has no target index array.
/// </summary>
public sealed class SynapseMatrix
{
    private SynapseMatrix(int sourceCount, int targetCount, int[]? rowStart, int[]? targets, float[] weights)
    {
        SourceCount = sourceCount;
        TargetCount = targetCount;
        RowStart = rowStart;
        Targets = targets;
        Weights = weights;
    }

    /// <summary>Number of source neurons (rows).</summary>
    public int SourceCount { get; }

    /// <summary>Number of target neurons.</summary>
    public int TargetCount { get; }

    /// <summary>Row offsets (length SourceCount + 1) of a sparse matrix; null when dense.</summary>
    public int[]? RowStart { get; }

    /// <summary>Target index of each synapse of a sparse matrix, sorted within each row; null when dense.</summary>
    public int[]? Targets { get; }

    /// <summary>Weight of each synapse (dense: [source, target] row-major). Learning rules update these in place.</summary>
    public float[] Weights { get; }

    /// <summary>Per-synapse delays in ms, or null when the projection's delay is uniform.</summary>
    public float[]? DelaysMs { get; internal set; }

    /// <summary>True for a dense matrix (every source connects to every target).</summary>
    public bool IsDense => Targets is null;

    /// <summary>Number of synapses.</summary>
    public int Count => Weights.Length;

    /// <summary>A dense matrix with the given weights ([source, target] row-major).</summary>
    public static SynapseMatrix Dense(int sourceCount, int targetCount, float[] weights)
    {
        if (weights.Length != (long)sourceCount * targetCount)
        {
            throw new ArgumentException($"weights.Length was {weights.Length}; expected sources x targets = {sourceCount} x {targetCount}.", nameof(weights));
        }

        return new SynapseMatrix(sourceCount, targetCount, null, null, weights);
    }

    /// <summary>A sparse matrix from row offsets, sorted target indices and weights (taken over, not copied).</summary>
    public static SynapseMatrix Sparse(int sourceCount, int targetCount, int[] rowStart, int[] targets, float[] weights)
    {
        if (rowStart.Length != sourceCount + 1 || rowStart[0] != 0 || rowStart[^1] != targets.Length || targets.Length != weights.Length)
        {
            throw new ArgumentException($"Inconsistent CSR arrays: rowStart.Length {rowStart.Length} (expected {sourceCount + 1}), last offset {rowStart[^1]}, targets {targets.Length}, weights {weights.Length}.");
        }

        for (int s = 0; s < sourceCount; s++)
        {
            if (rowStart[s + 1] < rowStart[s])
            {
                throw new ArgumentException($"rowStart must be non-decreasing; rowStart[{s + 1}] = {rowStart[s + 1]} < rowStart[{s}] = {rowStart[s]}.");
            }
        }

        foreach (int t in targets)
        {
            if ((uint)t >= (uint)targetCount)
            {
                throw new ArgumentException($"A target index was {t}; expected 0..{targetCount - 1}.");
            }
        }

        return new SynapseMatrix(sourceCount, targetCount, rowStart, targets, weights);
    }

    /// <summary>Builds a sparse matrix from (source, target) pairs in any order; weights are zero.</summary>
    public static SynapseMatrix FromPairs(int sourceCount, int targetCount, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, out int[] order)
    {
        if (sources.Length != targets.Length)
        {
            throw new ArgumentException($"sources has {sources.Length} entries but targets has {targets.Length}.");
        }

        int n = sources.Length;
        var rowStart = new int[sourceCount + 1];
        for (int k = 0; k < n; k++)
        {
            if ((uint)sources[k] >= (uint)sourceCount)
            {
                throw new ArgumentException($"sources[{k}] was {sources[k]}; expected 0..{sourceCount - 1}.");
            }

            if ((uint)targets[k] >= (uint)targetCount)
            {
                throw new ArgumentException($"targets[{k}] was {targets[k]}; expected 0..{targetCount - 1}.");
            }

            rowStart[sources[k] + 1]++;
        }

        for (int s = 0; s < sourceCount; s++)
        {
            rowStart[s + 1] += rowStart[s];
        }

        // Stable counting sort by source, then sort each row by target, keeping where each input pair went.
        order = new int[n];
        var fill = (int[])rowStart.Clone();
        for (int k = 0; k < n; k++)
        {
            order[fill[sources[k]]++] = k;
        }

        var sortedTargets = new int[n];
        for (int s = 0; s < sourceCount; s++)
        {
            int a = rowStart[s], b = rowStart[s + 1];
            for (int i = a; i < b; i++)
            {
                sortedTargets[i] = targets[order[i]];
            }

            Array.Sort(sortedTargets, order, a, b - a);
        }

        return new SynapseMatrix(sourceCount, targetCount, rowStart, sortedTargets, new float[n]);
    }

    /// <summary>The synapse range [start, end) of source neuron <paramref name="source"/>.</summary>
    public (int Start, int End) Row(int source) =>
        RowStart is null ? (source * TargetCount, (source + 1) * TargetCount) : (RowStart[source], RowStart[source + 1]);

    /// <summary>The target neuron of synapse <paramref name="synapse"/>.</summary>
    public int TargetOf(int synapse) => Targets is null ? synapse % TargetCount : Targets[synapse];

    /// <summary>Number of synapses onto each target neuron.</summary>
    public int[] InDegrees()
    {
        var degree = new int[TargetCount];
        if (Targets is null)
        {
            Array.Fill(degree, SourceCount);
            return degree;
        }

        foreach (int t in Targets)
        {
            degree[t]++;
        }

        return degree;
    }

    /// <summary>The weights as a dense [source, target] matrix (parallel synapses add up).</summary>
    public float[] ToDense()
    {
        if (Targets is null)
        {
            return (float[])Weights.Clone();
        }

        var dense = new float[(long)SourceCount * TargetCount];
        for (int s = 0; s < SourceCount; s++)
        {
            for (int k = RowStart![s]; k < RowStart[s + 1]; k++)
            {
                dense[((long)s * TargetCount) + Targets[k]] += Weights[k];
            }
        }

        return dense;
    }
}
