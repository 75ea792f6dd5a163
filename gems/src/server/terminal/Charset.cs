namespace Framework.Gems.Terminal;

/// <summary>The character sets a G0/G1 slot can hold (ESC ( x / ESC ) x) and their mapping.</summary>
public enum Charset : byte
{
    /// <summary>US ASCII ('B'); also what Linux's 'U' (IBM PC) and 'K' (user) designations fall back to.</summary>
    Ascii,

    /// <summary>DEC special graphics ('0'): the line-drawing set ncurses selects with smacs.</summary>
    DecSpecialGraphics,

    /// <summary>United Kingdom ('A'): '#' is the pound sign.</summary>
    UnitedKingdom,
}

internal static class CharsetMap
{
    // DEC special graphics for 0x5F..0x7E (the VT100 line-drawing set).
    private static ReadOnlySpan<char> DecGraphics =>
        "\u00A0\u25C6\u2592\u2409\u240C\u240D\u240A\u00B0\u00B1\u2424\u240B\u2518\u2510\u250C\u2514\u253C" +
        "\u23BA\u23BB\u2500\u23BC\u23BD\u251C\u2524\u2534\u252C\u2502\u2264\u2265\u03C0\u2260\u00A3\u00B7";

    public static Charset FromDesignator(byte final) => final switch
    {
        (byte)'0' => Charset.DecSpecialGraphics,
        (byte)'A' => Charset.UnitedKingdom,
        _ => Charset.Ascii,
    };

    public static int Map(Charset set, int c) => set switch
    {
        Charset.DecSpecialGraphics when c is >= 0x5F and <= 0x7E => DecGraphics[c - 0x5F],
        Charset.UnitedKingdom when c == '#' => 0xA3,
        _ => c,
    };
}
