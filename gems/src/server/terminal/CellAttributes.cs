namespace Framework.Gems.Terminal;

/// <summary>Rendition flags of a cell (SGR). Blink is kept as an attribute; the renderer does not animate it.</summary>
[Flags]
public enum CellAttributes : ushort
{
    None = 0,
    Bold = 1 << 0,
    Dim = 1 << 1,
    Italic = 1 << 2,
    Underline = 1 << 3,
    Blink = 1 << 4,
    Inverse = 1 << 5,
    Invisible = 1 << 6,
    Strikethrough = 1 << 7,

    /// <summary>The cell holds the left half of a double-width character; the next cell is its continuation.</summary>
    Wide = 1 << 14,

    /// <summary>The cell is the right half of a double-width character (its code point is 0).</summary>
    WideContinuation = 1 << 15,
}
