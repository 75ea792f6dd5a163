namespace Framework.Gems.Terminal;

/// <summary>
/// The 256 colours of indexed cells as 0xRRGGBB: 0-15 the Linux console's VGA colours, 16-231
/// xterm's 6x6x6 cube, 232-255 its grey ramp. Entries 0-15 can be redefined (Linux's
/// ESC ] P nrrggbb) and reset (ESC ] R), so each screen owns its palette.
/// </summary>
public sealed class Palette
{
    private readonly int[] _rgb = new int[256];

    public Palette() => Reset();

    /// <summary>Default foreground and background (palette 7 and 0, as the Linux console).</summary>
    public int DefaultForeground => _rgb[7];

    public int DefaultBackground => _rgb[0];

    /// <summary>Changes since the screen was created; the renderer redraws everything when it changes.</summary>
    public int Version { get; private set; }

    public int this[int index] => _rgb[index & 0xFF];

    // The VGA text-mode colours the Linux console uses by default.
    private static ReadOnlySpan<int> Vga =>
    [
        0x000000, 0xAA0000, 0x00AA00, 0xAA5500, 0x0000AA, 0xAA00AA, 0x00AAAA, 0xAAAAAA,
        0x555555, 0xFF5555, 0x55FF55, 0xFFFF55, 0x5555FF, 0xFF55FF, 0x55FFFF, 0xFFFFFF,
    ];

    public void Reset()
    {
        Vga.CopyTo(_rgb);
        for (int i = 0; i < 216; i++)
        {
            int r = i / 36, g = i / 6 % 6, b = i % 6;
            _rgb[16 + i] = (Level(r) << 16) | (Level(g) << 8) | Level(b);
        }
        for (int i = 0; i < 24; i++)
        {
            int v = 8 + (10 * i);
            _rgb[232 + i] = (v << 16) | (v << 8) | v;
        }
        Version++;
    }

    private static int Level(int step) => step == 0 ? 0 : 55 + (40 * step);

    /// <summary>Redefines one of the 16 base colours.</summary>
    public void Set(int index, int rgb)
    {
        if ((uint)index >= 16)
            return;
        _rgb[index] = rgb & 0xFF_FFFF;
        Version++;
    }
}
