using System.Text;

namespace Framework.Gems.Terminal;

/// <summary>
/// The terminal's state: the grid, the cursor, the current rendition ("pen"), the scroll region,
/// tab stops, modes and character sets, and the VT102 operations on them (12.02's
/// Character_screen, with every operation implemented instead of stubbed). The decoder turns bytes
/// into these operations; the renderer reads the grid. Every operation clamps its arguments, so
/// no input can move the cursor or the region outside the grid.
/// </summary>
public sealed class CharacterScreen
{
    private const int TabWidth = 8;

    private bool[] _tabStops;
    private SavedCursor _saved;
    // The graphic character REP repeats; -1 once anything else happened in between (as xterm.js).
    private int _lastPrinted = -1;

    public CharacterScreen(int columns, int lines)
    {
        Cells = new CharCellArray(columns, lines);
        _tabStops = DefaultTabStops(Cells.Columns);
        Bottom = Cells.Lines - 1;
        _saved = SavedCursor.Initial;
    }

    public CharCellArray Cells { get; }

    public int Columns => Cells.Columns;

    public int Lines => Cells.Lines;

    /// <summary>Cursor column, 0-based, always inside the grid.</summary>
    public int CursorColumn { get; private set; }

    /// <summary>Cursor line, 0-based, always inside the grid.</summary>
    public int CursorLine { get; private set; }

    /// <summary>The cursor sits on the last column after a character was written there; the next printable character wraps first (VT100 "xenl").</summary>
    public bool WrapPending { get; private set; }

    /// <summary>First line of the scroll region (0-based, inclusive).</summary>
    public int Top { get; private set; }

    /// <summary>Last line of the scroll region (0-based, inclusive).</summary>
    public int Bottom { get; private set; }

    public CellColor Foreground { get; private set; }

    public CellColor Background { get; private set; }

    public CellAttributes Attributes { get; private set; }

    public bool CursorVisible { get; private set; } = true;

    /// <summary>DECAWM: wrap at the right margin (on by default, terminfo <c>am</c>).</summary>
    public bool AutoWrap { get; private set; } = true;

    /// <summary>IRM (smir/rmir): printing shifts the rest of the line right.</summary>
    public bool InsertMode { get; private set; }

    /// <summary>DECOM: cursor addressing relative to the scroll region.</summary>
    public bool OriginMode { get; private set; }

    /// <summary>
    /// LNM: line feed also returns the carriage. Off by default as on a VT102; a component whose
    /// clients write bare '\n' without a tty layer (12.02 behaved so unconditionally) sets it.
    /// </summary>
    public bool NewLineMode { get; set; }

    /// <summary>DECCKM: cursor keys send ESC O x instead of ESC [ x (vt102 smkx).</summary>
    public bool ApplicationCursorKeys { get; private set; }

    /// <summary>DECKPAM/DECKPNM: keypad application mode (stored for the key mapper).</summary>
    public bool ApplicationKeypad { get; private set; }

    /// <summary>DECSCNM: the whole screen drawn in reverse video.</summary>
    public bool ReverseVideo { get; private set; }

    public Charset G0 { get; private set; }

    public Charset G1 { get; private set; }

    /// <summary>True after SO (shift out): G1 is in use; SI returns to G0.</summary>
    public bool ShiftedOut { get; private set; }

    public Palette Palette { get; } = new();

    /// <summary>Answers to the client (DA, DSR); the component moves them into its read buffer.</summary>
    public ReplyBuffer Replies { get; } = new();

    /// <summary>BEL characters received (the component may flash or beep).</summary>
    public long Bells { get; private set; }

    /// <summary>Blank cell for erasing: a space in the current background colour (terminfo <c>bce</c>).</summary>
    private CharCell EraseCell => new(' ', CellColor.Default, Background, CellAttributes.None);

    private Charset ActiveCharset => ShiftedOut ? G1 : G0;

    // ---------------------------------------------------------------- printing and C0 controls

    /// <summary>Prints one Unicode scalar value at the cursor (after character-set mapping).</summary>
    public void Print(int codePoint)
    {
        if (codePoint < 0x80)
            codePoint = CharsetMap.Map(ActiveCharset, codePoint);
        int width = CharacterWidth.Of(codePoint);
        if (width == 0)
            return;
        if (width == 2 && Columns < 2)
            (codePoint, width) = (' ', 1);
        _lastPrinted = codePoint;

        if (WrapPending && AutoWrap)
        {
            CarriageReturn();
            Index();
        }
        WrapPending = false;
        if (width == 2 && CursorColumn == Columns - 1)
        {
            if (AutoWrap)
            {
                // The last column stays a blank in the current rendition (as xterm.js).
                Cells.Set(CursorColumn, CursorLine, new CharCell(' ', Foreground, Background, Attributes));
                CarriageReturn();
                Index();
            }
            else
            {
                // It cannot fit, and it must not wrap: dropped (as xterm.js).
                return;
            }
        }
        if (InsertMode)
            InsertCharacters(width);

        var row = Cells.MutableRow(CursorLine);
        int x = CursorColumn;
        // Overwriting one half of a double-width character blanks the other half.
        if ((row[x].Attributes & CellAttributes.WideContinuation) != 0 && x > 0)
            Cells.Set(x - 1, CursorLine, HalfBlank(row[x - 1]));
        int last = x + width - 1;
        if ((row[last].Attributes & CellAttributes.Wide) != 0 && last + 1 < Columns)
            Cells.Set(last + 1, CursorLine, HalfBlank(row[last + 1]));

        if (width == 1)
        {
            Cells.Set(x, CursorLine, new CharCell(codePoint, Foreground, Background, Attributes));
        }
        else
        {
            Cells.Set(x, CursorLine, new CharCell(codePoint, Foreground, Background, Attributes | CellAttributes.Wide));
            Cells.Set(x + 1, CursorLine, new CharCell(0, Foreground, Background, Attributes | CellAttributes.WideContinuation));
        }

        int next = x + width;
        if (next >= Columns)
        {
            CursorColumn = Columns - 1;
            WrapPending = AutoWrap;
        }
        else
        {
            CursorColumn = next;
        }
    }

    /// <summary>
    /// Prints a run of printable ASCII bytes (0x20-0x7E) without the per-character checks: the
    /// decoder's fast path for plain text.
    /// </summary>
    internal void PrintAscii(ReadOnlySpan<byte> text)
    {
        if (InsertMode || ActiveCharset != Charset.Ascii)
        {
            foreach (byte b in text)
                Print(b);
            return;
        }
        while (!text.IsEmpty)
        {
            int x = CursorColumn;
            int room = Columns - 1 - x;
            if (WrapPending || room == 0)
            {
                // The right margin: wrapping and the last column are Print's business.
                Print(text[0]);
                text = text[1..];
                continue;
            }
            var row = Cells.MutableRow(CursorLine);
            int n = Math.Min(room, text.Length);
            int i = 0;
            for (; i < n; i++)
            {
                if ((row[x + i].Attributes & (CellAttributes.Wide | CellAttributes.WideContinuation)) != 0)
                    break;
                row[x + i] = new CharCell(text[i], Foreground, Background, Attributes);
            }
            if (i > 0)
            {
                Cells.MarkDirty(CursorLine, x, x + i);
                CursorColumn = x + i;
                _lastPrinted = text[i - 1];
                text = text[i..];
            }
            if (i < n)
            {
                // A double-width character is in the way: Print blanks its other half.
                Print(text[0]);
                text = text[1..];
            }
        }
    }

    /// <summary>Executes a C0 control character; the ones a VT102 ignores are ignored.</summary>
    public void Control(byte c)
    {
        _lastPrinted = -1;
        switch (c)
        {
            case 0x07: Bells++; break;
            case 0x08: Backspace(); break;
            case 0x09: Tab(1); break;
            case 0x0A or 0x0B or 0x0C: LineFeed(); break;
            case 0x0D: CarriageReturn(); break;
            case 0x0E: ShiftedOut = true; break;
            case 0x0F: ShiftedOut = false; break;
            default: break;
        }
    }

    public void Backspace()
    {
        WrapPending = false;
        if (CursorColumn > 0)
            CursorColumn--;
    }

    public void CarriageReturn()
    {
        WrapPending = false;
        CursorColumn = 0;
    }

    /// <summary>LF, VT, FF: index, plus carriage return in new-line mode.</summary>
    public void LineFeed()
    {
        Index();
        if (NewLineMode)
            CarriageReturn();
    }

    /// <summary>IND: one line down; at the bottom of the scroll region the region scrolls up.</summary>
    public void Index()
    {
        WrapPending = false;
        if (CursorLine == Bottom)
            Cells.ScrollUp(Top, Bottom, 1, EraseCell);
        else if (CursorLine < Lines - 1)
            CursorLine++;
    }

    /// <summary>RI: one line up; at the top of the scroll region the region scrolls down.</summary>
    public void ReverseIndex()
    {
        WrapPending = false;
        if (CursorLine == Top)
            Cells.ScrollDown(Top, Bottom, 1, EraseCell);
        else if (CursorLine > 0)
            CursorLine--;
    }

    /// <summary>NEL: carriage return and index.</summary>
    public void NextLine()
    {
        CarriageReturn();
        Index();
    }

    // ---------------------------------------------------------------- cursor motion

    public void CursorUp(int n)
    {
        int limit = CursorLine >= Top ? Top : 0;
        MoveTo(CursorColumn, Math.Max(limit, CursorLine - Math.Max(1, n)));
    }

    public void CursorDown(int n)
    {
        int limit = CursorLine <= Bottom ? Bottom : Lines - 1;
        MoveTo(CursorColumn, Math.Min(limit, CursorLine + Math.Max(1, n)));
    }

    public void CursorForward(int n) => MoveTo(CursorColumn + Math.Max(1, n), CursorLine);

    public void CursorBackward(int n) => MoveTo(CursorColumn - Math.Max(1, n), CursorLine);

    /// <summary>CUP/HVP with 1-based arguments (0 counts as 1), relative to the region in origin mode.</summary>
    public void CursorPosition(int line, int column)
    {
        int y = Math.Max(1, line) - 1;
        if (OriginMode)
            y = Math.Min(Top + y, Bottom);
        MoveTo(Math.Max(1, column) - 1, y);
    }

    /// <summary>CHA/HPA: absolute column, 1-based (12.02's hpa forgot to subtract one).</summary>
    public void ColumnAbsolute(int column) => MoveTo(Math.Max(1, column) - 1, CursorLine);

    /// <summary>VPA: absolute line, 1-based (12.02's vpa forgot to subtract one).</summary>
    public void LineAbsolute(int line)
    {
        int y = Math.Max(1, line) - 1;
        if (OriginMode)
            y = Math.Min(Top + y, Bottom);
        MoveTo(CursorColumn, y);
    }

    /// <summary>VPR: n lines down, not stopped by the scroll region (only by the screen, or the region in origin mode).</summary>
    public void LineRelative(int n)
    {
        int y = CursorLine + Math.Max(1, n);
        MoveTo(CursorColumn, OriginMode ? Math.Min(y, Bottom) : y);
    }

    /// <summary>Moves the cursor, clamped into the grid, and cancels a pending wrap.</summary>
    private void MoveTo(int column, int line)
    {
        WrapPending = false;
        CursorColumn = Math.Clamp(column, 0, Columns - 1);
        CursorLine = Math.Clamp(line, 0, Lines - 1);
    }

    // ---------------------------------------------------------------- tabs

    /// <summary>HT / CHT: to the n-th next tab stop, at most to the last column.</summary>
    public void Tab(int n)
    {
        int x = CursorColumn;
        for (int i = 0; i < Math.Max(1, n) && x < Columns - 1; i++)
        {
            x++;
            while (x < Columns - 1 && !_tabStops[x])
                x++;
        }
        // A tab does not cancel a pending wrap on xterm, but it cannot move past the margin.
        CursorColumn = x;
    }

    /// <summary>CBT: back to the n-th previous tab stop.</summary>
    public void BackTab(int n)
    {
        int x = CursorColumn;
        for (int i = 0; i < Math.Max(1, n) && x > 0; i++)
        {
            x--;
            while (x > 0 && !_tabStops[x])
                x--;
        }
        MoveTo(x, CursorLine);
    }

    /// <summary>HTS: a tab stop at the cursor column.</summary>
    public void SetTabStop() => _tabStops[CursorColumn] = true;

    /// <summary>TBC: 0 clears the stop at the cursor, 3 clears all.</summary>
    public void ClearTabStops(int mode)
    {
        if (mode == 0)
            _tabStops[CursorColumn] = false;
        else if (mode == 3)
            Array.Clear(_tabStops);
    }

    private static bool[] DefaultTabStops(int columns)
    {
        var stops = new bool[columns];
        for (int x = TabWidth; x < columns; x += TabWidth)
            stops[x] = true;
        return stops;
    }

    // ---------------------------------------------------------------- erasing and editing

    /// <summary>ED: 0 cursor to end of screen, 1 start of screen to cursor, 2 (and 3) whole screen.</summary>
    public void EraseInDisplay(int mode)
    {
        WrapPending = false;
        switch (mode)
        {
            case 0:
                EraseInLine(0);
                for (int y = CursorLine + 1; y < Lines; y++)
                    Cells.Fill(y, 0, Columns, EraseCell);
                break;
            case 1:
                for (int y = 0; y < CursorLine; y++)
                    Cells.Fill(y, 0, Columns, EraseCell);
                EraseInLine(1);
                break;
            case 2:
                for (int y = 0; y < Lines; y++)
                    Cells.Fill(y, 0, Columns, EraseCell);
                break;
            default:
                // 3 erases the scrollback, which this terminal does not keep.
                break;
        }
    }

    /// <summary>EL: 0 cursor to end of line, 1 start of line to cursor, 2 whole line.</summary>
    public void EraseInLine(int mode)
    {
        WrapPending = false;
        switch (mode)
        {
            case 0: Cells.Fill(CursorLine, CursorColumn, Columns, EraseCell); break;
            case 1: Cells.Fill(CursorLine, 0, CursorColumn + 1, EraseCell); break;
            case 2: Cells.Fill(CursorLine, 0, Columns, EraseCell); break;
            default: return;
        }
        RepairWideCharacters(CursorLine);
    }

    /// <summary>ECH: erase n characters from the cursor on, without moving it.</summary>
    public void EraseCharacters(int n)
    {
        WrapPending = false;
        Cells.Fill(CursorLine, CursorColumn, CursorColumn + Math.Max(1, n), EraseCell);
        RepairWideCharacters(CursorLine);
    }

    /// <summary>ICH: insert n blanks at the cursor; the rest of the line moves right and falls off the edge.</summary>
    public void InsertCharacters(int n)
    {
        WrapPending = false;
        n = Math.Clamp(n, 1, Columns - CursorColumn);
        var row = Cells.MutableRow(CursorLine);
        row.AsSpan(CursorColumn, Columns - CursorColumn - n).CopyTo(row.AsSpan(CursorColumn + n));
        Cells.Fill(CursorLine, CursorColumn, CursorColumn + n, EraseCell);
        Cells.MarkDirty(CursorLine, CursorColumn, Columns);
        RepairWideCharacters(CursorLine);
    }

    /// <summary>DCH: delete n characters at the cursor; the rest of the line moves left, blanks come in at the end.</summary>
    public void DeleteCharacters(int n)
    {
        WrapPending = false;
        n = Math.Clamp(n, 1, Columns - CursorColumn);
        var row = Cells.MutableRow(CursorLine);
        row.AsSpan(CursorColumn + n, Columns - CursorColumn - n).CopyTo(row.AsSpan(CursorColumn));
        Cells.Fill(CursorLine, Columns - n, Columns, EraseCell);
        Cells.MarkDirty(CursorLine, CursorColumn, Columns);
        RepairWideCharacters(CursorLine);
    }

    /// <summary>IL: insert n lines at the cursor line (inside the scroll region only); the cursor goes to column 0.</summary>
    public void InsertLines(int n)
    {
        if (CursorLine < Top || CursorLine > Bottom)
            return;
        Cells.ScrollDown(CursorLine, Bottom, Math.Max(1, n), EraseCell);
        CarriageReturn();
    }

    /// <summary>DL: delete n lines at the cursor line (inside the scroll region only); the cursor goes to column 0.</summary>
    public void DeleteLines(int n)
    {
        if (CursorLine < Top || CursorLine > Bottom)
            return;
        Cells.ScrollUp(CursorLine, Bottom, Math.Max(1, n), EraseCell);
        CarriageReturn();
    }

    /// <summary>SU: scroll the region up n lines.</summary>
    public void ScrollUp(int n) => Cells.ScrollUp(Top, Bottom, Math.Max(1, n), EraseCell);

    /// <summary>SD: scroll the region down n lines.</summary>
    public void ScrollDown(int n) => Cells.ScrollDown(Top, Bottom, Math.Max(1, n), EraseCell);

    /// <summary>
    /// REP: print the preceding character n more times (bounded by the screen size). Only right
    /// after a printed character; after any other control or sequence it does nothing.
    /// </summary>
    public void RepeatLastCharacter(int n)
    {
        if (_lastPrinted < 0)
            return;
        int count = Math.Min(Math.Max(1, n), Columns * Lines);
        for (int i = 0; i < count; i++)
            Print(_lastPrinted);
        _lastPrinted = -1;
    }

    /// <summary>Forgets the character REP would repeat (the decoder calls it for every sequence but REP).</summary>
    internal void ForgetLastPrinted() => _lastPrinted = -1;

    /// <summary>DECALN: fill the screen with 'E' in the current rendition (as xterm.js), reset the region, cursor home.</summary>
    public void ScreenAlignmentTest()
    {
        for (int y = 0; y < Lines; y++)
            Cells.Fill(y, 0, Columns, new CharCell('E', Foreground, Background, Attributes));
        Top = 0;
        Bottom = Lines - 1;
        OriginMode = false;
        MoveTo(0, 0);
    }

    // The surviving half of a double-width character: a space with the character's colours and rendition.
    private static CharCell HalfBlank(CharCell half) =>
        half with { CodePoint = ' ', Attributes = half.Attributes & ~(CellAttributes.Wide | CellAttributes.WideContinuation) };

    // Erasing or shifting can leave half of a double-width character; such a half becomes a blank.
    private void RepairWideCharacters(int line)
    {
        var row = Cells.MutableRow(line);
        for (int x = 0; x < row.Length; x++)
        {
            var a = row[x].Attributes;
            if ((a & CellAttributes.Wide) != 0 && (x + 1 >= row.Length || (row[x + 1].Attributes & CellAttributes.WideContinuation) == 0))
                Cells.Set(x, line, HalfBlank(row[x]));
            else if ((a & CellAttributes.WideContinuation) != 0 && (x == 0 || (row[x - 1].Attributes & CellAttributes.Wide) == 0))
                Cells.Set(x, line, HalfBlank(row[x]));
            else if ((a & CellAttributes.Wide) != 0)
                x++;
        }
    }

    // ---------------------------------------------------------------- region, modes, rendition

    /// <summary>DECSTBM with 1-based lines (0 = default); an invalid region is ignored. Homes the cursor.</summary>
    public void SetScrollRegion(int top, int bottom)
    {
        int t = Math.Max(1, top) - 1;
        int b = bottom <= 0 ? Lines - 1 : Math.Min(bottom, Lines) - 1;
        if (t >= b)
            return;
        Top = t;
        Bottom = b;
        MoveTo(0, OriginMode ? Top : 0);
    }

    /// <summary>SGR with the parameters as the decoder collected them (an empty list means 0).</summary>
    public void SelectGraphicRendition(ReadOnlySpan<int> parameters)
    {
        if (parameters.IsEmpty)
        {
            ResetRendition();
            return;
        }
        for (int i = 0; i < parameters.Length; i++)
        {
            int p = parameters[i];
            switch (p)
            {
                case 0: ResetRendition(); break;
                case 1: Attributes |= CellAttributes.Bold; break;
                case 2: Attributes |= CellAttributes.Dim; break;
                case 3: Attributes |= CellAttributes.Italic; break;
                case 4 or 21: Attributes |= CellAttributes.Underline; break;
                case 5 or 6: Attributes |= CellAttributes.Blink; break;
                case 7: Attributes |= CellAttributes.Inverse; break;
                case 8: Attributes |= CellAttributes.Invisible; break;
                case 9: Attributes |= CellAttributes.Strikethrough; break;
                case 22: Attributes &= ~(CellAttributes.Bold | CellAttributes.Dim); break;
                case 23: Attributes &= ~CellAttributes.Italic; break;
                case 24: Attributes &= ~CellAttributes.Underline; break;
                case 25: Attributes &= ~CellAttributes.Blink; break;
                case 27: Attributes &= ~CellAttributes.Inverse; break;
                case 28: Attributes &= ~CellAttributes.Invisible; break;
                case 29: Attributes &= ~CellAttributes.Strikethrough; break;
                case >= 30 and <= 37: Foreground = CellColor.Indexed(p - 30); break;
                case 39: Foreground = CellColor.Default; break;
                case >= 40 and <= 47: Background = CellColor.Indexed(p - 40); break;
                case 49: Background = CellColor.Default; break;
                case >= 90 and <= 97: Foreground = CellColor.Indexed(p - 90 + 8); break;
                case >= 100 and <= 107: Background = CellColor.Indexed(p - 100 + 8); break;
                case 38 or 48:
                    if (ExtendedColor(parameters, ref i) is { } color)
                    {
                        if (p == 38)
                            Foreground = color;
                        else
                            Background = color;
                    }
                    break;
                default:
                    // 10/11/12 select Linux console fonts; others are unknown. Both are ignored.
                    break;
            }
        }
    }

    // 38;5;n (256 colours) or 38;2;r;g;b (direct colour); i is left on the last parameter used.
    private static CellColor? ExtendedColor(ReadOnlySpan<int> p, ref int i)
    {
        if (i + 1 >= p.Length)
            return null;
        switch (p[i + 1])
        {
            case 5 when i + 2 < p.Length:
                i += 2;
                return p[i] <= 255 ? CellColor.Indexed(p[i]) : null;
            case 2 when i + 4 < p.Length:
                i += 4;
                return p[i - 2] <= 255 && p[i - 1] <= 255 && p[i] <= 255 ? CellColor.Rgb(p[i - 2], p[i - 1], p[i]) : null;
            default:
                i = p.Length;
                return null;
        }
    }

    private void ResetRendition()
    {
        Foreground = CellColor.Default;
        Background = CellColor.Default;
        Attributes = CellAttributes.None;
    }

    /// <summary>SM/RM (ANSI modes): 4 insert, 20 new-line.</summary>
    public void SetMode(int mode, bool on)
    {
        if (mode == 4)
            InsertMode = on;
        else if (mode == 20)
            NewLineMode = on;
    }

    /// <summary>DECSET/DECRST (private modes).</summary>
    public void SetPrivateMode(int mode, bool on)
    {
        switch (mode)
        {
            case 1: ApplicationCursorKeys = on; break;
            case 5:
                if (ReverseVideo != on)
                {
                    ReverseVideo = on;
                    Cells.MarkAllDirty();
                }
                break;
            case 6:
                OriginMode = on;
                MoveTo(0, on ? Top : 0);
                break;
            case 7: AutoWrap = on; break;
            case 25: CursorVisible = on; break;
            default:
                // 3 (132 columns), 4 (smooth scroll), 8 (autorepeat), 12 (blinking cursor) and
                // others change nothing this terminal shows.
                break;
        }
    }

    public void SetApplicationKeypad(bool on) => ApplicationKeypad = on;

    public void Designate(int slot, Charset set)
    {
        if (slot == 0)
            G0 = set;
        else if (slot == 1)
            G1 = set;
    }

    // ---------------------------------------------------------------- save/restore, resets, replies

    /// <summary>DECSC (ESC 7, also CSI s).</summary>
    public void SaveCursor() =>
        _saved = new SavedCursor(CursorColumn, CursorLine, Foreground, Background, Attributes, OriginMode, G0, G1, ShiftedOut, WrapPending);

    /// <summary>DECRC (ESC 8, also CSI u): restores what DECSC saved, or the power-on state.</summary>
    public void RestoreCursor()
    {
        var s = _saved;
        Foreground = s.Foreground;
        Background = s.Background;
        Attributes = s.Attributes;
        OriginMode = s.OriginMode;
        G0 = s.G0;
        G1 = s.G1;
        ShiftedOut = s.ShiftedOut;
        MoveTo(s.Column, s.Line);
        // DECSC saves the wrap flag too: a cursor saved after the last column was written wraps on.
        WrapPending = s.WrapPending && AutoWrap && CursorColumn == Columns - 1;
    }

    /// <summary>RIS (ESC c): everything back to the power-on state, screen cleared.</summary>
    public void Reset()
    {
        SoftReset();
        ReverseVideo = false;
        NewLineMode = false;
        ApplicationKeypad = false;
        _tabStops = DefaultTabStops(Columns);
        Palette.Reset();
        for (int y = 0; y < Lines; y++)
            Cells.Fill(y, 0, Columns, CharCell.Blank);
        Cells.MarkAllDirty();
        MoveTo(0, 0);
    }

    /// <summary>DECSTR (CSI ! p): modes and rendition to defaults, screen content kept.</summary>
    public void SoftReset()
    {
        CursorVisible = true;
        InsertMode = false;
        OriginMode = false;
        AutoWrap = true;
        ApplicationCursorKeys = false;
        Top = 0;
        Bottom = Lines - 1;
        G0 = G1 = Charset.Ascii;
        ShiftedOut = false;
        ResetRendition();
        _saved = SavedCursor.Initial;
        WrapPending = false;
    }

    /// <summary>DA / DECID: "I am a VT102" (ESC [ ? 6 c), what the Linux console answers.</summary>
    public void DeviceAttributes() => Replies.Add("\e[?6c"u8);

    /// <summary>DSR: 5 status ("OK"), 6 cursor position report (1-based, origin-relative).</summary>
    public void DeviceStatusReport(int what)
    {
        if (what == 5)
        {
            Replies.Add("\e[0n"u8);
        }
        else if (what == 6)
        {
            int line = CursorLine + 1 - (OriginMode ? Top : 0);
            Replies.Add(Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\e[{line};{CursorColumn + 1}R")));
        }
    }

    // ---------------------------------------------------------------- size

    /// <summary>
    /// Follows a new size (the framebuffer's mode changed): content stays at the top left, the
    /// cursor is clamped, the region becomes the whole screen, tab stops are the defaults.
    /// </summary>
    public void Resize(int columns, int lines)
    {
        Cells.Resize(columns, lines);
        _tabStops = DefaultTabStops(Columns);
        Top = 0;
        Bottom = Lines - 1;
        MoveTo(CursorColumn, CursorLine);
    }

    private readonly record struct SavedCursor(int Column, int Line, CellColor Foreground, CellColor Background,
        CellAttributes Attributes, bool OriginMode, Charset G0, Charset G1, bool ShiftedOut, bool WrapPending)
    {
        public static SavedCursor Initial => new(0, 0, CellColor.Default, CellColor.Default, CellAttributes.None, false,
            Charset.Ascii, Charset.Ascii, false, false);
    }
}
