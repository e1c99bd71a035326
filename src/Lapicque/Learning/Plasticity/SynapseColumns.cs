using Lapicque.Networks;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// The transpose of a <see cref="SynapseMatrix"/> as an index (compressed sparse columns): for each target neuron, the ids of
/// its incoming synapses (positions in <see cref="SynapseMatrix.Weights"/>) and their source neurons, in ascending source
/// order. Built once in O(synapses) so that a postsynaptic spike touches only that neuron's incoming synapses.
/// </summary>
public sealed class SynapseColumns
{
    /// <summary>Builds the index of <paramref name="matrix"/>.</summary>
    public SynapseColumns(SynapseMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int t = matrix.TargetCount, s = matrix.SourceCount, n = matrix.Count;
        ColumnStart = new int[t + 1];
        SynapseIds = new int[n];
        Sources = new int[n];
        if (matrix.IsDense)
        {
            for (int j = 0; j <= t; j++)
            {
                ColumnStart[j] = j * s;
            }

            for (int j = 0; j < t; j++)
            {
                int c = j * s;
                for (int i = 0; i < s; i++)
                {
                    SynapseIds[c + i] = (i * t) + j;
                    Sources[c + i] = i;
                }
            }

            return;
        }

        int[] targets = matrix.Targets!;
        int[] rowStart = matrix.RowStart!;
        foreach (int j in targets)
        {
            ColumnStart[j + 1]++;
        }

        for (int j = 0; j < t; j++)
        {
            ColumnStart[j + 1] += ColumnStart[j];
        }

        // Rows are visited in source order, so each column comes out sorted by source.
        var fill = (int[])ColumnStart.Clone();
        for (int i = 0; i < s; i++)
        {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++)
            {
                int slot = fill[targets[k]]++;
                SynapseIds[slot] = k;
                Sources[slot] = i;
            }
        }
    }

    /// <summary>Column offsets (length targets + 1): the incoming synapses of target j are entries [ColumnStart[j], ColumnStart[j+1]).</summary>
    public int[] ColumnStart { get; }

    /// <summary>Synapse id (index into the weights) of each entry.</summary>
    public int[] SynapseIds { get; }

    /// <summary>Source neuron of each entry.</summary>
    public int[] Sources { get; }

    /// <summary>The entry range [start, end) of target <paramref name="target"/>.</summary>
    public (int Start, int End) Column(int target) => (ColumnStart[target], ColumnStart[target + 1]);
}
