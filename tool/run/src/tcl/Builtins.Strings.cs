using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Framework.Tool.Tcl;

/// <summary>string, format, regexp and regsub.</summary>
public sealed partial class TclInterpreter
{
    private void RegisterStringCommands()
    {
        Register("string", CmdString);
        Register("format", CmdFormat);
        Register("regexp", CmdRegexp);
        Register("regsub", CmdRegsub);
    }

    private static readonly char[] TrimChars = [' ', '\t', '\n', '\r', '\v', '\f', '\0'];

    private TclResult CmdString(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 3)
        {
            return WrongArgs("string subcommand ?arg ...?");
        }

        var sub = a[1];
        switch (sub)
        {
            case "length":
                return a.Count == 3 ? TclResult.FromInt(a[2].Length) : WrongArgs("string length string");
            case "equal" or "compare":
            {
                var nocase = false;
                var length = -1;
                var i = 2;
                for (; i < a.Count - 2; i++)
                {
                    if (a[i] == "-nocase")
                    {
                        nocase = true;
                    }
                    else if (a[i] == "-length" && i + 1 < a.Count - 2)
                    {
                        length = (int)IntArg(a[++i]);
                    }
                    else
                    {
                        return TclResult.Error($"bad option \"{a[i]}\": must be -nocase or -length");
                    }
                }

                if (a.Count - i != 2)
                {
                    return WrongArgs($"string {sub} ?-nocase? ?-length int? string1 string2");
                }

                var x = a[i];
                var y = a[i + 1];
                if (length >= 0)
                {
                    x = x.Length > length ? x[..length] : x;
                    y = y.Length > length ? y[..length] : y;
                }

                var cmp = nocase ? string.Compare(x, y, StringComparison.OrdinalIgnoreCase) : string.CompareOrdinal(x, y);
                return sub == "equal" ? TclResult.FromBool(cmp == 0) : TclResult.FromInt(Math.Sign(cmp));
            }

            case "match":
            {
                var nocase = a.Count == 5 && a[2] == "-nocase";
                if (a.Count != (nocase ? 5 : 4))
                {
                    return WrongArgs("string match ?-nocase? pattern string");
                }

                return TclResult.FromBool(TclGlob.Match(a[^2], a[^1], nocase));
            }

            case "first":
            {
                if (a.Count is < 4 or > 5)
                {
                    return WrongArgs("string first needleString haystackString ?startIndex?");
                }

                var start = a.Count == 5 ? Math.Max(0, IndexArg(a[4], a[3].Length)) : 0;
                return TclResult.FromInt(start > a[3].Length || a[2].Length == 0 ? -1 : a[3].IndexOf(a[2], start, StringComparison.Ordinal));
            }

            case "last":
            {
                if (a.Count is < 4 or > 5)
                {
                    return WrongArgs("string last needleString haystackString ?lastIndex?");
                }

                var hay = a[3];
                if (a.Count == 5)
                {
                    var last = IndexArg(a[4], hay.Length);
                    if (last < 0)
                    {
                        return TclResult.FromInt(-1);
                    }

                    hay = hay[..Math.Min(hay.Length, last + 1)];
                }

                return TclResult.FromInt(a[2].Length == 0 ? -1 : hay.LastIndexOf(a[2], StringComparison.Ordinal));
            }

            case "index":
            {
                if (a.Count != 4)
                {
                    return WrongArgs("string index string charIndex");
                }

                var index = IndexArg(a[3], a[2].Length);
                return index >= 0 && index < a[2].Length ? TclResult.Ok(a[2][index].ToString()) : TclResult.Empty;
            }

            case "range":
            {
                if (a.Count != 5)
                {
                    return WrongArgs("string range string first last");
                }

                var s = a[2];
                var first = Math.Max(0, IndexArg(a[3], s.Length));
                var last = Math.Min(s.Length - 1, IndexArg(a[4], s.Length));
                return first > last ? TclResult.Empty : TclResult.Ok(s[first..(last + 1)]);
            }

            case "map":
            {
                var nocase = a.Count == 5 && a[2] == "-nocase";
                if (a.Count != (nocase ? 5 : 4))
                {
                    return WrongArgs("string map ?-nocase? charMap string");
                }

                return TclResult.Ok(StringMap(ListArg(a[^2]), a[^1], nocase));
            }

            case "tolower" or "toupper":
            {
                var s = a[2];
                var first = a.Count > 3 ? Math.Max(0, IndexArg(a[3], s.Length)) : 0;
                var last = a.Count > 4 ? Math.Min(s.Length - 1, IndexArg(a[4], s.Length)) : a.Count > 3 ? first : s.Length - 1;
                if (first > last || first >= s.Length)
                {
                    return TclResult.Ok(s);
                }

                var middle = s[first..(last + 1)];
                middle = sub == "tolower" ? middle.ToLowerInvariant() : middle.ToUpperInvariant();
                return TclResult.Ok(s[..first] + middle + s[(last + 1)..]);
            }

            case "totitle":
                return TclResult.Ok(a[2].Length == 0 ? a[2] : char.ToUpperInvariant(a[2][0]) + a[2][1..].ToLowerInvariant());
            case "trim" or "trimleft" or "trimright":
            {
                if (a.Count is < 3 or > 4)
                {
                    return WrongArgs($"string {sub} string ?chars?");
                }

                var chars = a.Count == 4 ? a[3].ToCharArray() : TrimChars;
                return TclResult.Ok(sub switch
                {
                    "trim" => a[2].Trim(chars),
                    "trimleft" => a[2].TrimStart(chars),
                    _ => a[2].TrimEnd(chars),
                });
            }

            case "repeat":
            {
                if (a.Count != 4)
                {
                    return WrongArgs("string repeat string count");
                }

                var count = IntArg(a[3]);
                return TclResult.Ok(count <= 0 ? string.Empty : new StringBuilder().Insert(0, a[2], (int)count).ToString());
            }

            case "reverse":
            {
                var chars = a[2].ToCharArray();
                Array.Reverse(chars);
                return TclResult.Ok(new string(chars));
            }

            case "replace":
            {
                if (a.Count is < 5 or > 6)
                {
                    return WrongArgs("string replace string first last ?string?");
                }

                var s = a[2];
                var first = IndexArg(a[3], s.Length);
                var last = Math.Min(s.Length - 1, IndexArg(a[4], s.Length));
                if (first > last || last < 0 || first >= s.Length)
                {
                    return TclResult.Ok(s);
                }

                first = Math.Max(0, first);
                return TclResult.Ok(s[..first] + (a.Count == 6 ? a[5] : string.Empty) + s[(last + 1)..]);
            }

            case "is":
                return StringIs(a);
            default:
                return TclResult.Error($"unknown or ambiguous subcommand \"{sub}\": must be compare, equal, first, index, is, last, length, map, match, range, repeat, replace, reverse, tolower, totitle, toupper, trim, trimleft, or trimright");
        }
    }

    private static long IntArg(string text) =>
        TclConvert.TryParseInt(text, out var v) ? v : throw new TclResultException(TclResult.Error($"expected integer but got \"{text}\""));

    private static string StringMap(List<string> map, string text, bool nocase)
    {
        if (map.Count % 2 != 0)
        {
            throw new TclResultException(TclResult.Error("char map list unbalanced"));
        }

        var comparison = nocase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var sb = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var replaced = false;

            // The first key (in map order) that matches at this position wins, as in Tcl.
            for (var k = 0; k < map.Count; k += 2)
            {
                var key = map[k];
                if (key.Length > 0 && string.Compare(text, i, key, 0, key.Length, comparison) == 0 && i + key.Length <= text.Length)
                {
                    sb.Append(map[k + 1]);
                    i += key.Length;
                    replaced = true;
                    break;
                }
            }

            if (!replaced)
            {
                sb.Append(text[i++]);
            }
        }

        return sb.ToString();
    }

    private static TclResult StringIs(IReadOnlyList<string> a)
    {
        if (a.Count < 4)
        {
            return WrongArgs("string is class ?-strict? ?-failindex var? str");
        }

        var cls = a[2];
        var strict = a.Count > 4 && a[3] == "-strict";
        var s = a[^1];
        if (s.Length == 0)
        {
            return TclResult.FromBool(!strict);
        }

        bool result = cls switch
        {
            "integer" or "wideinteger" or "entier" => TclConvert.TryParseInt(s, out _),
            "double" => TclConvert.TryParseDouble(s, out _),
            "boolean" => IsBooleanString(s),
            "true" => IsBooleanString(s) && TclConvert.TryParseBool(s, out var t) && t,
            "false" => IsBooleanString(s) && TclConvert.TryParseBool(s, out var f) && !f,
            "digit" => s.All(char.IsAsciiDigit),
            "alpha" => s.All(char.IsLetter),
            "alnum" => s.All(char.IsLetterOrDigit),
            "upper" => s.All(char.IsUpper),
            "lower" => s.All(char.IsLower),
            "space" => s.All(char.IsWhiteSpace),
            "xdigit" => s.All(char.IsAsciiHexDigit),
            "wordchar" => s.All(c => char.IsLetterOrDigit(c) || c == '_'),
            "ascii" => s.All(char.IsAscii),
            "list" => TclList.TryParse(s, out _, out _),
            _ => throw new TclResultException(TclResult.Error($"bad class \"{cls}\": must be alnum, alpha, ascii, boolean, digit, double, entier, false, integer, list, lower, space, true, upper, wideinteger, wordchar, or xdigit")),
        };
        return TclResult.FromBool(result);
    }

    // "string is boolean" accepts 0, 1 and the boolean words, not arbitrary numbers.
    private static bool IsBooleanString(string s) => s.Trim() is "0" or "1" || (TclConvert.TryParseBool(s, out _) && !TclConvert.TryParseDouble(s, out _));

    private TclResult CmdFormat(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("format formatString ?arg ...?");
        }

        var fmt = a[1];
        var sb = new StringBuilder();
        var next = 2;
        string Arg()
        {
            if (next >= a.Count)
            {
                throw new TclResultException(TclResult.Error("not enough arguments for all format specifiers"));
            }

            return a[next++];
        }

        for (var i = 0; i < fmt.Length; i++)
        {
            if (fmt[i] != '%')
            {
                sb.Append(fmt[i]);
                continue;
            }

            i++;
            if (i >= fmt.Length)
            {
                return TclResult.Error("format string ended in middle of field specifier");
            }

            if (fmt[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            // Positional "%n$" specifiers.
            var dollar = i;
            while (dollar < fmt.Length && char.IsAsciiDigit(fmt[dollar]))
            {
                dollar++;
            }

            if (dollar < fmt.Length && dollar > i && fmt[dollar] == '$')
            {
                next = 1 + int.Parse(fmt.AsSpan(i, dollar - i), CultureInfo.InvariantCulture);
                i = dollar + 1;
            }

            bool left = false, zero = false, plus = false, space = false, alt = false;
            for (; i < fmt.Length && fmt[i] is '-' or '0' or '+' or ' ' or '#'; i++)
            {
                switch (fmt[i])
                {
                    case '-': left = true; break;
                    case '0': zero = true; break;
                    case '+': plus = true; break;
                    case ' ': space = true; break;
                    default: alt = true; break;
                }
            }

            var width = 0;
            if (i < fmt.Length && fmt[i] == '*')
            {
                width = (int)IntArg(Arg());
                if (width < 0)
                {
                    left = true;
                    width = -width;
                }

                i++;
            }
            else
            {
                for (; i < fmt.Length && char.IsAsciiDigit(fmt[i]); i++)
                {
                    width = (width * 10) + (fmt[i] - '0');
                }
            }

            int? precision = null;
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                var p = 0;
                if (i < fmt.Length && fmt[i] == '*')
                {
                    p = (int)IntArg(Arg());
                    i++;
                }
                else
                {
                    for (; i < fmt.Length && char.IsAsciiDigit(fmt[i]); i++)
                    {
                        p = (p * 10) + (fmt[i] - '0');
                    }
                }

                precision = p;
            }

            while (i < fmt.Length && fmt[i] is 'l' or 'h' or 'L' or 'q' or 'j' or 'z' or 't')
            {
                i++;
            }

            if (i >= fmt.Length)
            {
                return TclResult.Error("format string ended in middle of field specifier");
            }

            var conv = fmt[i];
            string body;
            var sign = string.Empty;
            var numeric = true;
            switch (conv)
            {
                case 's':
                    body = Arg();
                    if (precision is { } max && body.Length > max)
                    {
                        body = body[..max];
                    }

                    numeric = false;
                    break;
                case 'c':
                    body = char.ConvertFromUtf32((int)IntArg(Arg()));
                    numeric = false;
                    break;
                case 'd' or 'i' or 'u':
                {
                    var v = FormatIntArg(Arg());
                    if (conv == 'u' && v < 0)
                    {
                        body = ((ulong)v).ToString(CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        sign = v < 0 ? "-" : plus ? "+" : space ? " " : string.Empty;
                        body = v == long.MinValue ? "9223372036854775808" : Math.Abs(v).ToString(CultureInfo.InvariantCulture);
                    }

                    if (precision is { } digits)
                    {
                        body = body.PadLeft(digits, '0');
                    }

                    break;
                }

                case 'x' or 'X' or 'o' or 'b':
                {
                    var v = (ulong)FormatIntArg(Arg());
                    body = conv switch
                    {
                        'x' => v.ToString("x", CultureInfo.InvariantCulture),
                        'X' => v.ToString("X", CultureInfo.InvariantCulture),
                        'o' => Convert.ToString((long)v, 8),
                        _ => Convert.ToString((long)v, 2),
                    };
                    if (precision is { } digits)
                    {
                        body = body.PadLeft(digits, '0');
                    }

                    if (alt && v != 0)
                    {
                        sign = conv switch { 'x' => "0x", 'X' => "0X", 'o' => "0", _ => "0b" };
                    }

                    break;
                }

                case 'f' or 'e' or 'E' or 'g' or 'G':
                {
                    var text = Arg();
                    if (!TclConvert.TryParseDouble(text, out var v))
                    {
                        return TclResult.Error($"expected floating-point number but got \"{text}\"");
                    }

                    sign = v < 0 || double.IsNegative(v) ? "-" : plus ? "+" : space ? " " : string.Empty;
                    body = FormatFloat(Math.Abs(v), conv, precision ?? 6, alt);
                    break;
                }

                default:
                    return TclResult.Error($"bad field specifier \"{conv}\"");
            }

            var padding = width - sign.Length - body.Length;
            if (padding <= 0)
            {
                sb.Append(sign).Append(body);
            }
            else if (left)
            {
                sb.Append(sign).Append(body).Append(' ', padding);
            }
            else if (zero && numeric)
            {
                sb.Append(sign).Append('0', padding).Append(body);
            }
            else
            {
                sb.Append(' ', padding).Append(sign).Append(body);
            }
        }

        return TclResult.Ok(sb.ToString());
    }

    private static long FormatIntArg(string text)
    {
        if (TclConvert.TryParseInt(text, out var v))
        {
            return v;
        }

        // format %d accepts a double and truncates it, as Tcl does.
        if (TclConvert.TryParseDouble(text, out var d) && !double.IsNaN(d) && !double.IsInfinity(d))
        {
            return (long)Math.Truncate(d);
        }

        throw new TclResultException(TclResult.Error($"expected integer but got \"{text}\""));
    }

    /// <summary>C printf conversions for non-negative doubles.</summary>
    private static string FormatFloat(double v, char conv, int precision, bool alt)
    {
        if (double.IsInfinity(v))
        {
            return "Inf";
        }

        if (double.IsNaN(v))
        {
            return "NaN";
        }

        switch (conv)
        {
            case 'f':
                return v.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            case 'e' or 'E':
            {
                var s = v.ToString((conv == 'e' ? "e" : "E") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

                // .NET writes three exponent digits (1.5e+003); C writes at least two.
                var e = s.IndexOfAny(['e', 'E']);
                var exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return s[..(e + 1)] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            }

            default:
            {
                var p = precision == 0 ? 1 : precision;
                if (v == 0)
                {
                    return alt ? "0." + new string('0', p - 1) : "0";
                }

                var exponent = (int)Math.Floor(Math.Log10(v));
                var rounded = double.Parse(v.ToString("E" + (p - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                exponent = rounded == 0 ? 0 : (int)Math.Floor(Math.Log10(rounded));
                string s;
                if (exponent < -4 || exponent >= p)
                {
                    s = FormatFloat(v, conv == 'g' ? 'e' : 'E', p - 1, alt);
                    if (!alt)
                    {
                        var e = s.IndexOfAny(['e', 'E']);
                        var mantissa = s[..e];
                        if (mantissa.Contains('.', StringComparison.Ordinal))
                        {
                            mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                        }

                        s = mantissa + s[e..];
                    }
                }
                else
                {
                    s = v.ToString("F" + Math.Max(0, p - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                    if (!alt && s.Contains('.', StringComparison.Ordinal))
                    {
                        s = s.TrimEnd('0').TrimEnd('.');
                    }
                }

                return s;
            }
        }
    }

    private TclResult CmdRegexp(TclInterpreter interp, IReadOnlyList<string> a)
    {
        bool all = false, inline = false, indices = false;
        var options = RegexOptions.Singleline;
        var start = 0;
        var i = 1;
        for (; i < a.Count && a[i].StartsWith('-'); i++)
        {
            switch (a[i])
            {
                case "-all": all = true; break;
                case "-inline": inline = true; break;
                case "-indices": indices = true; break;
                case "-nocase": options |= RegexOptions.IgnoreCase; break;
                case "-line": options = (options & ~RegexOptions.Singleline) | RegexOptions.Multiline; break;
                case "-lineanchor": options |= RegexOptions.Multiline; break;
                case "-linestop": options &= ~RegexOptions.Singleline; break;
                case "-expanded": options |= RegexOptions.IgnorePatternWhitespace; break;
                case "-start" when i + 1 < a.Count: start = (int)IntArg(a[++i]); break;
                case "--": i++; goto done;
                default: return TclResult.Error($"bad option \"{a[i]}\": must be -all, -about, -indices, -inline, -expanded, -line, -linestop, -lineanchor, -nocase, -start, or --");
            }
        }

    done:
        if (a.Count - i < 2)
        {
            return WrongArgs("regexp ?-option ...? exp string ?matchVar? ?subMatchVar ...?");
        }

        if (inline && a.Count - i > 2)
        {
            return TclResult.Error("regexp match variables not allowed when using -inline");
        }

        var regex = RegexArg(a[i], options);
        var subject = a[i + 1];
        var vars = a.Skip(i + 2).ToList();
        start = Math.Clamp(start, 0, subject.Length);
        var match = regex.Match(subject, start);
        var count = 0;
        var inlineItems = new List<string>();
        Match? lastMatch = null;
        while (match.Success)
        {
            count++;
            lastMatch = match;
            if (inline)
            {
                var groups = Math.Max(1, regex.GetGroupNumbers().Length);
                for (var g = 0; g < groups; g++)
                {
                    inlineItems.Add(GroupValue(match, g, indices));
                }
            }

            if (!all)
            {
                break;
            }

            // An empty match must still advance, or -all would loop forever.
            match = match.Length == 0 ? (match.Index + 1 <= subject.Length ? regex.Match(subject, match.Index + 1) : Match.Empty) : match.NextMatch();
        }

        if (inline)
        {
            return TclResult.Ok(TclList.Format(inlineItems));
        }

        for (var v = 0; v < vars.Count; v++)
        {
            var value = lastMatch is null ? (indices ? "-1 -1" : string.Empty) : GroupValue(lastMatch, v, indices);
            var set = WriteVar(vars[v], value);
            if (set.Code != TclCode.Ok)
            {
                return TclResult.Error($"couldn't set variable \"{vars[v]}\"");
            }
        }

        return all ? TclResult.FromInt(count) : TclResult.FromBool(count > 0);
    }

    private static string GroupValue(Match match, int group, bool indices)
    {
        var g = match.Groups[group];
        if (!g.Success || group >= match.Groups.Count)
        {
            return indices ? "-1 -1" : string.Empty;
        }

        return indices ? $"{g.Index} {g.Index + g.Length - 1}" : g.Value;
    }

    private Regex RegexArg(string pattern, RegexOptions options)
    {
        try
        {
            return GetRegex(pattern, options);
        }
        catch (ArgumentException e)
        {
            throw new TclResultException(TclResult.Error($"couldn't compile regular expression pattern: {e.Message}"));
        }
    }

    private TclResult CmdRegsub(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var all = false;
        var options = RegexOptions.Singleline;
        var start = 0;
        var i = 1;
        for (; i < a.Count && a[i].StartsWith('-'); i++)
        {
            switch (a[i])
            {
                case "-all": all = true; break;
                case "-nocase": options |= RegexOptions.IgnoreCase; break;
                case "-line": options = (options & ~RegexOptions.Singleline) | RegexOptions.Multiline; break;
                case "-lineanchor": options |= RegexOptions.Multiline; break;
                case "-linestop": options &= ~RegexOptions.Singleline; break;
                case "-expanded": options |= RegexOptions.IgnorePatternWhitespace; break;
                case "-start" when i + 1 < a.Count: start = (int)IntArg(a[++i]); break;
                case "--": i++; goto done;
                default: return TclResult.Error($"bad option \"{a[i]}\": must be -all, -expanded, -line, -linestop, -lineanchor, -nocase, -start, or --");
            }
        }

    done:
        if (a.Count - i is < 3 or > 4)
        {
            return WrongArgs("regsub ?-option ...? exp string subSpec ?varName?");
        }

        var regex = RegexArg(a[i], options);
        var subject = a[i + 1];
        var spec = a[i + 2];
        var count = 0;
        var sb = new StringBuilder();
        start = Math.Clamp(start, 0, subject.Length);
        sb.Append(subject, 0, start);
        var position = start;
        var match = regex.Match(subject, start);
        while (match.Success)
        {
            count++;
            sb.Append(subject, position, match.Index - position);
            AppendSubstitution(sb, spec, match);
            position = match.Index + match.Length;
            if (!all)
            {
                break;
            }

            if (match.Length == 0)
            {
                if (position < subject.Length)
                {
                    sb.Append(subject[position]);
                }

                position++;
                if (position > subject.Length)
                {
                    break;
                }

                match = regex.Match(subject, position);
            }
            else
            {
                match = match.NextMatch();
            }
        }

        if (position < subject.Length)
        {
            sb.Append(subject, position, subject.Length - position);
        }

        if (a.Count - i == 4)
        {
            var set = WriteVar(a[i + 3], sb.ToString());
            return set.Code != TclCode.Ok ? set : TclResult.FromInt(count);
        }

        return TclResult.Ok(sb.ToString());
    }

    /// <summary>Expands a regsub subSpec: &amp; and \0 are the match, \1..\9 the groups, \&amp; and \\ literals.</summary>
    private static void AppendSubstitution(StringBuilder sb, string spec, Match match)
    {
        for (var k = 0; k < spec.Length; k++)
        {
            var c = spec[k];
            if (c == '&')
            {
                sb.Append(match.Value);
            }
            else if (c == '\\' && k + 1 < spec.Length)
            {
                var n = spec[k + 1];
                if (char.IsAsciiDigit(n))
                {
                    var g = match.Groups[n - '0'];
                    if (n - '0' < match.Groups.Count && g.Success)
                    {
                        sb.Append(g.Value);
                    }
                }
                else if (n is '&' or '\\')
                {
                    sb.Append(n);
                }
                else
                {
                    sb.Append(c).Append(n);
                }

                k++;
            }
            else
            {
                sb.Append(c);
            }
        }
    }
}
