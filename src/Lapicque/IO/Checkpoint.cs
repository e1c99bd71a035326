using System.Numerics;
using System.Runtime.InteropServices;
using Lapicque.Learning.Optimizers;

namespace Lapicque.IO;

/// <summary>
/// A training checkpoint: named arrays (weights, optimizer moments, anything else) and <see cref="CheckpointMetadata"/>,
/// stored as a safetensors file. <see cref="Save"/> writes atomically and records the SHA-256 of the data section;
/// <see cref="Load"/> verifies it, so a torn or corrupted file is reported instead of resuming from garbage.
/// <para>
/// Parameters are stored as "param/NAME" and optimizer state as "optim/PARAMETER/SLOT", in the parameter's own
/// precision (F32 for float, F64 for double), so that <see cref="RestoreParameters{T}"/> and
/// <see cref="RestoreOptimizer{T}"/> give back the exact bits and a resumed run continues bit for bit.
/// </para>
/// </summary>
/// <example><code>
/// var cp = new Checkpoint();
/// cp.Metadata.Epoch = epoch;
/// cp.AddParameters(parameters);
/// cp.AddOptimizer(optimizer);
/// cp.Save(run.LastCheckpointPath);
/// // later
/// var loaded = Checkpoint.Load(run.LastCheckpointPath);
/// loaded.RestoreParameters(parameters);
/// loaded.RestoreOptimizer(optimizer);
/// </code></example>
public sealed class Checkpoint
{
    /// <summary>Prefix of parameter tensors.</summary>
    public const string ParameterPrefix = "param/";

    /// <summary>Prefix of optimizer-state tensors.</summary>
    public const string OptimizerPrefix = "optim/";

    private readonly Dictionary<string, SafetensorsTensor> _tensors = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Creates an empty checkpoint.</summary>
    public Checkpoint()
    {
    }

    /// <summary>The metadata written with the arrays.</summary>
    public CheckpointMetadata Metadata { get; private set; } = new();

    /// <summary>The file this checkpoint was loaded from (used in error messages), or null.</summary>
    public string? FileName { get; private set; }

    /// <summary>Names of the stored arrays, in insertion (file) order.</summary>
    public IReadOnlyList<string> Names => _order;

    /// <summary>Whether an array named <paramref name="name"/> is stored.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>Adds (or replaces) a tensor.</summary>
    public void Add(SafetensorsTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (_tensors.TryAdd(tensor.Name, tensor))
        {
            _order.Add(tensor.Name);
        }
        else
        {
            _tensors[tensor.Name] = tensor;
        }
    }

    /// <summary>Stores a copy of float values; <paramref name="shape"/> defaults to [values.Length].</summary>
    public void AddFloats(string name, ReadOnlySpan<float> values, params long[] shape) => Add(SafetensorsTensor.FromFloats(name, values, shape));

    /// <summary>Stores a copy of double values; <paramref name="shape"/> defaults to [values.Length].</summary>
    public void AddDoubles(string name, ReadOnlySpan<double> values, params long[] shape) => Add(SafetensorsTensor.FromDoubles(name, values, shape));

    /// <summary>Stores a copy of int values; <paramref name="shape"/> defaults to [values.Length].</summary>
    public void AddInt32(string name, ReadOnlySpan<int> values, params long[] shape) => Add(SafetensorsTensor.FromInt32(name, values, shape));

    /// <summary>Stores a copy of long values; <paramref name="shape"/> defaults to [values.Length].</summary>
    public void AddInt64(string name, ReadOnlySpan<long> values, params long[] shape) => Add(SafetensorsTensor.FromInt64(name, values, shape));

    /// <summary>Stores a copy of bytes; <paramref name="shape"/> defaults to [values.Length].</summary>
    public void AddBytes(string name, ReadOnlySpan<byte> values, params long[] shape) => Add(SafetensorsTensor.FromBytes(name, values, shape));

    /// <summary>The stored tensor; a missing name is a <see cref="FileFormatException"/> naming the file.</summary>
    public SafetensorsTensor Get(string name) =>
        _tensors.GetValueOrDefault(name) ?? throw new FileFormatException(FileName, $"$[\"{name}\"]", "missing required array.");

    /// <summary>The float array <paramref name="name"/>; throws <see cref="FileFormatException"/> when missing or not F32.</summary>
    public float[] GetFloats(string name) => Typed(name, SafetensorsDType.F32).ToFloats();

    /// <summary>The double array <paramref name="name"/>; throws <see cref="FileFormatException"/> when missing or not F64.</summary>
    public double[] GetDoubles(string name) => Typed(name, SafetensorsDType.F64).ToDoubles();

    /// <summary>The int array <paramref name="name"/>; throws <see cref="FileFormatException"/> when missing or not I32.</summary>
    public int[] GetInt32(string name) => Typed(name, SafetensorsDType.I32).ToInt32();

    /// <summary>The long array <paramref name="name"/>; throws <see cref="FileFormatException"/> when missing or not I64.</summary>
    public long[] GetInt64(string name) => Typed(name, SafetensorsDType.I64).ToInt64();

    /// <summary>The byte array <paramref name="name"/>; throws <see cref="FileFormatException"/> when missing or not U8.</summary>
    public byte[] GetBytes(string name) => Typed(name, SafetensorsDType.U8).ToBytes();

    /// <summary>Stores every parameter's values as "param/NAME" (F32 for float, F64 for double).</summary>
    public void AddParameters<T>(IEnumerable<Parameter<T>> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            Add(ToTensor(ParameterPrefix + p.Name, p.Value));
        }
    }

    /// <summary>
    /// Copies the stored values into every parameter. Throws <see cref="FileFormatException"/> when one is missing,
    /// has another precision or another length (a checkpoint of a different network).
    /// </summary>
    public void RestoreParameters<T>(IEnumerable<Parameter<T>> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);

        // Check everything before changing anything, so that a mismatch leaves the parameters as they were.
        var list = parameters.ToList();
        var values = list.Select(p => FromTensor<T>(ParameterPrefix + p.Name, p.Length)).ToList();
        for (int i = 0; i < list.Count; i++)
        {
            values[i].CopyTo(list[i].Value.AsSpan());
        }
    }

    /// <summary>
    /// Stores the optimizer's state arrays as "optim/KEY" and its name, step count, learning rate and state keys in
    /// <see cref="Metadata"/>.
    /// </summary>
    public void AddOptimizer<T>(Optimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Metadata.OptimizerName = optimizer.Name;
        Metadata.OptimizerStepCount = optimizer.StepCount;
        Metadata.LearningRate = optimizer.LearningRate;
        Metadata.OptimizerStateKeys.Clear();
        foreach ((string key, T[] values) in optimizer.State.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Metadata.OptimizerStateKeys.Add(key);
            Add(ToTensor(OptimizerPrefix + key, values));
        }
    }

    /// <summary>
    /// Restores the optimizer's state, step count and learning rate. Throws <see cref="FileFormatException"/> when the
    /// checkpoint holds no optimizer, another optimizer kind, or state that does not fit the parameters.
    /// </summary>
    public void RestoreOptimizer<T>(Optimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        const string path = "$[\"__metadata__\"][\"optimizer\"]";
        if (Metadata.OptimizerName is null)
        {
            throw new FileFormatException(FileName, path, "missing: the checkpoint holds no optimizer state.");
        }

        if (Metadata.OptimizerName != optimizer.Name)
        {
            throw new FileFormatException(FileName, path, $"holds state of optimizer '{Metadata.OptimizerName}'; the run uses '{optimizer.Name}'.");
        }

        var lengths = optimizer.Parameters.ToDictionary(p => p.Name, p => p.Length, StringComparer.Ordinal);
        var state = new Dictionary<string, T[]>(StringComparer.Ordinal);
        foreach (string key in Metadata.OptimizerStateKeys)
        {
            int slash = key.LastIndexOf('/');
            if (slash <= 0 || !lengths.TryGetValue(key[..slash], out int length))
            {
                throw new FileFormatException(FileName, path, $"state key '{key}' names no parameter of this optimizer.");
            }

            state[key] = FromTensor<T>(OptimizerPrefix + key, length);
        }

        optimizer.LoadState(state, Metadata.OptimizerStepCount);
        if (Metadata.LearningRate is { } lr)
        {
            optimizer.LearningRate = lr;
        }
    }

    /// <summary>The checkpoint as a safetensors file (the "sha256" entry is included).</summary>
    public SafetensorsFile ToFile()
    {
        var tensors = _order.Select(n => _tensors[n]).ToArray();
        var map = Metadata.ToStrings();
        var unsigned = new SafetensorsFile(tensors);
        map["sha256"] = unsigned.DataSha256();
        return new SafetensorsFile(tensors, map);
    }

    /// <summary>
    /// Writes the checkpoint atomically: a temporary file in the same folder, flushed to disk, then renamed over
    /// <paramref name="path"/>. If anything fails, the previous file at <paramref name="path"/> is untouched.
    /// </summary>
    public void Save(string path) => ToFile().Save(path);

    /// <summary>
    /// Reads a checkpoint and verifies its checksum. Every problem (missing file, truncation, malformed header, a
    /// checksum that does not match the data) is a <see cref="FileFormatException"/> naming the file.
    /// </summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="requireChecksum">Whether a file without a "sha256" entry is rejected.</param>
    public static Checkpoint Load(string path, bool requireChecksum = true) => FromFile(SafetensorsFile.Read(path), requireChecksum);

    /// <summary>A checkpoint from an already parsed file (checksum verified as in <see cref="Load"/>).</summary>
    public static Checkpoint FromFile(SafetensorsFile file, bool requireChecksum = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        const string path = "$[\"__metadata__\"][\"sha256\"]";
        if (file.Metadata.TryGetValue("sha256", out string? recorded))
        {
            string actual = file.DataSha256();
            if (!string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new FileFormatException(file.FileName, path, $"checksum mismatch: the header records {recorded} but the data hashes to {actual}; the file is corrupt.");
            }
        }
        else if (requireChecksum)
        {
            throw new FileFormatException(file.FileName, path, "missing: the file carries no checksum.");
        }

        var cp = new Checkpoint { FileName = file.FileName, Metadata = CheckpointMetadata.FromStrings(file.Metadata, file.FileName) };
        foreach (var t in file.Tensors)
        {
            cp.Add(t);
        }

        return cp;
    }

    private SafetensorsTensor Typed(string name, SafetensorsDType dtype)
    {
        var t = Get(name);
        return t.DType == dtype ? t : throw new FileFormatException(FileName, $"$[\"{name}\"].dtype", $"expected {dtype}; was {t.DType}.");
    }

    private static SafetensorsDType DTypeOf<T>() =>
        typeof(T) == typeof(float) ? SafetensorsDType.F32
        : typeof(T) == typeof(double) ? SafetensorsDType.F64
        : throw new NotSupportedException($"Checkpoints store float or double parameters; was {typeof(T).Name}.");

    private static SafetensorsTensor ToTensor<T>(string name, T[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => DTypeOf<T>() == SafetensorsDType.F32
            ? SafetensorsTensor.FromFloats(name, MemoryMarshal.Cast<T, float>(values.AsSpan()))
            : SafetensorsTensor.FromDoubles(name, MemoryMarshal.Cast<T, double>(values.AsSpan()));

    private T[] FromTensor<T>(string name, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Typed(name, DTypeOf<T>());
        if (t.ElementCount != length)
        {
            throw new FileFormatException(FileName, $"$[\"{name}\"].shape", $"holds {t.ElementCount} values; the model expects {length}.");
        }

        var result = new T[length];
        if (typeof(T) == typeof(float))
        {
            t.ToFloats().CopyTo(MemoryMarshal.Cast<T, float>(result.AsSpan()));
        }
        else
        {
            t.ToDoubles().CopyTo(MemoryMarshal.Cast<T, double>(result.AsSpan()));
        }

        return result;
    }
}
