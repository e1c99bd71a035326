using Lapicque.Data;
using Lapicque.Numerics;

namespace Lapicque.Tests.Data;

public class ImageAugmentationTests
{
    private static float[] RandomImage(int channels, int h, int w, ulong seed)
    {
        var image = new float[channels * h * w];
        new Rng(seed).FillUniform(image, 0.5f, 1f);
        return image;
    }

    // out[c, y, x] = in[c, y - dy, x' - dx] with x' mirrored when flipped, zero where that pixel is outside the image.
    private static float Expected(float[] image, int[] shape, int c, int y, int x, (int Dy, int Dx, bool Flip) d)
    {
        int h = shape[^2], w = shape[^1];
        int sy = y - d.Dy, sx = d.Flip ? w - 1 - (x - d.Dx) : x - d.Dx;
        return sy >= 0 && sy < h && sx >= 0 && sx < w ? image[(c * h * w) + (sy * w) + sx] : 0f;
    }

    [Theory]
    [InlineData(1, 28, 28, 2, false)]
    [InlineData(3, 32, 32, 4, true)]
    [InlineData(2, 5, 7, 3, true)]
    [InlineData(1, 6, 4, 1, false)]
    public void Apply_TranslatesAndMirrorsByTheDraw(int channels, int h, int w, int shift, bool flip)
    {
        int[] shape = [channels, h, w];
        var aug = new ImageAugmentation { MaxShift = shift, HorizontalFlip = flip };
        float[] image = RandomImage(channels, h, w, 3);
        var output = new float[image.Length];
        for (int sample = 0; sample < 40; sample++)
        {
            Array.Fill(output, float.NaN);
            aug.Apply(image, output, shape, seed: 17, epoch: 2, sample);
            var d = aug.Draw(17, 2, sample);
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        Assert.Equal(Expected(image, shape, c, y, x, d), output[(c * h * w) + (y * w) + x]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Draw_CoversEveryShiftAndBothMirrorsUniformly()
    {
        const int shift = 2, n = 50_000;
        var aug = new ImageAugmentation { MaxShift = shift, HorizontalFlip = true };
        var dy = new int[5];
        var dx = new int[5];
        int flips = 0;
        for (int i = 0; i < n; i++)
        {
            var d = aug.Draw(seed: 99, epoch: i % 7, sample: i);
            dy[d.Dy + shift]++;
            dx[d.Dx + shift]++;
            flips += d.Flip ? 1 : 0;
        }

        // Each of 5 values has probability 1/5: standard deviation of a count is sqrt(n p (1-p)) = 89; allow 5 sigma.
        Assert.All(dy, count => Assert.InRange(count, (n / 5) - 450, (n / 5) + 450));
        Assert.All(dx, count => Assert.InRange(count, (n / 5) - 450, (n / 5) + 450));
        Assert.InRange(flips, (n / 2) - 560, (n / 2) + 560);
    }

    [Fact]
    public void Draw_DependsOnlyOnSeedEpochAndSample()
    {
        var aug = new ImageAugmentation { MaxShift = 3, HorizontalFlip = true };
        Assert.Equal(aug.Draw(5, 1, 10), aug.Draw(5, 1, 10));
        var byEpoch = Enumerable.Range(0, 20).Select(e => aug.Draw(5, e, 10)).Distinct().Count();
        var bySeed = Enumerable.Range(0, 20).Select(s => aug.Draw((ulong)s, 1, 10)).Distinct().Count();
        Assert.True(byEpoch > 10, $"only {byEpoch} distinct draws over 20 epochs");
        Assert.True(bySeed > 10, $"only {bySeed} distinct draws over 20 seeds");
        Assert.Equal((0, 0, false), new ImageAugmentation().Draw(5, 1, 10));
    }

    [Fact]
    public void Validate_RejectsNonImagesAndShiftsAsLargeAsTheImage()
    {
        var aug = new ImageAugmentation { MaxShift = 2 };
        aug.Validate([1, 28, 28]);
        aug.Validate([28, 28]);
        var flat = Assert.Throws<ArgumentException>(() => aug.Validate([4]));
        Assert.Contains("[4]", flat.Message, StringComparison.Ordinal);
        Assert.Contains("[C, H, W]", flat.Message, StringComparison.Ordinal);
        var big = Assert.Throws<ArgumentException>(() => new ImageAugmentation { MaxShift = 3 }.Validate([1, 3, 8]));
        Assert.Contains("MaxShift was 3", big.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ImageAugmentation { MaxShift = -1 }.Validate([1, 8, 8]));
    }

    [Fact]
    public void DataLoader_AugmentsEachServedSampleAndLeavesTheDatasetAlone()
    {
        var features = new Tensor(30, 1, 6, 5);
        new Rng(8).FillUniform(features.Data, 0.1f, 1f);
        var dataset = new LabeledDataset("images", features, Enumerable.Range(0, 30).Select(i => i % 3).ToArray(), 3);
        float[] before = features.Data.ToArray();
        var aug = new ImageAugmentation { MaxShift = 1, HorizontalFlip = true };
        var loader = new DataLoader(dataset, 7, seed: 4, augmentation: aug);
        var twin = new DataLoader(dataset, 7, seed: 4, augmentation: aug);
        var plain = new DataLoader(dataset, 7, seed: 4);
        int changed = 0;
        var expected = new float[30];
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int b = 0; b < loader.BatchCount; b++)
            {
                Batch batch = loader.GetBatch(epoch, b);
                float[] first = batch.Features.Data.ToArray();
                Assert.Equal(first, twin.GetBatch(epoch, b).Features.Data.ToArray());
                Assert.Equal(batch.Indices.ToArray(), plain.GetBatch(epoch, b).Indices.ToArray());
                for (int k = 0; k < batch.Count; k++)
                {
                    int i = batch.Indices[k];
                    aug.Apply(dataset.Sample(i), expected, dataset.SampleShape, loader.Seed, epoch, i);
                    float[] served = batch.Features.Row(k).ToArray();
                    Assert.Equal(expected, served);
                    changed += served.SequenceEqual(dataset.Sample(i).ToArray()) ? 0 : 1;
                }
            }
        }

        Assert.Equal(before, features.Data.ToArray());
        Assert.True(changed > 40, $"only {changed} of 60 served samples were changed");
        Assert.Null(new DataLoader(dataset, 7, seed: 4, augmentation: new ImageAugmentation()).Augmentation);
        Assert.Throws<ArgumentException>(() => new DataLoader(new LabeledDataset("points", new Tensor(5, 4), new int[5], 1), 2, seed: 1, augmentation: aug));
    }
}
