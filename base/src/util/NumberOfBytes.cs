using System.Globalization;

namespace Framework.Util;

/// <summary>
/// A byte count as written in Genode configurations and session arguments: decimal or
/// <c>0x</c>-prefixed hexadecimal, optionally followed by a K, M or G suffix (powers of 1024).
/// </summary>
public readonly record struct NumberOfBytes(ulong Value) : IComparable<NumberOfBytes>
{
    public static implicit operator ulong(NumberOfBytes n) => n.Value;
    public static implicit operator NumberOfBytes(ulong value) => new(value);

    public int CompareTo(NumberOfBytes other) => Value.CompareTo(other.Value);
    public static bool operator <(NumberOfBytes a, NumberOfBytes b) => a.Value < b.Value;
    public static bool operator >(NumberOfBytes a, NumberOfBytes b) => a.Value > b.Value;
    public static bool operator <=(NumberOfBytes a, NumberOfBytes b) => a.Value <= b.Value;
    public static bool operator >=(NumberOfBytes a, NumberOfBytes b) => a.Value >= b.Value;

    /// <summary>Parses the whole of <paramref name="text"/>; surrounding whitespace is not allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NumberOfBytes result)
    {
        bool ok = GenodeNumber.TryParseUnsignedWithSuffix(text, out ulong value);
        result = ok ? new NumberOfBytes(value) : default;
        return ok;
    }

    public static NumberOfBytes Parse(string text) =>
        TryParse(text, out var result) ? result : throw new FormatException($"invalid number of bytes '{text}'");

    /// <summary>
    /// The shortest exact form with a suffix, as Genode's <c>Number_of_bytes</c> prints it
    /// (e.g. <c>16M</c>, <c>1536K</c>, <c>100</c>).
    /// </summary>
    public override string ToString()
    {
        const ulong kilo = 1024, mega = kilo * 1024, giga = mega * 1024;
        if (Value != 0 && Value % giga == 0) return (Value / giga).ToString(CultureInfo.InvariantCulture) + "G";
        if (Value != 0 && Value % mega == 0) return (Value / mega).ToString(CultureInfo.InvariantCulture) + "M";
        if (Value != 0 && Value % kilo == 0) return (Value / kilo).ToString(CultureInfo.InvariantCulture) + "K";
        return Value.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Genode's number syntax (<c>ascii_to</c>), shared by XML attributes and argument strings.</summary>
internal static class GenodeNumber
{
    /// <summary>Decimal or 0x-hexadecimal digits, nothing else; false on overflow.</summary>
    public static bool TryParseUnsigned(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        int radix = 10;
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            radix = 16;
            s = s[2..];
        }
        if (s.IsEmpty)
            return false;
        foreach (char c in s)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' when radix == 16 => c - 'a' + 10,
                >= 'A' and <= 'F' when radix == 16 => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
                return false;
            ulong next = unchecked(value * (ulong)radix + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
                return false;
            value = next;
        }
        return true;
    }

    /// <summary>Unsigned number with an optional K/M/G suffix; false on overflow.</summary>
    public static bool TryParseUnsignedWithSuffix(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        int shift = 0;
        if (!s.IsEmpty)
        {
            shift = s[^1] switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
            // "0x1G" would otherwise be ambiguous with nothing, but 'G' is no hex digit, so a
            // trailing suffix letter is always a suffix.
            if (shift != 0)
                s = s[..^1];
        }
        if (!TryParseUnsigned(s, out ulong raw))
            return false;
        if (shift != 0 && raw > ulong.MaxValue >> shift)
            return false;
        value = raw << shift;
        return true;
    }

    /// <summary>Signed number: optional '+' or '-', then the unsigned syntax with suffix.</summary>
    public static bool TryParseSigned(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        bool negative = false;
        if (!s.IsEmpty && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (!TryParseUnsignedWithSuffix(s, out ulong magnitude))
            return false;
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
                return false;
            value = unchecked(-(long)magnitude);
            return true;
        }
        if (magnitude > long.MaxValue)
            return false;
        value = (long)magnitude;
        return true;
    }

    /// <summary>Genode's boolean words; anything else is not a boolean.</summary>
    public static bool TryParseBool(ReadOnlySpan<char> s, out bool value)
    {
        switch (s)
        {
            case "yes" or "true" or "on":
                value = true;
                return true;
            case "no" or "false" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
