using System.Globalization;
using System.Text.RegularExpressions;

namespace Framework.Tool.Tcl;

/// <summary>List commands.</summary>
public sealed partial class TclInterpreter
{
    private void RegisterListCommands()
    {
        Register("list", (_, a) => TclResult.Ok(TclList.Format(a.Skip(1))));
        Register("llength", CmdLlength);
        Register("lindex", CmdLindex);
        Register("lrange", CmdLrange);
        Register("lsearch", CmdLsearch);
        Register("lsort", CmdLsort);
        Register("join", CmdJoin);
        Register("split", CmdSplit);
        Register("concat", (_, a) => TclResult.Ok(Concat(a.Skip(1))));
        Register("linsert", CmdLinsert);
        Register("lreplace", CmdLreplace);
        Register("lreverse", CmdLreverse);
        Register("lassign", CmdLassign);
    }

    /// <summary>Parses a list argument or throws a Tcl error out of the command.</summary>
    internal static List<string> ListArg(string text)
    {
        if (!TclList.TryParse(text, out var items, out var error))
        {
            throw new TclResultException(TclResult.Error(error!));
        }

        return items;
    }

    /// <summary>Parses Tcl index syntax (N, end, end-N, N+M, N-M) against a sequence of <paramref name="count"/> items.</summary>
    internal static int IndexArg(string text, int count)
    {
        var s = text.Trim();
        var baseValue = 0L;
        var rest = s;
        if (s.StartsWith("end", StringComparison.Ordinal))
        {
            baseValue = count - 1;
            rest = s[3..];
            if (rest.Length == 0)
            {
                return (int)baseValue;
            }

            if (rest[0] is not ('+' or '-') || !TclConvert.TryParseInt(rest, out var offset))
            {
                throw BadIndex(text);
            }

            return Clamp(baseValue + offset);
        }

        if (TclConvert.TryParseInt(s, out var plain))
        {
            return Clamp(plain);
        }

        var op = s.IndexOfAny(['+', '-'], 1);
        if (op > 0 && TclConvert.TryParseInt(s[..op], out var left) && TclConvert.TryParseInt(s[(op + 1)..], out var right))
        {
            return Clamp(s[op] == '+' ? left + right : left - right);
        }

        throw BadIndex(text);

        static int Clamp(long v) => (int)Math.Clamp(v, int.MinValue / 2, int.MaxValue / 2);
    }

    private static TclResultException BadIndex(string text) =>
        new(TclResult.Error($"bad index \"{text}\": must be integer?[+-]integer? or end?[+-]integer?"));

    private TclResult CmdLlength(TclInterpreter interp, IReadOnlyList<string> a) =>
        a.Count == 2 ? TclResult.FromInt(ListArg(a[1]).Count) : WrongArgs("llength list");

    private TclResult CmdLindex(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("lindex list ?index ...?");
        }

        var value = a[1];
        var indices = a.Count == 3 ? ListArg(a[2]) : a.Skip(2).ToList();
        foreach (var indexText in indices)
        {
            var items = ListArg(value);
            var index = IndexArg(indexText, items.Count);
            if (index < 0 || index >= items.Count)
            {
                return TclResult.Empty;
            }

            value = items[index];
        }

        return TclResult.Ok(value);
    }

    private TclResult CmdLrange(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 4)
        {
            return WrongArgs("lrange list first last");
        }

        var items = ListArg(a[1]);
        var first = Math.Max(0, IndexArg(a[2], items.Count));
        var last = Math.Min(items.Count - 1, IndexArg(a[3], items.Count));
        return first > last ? TclResult.Empty : TclResult.Ok(TclList.Format(items.GetRange(first, last - first + 1)));
    }

    private TclResult CmdLsearch(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var mode = "-glob";
        bool all = false, inline = false, not = false, nocase = false;
        var i = 1;
        for (; i < a.Count - 2; i++)
        {
            switch (a[i])
            {
                case "-exact" or "-glob" or "-regexp": mode = a[i]; break;
                case "-all": all = true; break;
                case "-inline": inline = true; break;
                case "-not": not = true; break;
                case "-nocase": nocase = true; break;
                case "-ascii": break;
                default: return TclResult.Error($"bad option \"{a[i]}\": must be -all, -ascii, -exact, -glob, -inline, -nocase, -not, or -regexp");
            }
        }

        if (a.Count - i != 2)
        {
            return WrongArgs("lsearch ?-option value ...? list pattern");
        }

        var items = ListArg(a[i]);
        var pattern = a[i + 1];
        Regex? regex = mode == "-regexp" ? GetRegex(pattern, RegexOptions.Singleline | (nocase ? RegexOptions.IgnoreCase : RegexOptions.None)) : null;
        var hits = new List<string>();
        for (var k = 0; k < items.Count; k++)
        {
            var matched = mode switch
            {
                "-exact" => string.Equals(items[k], pattern, nocase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
                "-regexp" => regex!.IsMatch(items[k]),
                _ => TclGlob.Match(pattern, items[k], nocase),
            };
            if (matched == not)
            {
                continue;
            }

            var hit = inline ? items[k] : k.ToString(CultureInfo.InvariantCulture);
            if (!all)
            {
                return TclResult.Ok(hit);
            }

            hits.Add(hit);
        }

        return all ? TclResult.Ok(TclList.Format(hits)) : TclResult.Ok(inline ? string.Empty : "-1");
    }

    private TclResult CmdLsort(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("lsort ?-option value ...? list");
        }

        var mode = "-ascii";
        bool decreasing = false, unique = false, nocase = false;
        int? index = null;
        for (var i = 1; i < a.Count - 1; i++)
        {
            switch (a[i])
            {
                case "-ascii" or "-integer" or "-real" or "-dictionary": mode = a[i]; break;
                case "-increasing": decreasing = false; break;
                case "-decreasing": decreasing = true; break;
                case "-unique": unique = true; break;
                case "-nocase": nocase = true; break;
                case "-index" when i + 1 < a.Count - 1:
                    index = int.Parse(a[++i], CultureInfo.InvariantCulture);
                    break;
                default: return TclResult.Error($"bad option \"{a[i]}\": must be -ascii, -decreasing, -dictionary, -increasing, -index, -integer, -nocase, -real, or -unique");
            }
        }

        var items = ListArg(a[^1]);
        string Key(string item)
        {
            if (index is not { } k)
            {
                return item;
            }

            var sub = ListArg(item);
            return k < sub.Count ? sub[k] : throw new TclResultException(TclResult.Error($"element {k} missing from sublist \"{item}\""));
        }

        Comparison<string> compare = mode switch
        {
            "-integer" => (x, y) => IntKey(x).CompareTo(IntKey(y)),
            "-real" => (x, y) => RealKey(x).CompareTo(RealKey(y)),
            "-dictionary" => DictionaryCompare,
            _ => nocase ? (x, y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase) : string.CompareOrdinal,
        };

        // OrderBy is stable, as Tcl's merge sort is.
        var comparer = Comparer<string>.Create((x, y) => decreasing ? compare(Key(y), Key(x)) : compare(Key(x), Key(y)));
        var sorted = items.Order(comparer).ToList();
        if (unique)
        {
            var deduplicated = new List<string>();
            foreach (var item in sorted)
            {
                // Tcl keeps the last of a run of equal elements.
                if (deduplicated.Count > 0 && comparer.Compare(deduplicated[^1], item) == 0)
                {
                    deduplicated[^1] = item;
                }
                else
                {
                    deduplicated.Add(item);
                }
            }

            sorted = deduplicated;
        }

        return TclResult.Ok(TclList.Format(sorted));

        static long IntKey(string s) => TclConvert.TryParseInt(s, out var v) ? v : throw new TclResultException(TclResult.Error($"expected integer but got \"{s}\""));

        static double RealKey(string s) => TclConvert.TryParseDouble(s, out var v) ? v : throw new TclResultException(TclResult.Error($"expected floating-point number but got \"{s}\""));
    }

    /// <summary>lsort -dictionary: case-insensitive, with embedded numbers compared by value.</summary>
    private static int DictionaryCompare(string x, string y)
    {
        int i = 0, j = 0;

        // Ties (numbers equal but for leading zeros, letters equal but for case) are broken at the end.
        var secondary = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i;
                var sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                var nx = x[si..i].TrimStart('0');
                var ny = y[sj..j].TrimStart('0');
                var c = nx.Length != ny.Length ? nx.Length.CompareTo(ny.Length) : string.CompareOrdinal(nx, ny);
                if (c != 0)
                {
                    return c;
                }

                if (secondary == 0)
                {
                    secondary = (i - si - nx.Length).CompareTo(j - sj - ny.Length);
                }

                continue;
            }

            var cx = char.ToLowerInvariant(x[i]);
            var cy = char.ToLowerInvariant(y[j]);
            if (cx != cy)
            {
                return cx.CompareTo(cy);
            }

            if (secondary == 0 && x[i] != y[j])
            {
                // Upper case sorts before lower case.
                secondary = x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : secondary;
    }

    private TclResult CmdJoin(TclInterpreter interp, IReadOnlyList<string> a) => a.Count switch
    {
        2 => TclResult.Ok(string.Join(' ', ListArg(a[1]))),
        3 => TclResult.Ok(string.Join(a[2], ListArg(a[1]))),
        _ => WrongArgs("join list ?joinString?"),
    };

    private TclResult CmdSplit(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count is < 2 or > 3)
        {
            return WrongArgs("split string ?splitChars?");
        }

        var text = a[1];
        var chars = a.Count == 3 ? a[2] : " \t\n\r";
        var parts = new List<string>();
        if (text.Length == 0)
        {
            return TclResult.Empty;
        }

        if (chars.Length == 0)
        {
            parts.AddRange(text.Select(c => c.ToString()));
        }
        else
        {
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (chars.Contains(text[i], StringComparison.Ordinal))
                {
                    parts.Add(text[start..i]);
                    start = i + 1;
                }
            }

            parts.Add(text[start..]);
        }

        return TclResult.Ok(TclList.Format(parts));
    }

    private TclResult CmdLinsert(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 3)
        {
            return WrongArgs("linsert list index ?element ...?");
        }

        var items = ListArg(a[1]);
        var index = a[2].StartsWith("end", StringComparison.Ordinal) ? IndexArg(a[2], items.Count) + 1 : IndexArg(a[2], items.Count);
        index = Math.Clamp(index, 0, items.Count);
        items.InsertRange(index, a.Skip(3));
        return TclResult.Ok(TclList.Format(items));
    }

    private TclResult CmdLreplace(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 4)
        {
            return WrongArgs("lreplace list first last ?element ...?");
        }

        var items = ListArg(a[1]);
        var first = Math.Clamp(IndexArg(a[2], items.Count), 0, items.Count);
        var last = Math.Min(IndexArg(a[3], items.Count), items.Count - 1);
        if (last >= first)
        {
            items.RemoveRange(first, last - first + 1);
        }

        items.InsertRange(first, a.Skip(4));
        return TclResult.Ok(TclList.Format(items));
    }

    private TclResult CmdLreverse(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 2)
        {
            return WrongArgs("lreverse list");
        }

        var items = ListArg(a[1]);
        items.Reverse();
        return TclResult.Ok(TclList.Format(items));
    }

    private TclResult CmdLassign(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("lassign list ?varName ...?");
        }

        var items = ListArg(a[1]);
        for (var i = 2; i < a.Count; i++)
        {
            var result = WriteVar(a[i], i - 2 < items.Count ? items[i - 2] : string.Empty);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }
        }

        return TclResult.Ok(TclList.Format(items.Skip(a.Count - 2)));
    }
}
