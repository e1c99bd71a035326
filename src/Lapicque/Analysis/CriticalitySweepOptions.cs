namespace Lapicque.Analysis;

/// <summary>Settings of <see cref="CriticalitySweep"/>.</summary>
public sealed record CriticalitySweepOptions
{
    /// <summary>Neurons in the network. Default 2000.</summary>
    public int Neurons { get; init; } = 2000;

    /// <summary>Outgoing synapses per neuron (random distinct targets, no self-connections). Default 10.</summary>
    public int OutDegree { get; init; } = 10;

    /// <summary>Couplings sigma swept: each synapse transmits a spike with probability sigma / OutDegree.</summary>
    public double[] Couplings { get; init; } = [0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2];

    /// <summary>Avalanches (trials) per coupling. Default 2000.</summary>
    public int Trials { get; init; } = 2000;

    /// <summary>
    /// A trial stops once this many spikes have occurred (supercritical runs would otherwise never end). Default Neurons / 4,
    /// which keeps the activity sparse enough that collisions and refractoriness barely lower the effective branching ratio.
    /// </summary>
    public int? MaxSpikesPerTrial { get; init; }

    /// <summary>Lags of the multistep regression. Default 5.</summary>
    public int MaxLag { get; init; } = 5;

    /// <summary>Bootstrap replicates of the power-law p-value; 0 skips it. Default 0.</summary>
    public int Replicates { get; init; }

    /// <summary>Seed: coupling i uses Rng.ForStream(Seed, i) for its graph and dynamics.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        Check.That(Neurons >= 2, nameof(Neurons), ">= 2", Neurons);
        Check.That(OutDegree >= 1 && OutDegree < Neurons, nameof(OutDegree), $"in [1, {Neurons - 1}]", OutDegree);
        Check.That(Trials >= 1, nameof(Trials), ">= 1", Trials);
        Check.That(MaxLag >= 1, nameof(MaxLag), ">= 1", MaxLag);
        Check.That(Replicates >= 0, nameof(Replicates), ">= 0", Replicates);
        for (int i = 0; i < Couplings.Length; i++)
        {
            Check.That(Couplings[i] >= 0 && Couplings[i] <= OutDegree, $"Couplings[{i}]", $"in [0, OutDegree = {OutDegree}]", Couplings[i]);
        }
    }
}
