using Lapicque.Simulation;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Named rules with their published parameters, for networks that name a rule in <see cref="Networks.Projection.Plasticity"/>
/// (network files, the command line): <see cref="Create"/> makes a fresh rule from a name and <see cref="Attach"/> adds one to
/// every projection that names a rule.
/// </summary>
public static class PlasticityRules
{
    private static readonly Dictionary<string, Func<IPlasticityRule>> Factories = new(StringComparer.Ordinal)
    {
        ["stdp"] = () => new PairStdp(new PairStdpParameters()),
        ["stdp-nearest"] = () => new PairStdp(new PairStdpParameters { Pairing = SpikePairing.Nearest }),
        ["stdp-multiplicative"] = () => new PairStdp(new PairStdpParameters { Mu = 1 }),
        ["triplet-visual-all-to-all"] = () => new TripletStdp(TripletStdpParameters.VisualCortexAllToAll),
        ["triplet-visual-all-to-all-minimal"] = () => new TripletStdp(TripletStdpParameters.VisualCortexAllToAllMinimal),
        ["triplet-visual-nearest"] = () => new TripletStdp(TripletStdpParameters.VisualCortexNearest),
        ["triplet-visual-nearest-minimal"] = () => new TripletStdp(TripletStdpParameters.VisualCortexNearestMinimal),
        ["triplet-hippocampal-all-to-all"] = () => new TripletStdp(TripletStdpParameters.HippocampalAllToAll),
        ["triplet-hippocampal-all-to-all-minimal"] = () => new TripletStdp(TripletStdpParameters.HippocampalAllToAllMinimal),
        ["stdp-diehl-cook"] = () => new TripletStdp(TripletStdpParameters.DiehlCook),
        ["kheradpisheh"] = () => new KheradpishehStdp(),
        ["stdp-scnn"] = () => new KheradpishehStdp(),
        ["rstdp"] = () => new RewardModulatedStdp(new RewardStdpParameters()),
    };

    /// <summary>The known rule names.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A fresh rule named <paramref name="name"/> with its default (published) parameters.</summary>
    public static IPlasticityRule Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var make)
            ? make()
            : throw new ArgumentException($"Unknown plasticity rule '{name}'; expected one of: {string.Join(", ", Factories.Keys)}.", nameof(name));
    }

    /// <summary>Adds a fresh rule to every projection of the simulated network that names one; returns the rules by projection.</summary>
    public static IReadOnlyDictionary<string, IPlasticityRule> Attach(ClockDrivenSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var rules = new Dictionary<string, IPlasticityRule>(StringComparer.Ordinal);
        foreach (var p in simulator.Network.Projections)
        {
            if (p.Plasticity is { } name)
            {
                IPlasticityRule rule;
                try
                {
                    rule = Create(name);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Projection '{p.Name}': {e.Message}", e);
                }

                simulator.AddPlasticity(p.Name, rule);
                rules.Add(p.Name, rule);
            }
        }

        return rules;
    }
}
