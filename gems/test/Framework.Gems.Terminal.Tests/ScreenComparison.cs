using System.Globalization;
using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>Compares this terminal's screen with xterm.js's, cell by cell, in what both model.</summary>
internal static class ScreenComparison
{
    /// <summary>Differences as readable lines ("line 3 col 7: ours 'a' fg=1, xterm 'b' fg=d"); the cursor counts as one cell.</summary>
    public static List<string> Compare(CharacterScreen ours, OracleScreen theirs)
    {
        var diffs = new List<string>();
        for (int y = 0; y < ours.Lines; y++)
        {
            var row = ours.Cells.Row(y);
            for (int x = 0; x < ours.Columns; x++)
            {
                string a = Describe(row[x]);
                string b = Describe(theirs.Lines[y][x]);
                if (a != b)
                    diffs.Add(string.Create(CultureInfo.InvariantCulture, $"line {y} col {x}: ours {a}, xterm {b}"));
            }
        }
        // xterm.js keeps a pending wrap as x == columns; this terminal keeps x on the last column and a flag.
        int theirX = Math.Min(theirs.CursorX, ours.Columns - 1);
        if (theirX != ours.CursorColumn || theirs.CursorY != ours.CursorLine)
            diffs.Add(string.Create(CultureInfo.InvariantCulture, $"cursor: ours {ours.CursorLine},{ours.CursorColumn}, xterm {theirs.CursorY},{theirX}"));
        return diffs;
    }

    public static int CellsPerScreen(CharacterScreen s) => (s.Columns * s.Lines) + 1;

    private static string Describe(CharCell c)
    {
        string text = c.CodePoint switch
        {
            0 => "",
            ' ' => "",
            _ => char.ConvertFromUtf32(c.CodePoint),
        };
        var f = new StringBuilder();
        var a = c.Attributes;
        if ((a & CellAttributes.Bold) != 0) f.Append('b');
        if ((a & CellAttributes.Dim) != 0) f.Append('d');
        if ((a & CellAttributes.Italic) != 0) f.Append('i');
        if ((a & CellAttributes.Underline) != 0) f.Append('u');
        if ((a & CellAttributes.Blink) != 0) f.Append('k');
        if ((a & CellAttributes.Inverse) != 0) f.Append('v');
        if ((a & CellAttributes.Invisible) != 0) f.Append('h');
        if ((a & CellAttributes.Strikethrough) != 0) f.Append('s');
        int width = (a & CellAttributes.WideContinuation) != 0 ? 0 : (a & CellAttributes.Wide) != 0 ? 2 : 1;
        return Format(text, width, Color(c.Foreground), Color(c.Background), f.ToString());
    }

    private static string Describe(OracleCell c)
    {
        // xterm.js keeps combining characters in the cell's text; this terminal drops them.
        string text = c.Text.Length == 0 ? "" : char.ConvertFromUtf32(char.ConvertToUtf32(c.Text, 0));
        if (text == " ")
            text = "";
        return Format(text, c.Width, c.Fg, c.Bg, c.Flags);
    }

    private static string Format(string text, int width, string fg, string bg, string flags) =>
        $"'{text}'{(width == 1 ? "" : $" w{width}")} fg={fg} bg={bg}{(flags.Length > 0 ? " " + flags : "")}";

    private static string Color(CellColor c) =>
        c.IsDefault ? "d" : c.IsIndexed ? "p" + c.Index.ToString(CultureInfo.InvariantCulture) : "r" + c.RgbValue.ToString("x6", CultureInfo.InvariantCulture);
}
