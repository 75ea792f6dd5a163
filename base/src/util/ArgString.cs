using System.Globalization;
using System.Text;

namespace Framework.Util;

/// <summary>
/// One <c>key=value</c> element of a session-argument string. A default (invalid) instance, as
/// returned for a missing key, yields the caller's defaults.
/// </summary>
public readonly struct Arg
{
    private readonly string? _key;
    private readonly string? _value;

    internal Arg(string key, string? value)
    {
        _key = key;
        _value = value;
    }

    /// <summary>True if the argument was found.</summary>
    public bool IsValid => _key is { Length: > 0 };

    public string Key => _key ?? "";

    /// <summary>The value text after '=', trimmed; empty if there is none.</summary>
    public string RawValue => _value ?? "";

    /// <summary>A non-negative number (decimal or 0x-hex, optional K/M/G suffix); <paramref name="defaultValue"/> otherwise.</summary>
    public ulong ULongValue(ulong defaultValue)
    {
        string number = Number();
        if (number.StartsWith('-'))
            return defaultValue;
        if (number.StartsWith('+'))
            number = number[1..];
        return GenodeNumber.TryParseUnsignedWithSuffix(number, out ulong value) ? value : defaultValue;
    }

    /// <summary>A signed number (optional sign, decimal or 0x-hex, optional K/M/G suffix); <paramref name="defaultValue"/> otherwise.</summary>
    public long LongValue(long defaultValue) =>
        GenodeNumber.TryParseSigned(Number(), out long value) ? value : defaultValue;

    /// <summary>The value as <see cref="NumberOfBytes"/>, e.g. for <c>ram_quota=8K</c>.</summary>
    public NumberOfBytes NumberOfBytesValue(NumberOfBytes defaultValue) => new(ULongValue(defaultValue.Value));

    /// <summary>yes/true/on or no/false/off (also quoted), or a number (non-zero is true).</summary>
    public bool BoolValue(bool defaultValue)
    {
        if (_value is null)
            return defaultValue;
        string text = Unquoted() ?? _value;
        if (GenodeNumber.TryParseBool(text, out bool b))
            return b;
        return GenodeNumber.TryParseSigned(WithoutWhitespace(text), out long n) ? n != 0 : defaultValue;
    }

    /// <summary>
    /// A double-quoted value without its quotes and with <c>\"</c> turned into <c>"</c>, or an
    /// unquoted value as written; <paramref name="defaultValue"/> if missing, empty or unterminated.
    /// </summary>
    public string StringValue(string defaultValue)
    {
        if (string.IsNullOrEmpty(_value))
            return defaultValue;
        if (_value[0] != '"')
            return _value;
        return Unquoted() ?? defaultValue;
    }

    private string Number() => WithoutWhitespace(_value ?? "");

    private static string WithoutWhitespace(string s) =>
        s.Any(Token.IsWhitespace) ? string.Concat(s.Where(c => !Token.IsWhitespace(c))) : s;

    /// <summary>The content of a quoted value, or null if the value is not exactly one terminated string.</summary>
    private string? Unquoted()
    {
        if (_value is null || _value.Length < 2 || _value[0] != '"')
            return null;
        int end = ArgString.EndOfQuote(_value, 0);
        if (end != _value.Length - 1)
            return null;
        return _value[1..end].Replace("\\\"", "\"", StringComparison.Ordinal);
    }

    public override string ToString() => _value is null ? Key : $"{Key}={_value}";
}

/// <summary>
/// Genode's session-argument strings (<c>util/arg_string.h</c>): comma-separated
/// <c>key=value</c> pairs such as <c>ram_quota=8K, label="init -> foo"</c>. Keys are identifiers
/// (letters, '_', digits after the first character); whitespace around elements is ignored.
/// </summary>
public static class ArgString
{
    /// <summary>Position and text of one comma-separated element.</summary>
    private readonly record struct Segment(int Start, int End, string Key, string? Value);

    /// <summary>Index of the quote closing the string opened at <paramref name="open"/>, or -1.</summary>
    internal static int EndOfQuote(string s, int open)
    {
        for (int i = open + 1; i < s.Length; i++)
        {
            if (s[i] == '"' && s[i - 1] != '\\')
                return i;
        }
        return -1;
    }

    private static List<Segment> Split(string? args)
    {
        var segments = new List<Segment>();
        if (string.IsNullOrEmpty(args))
            return segments;
        int start = 0;
        int i = 0;
        while (true)
        {
            if (i < args.Length && args[i] == '"')
            {
                int close = EndOfQuote(args, i);
                // An unterminated string swallows the rest, as Genode's tokenizer does.
                i = close < 0 ? args.Length : close + 1;
                continue;
            }
            if (i < args.Length && args[i] != ',')
            {
                i++;
                continue;
            }
            AddSegment(segments, args, start, i);
            if (i >= args.Length)
                return segments;
            start = ++i;
        }
    }

    private static void AddSegment(List<Segment> segments, string args, int start, int end)
    {
        string text = args[start..end];
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        int quote = text.IndexOf('"', StringComparison.Ordinal);
        if (quote >= 0 && quote < eq)
            eq = -1;
        string key = (eq < 0 ? text : text[..eq]).Trim();
        if (!IsIdentifier(key))
            return;
        string? value = eq < 0 ? null : text[(eq + 1)..].Trim();
        segments.Add(new Segment(start, end, key, value));
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0)
            return false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (!(Token.IsLetter(c) || c == '_' || (i > 0 && Token.IsDigit(c))))
                return false;
        }
        return true;
    }

    /// <summary>All well-formed elements in order.</summary>
    public static IReadOnlyList<Arg> Args(string? args) => [.. Split(args).Select(s => new Arg(s.Key, s.Value))];

    /// <summary>The first element, or an invalid <see cref="Arg"/>.</summary>
    public static Arg FirstArg(string? args)
    {
        var segments = Split(args);
        return segments.Count == 0 ? default : new Arg(segments[0].Key, segments[0].Value);
    }

    /// <summary>The first element with key <paramref name="key"/>, or an invalid <see cref="Arg"/>.</summary>
    public static Arg FindArg(string? args, string key)
    {
        foreach (var s in Split(args))
        {
            if (s.Key == key)
                return new Arg(s.Key, s.Value);
        }
        return default;
    }

    /// <summary>Removes every element with key <paramref name="key"/>, leaving the others as written.</summary>
    public static string RemoveArg(string? args, string key)
    {
        if (string.IsNullOrEmpty(args))
            return "";
        var keep = Split(args).Where(s => s.Key != key).ToList();
        if (keep.Count == Split(args).Count)
            return args;
        return string.Join(", ", keep.Select(s => args[s.Start..s.End].Trim()));
    }

    /// <summary>Appends <c>, key=value</c> (no comma if <paramref name="args"/> is empty); the value is inserted verbatim.</summary>
    public static string AddArg(string? args, string key, string value) =>
        string.IsNullOrWhiteSpace(args) ? $"{key}={value}" : $"{args}, {key}={value}";

    /// <summary>
    /// Like <see cref="AddArg"/>, but fails if the result plus a terminating NUL would exceed
    /// <paramref name="capacity"/> bytes, as Genode's fixed-size argument buffers do.
    /// </summary>
    public static bool TryAddArg(string? args, int capacity, string key, string value, out string result)
    {
        string candidate = AddArg(args, key, value);
        bool fits = Encoding.UTF8.GetByteCount(candidate) + 1 <= capacity;
        result = fits ? candidate : args ?? "";
        return fits;
    }

    /// <summary>Removes <paramref name="key"/> and appends it with the new value, so it moves to the end.</summary>
    public static string SetArg(string? args, string key, string value) => AddArg(RemoveArg(args, key), key, value);

    public static string SetArg(string? args, string key, long value) =>
        SetArg(args, key, value.ToString(CultureInfo.InvariantCulture));

    public static string SetArg(string? args, string key, ulong value) =>
        SetArg(args, key, value.ToString(CultureInfo.InvariantCulture));

    public static bool TrySetArg(string? args, int capacity, string key, string value, out string result)
    {
        bool ok = TryAddArg(RemoveArg(args, key), capacity, key, value, out result);
        if (!ok)
            result = args ?? "";
        return ok;
    }

    /// <summary>Quotes <paramref name="text"/> as a string value, escaping '"' as <c>\"</c>.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
