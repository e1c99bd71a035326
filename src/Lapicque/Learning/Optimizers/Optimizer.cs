using System.Numerics;

namespace Lapicque.Learning.Optimizers;

/// <summary>
/// Base of the gradient-descent optimizers: holds the parameters, the learning rate and per-parameter state (moments),
/// which <see cref="State"/> exposes by name so that checkpoints can save and restore it for an exact resume.
/// </summary>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<string, T[]> _state = new(StringComparer.Ordinal);

    /// <summary>Initialises the optimizer over <paramref name="parameters"/> (names must be unique).</summary>
    protected Optimizer(IEnumerable<Parameter<T>> parameters, double learningRate)
    {
        Parameters = parameters.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"Parameter name '{p.Name}' is used twice; optimizer state is kept by name.");
            }
        }

        LearningRate = learningRate;
    }

    /// <summary>The optimized parameters.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The learning rate of the next step (a schedule may change it between steps).</summary>
    public double LearningRate
    {
        get;
        set
        {
            Check.NonNegative(value, nameof(LearningRate));
            field = value;
        }
    }

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; set; }

    /// <summary>Per-parameter state arrays by "parameter/slot" name (for checkpoints).</summary>
    public IReadOnlyDictionary<string, T[]> State => _state;

    /// <summary>Short name, for example "adam".</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update from the current gradients, then clips parameters that have a range.</summary>
    public void Step()
    {
        StepCount++;
        foreach (var p in Parameters)
        {
            Update(p);
            p.ClipToRange();
        }
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGradient();
        }
    }

    /// <summary>Restores the state saved from <see cref="State"/> (and the step count) of an identically built optimizer.</summary>
    public void LoadState(IReadOnlyDictionary<string, T[]> state, long stepCount)
    {
        foreach ((string key, T[] values) in state)
        {
            var slot = Slot(key, values.Length);
            values.AsSpan().CopyTo(slot);
        }

        StepCount = stepCount;
    }

    /// <summary>Updates one parameter from its gradient.</summary>
    protected abstract void Update(Parameter<T> p);

    /// <summary>The state slot "parameter/name", created zero-filled on first use.</summary>
    protected T[] Slot(Parameter<T> p, string name) => Slot(p.Name + "/" + name, p.Length);

    private T[] Slot(string key, int length)
    {
        if (!_state.TryGetValue(key, out var slot))
        {
            slot = new T[length];
            _state[key] = slot;
        }
        else if (slot.Length != length)
        {
            throw new ArgumentException($"Optimizer state '{key}' has {slot.Length} entries; expected {length}.");
        }

        return slot;
    }

    /// <summary>Converts a double hyperparameter to T.</summary>
    protected static T Cast(double x) => T.CreateChecked(x);
}
