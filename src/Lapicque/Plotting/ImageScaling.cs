namespace Lapicque.Plotting;

/// <summary>How <see cref="ImageGrid"/> maps pixel values to gray levels.</summary>
public enum ImageScaling
{
    /// <summary>Each image from its own minimum (black) to its maximum (white).</summary>
    PerImage,

    /// <summary>All images from the overall minimum to the overall maximum.</summary>
    Global,

    /// <summary>Signed values (weights): zero is mid-gray, +-max|x| of each image are white and black.</summary>
    Symmetric,
}
