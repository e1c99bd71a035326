using Lapicque.IO;
using Lapicque.Learning.Optimizers;
using Lapicque.Numerics;

namespace Lapicque.Tests.IO;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lapicque-cp").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ArraysAndMetadata_RoundTrip()
    {
        var cp = new Checkpoint();
        cp.AddFloats("w", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        cp.AddDoubles("d", [Math.E]);
        cp.AddInt32("labels", [3, 1]);
        cp.AddInt64("counts", [long.MaxValue]);
        cp.AddBytes("mask", [1, 0, 1]);
        cp.Metadata.ConfigJson = """{"dataset":"mnist","epochs":3}""";
        cp.Metadata.Epoch = 2;
        cp.Metadata.Step = 938;
        cp.Metadata.Rng["seed"] = ulong.MaxValue;
        cp.Metadata.Rng["shuffle_stream"] = 2;
        cp.Metadata.Metrics["val_acc"] = 0.9731;
        cp.Metadata.Metrics["val_loss"] = double.NaN;
        cp.Metadata.Metrics["lr"] = 1e-3 / 3;
        cp.Metadata.Extra["note"] = "hello";
        cp.Save(PathOf("a.safetensors"));

        var back = Checkpoint.Load(PathOf("a.safetensors"));
        Assert.Equal(["w", "d", "labels", "counts", "mask"], back.Names);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], back.GetFloats("w"));
        Assert.Equal([2L, 3L], back.Get("w").Shape);
        Assert.Equal([Math.E], back.GetDoubles("d"));
        Assert.Equal([3, 1], back.GetInt32("labels"));
        Assert.Equal([long.MaxValue], back.GetInt64("counts"));
        Assert.Equal(new byte[] { 1, 0, 1 }, back.GetBytes("mask"));
        var m = back.Metadata;
        Assert.Equal("""{"dataset":"mnist","epochs":3}""", m.ConfigJson);
        Assert.Equal(2, m.Epoch);
        Assert.Equal(938, m.Step);
        Assert.Equal(ulong.MaxValue, m.Rng["seed"]);
        Assert.Equal(2UL, m.Rng["shuffle_stream"]);
        Assert.Equal(0.9731, m.Metrics["val_acc"]);
        Assert.Equal(1e-3 / 3, m.Metrics["lr"]); // shortest round-trip formatting keeps every bit
        Assert.True(double.IsNaN(m.Metrics["val_loss"]));
        Assert.Equal("hello", m.Extra["note"]);
        Assert.Null(m.OptimizerName);
    }

    [Fact]
    public void WrongDTypeOrMissingArray_IsAFileFormatError()
    {
        var cp = new Checkpoint();
        cp.AddFloats("w", [1f]);
        cp.Save(PathOf("a.safetensors"));
        var back = Checkpoint.Load(PathOf("a.safetensors"));
        Assert.Contains("expected F64; was F32", Assert.Throws<FileFormatException>(() => back.GetDoubles("w")).Message, StringComparison.Ordinal);
        Assert.Contains("missing", Assert.Throws<FileFormatException>(() => back.GetFloats("nope")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordedChecksum_IsTheSha256OfTheDataSection()
    {
        var cp = new Checkpoint();
        cp.AddFloats("w", [1f, 2f, 3f]);
        cp.AddInt64("n", [42]);
        cp.Save(PathOf("a.safetensors"));
        var bytes = File.ReadAllBytes(PathOf("a.safetensors"));
        int n = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(8 + n)));
        Assert.Equal(expected, SafetensorsFile.Read(PathOf("a.safetensors")).Metadata["sha256"]);
    }

    [Fact]
    public void CorruptedData_FailsTheChecksum()
    {
        var cp = new Checkpoint();
        cp.AddFloats("w", [1f, 2f, 3f]);
        cp.Save(PathOf("a.safetensors"));
        var bytes = File.ReadAllBytes(PathOf("a.safetensors"));
        bytes[^2] ^= 0x01; // a single bit of the last float
        File.WriteAllBytes(PathOf("a.safetensors"), bytes);
        var e = Assert.Throws<FileFormatException>(() => Checkpoint.Load(PathOf("a.safetensors")));
        Assert.Equal(PathOf("a.safetensors"), e.File);
        Assert.Contains("checksum mismatch", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingChecksumOrForeignFile_IsRejected()
    {
        new SafetensorsFile([SafetensorsTensor.FromFloats("w", [1f])]).Save(PathOf("plain.safetensors"));
        Assert.Contains("no checksum", Assert.Throws<FileFormatException>(() => Checkpoint.Load(PathOf("plain.safetensors"))).Message, StringComparison.Ordinal);
        Assert.Contains("not a Lapicque checkpoint", Assert.Throws<FileFormatException>(() => Checkpoint.Load(PathOf("plain.safetensors"), requireChecksum: false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadMetadataValue_NamesTheEntry()
    {
        var cp = new Checkpoint();
        cp.AddFloats("w", [1f]);
        var file = cp.ToFile();
        var map = file.Metadata.ToDictionary();
        map["epoch"] = "three";
        var forged = new SafetensorsFile(file.Tensors, map);
        var e = Assert.Throws<FileFormatException>(() => Checkpoint.FromFile(forged));
        Assert.Equal("$[\"__metadata__\"][\"epoch\"]", e.JsonPath);
    }

    [Fact]
    public void FailedWrite_LeavesThePreviousCheckpointIntact()
    {
        string path = PathOf("last.safetensors");
        var good = new Checkpoint();
        good.AddFloats("w", [1f, 2f]);
        good.Metadata.Epoch = 1;
        good.Save(path);
        byte[] before = File.ReadAllBytes(path);

        // A writer that dies half way through (disk full, crash): the target must be untouched, no temp file left.
        Assert.Throws<IOException>(() => CheckpointFiles.WriteAtomically(path, s =>
        {
            s.Write(new byte[100]);
            throw new IOException("disk full");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(1, Checkpoint.Load(path).Metadata.Epoch);
        Assert.Equal(["last.safetensors"], Directory.GetFiles(_dir).Select(Path.GetFileName));

        // A checkpoint that cannot be serialised (invalid config JSON) fails before touching the file.
        var bad = new Checkpoint();
        bad.AddFloats("w", [9f]);
        bad.Metadata.ConfigJson = "{not json";
        Assert.Throws<ArgumentException>(() => bad.Save(path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void SuccessfulWrite_ReplacesTheFile()
    {
        string path = PathOf("last.safetensors");
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            var cp = new Checkpoint();
            cp.AddFloats("w", [epoch]);
            cp.Metadata.Epoch = epoch;
            cp.Save(path);
        }

        Assert.Equal([3f], Checkpoint.Load(path).GetFloats("w"));
        Assert.Single(Directory.GetFiles(_dir));
    }

    // A quadratic loss 0.5 * sum(c_i * (w_i - t_i)^2) with gradients that also depend on the step through a seeded
    // noise stream, so that the trajectory depends on the parameters, the moments and the step count.
    private static void Gradients<T>(Parameter<T>[] ps, long step)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = Rng.ForStream(7, (ulong)step);
        foreach (var p in ps)
        {
            for (int i = 0; i < p.Length; i++)
            {
                T c = T.CreateChecked(1 + (i % 3));
                p.Gradient[i] = (c * (p.Value[i] - T.CreateChecked(0.25 * i))) + T.CreateChecked(0.1 * rng.NextNormal());
            }
        }
    }

    private static Parameter<T>[] MakeParameters<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(3);
        return
        [
            new Parameter<T>("fc1.weight", Enumerable.Range(0, 37).Select(_ => T.CreateChecked(rng.NextNormal())).ToArray()),
            new Parameter<T>("fc1.beta", Enumerable.Range(0, 5).Select(_ => T.CreateChecked(rng.NextDouble())).ToArray(), T.Zero, T.One),
        ];
    }

    private static void Train<T>(Parameter<T>[] ps, Optimizer<T> opt, int from, int to)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int s = from; s < to; s++)
        {
            opt.LearningRate = 0.05 / (1 + (0.1 * s)); // a schedule, so the stored learning rate matters
            Gradients(ps, s);
            opt.Step();
        }
    }

    private void ResumeIsBitExact<T>(Func<Parameter<T>[], Optimizer<T>> make)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Yardstick: one uninterrupted run of 20 steps.
        var straight = MakeParameters<T>();
        Train(straight, make(straight), 0, 20);

        // Interrupted run: 11 steps, checkpoint, then a fresh process restores and does the remaining 9.
        var first = MakeParameters<T>();
        var opt1 = make(first);
        Train(first, opt1, 0, 11);
        var cp = new Checkpoint();
        cp.AddParameters(first);
        cp.AddOptimizer(opt1);
        cp.Metadata.Step = 11;
        cp.Save(PathOf("resume.safetensors"));

        var resumed = MakeParameters<T>();
        var opt2 = make(resumed);
        var loaded = Checkpoint.Load(PathOf("resume.safetensors"));
        loaded.RestoreParameters(resumed);
        loaded.RestoreOptimizer(opt2);
        Assert.Equal(11, opt2.StepCount);
        Train(resumed, opt2, (int)loaded.Metadata.Step, 20);

        for (int k = 0; k < straight.Length; k++)
        {
            Assert.Equal(straight[k].Value, resumed[k].Value); // exact equality of every element
        }

        // Without the optimizer state the continuation differs, so the comparison above can fail.
        var naive = MakeParameters<T>();
        loaded.RestoreParameters(naive);
        Train(naive, make(naive), 11, 20);
        Assert.NotEqual(straight[0].Value, naive[0].Value);
    }

    [Fact]
    public void AdamResume_IsBitExact_Float() => ResumeIsBitExact<float>(ps => new Adam<float>(ps));

    [Fact]
    public void AdamWResume_IsBitExact_Double() => ResumeIsBitExact<double>(ps => Adam<double>.AdamW(ps));

    [Fact]
    public void RestoreIntoADifferentNetwork_IsRejectedAndChangesNothing()
    {
        var ps = MakeParameters<float>();
        var cp = new Checkpoint();
        cp.AddParameters(ps);
        cp.AddOptimizer(new Adam<float>(ps));

        var other = new[] { new Parameter<float>("fc1.weight", new float[37]), new Parameter<float>("fc1.beta", new float[6]) };
        var e = Assert.Throws<FileFormatException>(() => cp.RestoreParameters(other));
        Assert.Contains("expects 6", e.Message, StringComparison.Ordinal);
        Assert.All(other[0].Value, v => Assert.Equal(0f, v)); // nothing copied before the mismatch was found

        Assert.Throws<FileFormatException>(() => cp.RestoreParameters(MakeParameters<double>())); // precision differs
        Assert.Contains("'sgd'", Assert.Throws<FileFormatException>(() => cp.RestoreOptimizer(new Sgd<float>(ps, 0.1))).Message, StringComparison.Ordinal);
    }
}
