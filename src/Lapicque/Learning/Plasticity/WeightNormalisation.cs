using System.Numerics.Tensors;
using Lapicque.Networks;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Homeostatic normalisation of incoming weights (Diehl and Cook 2015): every post neuron's incoming weights are scaled by one
/// factor so that they sum to <see cref="Total"/>, w_ij &lt;- w_ij Total / sum_i w_ij. A neuron whose weights sum to zero is
/// left alone. As a rule it acts every <see cref="EverySteps"/> steps (at the end of the step); 0 means only when
/// <see cref="Apply"/> is called, for example before each presentation. Cost O(synapses) per application, SIMD for dense
/// matrices.
/// </summary>
public sealed class WeightNormalisation : IPlasticityRule
{
    private PlasticityContext? _context;

    /// <summary>Creates the rule: incoming sums set to <paramref name="total"/> every <paramref name="everySteps"/> steps (0: on demand).</summary>
    public WeightNormalisation(double total, int everySteps = 0)
    {
        Check.Finite(total);
        Check.That(everySteps >= 0, nameof(everySteps), ">= 0", everySteps);
        Total = total;
        EverySteps = everySteps;
    }

    /// <summary>The target sum of each post neuron's incoming weights.</summary>
    public double Total { get; }

    /// <summary>Interval in steps between normalisations; 0 means on demand only.</summary>
    public int EverySteps { get; }

    /// <inheritdoc/>
    public void Bind(PlasticityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <inheritdoc/>
    public void Reset()
    {
    }

    /// <inheritdoc/>
    public void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired)
    {
        if (EverySteps > 0 && (step + 1) % EverySteps == 0)
        {
            Apply();
        }
    }

    /// <summary>Normalises the bound projection now.</summary>
    public void Apply()
    {
        var c = _context ?? throw new InvalidOperationException("WeightNormalisation.Apply was called before Bind.");
        Normalise(c.Matrix, Total);
    }

    /// <summary>Scales the incoming weights of every target of <paramref name="matrix"/> to sum to <paramref name="total"/>.</summary>
    public static void Normalise(SynapseMatrix matrix, double total)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int t = matrix.TargetCount, s = matrix.SourceCount;
        var w = matrix.Weights;
        var sums = new double[t];
        if (matrix.IsDense)
        {
            // Row by row, so the matrix is read in memory order; sums in double keep long columns precise.
            for (int i = 0; i < s; i++)
            {
                int row = i * t;
                for (int j = 0; j < t; j++)
                {
                    sums[j] += w[row + j];
                }
            }
        }
        else
        {
            int[] targets = matrix.Targets!;
            for (int k = 0; k < w.Length; k++)
            {
                sums[targets[k]] += w[k];
            }
        }

        var factor = new float[t];
        for (int j = 0; j < t; j++)
        {
            factor[j] = sums[j] == 0 ? 1f : (float)(total / sums[j]);
        }

        if (matrix.IsDense)
        {
            for (int i = 0; i < s; i++)
            {
                var row = w.AsSpan(i * t, t);
                TensorPrimitives.Multiply(row, factor, row);
            }
        }
        else
        {
            int[] targets = matrix.Targets!;
            for (int k = 0; k < w.Length; k++)
            {
                w[k] *= factor[targets[k]];
            }
        }
    }
}
