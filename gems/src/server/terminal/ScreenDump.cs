using System.Globalization;
using System.Text;

namespace Framework.Gems.Terminal;

/// <summary>The screen as text, for snapshot tests and logs (12.02's test printed such a dump).</summary>
public static class ScreenDump
{
    /// <summary>One line per grid line, trailing blanks removed; the right half of a wide character adds nothing.</summary>
    public static string Text(CharacterScreen screen)
    {
        var sb = new StringBuilder();
        for (int y = 0; y < screen.Lines; y++)
        {
            if (y > 0)
                sb.Append('\n');
            int start = sb.Length;
            foreach (var cell in screen.Cells.Row(y))
            {
                if (cell.CodePoint != 0)
                    sb.Append(char.ConvertFromUtf32(cell.CodePoint));
            }
            int end = sb.Length;
            while (end > start && sb[end - 1] == ' ')
                end--;
            sb.Length = end;
        }
        return sb.ToString();
    }

    /// <summary>
    /// The runs of cells whose colours or rendition differ from the default, one per line:
    /// "line 3, columns 0-9: fg=1 bg=default bold". Empty when everything is default.
    /// </summary>
    public static string Attributes(CharacterScreen screen)
    {
        var sb = new StringBuilder();
        for (int y = 0; y < screen.Lines; y++)
        {
            var row = screen.Cells.Row(y);
            int x = 0;
            while (x < row.Length)
            {
                var key = Key(row[x]);
                int end = x + 1;
                while (end < row.Length && Key(row[end]) == key)
                    end++;
                if (key != Key(CharCell.Blank))
                    sb.Append(CultureInfo.InvariantCulture, $"line {y}, columns {x}-{end - 1}: {Describe(key)}\n");
                x = end;
            }
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static (CellColor, CellColor, CellAttributes) Key(CharCell c) =>
        (c.Foreground, c.Background, c.Attributes & ~(CellAttributes.Wide | CellAttributes.WideContinuation));

    private static string Describe((CellColor Fg, CellColor Bg, CellAttributes A) k)
    {
        string flags = k.A == CellAttributes.None ? "" : " " + k.A.ToString().ToLowerInvariant().Replace(", ", " ", StringComparison.Ordinal);
        return $"fg={k.Fg} bg={k.Bg}{flags}";
    }

    /// <summary>Cursor, region and modes in one line, for snapshots.</summary>
    public static string State(CharacterScreen s) => string.Create(CultureInfo.InvariantCulture,
        $"cursor {s.CursorLine},{s.CursorColumn}{(s.WrapPending ? " (wrap pending)" : "")}{(s.CursorVisible ? "" : " hidden")}, region {s.Top}-{s.Bottom}, size {s.Columns}x{s.Lines}");
}
