namespace Lapicque.Learning.Evolution;

/// <summary>Settings of <see cref="EvolutionStrategy"/>.</summary>
public sealed record EvolutionStrategyOptions
{
    /// <summary>Antithetic pairs per generation (the population is twice this). Default 25.</summary>
    public int Pairs { get; init; } = 25;

    /// <summary>Standard deviation of the Gaussian perturbations, in parameter units. Default 0.1.</summary>
    public double Sigma { get; init; } = 0.1;

    /// <summary>Step size of the optimiser. Default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Optimiser of the estimated gradient. Default Adam.</summary>
    public EsOptimizer Optimizer { get; init; } = EsOptimizer.Adam;

    /// <summary>L2 weight decay added to the gradient, coefficient times x. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Generations at most. Default 1000.</summary>
    public int MaxGenerations { get; init; } = 1000;

    /// <summary>Objective evaluations at most (the run stops before a generation that would exceed it). Default unlimited.</summary>
    public long MaxEvaluations { get; init; } = long.MaxValue;

    /// <summary>Stop once the best value is at or below this. Default negative infinity (never).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary>Evaluate the mean after every update (one more evaluation per generation) for the history. Default true.</summary>
    public bool EvaluateCenter { get; init; } = true;

    /// <summary>Seed; the perturbation of pair j in generation g comes from Rng.ForStream(Seed, g * 2^32 + j).</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        Check.That(Pairs >= 1, nameof(Pairs), ">= 1", Pairs);
        Check.Positive(Sigma);
        Check.Positive(LearningRate);
        Check.NonNegative(WeightDecay);
        Check.That(MaxGenerations >= 1, nameof(MaxGenerations), ">= 1", MaxGenerations);
        Check.That(MaxEvaluations >= 1, nameof(MaxEvaluations), ">= 1", MaxEvaluations);
    }
}
