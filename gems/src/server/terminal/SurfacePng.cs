using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Framework.Gems.Terminal;

/// <summary>Writes a surface as a PNG picture, for people to look at (tests compare text dumps).</summary>
public static class SurfacePng
{
    public static void Write(ISurface surface, Stream destination)
    {
        using var image = new Image<Rgb24>(surface.Width, surface.Height);
        var pixels = surface.Pixels.ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    var (r, g, b) = Rgb565.ToRgb(pixels[(y * surface.Width) + x]);
                    row[x] = new Rgb24(r, g, b);
                }
            }
        });
        image.Save(destination, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
    }

    public static void Write(ISurface surface, string path)
    {
        using var file = File.Create(path);
        Write(surface, file);
    }
}
