namespace Framework.Gems.Terminal;

/// <summary>
/// Draws a <see cref="CharacterScreen"/> into an <see cref="ISurface"/> with a bitmap font
/// (12.02's convert_char_array_to_pixels plus its flush callback). Only dirty cells are drawn,
/// and only when <see cref="Flush"/> runs, so the writes between two flushes reach the surface
/// as one frame of their final state (12.02's frame skipping). Each flush issues one refresh
/// covering what changed.
/// <para>
/// Fixed against 12.02: the last column is drawn (12.02 stopped a line when x + glyph width
/// reached the framebuffer width, so 1024 pixels showed 127 of 128 columns); the grid follows the
/// surface size; colours are the Linux console's (12.02's table was in the wrong channel order).
/// </para>
/// </summary>
public sealed class Renderer(PsfFont font)
{
    private int _surfaceWidth = -1;
    private int _surfaceHeight = -1;
    private int _paletteVersion = -1;
    private bool _reverseVideo;
    private int _cursorColumn = -1;
    private int _cursorLine = -1;

    public PsfFont Font => font;

    public int CellWidth => font.Width;

    public int CellHeight => font.Height;

    /// <summary>Flushes that drew at least one cell.</summary>
    public long FramesRendered { get; private set; }

    /// <summary>Cells drawn over all flushes.</summary>
    public long CellsRendered { get; private set; }

    /// <summary>The grid that fits a surface: whole cells only, at least 1x1.</summary>
    public (int Columns, int Lines) GridSize(int width, int height) =>
        (Math.Max(1, width / font.Width), Math.Max(1, height / font.Height));

    /// <summary>
    /// Brings the surface up to date with the screen: resizes the screen when the surface size
    /// changed, draws the dirty cells and the cursor, clears the dirty marks, refreshes once.
    /// </summary>
    public FrameStatistics Flush(CharacterScreen screen, ISurface surface)
    {
        var cells = screen.Cells;
        if (surface.Width != _surfaceWidth || surface.Height != _surfaceHeight)
        {
            var (columns, lines) = GridSize(surface.Width, surface.Height);
            if (columns != screen.Columns || lines != screen.Lines)
                screen.Resize(columns, lines);
            _surfaceWidth = surface.Width;
            _surfaceHeight = surface.Height;
            // The margin right and below the grid belongs to nobody: paint it once.
            surface.Pixels[..(surface.Width * surface.Height)].Fill(Rgb565.FromRgb(screen.Palette.DefaultBackground));
            cells.MarkAllDirty();
            _cursorColumn = -1;
            _cursorLine = -1;
        }
        if (screen.Palette.Version != _paletteVersion || screen.ReverseVideo != _reverseVideo)
        {
            _paletteVersion = screen.Palette.Version;
            _reverseVideo = screen.ReverseVideo;
            cells.MarkAllDirty();
        }

        // The cursor is drawn as an inverted cell; when it moves, both positions need drawing.
        int cursorColumn = screen.CursorVisible ? screen.CursorColumn : -1;
        int cursorLine = screen.CursorVisible ? screen.CursorLine : -1;
        if (cursorColumn != _cursorColumn || cursorLine != _cursorLine)
        {
            if (_cursorLine >= 0 && _cursorLine < cells.Lines && _cursorColumn >= 0 && _cursorColumn < cells.Columns)
                cells.MarkDirty(_cursorLine, _cursorColumn, _cursorColumn + 1);
            if (cursorLine >= 0)
                cells.MarkDirty(cursorLine, cursorColumn, cursorColumn + 1);
            _cursorColumn = cursorColumn;
            _cursorLine = cursorLine;
        }

        int drawn = 0, linesDrawn = 0;
        int minX = int.MaxValue, maxX = -1, minY = -1, maxY = -1;
        int visibleLines = Math.Min(cells.Lines, surface.Height / font.Height);
        int visibleColumns = Math.Min(cells.Columns, surface.Width / font.Width);
        for (int y = 0; y < cells.Lines; y++)
        {
            var (from, to) = cells.DirtySpan(y);
            if (from >= to || y >= visibleLines)
                continue;
            var row = cells.Row(y);
            // A dirty half of a double-width character redraws the whole character.
            if (from > 0 && (row[from].Attributes & CellAttributes.WideContinuation) != 0)
                from--;
            if (to < row.Length && (row[to - 1].Attributes & CellAttributes.Wide) != 0)
                to++;
            to = Math.Min(to, visibleColumns);
            for (int x = from; x < to; x++)
                DrawCell(screen, surface, row, x, y, x == cursorColumn && y == cursorLine);
            if (to <= from)
                continue;
            drawn += to - from;
            linesDrawn++;
            minX = Math.Min(minX, from);
            maxX = Math.Max(maxX, to);
            if (minY < 0)
                minY = y;
            maxY = y;
        }
        cells.ClearDirty();
        if (drawn == 0)
            return default;
        FramesRendered++;
        CellsRendered += drawn;
        var stats = new FrameStatistics(drawn, linesDrawn, minX * font.Width, minY * font.Height,
            (maxX - minX) * font.Width, (maxY - minY + 1) * font.Height);
        surface.Refresh(stats.X, stats.Y, stats.Width, stats.Height);
        return stats;
    }

    private void DrawCell(CharacterScreen screen, ISurface surface, ReadOnlySpan<CharCell> row, int x, int y, bool cursor)
    {
        var cell = row[x];
        var palette = screen.Palette;
        var a = cell.Attributes;
        int fg = ForegroundRgb(palette, cell.Foreground, a);
        int bg = cell.Background.IsDefault ? palette.DefaultBackground : Rgb(palette, cell.Background);
        if ((a & CellAttributes.Dim) != 0)
            fg = (fg >> 1) & 0x7F7F7F;
        bool inverse = ((a & CellAttributes.Inverse) != 0) ^ screen.ReverseVideo ^ cursor;
        if (inverse)
            (fg, bg) = (bg, fg);
        if ((a & CellAttributes.Invisible) != 0)
            fg = bg;
        ushort fg565 = Rgb565.FromRgb(fg), bg565 = Rgb565.FromRgb(bg);

        // The right half of a double-width character shows the right half of nothing: the glyph
        // is drawn in the left cell (the font has no double-width glyphs), the right one is blank.
        int code = (a & CellAttributes.WideContinuation) != 0 ? ' ' : cell.CodePoint;
        var glyph = font.Glyph(font.GlyphIndex(code));
        int w = font.Width, h = font.Height, bytesPerRow = font.BytesPerRow;
        int stride = surface.Width;
        var pixels = surface.Pixels;
        int origin = (y * h * stride) + (x * w);
        bool underline = (a & CellAttributes.Underline) != 0, strike = (a & CellAttributes.Strikethrough) != 0;
        for (int gy = 0; gy < h; gy++)
        {
            var line = pixels.Slice(origin + (gy * stride), w);
            if ((underline && gy == h - 1) || (strike && gy == h / 2))
            {
                line.Fill(fg565);
                continue;
            }
            var bits = glyph.Slice(gy * bytesPerRow, bytesPerRow);
            for (int gx = 0; gx < w; gx++)
                line[gx] = (bits[gx >> 3] & (0x80 >> (gx & 7))) != 0 ? fg565 : bg565;
        }
    }

    // Bold shows as the bright variant of the eight base colours, as on the Linux console.
    private static int ForegroundRgb(Palette palette, CellColor color, CellAttributes a)
    {
        bool bold = (a & CellAttributes.Bold) != 0;
        if (color.IsDefault)
            return bold ? palette[15] : palette.DefaultForeground;
        if (color.IsIndexed && bold && color.Index < 8)
            return palette[color.Index + 8];
        return Rgb(palette, color);
    }

    private static int Rgb(Palette palette, CellColor color) => color.IsRgb ? color.RgbValue : palette[color.Index];
}
