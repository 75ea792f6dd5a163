namespace Framework.Gems.Terminal;

/// <summary>
/// The grid: <see cref="Lines"/> rows of <see cref="Columns"/> cells (12.02's Char_cell_array).
/// The rows form a ring: scrolling the whole screen moves the ring's start and clears one row,
/// and a scroll region rotates row references, so no cells are copied. Each row carries a dirty
/// column span, so the renderer redraws only what changed since the last flush (frame skipping:
/// any number of writes between two flushes cost one redraw of the final state); a whole-screen
/// change sets one flag instead of touching every row.
/// </summary>
public sealed class CharCellArray
{
    private CharCell[][] _rows;

    // Logical line 0 is physical row _base.
    private int _base;
    private bool _allDirty;

    // Per row, the dirty columns [_dirtyFrom, _dirtyTo); empty when from >= to.
    private int[] _dirtyFrom;
    private int[] _dirtyTo;

    public CharCellArray(int columns, int lines)
    {
        Columns = Math.Max(1, columns);
        Lines = Math.Max(1, lines);
        _rows = NewRows(Columns, Lines, CharCell.Blank);
        _dirtyFrom = new int[Lines];
        _dirtyTo = new int[Lines];
        MarkAllDirty();
    }

    public int Columns { get; private set; }

    public int Lines { get; private set; }

    public CharCell this[int column, int line] => _rows[Physical(line)][column];

    /// <summary>The cells of one row, read-only (index by column).</summary>
    public ReadOnlySpan<CharCell> Row(int line) => _rows[Physical(line)];

    internal CharCell[] MutableRow(int line) => _rows[Physical(line)];

    private int Physical(int line)
    {
        int p = line + _base;
        return p >= Lines ? p - Lines : p;
    }

    internal void Set(int column, int line, CharCell cell)
    {
        _rows[Physical(line)][column] = cell;
        MarkDirty(line, column, column + 1);
    }

    /// <summary>Fills [from, to) of a row with <paramref name="cell"/>.</summary>
    internal void Fill(int line, int from, int to, CharCell cell)
    {
        from = Math.Clamp(from, 0, Columns);
        to = Math.Clamp(to, 0, Columns);
        if (from >= to)
            return;
        _rows[Physical(line)].AsSpan(from, to - from).Fill(cell);
        MarkDirty(line, from, to);
    }

    /// <summary>Scrolls rows [top, bottom] up by <paramref name="count"/>; the rows that come in are filled with <paramref name="blank"/>.</summary>
    internal void ScrollUp(int top, int bottom, int count, CharCell blank)
    {
        int height = bottom - top + 1;
        count = Math.Clamp(count, 0, height);
        if (count == 0)
            return;
        if (height == Lines)
        {
            // The whole screen: the ring's start moves, the rows that come in are the old top ones.
            _base = Physical(count % Lines);
        }
        else if (count < height)
        {
            Rotate(top, bottom, count);
        }
        for (int y = bottom - count + 1; y <= bottom; y++)
            _rows[Physical(y)].AsSpan().Fill(blank);
        MarkRowsDirty(top, bottom);
    }

    /// <summary>Scrolls rows [top, bottom] down by <paramref name="count"/>; the rows that come in are filled with <paramref name="blank"/>.</summary>
    internal void ScrollDown(int top, int bottom, int count, CharCell blank)
    {
        int height = bottom - top + 1;
        count = Math.Clamp(count, 0, height);
        if (count == 0)
            return;
        if (height == Lines)
            _base = Physical((Lines - (count % Lines)) % Lines);
        else if (count < height)
            Rotate(top, bottom, height - count);
        for (int y = top; y < top + count; y++)
            _rows[Physical(y)].AsSpan().Fill(blank);
        MarkRowsDirty(top, bottom);
    }

    // Rotates the rows of [top, bottom] left by shift (line top+shift becomes line top), by three reversals.
    private void Rotate(int top, int bottom, int shift)
    {
        Reverse(top, top + shift - 1);
        Reverse(top + shift, bottom);
        Reverse(top, bottom);
    }

    private void Reverse(int from, int to)
    {
        for (; from < to; from++, to--)
        {
            int a = Physical(from), b = Physical(to);
            (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
        }
    }

    /// <summary>Changes the size; content keeps its place at the top left, new cells are blank.</summary>
    internal void Resize(int columns, int lines)
    {
        columns = Math.Max(1, columns);
        lines = Math.Max(1, lines);
        var rows = NewRows(columns, lines, CharCell.Blank);
        for (int y = 0; y < Math.Min(lines, Lines); y++)
        {
            var source = _rows[Physical(y)].AsSpan(0, Math.Min(columns, Columns));
            source.CopyTo(rows[y]);
            // A wide character cut in half at the new right edge becomes a blank.
            if (columns < Columns && (rows[y][columns - 1].Attributes & CellAttributes.Wide) != 0)
                rows[y][columns - 1] = CharCell.Blank;
        }
        _rows = rows;
        _base = 0;
        Columns = columns;
        Lines = lines;
        _dirtyFrom = new int[lines];
        _dirtyTo = new int[lines];
        MarkAllDirty();
    }

    internal void MarkDirty(int line, int from, int to)
    {
        if (_allDirty)
            return;
        if (_dirtyFrom[line] >= _dirtyTo[line])
        {
            _dirtyFrom[line] = from;
            _dirtyTo[line] = to;
            return;
        }
        if (from < _dirtyFrom[line])
            _dirtyFrom[line] = from;
        if (to > _dirtyTo[line])
            _dirtyTo[line] = to;
    }

    internal void MarkRowsDirty(int top, int bottom)
    {
        if (_allDirty)
            return;
        if (top == 0 && bottom == Lines - 1)
        {
            _allDirty = true;
            return;
        }
        for (int y = top; y <= bottom; y++)
        {
            _dirtyFrom[y] = 0;
            _dirtyTo[y] = Columns;
        }
    }

    public void MarkAllDirty() => MarkRowsDirty(0, Lines - 1);

    /// <summary>The dirty span of a row, as (from, to); from >= to when the row is clean.</summary>
    public (int From, int To) DirtySpan(int line) => _allDirty ? (0, Columns) : (_dirtyFrom[line], _dirtyTo[line]);

    public bool IsDirty(int line) => _allDirty || _dirtyFrom[line] < _dirtyTo[line];

    /// <summary>Marks every row clean (the renderer drew them all).</summary>
    internal void ClearDirty()
    {
        _allDirty = false;
        Array.Clear(_dirtyFrom);
        Array.Clear(_dirtyTo);
    }

    private static CharCell[][] NewRows(int columns, int lines, CharCell blank)
    {
        var rows = new CharCell[lines][];
        for (int y = 0; y < lines; y++)
        {
            rows[y] = new CharCell[columns];
            rows[y].AsSpan().Fill(blank);
        }
        return rows;
    }
}
