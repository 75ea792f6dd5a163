namespace Framework.Gems.Terminal;

/// <summary>Conversions between 0xRRGGBB and the 16-bit RGB565 pixels of the framebuffer.</summary>
public static class Rgb565
{
    public static ushort FromRgb(int rgb) =>
        (ushort)((((rgb >> 19) & 0x1F) << 11) | (((rgb >> 10) & 0x3F) << 5) | ((rgb >> 3) & 0x1F));

    /// <summary>Expands to 8 bits per channel, replicating the high bits into the low ones.</summary>
    public static (byte R, byte G, byte B) ToRgb(ushort p)
    {
        int r = (p >> 11) & 0x1F, g = (p >> 5) & 0x3F, b = p & 0x1F;
        return ((byte)((r << 3) | (r >> 2)), (byte)((g << 2) | (g >> 4)), (byte)((b << 3) | (b >> 2)));
    }
}
