using System.Text;
using System.Text.RegularExpressions;

namespace Framework.Tool.Run;

/// <summary>
/// Turns a Tcl (ARE) regular expression from a run script into a .NET one. The interpreter has the same
/// translation for its own regexp command but keeps it internal, so the run tool carries this copy of the
/// rules run scripts rely on: \m \M \y \Y \Z word and end anchors, '$' as end of text, POSIX bracket classes.
/// Tcl's '.' matches newlines, hence Singleline.
/// </summary>
public static class TclPattern
{
    public static Regex ToRegex(string pattern)
    {
        try
        {
            return new Regex(Translate(pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid regular expression {{{pattern}}}: {e.Message}", nameof(pattern), e);
        }
    }

    public static string Translate(string pattern)
    {
        if (pattern.StartsWith("***=", StringComparison.Ordinal))
            return Regex.Escape(pattern[4..]);
        var sb = new StringBuilder(pattern.Length + 8);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var e = pattern[i + 1];
                sb.Append(e switch
                {
                    'm' => @"\b(?=\w)",
                    'M' => @"\b(?<=\w)",
                    'y' => @"\b",
                    'Y' => @"\B",
                    'Z' => @"\z",
                    // In Tcl an escaped non-alphanumeric character is itself; .NET agrees except for '<' '>'
                    // which it also takes literally, so nothing else needs care.
                    _ => pattern.Substring(i, 2),
                });
                i += 2;
            }
            else if (c == '[')
            {
                i = TranslateBracket(pattern, i, sb);
            }
            else if (c == '$')
            {
                sb.Append(@"\z");
                i++;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }

    private static int TranslateBracket(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            i++;
        }
        if (i < p.Length && p[i] == ']')
        {
            sb.Append(@"\]");
            i++;
        }
        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0)
                {
                    sb.Append(p[(i + 2)..end] switch
                    {
                        "alpha" => "a-zA-Z",
                        "digit" => "0-9",
                        "alnum" => "a-zA-Z0-9",
                        "upper" => "A-Z",
                        "lower" => "a-z",
                        "space" => @"\s",
                        "xdigit" => "0-9a-fA-F",
                        "punct" => @"!-/:-@\[-`{-~",
                        "word" => @"\w",
                        "blank" => @" \t",
                        "cntrl" => @"\x00-\x1f\x7f",
                        "print" => @"\x20-\x7e",
                        "graph" => @"\x21-\x7e",
                        _ => string.Empty,
                    });
                    i = end + 2;
                    continue;
                }
            }
            if (p[i] == '[')
            {
                sb.Append(@"\[");
                i++;
            }
            else if (p[i] == '\\' && i + 1 < p.Length)
            {
                sb.Append(p, i, 2);
                i += 2;
            }
            else
            {
                sb.Append(p[i]);
                i++;
            }
        }
        if (i < p.Length)
        {
            sb.Append(']');
            i++;
        }
        return i;
    }
}
