namespace Lapicque.Analysis;

/// <summary>
/// Result of the multistep-regression estimate of the branching ratio (Wilting and Priesemann 2018).
/// </summary>
/// <param name="BranchingRatio">The estimate of m from the fit r_k = b m^k.</param>
/// <param name="Amplitude">The fitted b (for full sampling about 1; under subsampling it absorbs the bias).</param>
/// <param name="Slopes">r_k for k = 1 .. Slopes.Length: the regression slope of A(t + k) on A(t).</param>
/// <param name="AutocorrelationSteps">Intrinsic timescale tau = -1 / ln m in steps (infinite for m &gt;= 1).</param>
public sealed record MultistepRegressionResult(double BranchingRatio, double Amplitude, double[] Slopes, double AutocorrelationSteps);
