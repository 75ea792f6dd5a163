using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>Tcl's glob-style matching (string match, switch -glob, lsearch -glob): * ? [set] and \x.</summary>
public static class TclGlob
{
    public static bool Match(string pattern, string text, bool ignoreCase = false)
    {
        if (ignoreCase)
        {
            pattern = pattern.ToLowerInvariant();
            text = text.ToLowerInvariant();
        }

        return MatchAt(pattern, 0, text, 0);
    }

    private static bool MatchAt(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            switch (c)
            {
                case '*':
                    // Collapse runs of stars, then try every split; patterns in run scripts are short.
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    if (pi == p.Length)
                    {
                        return true;
                    }

                    for (var k = si; k <= s.Length; k++)
                    {
                        if (MatchAt(p, pi, s, k))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (si >= s.Length)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
                case '[':
                {
                    if (si >= s.Length)
                    {
                        return false;
                    }

                    var ch = s[si];
                    pi++;
                    var matched = false;
                    while (pi < p.Length && p[pi] != ']')
                    {
                        var lo = p[pi];
                        if (lo == '\\' && pi + 1 < p.Length)
                        {
                            lo = p[++pi];
                        }

                        var hi = lo;
                        if (pi + 2 < p.Length && p[pi + 1] == '-' && p[pi + 2] != ']')
                        {
                            hi = p[pi + 2];
                            pi += 2;
                        }

                        if (lo > hi)
                        {
                            (lo, hi) = (hi, lo);
                        }

                        if (ch >= lo && ch <= hi)
                        {
                            matched = true;
                        }

                        pi++;
                    }

                    if (!matched)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
                }

                case '\\' when pi + 1 < p.Length:
                    if (si >= s.Length || s[si] != p[pi + 1])
                    {
                        return false;
                    }

                    pi += 2;
                    si++;
                    break;
                default:
                    if (si >= s.Length || s[si] != c)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
            }
        }

        return si == s.Length;
    }
}

/// <summary>
/// Translates Tcl's ARE regular expressions to .NET syntax where they differ simply: '.' matches newlines
/// and '$' only matches at the very end unless -line is given, \m \M \y \Y word anchors, and POSIX
/// [:classes:]. Tcl's leftmost-longest alternation is not emulated (.NET takes the first alternative).
/// </summary>
/// <summary>Translates Tcl (ARE) regular expressions into .NET ones, for the interpreter and its hosts.</summary>
public static class TclRegex
{
    public static string Translate(string pattern, bool lineMode)
    {
        if (pattern.StartsWith("***=", StringComparison.Ordinal))
        {
            return System.Text.RegularExpressions.Regex.Escape(pattern[4..]);
        }

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
                    _ => pattern.Substring(i, 2),
                });
                i += 2;
                continue;
            }

            if (c == '[')
            {
                i = TranslateBracket(pattern, i, sb);
                continue;
            }

            if (c == '$' && !lineMode)
            {
                sb.Append(@"\z");
                i++;
                continue;
            }

            sb.Append(c);
            i++;
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
                continue;
            }

            if (p[i] == '\\' && i + 1 < p.Length)
            {
                sb.Append(p, i, 2);
                i += 2;
                continue;
            }

            sb.Append(p[i]);
            i++;
        }

        if (i < p.Length)
        {
            sb.Append(']');
            i++;
        }

        return i;
    }
}
