using Lapicque.Networks;

namespace Lapicque.Learning.Training;

/// <summary>
/// A network read as a feed-forward chain, the shape that layer models (<see cref="SequentialModel.FromNetwork"/>, the
/// ANN twin of conversion) are built from: exactly one ExternalSource input population, then from each population
/// exactly one projection into a new population, until a population with none; every population on the chain, each
/// (but the input) with exactly one incoming projection from the chain. Self-projections (recurrence) are either
/// allowed, and left out of the links, or errors.
/// </summary>
internal static class FeedForwardChain
{
    /// <summary>One step of the chain: <paramref name="Projection"/> from <paramref name="Source"/> into <paramref name="Target"/>.</summary>
    public readonly record struct Link(Projection Projection, Population Source, Population Target);

    /// <summary>The links of the chain of <paramref name="network"/>, in order from the input.</summary>
    /// <param name="network">A validated network.</param>
    /// <param name="owner">Who needs the chain, for the messages ("the surrogate-gradient trainer", "an ANN").</param>
    /// <param name="selfProjections">Whether a population may project onto itself (the links leave those out).</param>
    /// <exception cref="NotSupportedException">The network is not such a chain; the message names the population or projection.</exception>
    public static List<Link> Walk(Network network, string owner, bool selfProjections)
    {
        var sources = network.Populations.Where(p => p.Model is ExternalSource).ToArray();
        if (sources.Length != 1)
        {
            throw new NotSupportedException($"Network '{network.Name}': {owner} needs exactly one ExternalSource input population; found {sources.Length}.");
        }

        var links = new List<Link>();
        var current = sources[0];
        var visited = new HashSet<string> { current.Name };
        while (true)
        {
            if (!selfProjections && network.Projections.FirstOrDefault(p => p.Source == current.Name && p.Target == current.Name) is { } self)
            {
                throw new NotSupportedException($"Network '{network.Name}': projection '{self.Name}' connects population '{current.Name}' to itself; {owner} has no recurrence.");
            }

            var outgoing = network.Projections.Where(p => p.Source == current.Name && p.Target != current.Name).ToArray();
            if (outgoing.Length == 0)
            {
                break;
            }

            if (outgoing.Length > 1)
            {
                throw new NotSupportedException($"Network '{network.Name}': population '{current.Name}' has {outgoing.Length} outgoing projections; {owner} needs a feed-forward chain (one each).");
            }

            var proj = outgoing[0];
            var target = network.Population(proj.Target);
            if (!visited.Add(target.Name))
            {
                throw new NotSupportedException($"Network '{network.Name}': projection '{proj.Name}' closes a loop back to '{target.Name}'; {owner} needs a feed-forward chain{(selfProjections ? " (only self-projections are recurrent)" : string.Empty)}.");
            }

            int incoming = network.Projections.Count(p => p.Target == target.Name && p.Source != target.Name);
            if (incoming != 1)
            {
                throw new NotSupportedException($"Network '{network.Name}': population '{target.Name}' has {incoming} incoming projections; {owner} supports exactly one.");
            }

            links.Add(new Link(proj, current, target));
            current = target;
        }

        if (links.Count == 0)
        {
            throw new NotSupportedException($"Network '{network.Name}': no projection leaves the input population '{current.Name}'.");
        }

        var unused = network.Populations.FirstOrDefault(p => !visited.Contains(p.Name));
        if (unused is not null)
        {
            throw new NotSupportedException($"Network '{network.Name}': population '{unused.Name}' is not on the feed-forward chain from the input.");
        }

        return links;
    }
}
