namespace Lapicque.Analysis;

/// <summary>One coupling of a <see cref="CriticalitySweep"/>.</summary>
/// <param name="Coupling">sigma, the expected offspring of one spike in a quiet network.</param>
/// <param name="Harris">Branching ratio by descendants over ancestors within avalanches.</param>
/// <param name="Naive">Branching ratio by the conventional regression slope r_1 (within trials).</param>
/// <param name="MultistepRegression">Branching ratio by trial-separated multistep regression.</param>
/// <param name="Avalanches">Avalanches found in the pooled activity (bins at the mean inter-event interval).</param>
/// <param name="MeanSize">Mean avalanche size.</param>
/// <param name="CappedFraction">Fraction of trials stopped at the spike cap (runaway activity).</param>
/// <param name="SizeFit">Discrete power-law fit of the sizes, or null with fewer than 50 avalanches.</param>
public sealed record CriticalityPoint(
    double Coupling, double Harris, double Naive, double MultistepRegression, int Avalanches, double MeanSize, double CappedFraction, PowerLawFit? SizeFit);
