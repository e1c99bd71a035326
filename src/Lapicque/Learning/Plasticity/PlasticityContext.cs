using Lapicque.Networks;

namespace Lapicque.Learning.Plasticity;

/// <summary>What a rule learns on: the projection, its synapses (weights updated in place), the sizes of both ends and dt.</summary>
public sealed class PlasticityContext
{
    private SynapseColumns? _columns;

    /// <summary>Creates a context; <paramref name="matrix"/> must have <paramref name="preCount"/> rows and <paramref name="postCount"/> targets.</summary>
    public PlasticityContext(Projection projection, SynapseMatrix matrix, int preCount, int postCount, double dtMs)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(matrix);
        Check.Positive(dtMs);
        if (matrix.SourceCount != preCount || matrix.TargetCount != postCount)
        {
            throw new ArgumentException($"Projection '{projection.Name}': the synapse matrix is {matrix.SourceCount} x {matrix.TargetCount}; expected {preCount} x {postCount} (pre x post).");
        }

        Projection = projection;
        Matrix = matrix;
        PreCount = preCount;
        PostCount = postCount;
        DtMs = dtMs;
    }

    /// <summary>The plastic projection.</summary>
    public Projection Projection { get; }

    /// <summary>Its synapses; rules write <see cref="SynapseMatrix.Weights"/>.</summary>
    public SynapseMatrix Matrix { get; }

    /// <summary>Number of presynaptic (source) neurons.</summary>
    public int PreCount { get; }

    /// <summary>Number of postsynaptic (target) neurons.</summary>
    public int PostCount { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>The incoming synapses of each post neuron, built on first use and shared by the rules on this context.</summary>
    public SynapseColumns Columns => _columns ??= new SynapseColumns(Matrix);
}
