using Lapicque.Networks;
using Lapicque.Neurons;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Competition through an inhibitory population, the network pattern of Diehl and Cook 2015: each excitatory neuron drives
/// its own inhibitory partner one-to-one, and each inhibitory neuron inhibits every excitatory neuron except its partner.
/// The first excitatory neuron to fire thus silences the others for as long as the inhibition lasts (soft winner-take-all).
/// This is only a description: the populations and projections are added to a <see cref="Network"/> like any other.
/// </summary>
public static class LateralInhibition
{
    /// <summary>
    /// The inhibitory population <c>{excitatory}_inh</c> of <paramref name="size"/> neurons of <paramref name="model"/>, the
    /// one-to-one projection <c>{excitatory}_to_inh</c> with weight <paramref name="excitationWeight"/> and synapse
    /// <paramref name="excitation"/>, and the all-but-self projection <c>inh_to_{excitatory}</c> with weight
    /// <paramref name="inhibitionWeight"/> and synapse <paramref name="inhibition"/> (for a current or delta synapse give a
    /// negative weight; for a conductance, a positive weight and an inhibitory reversal potential).
    /// </summary>
    public static (Population Inhibitory, Projection ExcitatoryToInhibitory, Projection InhibitoryToExcitatory) Create(
        string excitatory, int size, INeuronModel model, double excitationWeight, double inhibitionWeight, Synapse excitation, Synapse inhibition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(excitatory);
        Check.That(size >= 1, nameof(size), ">= 1", size);
        ArgumentNullException.ThrowIfNull(model);
        string inh = excitatory + "_inh";
        var pop = Population.Create(inh, size, model);
        var toInh = new Projection
        {
            Name = excitatory + "_to_inh", Source = excitatory, Target = inh, Connectivity = new Connectivity.OneToOne(),
            Weights = new WeightInit.Constant(excitationWeight), Synapse = excitation,
        };

        long pairs = (long)size * (size - 1);
        var sources = new int[pairs];
        var targets = new int[pairs];
        int k = 0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                if (i != j)
                {
                    sources[k] = i;
                    targets[k] = j;
                    k++;
                }
            }
        }

        var fromInh = new Projection
        {
            Name = "inh_to_" + excitatory, Source = inh, Target = excitatory, Connectivity = new Connectivity.Explicit(sources, targets),
            Weights = new WeightInit.Constant(inhibitionWeight), Synapse = inhibition,
        };
        return (pop, toInh, fromInh);
    }
}
