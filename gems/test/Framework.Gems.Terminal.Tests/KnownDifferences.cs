namespace Framework.Gems.Terminal.Tests;

/// <summary>A stream's expected disagreement with xterm.js: why, how many cells, and the first and last differing cell.</summary>
internal sealed record KnownDifference(string Reason, int Count, string First, string Last);

/// <summary>
/// Where this terminal and xterm.js disagree on purpose, stream by stream, with the reason. The
/// oracle test requires such a stream's differences to be exactly these (count, first and last
/// difference): a new difference fails, and so does a listed one that went away.
/// doc/terminal.md lists the same.
/// </summary>
internal static class KnownDifferences
{
    public static bool Matches(KnownDifference known, List<string> diffs) =>
        diffs.Count == known.Count && diffs[0] == known.First && diffs[^1] == known.Last;

    public static IReadOnlyDictionary<string, KnownDifference> All() => new Dictionary<string, KnownDifference>(StringComparer.Ordinal)
    {
        ["hand:sgr-colours-rgb"] = new("Direct colour with a component above 255 (38;2;300;1;1): this terminal ignores the colour, xterm.js keeps the low 8 bits (300 becomes 44).",
            1, "@56: line 0 col 2: ours 'C' fg=r0a141e bg=rc86432, xterm 'C' fg=r2c0101 bg=rc86432",
            "@56: line 0 col 2: ours 'C' fg=r0a141e bg=rc86432, xterm 'C' fg=r2c0101 bg=rc86432"),
        ["hand:wrap-pending-then-cr-lf"] = new("EL while a wrap is pending: the Linux console erases from the last column, where its cursor stays, and cancels the wrap; xterm.js keeps its cursor past the margin, erases nothing and wraps the next character.",
            3, "@182: line 2 col 79: ours 'z' fg=d bg=d, xterm 'y' fg=d bg=d",
            "@182: cursor: ours 2,79, xterm 3,1"),
        ["hand:dec-graphics-all"] = new("DEC special graphics 0x5F: blank on the VT100 and the Linux console (U+00A0 here); xterm.js leaves it as _.",
            1, "@38: line 0 col 0: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d",
            "@38: line 0 col 0: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d"),
        ["hand:utf8-invalid"] = new("Malformed UTF-8: each bad sequence shows U+FFFD here (as the Linux console, and Unicode's recommendation); xterm.js drops it, so the rest of the line shifts.",
            12, "@18: line 0 col 1: ours '�' fg=d bg=d, xterm 'b' fg=d bg=d",
            "@18: cursor: ours 0,12, xterm 0,6"),
        ["hand:wide-overwrite"] = new("ICH on the right half of a double-width character: this terminal blanks the orphaned half; xterm.js leaves a zero-width cell.",
            1, "@68: line 2 col 2: ours '' fg=d bg=d, xterm '' w0 fg=d bg=d",
            "@68: line 2 col 2: ours '' fg=d bg=d, xterm '' w0 fg=d bg=d"),
        ["hand:known-cbt-while-wrap-pending"] = new("CBT while a wrap is pending: this terminal tabs back from the last column, where the cursor is; xterm.js ignores CBT while its cursor is past the margin.",
            3, "@91: line 0 col 64: ours 'x' fg=d bg=d, xterm 'c' fg=d bg=d",
            "@91: cursor: ours 0,65, xterm 1,1"),
        ["hand:known-decaln-resets-region"] = new("DECALN resets the scroll region (DEC STD 070, the VT510 manual); xterm.js keeps it, so the following DL acts on a different region.",
            160, "@21: line 22 col 0: ours '' fg=d bg=d, xterm 'E' fg=d bg=d",
            "@21: line 23 col 79: ours '' fg=d bg=d, xterm 'E' fg=d bg=d"),
        ["hand:known-sd-background"] = new("SD: the new lines take the current background (terminfo linux: bce, like every other erase here); xterm.js fills them with the default background (its SU and IL use the current one).",
            159, "@13: line 0 col 1: ours '' fg=d bg=p4, xterm '' fg=d bg=d",
            "@13: line 1 col 79: ours '' fg=d bg=p4, xterm '' fg=d bg=d"),
        ["hand:known-decrc-restores-charsets"] = new("DECRC without a DECSC restores the power-on state including G0 = ASCII (DEC, Linux console); xterm.js leaves the designations alone, so SI selects DEC graphics.",
            1, "@7: line 0 col 0: ours 'q' fg=d bg=d, xterm '─' fg=d bg=d",
            "@7: line 0 col 0: ours 'q' fg=d bg=d, xterm '─' fg=d bg=d"),
        ["hand:known-relative-motion-in-origin-mode"] = new("Relative cursor motion (CUU, VPR) in origin mode: xterm.js adds the region's top to an already absolute line (a bug in @xterm/headless 6.0.0); this terminal moves relative to the cursor.",
            5, "@28: line 4 col 0: ours 'x' fg=d bg=d, xterm '' fg=d bg=d",
            "@28: cursor: ours 7,2, xterm 15,2"),
        ["hand:known-autowrap-back-on-at-margin"] = new("A character written at the margin with autowrap off, then autowrap on: no wrap is pending here (the flag is only set while autowrap is on); xterm.js wraps the next character.",
            3, "@28: line 0 col 79: ours 'b' fg=d bg=d, xterm 'a' fg=d bg=d",
            "@28: cursor: ours 0,79, xterm 1,1"),
        ["top"] = new("EL while a wrap is pending (top ends its reverse-video header exactly at column 80, then sends EL): the Linux console erases the last column, xterm.js does not.",
            4, "@11155: line 6 col 79: ours '' fg=d bg=d, xterm '' fg=d bg=d v",
            "@11178: line 6 col 79: ours '' fg=d bg=d, xterm '' fg=d bg=d b"),
        ["vttest-3-charsets"] = new("DEC special graphics 0x5F in vttest's character-set table: blank here (VT100), _ in xterm.js.",
            2, "@2493: line 12 col 40: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d",
            "@2493: line 12 col 78: ours ' ' fg=d bg=d, xterm '_' fg=d bg=d"),
    };
}
