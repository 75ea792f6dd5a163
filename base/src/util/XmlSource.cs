namespace Framework.Util;

/// <summary>The text a tree of <see cref="XmlNode"/>s was parsed from, with its line index.</summary>
internal sealed class XmlSource
{
    private readonly int[] _lineStarts;

    public XmlSource(ReadOnlyMemory<char> text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        var span = text.Span;
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] == '\n')
                starts.Add(i + 1);
        }
        _lineStarts = [.. starts];
    }

    public ReadOnlyMemory<char> Text { get; }

    public int LineOf(int offset)
    {
        int index = Array.BinarySearch(_lineStarts, offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    public int ColumnOf(int offset) => offset - _lineStarts[LineOf(offset) - 1] + 1;

    public string PositionOf(int offset) => $"{LineOf(offset)}:{ColumnOf(offset)}";
}
