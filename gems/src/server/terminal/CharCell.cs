namespace Framework.Gems.Terminal;

/// <summary>
/// One character cell: a Unicode scalar value with its colours and rendition (12.02 kept an ASCII
/// byte and an attribute byte). A blank cell holds a space; the right half of a double-width
/// character holds 0 and <see cref="CellAttributes.WideContinuation"/>.
/// </summary>
public readonly record struct CharCell(int CodePoint, CellColor Foreground, CellColor Background, CellAttributes Attributes)
{
    public static CharCell Blank => new(' ', CellColor.Default, CellColor.Default, CellAttributes.None);

    /// <summary>The code point as a string ("" for a wide continuation).</summary>
    public string Text => CodePoint == 0 ? "" : char.ConvertFromUtf32(CodePoint);
}
