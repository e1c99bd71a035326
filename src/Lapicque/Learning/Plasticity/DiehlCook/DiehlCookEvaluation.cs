using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity.DiehlCook;

/// <summary>
/// Fixed-weight responses of a <see cref="DiehlCookNetwork"/> to many images, in parallel over images
/// (<see cref="Parallelism"/>): each worker range owns its own simulation state, and image i draws its Poisson input from
/// Rng.ForStream(seed, i), so the result does not depend on the thread count.
/// </summary>
public static class DiehlCookEvaluation
{
    /// <summary>
    /// Spike counts, row-major images x Excitatory. <paramref name="images"/> is row-major count x Inputs with intensities
    /// in [0, 1].
    /// </summary>
    public static int[] Responses(DiehlCookNetwork network, ReadOnlyMemory<float> images, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        var p = network.Parameters;
        if (images.Length % p.Inputs != 0)
        {
            throw new ArgumentException($"images length must be a multiple of Inputs ({p.Inputs}); was {images.Length}.", nameof(images));
        }

        int count = images.Length / p.Inputs;
        int n = p.Excitatory;
        var responses = new int[count * n];
        Parallelism.For(count, 4, (start, end) =>
        {
            var state = new DiehlCookState(p);
            var adaptation = new float[n];
            var span = images.Span;
            for (int i = start; i < end; i++)
            {
                network.RespondWith(span.Slice(i * p.Inputs, p.Inputs), responses.AsSpan(i * n, n), Rng.ForStream(seed, (ulong)i), state, adaptation);
            }
        });
        return responses;
    }
}
