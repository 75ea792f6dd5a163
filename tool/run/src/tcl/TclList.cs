using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>
/// Tcl lists as strings: parsing with Tcl's list rules and formatting with the quoting that
/// <c>list</c> uses, so that <c>Parse(Format(items))</c> returns the items unchanged.
/// </summary>
public static class TclList
{
    /// <summary>Splits a string into list elements; throws <see cref="TclException"/> for a malformed list.</summary>
    public static IReadOnlyList<string> Parse(string list)
    {
        if (!TryParse(list, out var items, out var error))
        {
            throw new TclException(error!);
        }

        return items;
    }

    /// <summary>Joins items into a well-formed list, quoting each where needed.</summary>
    public static string Format(IEnumerable<string> items)
    {
        var sb = new StringBuilder();
        foreach (var item in items)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
                AppendElement(sb, item, first: false);
            }
            else
            {
                AppendElement(sb, item, first: true);
            }
        }

        return sb.ToString();
    }

    public static string Format(params string[] items) => Format((IEnumerable<string>)items);

    /// <summary>Quotes one element so that it parses back as a single list element.</summary>
    public static string QuoteElement(string item)
    {
        var sb = new StringBuilder();
        AppendElement(sb, item, first: true);
        return sb.ToString();
    }

    internal static bool IsListSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    internal static bool TryParse(string list, out List<string> items, out string? error) =>
        TryParse(list, out items, out _, out error, wantLines: false);

    /// <summary>Parses a list; <paramref name="lineOffsets"/> gives, per element, the newlines before it (for body line numbers).</summary>
    internal static bool TryParse(string list, out List<string> items, out List<int> lineOffsets, out string? error, bool wantLines = true)
    {
        items = [];
        lineOffsets = [];
        error = null;
        var pos = 0;
        var n = list.Length;
        var lines = 0;
        var countedTo = 0;
        while (true)
        {
            while (pos < n && IsListSpace(list[pos]))
            {
                pos++;
            }

            if (pos >= n)
            {
                return true;
            }

            if (wantLines)
            {
                for (; countedTo < pos; countedTo++)
                {
                    if (list[countedTo] == '\n')
                    {
                        lines++;
                    }
                }

                lineOffsets.Add(lines);
            }

            var c = list[pos];
            if (c == '{')
            {
                var depth = 1;
                var start = ++pos;
                while (pos < n)
                {
                    var d = list[pos];
                    if (d == '\\' && pos + 1 < n)
                    {
                        pos += 2;
                        continue;
                    }

                    if (d == '{')
                    {
                        depth++;
                    }
                    else if (d == '}' && --depth == 0)
                    {
                        break;
                    }

                    pos++;
                }

                if (pos >= n)
                {
                    error = "unmatched open brace in list";
                    return false;
                }

                items.Add(list[start..pos]);
                pos++;
                if (pos < n && !IsListSpace(list[pos]))
                {
                    error = $"list element in braces followed by \"{TrailingWord(list, pos)}\" instead of space";
                    return false;
                }
            }
            else if (c == '"')
            {
                var sb = new StringBuilder();
                pos++;
                while (pos < n && list[pos] != '"')
                {
                    if (list[pos] == '\\' && pos + 1 < n)
                    {
                        pos += 1 + TclParser.Backslash(list, pos + 1, sb);
                    }
                    else
                    {
                        sb.Append(list[pos++]);
                    }
                }

                if (pos >= n)
                {
                    error = "unmatched open quote in list";
                    return false;
                }

                items.Add(sb.ToString());
                pos++;
                if (pos < n && !IsListSpace(list[pos]))
                {
                    error = $"list element in quotes followed by \"{TrailingWord(list, pos)}\" instead of space";
                    return false;
                }
            }
            else
            {
                var start = pos;
                StringBuilder? sb = null;
                while (pos < n && !IsListSpace(list[pos]))
                {
                    if (list[pos] == '\\' && pos + 1 < n)
                    {
                        sb ??= new StringBuilder().Append(list, start, pos - start);
                        pos += 1 + TclParser.Backslash(list, pos + 1, sb);
                    }
                    else
                    {
                        sb?.Append(list[pos]);
                        pos++;
                    }
                }

                items.Add(sb is null ? list[start..pos] : sb.ToString());
            }
        }
    }

    private static string TrailingWord(string list, int pos)
    {
        var end = pos;
        while (end < list.Length && !IsListSpace(list[end]))
        {
            end++;
        }

        return list[pos..end];
    }

    private static void AppendElement(StringBuilder sb, string item, bool first)
    {
        if (item.Length == 0)
        {
            sb.Append("{}");
            return;
        }

        // Tcl's TclScanElement: most special characters prefer braces, but ']' and a '"' that is not the
        // first character prefer a backslash, and unbalanced braces or a trailing backslash force one.
        var needsQuoting = first && item[0] == '#';
        var preferBrace = needsQuoting || item[0] is '{' or '"';
        var preferEscape = false;
        needsQuoting |= preferBrace;
        var braceable = true;
        var depth = 0;
        for (var i = 0; i < item.Length; i++)
        {
            var c = item[i];
            switch (c)
            {
                case '{':
                    depth++;
                    needsQuoting = preferBrace = true;
                    break;
                case '}':
                    depth--;
                    needsQuoting = preferBrace = true;
                    if (depth < 0)
                    {
                        braceable = false;
                    }

                    break;
                case '\\':
                    needsQuoting = preferBrace = true;
                    if (i + 1 == item.Length || item[i + 1] == '\n')
                    {
                        // A trailing backslash would escape the closing brace; backslash-newline would be folded.
                        braceable = false;
                    }
                    else
                    {
                        i++;
                    }

                    break;
                case ']' or '"':
                    needsQuoting = preferEscape = true;
                    break;
                case '[' or '$' or ';' or ' ' or '\t' or '\n' or '\r' or '\v' or '\f':
                    needsQuoting = preferBrace = true;
                    break;
            }
        }

        if (depth != 0 || (preferEscape && !preferBrace))
        {
            braceable = false;
        }

        if (!needsQuoting)
        {
            sb.Append(item);
        }
        else if (braceable)
        {
            sb.Append('{').Append(item).Append('}');
        }
        else
        {
            for (var i = 0; i < item.Length; i++)
            {
                var c = item[i];
                switch (c)
                {
                    case '{' or '}' or '[' or ']' or '$' or '"' or ';' or '\\' or ' ':
                        sb.Append('\\').Append(c);
                        break;
                    case '#' when i == 0:
                        sb.Append("\\#");
                        break;
                    case '\n': sb.Append("\\n"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\v': sb.Append("\\v"); break;
                    case '\f': sb.Append("\\f"); break;
                    default: sb.Append(c); break;
                }
            }
        }
    }
}
