namespace Framework.Gems.Terminal.Tests;

/// <summary>
/// Where this terminal and xterm.js disagree on purpose, stream by stream, with the reason. The
/// oracle test requires each stream's differences to be exactly these: a new difference fails,
/// and so does a listed one that went away. doc/terminal.md lists the same.
/// </summary>
internal static class KnownDifferences
{
    public static IReadOnlyDictionary<string, (string Reason, string[] Differences)> All() =>
        new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            ["hand:sgr-colours-rgb"] = ("Direct colour with a component above 255 (38;2;300;1;1): this terminal ignores the colour, xterm.js keeps the low 8 bits (300 becomes 44).",
            [
                "@56: line 0 col 2: ours 'C' fg=r0a141e bg=rc86432, xterm 'C' fg=r2c0101 bg=rc86432",
            ]),
            ["hand:wrap-pending-then-cr-lf"] = ("EL while a wrap is pending: the Linux console and xterm erase from the last column and cancel the wrap; xterm.js keeps its cursor past the margin, erases nothing and wraps the next character.",
            [
                "@182: line 2 col 79: ours 'z' fg=d bg=d, xterm 'y' fg=d bg=d",
                "@182: line 3 col 0: ours '' fg=d bg=d, xterm 'z' fg=d bg=d",
                "@182: cursor: ours 2,79, xterm 3,1",
            ]),
            ["hand:dec-graphics-all"] = ("DEC special graphics 0x5F: blank on the VT100 and the Linux console (U+00A0 here); xterm.js leaves it as _.",
            [
                "@38: line 0 col 0: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d",
            ]),
            ["hand:utf8-invalid"] = ("Malformed UTF-8: each bad sequence shows U+FFFD here (as the Linux console and Unicode's recommendation); xterm.js drops it, so the rest of the line is shifted.",
            [
                "@18: line 0 col 1: ours '�' fg=d bg=d, xterm 'b' fg=d bg=d",
                "@18: line 0 col 2: ours 'b' fg=d bg=d, xterm 'c' fg=d bg=d",
                "@18: line 0 col 3: ours '�' fg=d bg=d, xterm 'd' fg=d bg=d",
                "@18: line 0 col 4: ours 'c' fg=d bg=d, xterm 'e' fg=d bg=d",
                "@18: line 0 col 5: ours '�' fg=d bg=d, xterm '😀' fg=d bg=d",
                "@18: line 0 col 6: ours '�' fg=d bg=d, xterm '' fg=d bg=d",
                "@18: line 0 col 7: ours '�' fg=d bg=d, xterm '' fg=d bg=d",
                "@18: line 0 col 8: ours 'd' fg=d bg=d, xterm '' fg=d bg=d",
                "@18: line 0 col 9: ours '�' fg=d bg=d, xterm '' fg=d bg=d",
                "@18: line 0 col 10: ours 'e' fg=d bg=d, xterm '' fg=d bg=d",
                "@18: line 0 col 11: ours '😀' fg=d bg=d, xterm '' fg=d bg=d",
                "@18: cursor: ours 0,12, xterm 0,6",
            ]),
            ["hand:wide-overwrite"] = ("ICH on the right half of a double-width character: this terminal blanks the orphaned half; xterm.js leaves a zero-width cell.",
            [
                "@68: line 2 col 2: ours '' fg=d bg=d, xterm '' w0 fg=d bg=d",
            ]),
            ["top"] = ("EL while a wrap is pending (top ends its reverse-video header exactly at column 80, then sends EL): the Linux console and xterm erase the last column, xterm.js does not.",
            [
                "@11155: line 6 col 79: ours '' fg=d bg=d, xterm '' fg=d bg=d v",
                "@11155: line 7 col 79: ours '' fg=d bg=d, xterm '' fg=d bg=d b",
                "@11178: line 5 col 79: ours '' fg=d bg=d, xterm '' fg=d bg=d v",
                "@11178: line 6 col 79: ours '' fg=d bg=d, xterm '' fg=d bg=d b",
            ]),
            ["vttest-3-charsets"] = ("DEC special graphics 0x5F in vttest's character-set table: blank here (VT100), _ in xterm.js.",
            [
                "@2493: line 12 col 40: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d",
                "@2493: line 12 col 78: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d",
            ]),
        };

    public static string[] For(string stream) => All().TryGetValue(stream, out var known) ? known.Differences : [];
}
