namespace Framework.Gems.Terminal;

/// <summary>
/// A cell's foreground or background colour: the terminal default, one of 256 palette entries
/// (0-7 the ANSI colours, 8-15 their bright variants, 16-255 xterm's cube and grey ramp), or a
/// direct RGB value (SGR 38;2 / 48;2). Four bytes, so a cell stays small.
/// </summary>
public readonly record struct CellColor
{
    private const uint KindMask = 0x0300_0000;
    private const uint IndexedKind = 0x0100_0000;
    private const uint RgbKind = 0x0200_0000;

    private readonly uint _value;

    private CellColor(uint value) => _value = value;

    /// <summary>The terminal's default colour (SGR 39 / 49).</summary>
    public static CellColor Default => default;

    public static CellColor Indexed(int index) => new(IndexedKind | (uint)(index & 0xFF));

    public static CellColor Rgb(int red, int green, int blue) =>
        new(RgbKind | ((uint)(red & 0xFF) << 16) | ((uint)(green & 0xFF) << 8) | (uint)(blue & 0xFF));

    public bool IsDefault => (_value & KindMask) == 0;

    public bool IsIndexed => (_value & KindMask) == IndexedKind;

    public bool IsRgb => (_value & KindMask) == RgbKind;

    /// <summary>The palette index (only meaningful when <see cref="IsIndexed"/>).</summary>
    public int Index => (int)(_value & 0xFF);

    /// <summary>0xRRGGBB (only meaningful when <see cref="IsRgb"/>).</summary>
    public int RgbValue => (int)(_value & 0xFF_FFFF);

    public override string ToString() => IsDefault ? "default" : IsIndexed ? Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"#{RgbValue:x6}";
}
