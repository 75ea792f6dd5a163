using System.Text;
using System.Text.RegularExpressions;

namespace Framework.Tool.Run;

/// <summary>compare_output_to's rules: lines trimmed of surrounding whitespace and colour escapes, compared one to one.</summary>
internal static partial class OutputCompare
{
    private const int DiffLimit = 2000;

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex ColourEscape();

    public static IEnumerable<string> Lines(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split('\n');

    /// <summary>Trimmed lines without the blank lines a braced literal starts and ends with.</summary>
    public static IReadOnlyList<string> Normalize(string text)
    {
        var lines = Lines(ColourEscape().Replace(text, "")).Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
            lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Null when equal; otherwise the first differing line and a unified-style diff.</summary>
    public static string? Describe(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var first = 0;
        while (first < expected.Count && first < actual.Count && expected[first] == actual[first])
            first++;
        if (first == expected.Count && first == actual.Count)
            return null;

        var sb = new StringBuilder();
        sb.Append("first difference at line ").Append(first + 1).Append('\n');
        sb.Append("  expected: ").Append(first < expected.Count ? expected[first] : "(end of expected text)").Append('\n');
        sb.Append("  actual:   ").Append(first < actual.Count ? actual[first] : "(end of output)").Append('\n');
        if (expected.Count <= DiffLimit && actual.Count <= DiffLimit)
        {
            sb.Append("--- expected\n+++ actual\n");
            foreach (var line in Diff(expected, actual))
                sb.Append(line).Append('\n');
        }
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A longest-common-subsequence line diff: ' ' kept, '-' only expected, '+' only in the output.</summary>
    private static IEnumerable<string> Diff(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        }
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                yield return "  " + a[x];
                x++;
                y++;
            }
            else if (x < a.Count && (y == b.Count || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                // Removals before additions, as diff -u shows a changed line.
                yield return "- " + a[x++];
            }
            else
            {
                yield return "+ " + b[y++];
            }
        }
    }
}
