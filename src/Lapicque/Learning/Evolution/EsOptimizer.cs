namespace Lapicque.Learning.Evolution;

/// <summary>The update applied to the estimated gradient of an <see cref="EvolutionStrategy"/>.</summary>
public enum EsOptimizer
{
    /// <summary>Plain gradient descent: x -= LearningRate g.</summary>
    Sgd,

    /// <summary>Adam (Kingma and Ba 2015) with beta1 0.9, beta2 0.999, epsilon 1e-8, as in Salimans et al. 2017.</summary>
    Adam,
}
