namespace Lapicque.Data;

/// <summary>Which published part of a dataset to load. A validation set is carved out of Train with <see cref="LabeledDataset.Split(double, ulong)"/>.</summary>
public enum DatasetSplit
{
    /// <summary>The training part (MNIST: 60,000 samples; CIFAR-10: data_batch_1..5).</summary>
    Train,

    /// <summary>The test part (MNIST: 10,000 samples, the t10k files; CIFAR-10: test_batch).</summary>
    Test,
}
