using System.Globalization;
using System.Numerics;
using System.Text;

namespace Framework.Util;

/// <summary>
/// Genode's textual formatting of LOG arguments (<c>base/output.h</c>, <c>base/log.h</c>) and the
/// way <c>log()</c> messages are cut into LOG-session writes.
/// </summary>
public static class LogFormat
{
    /// <summary>Capacity of one LOG-session write including the terminating NUL (Log_session::MAX_STRING_LEN).</summary>
    public const int MaxStringLength = 232;

    /// <summary>
    /// Concatenates <paramref name="args"/> as Genode's <c>print</c> overloads would: numbers in
    /// decimal (invariant culture), doubles and floats as <see cref="Double(double, int)"/>, bools
    /// as true/false, enums by name, null as <c>&lt;null-string&gt;</c>.
    /// </summary>
    public static string Format(params ReadOnlySpan<object?> args)
    {
        var sb = new StringBuilder();
        foreach (var arg in args)
            sb.Append(FormatOne(arg));
        return sb.ToString();
    }

    private static string FormatOne(object? arg) => arg switch
    {
        null => "<null-string>",
        string s => s,
        double d => Double(d),
        float f => Double(f, 3),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => arg.ToString() ?? "",
    };

    /// <summary>
    /// Genode's floating-point output: the integer part, '.', then fractional digits produced by
    /// repeated multiplication until the remainder is zero or <paramref name="digits"/> are
    /// printed. The first fractional digit is always printed and the loop stops only after a
    /// digit, hence <c>4.0</c> and the characteristic trailing zero of <c>1.70</c>.
    /// </summary>
    public static string Double(double value, int digits = 6)
    {
        if (double.IsNaN(value))
            return "nan";
        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";

        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
            value = -value;
        }
        // Beyond 2^64 Genode's integer cast is undefined; print the integral value instead.
        if (value >= 18446744073709551616.0)
            return sb.Append(value.ToString("F0", CultureInfo.InvariantCulture)).Append(".0").ToString();

        ulong integer = (ulong)value;
        sb.Append(integer.ToString(CultureInfo.InvariantCulture)).Append('.');
        double rest = value;
        if (digits > 0)
        {
            do
            {
                rest -= integer;
                rest *= 10;
                integer = (ulong)rest;
                sb.Append((char)('0' + (int)integer));
                digits--;
            } while (digits > 0 && rest > 0.0);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Genode's <c>Hex(value, prefix, pad)</c>: lower-case hex digits, masked to the width of
    /// <typeparamref name="T"/> so that negative values show their two's complement, optionally
    /// with "0x" and zero-padded to the full width.
    /// </summary>
    public static string Hex<T>(T value, bool prefix = true, bool pad = false) where T : IBinaryInteger<T>
    {
        int digits = value.GetByteCount() * 2;
        ulong raw = ulong.CreateTruncating(value);
        if (digits < 16)
            raw &= (1UL << (4 * digits)) - 1;
        string text = raw.ToString(pad ? "x" + digits.ToString(CultureInfo.InvariantCulture) : "x", CultureInfo.InvariantCulture);
        return prefix ? "0x" + text : text;
    }

    /// <summary>
    /// Genode's <c>Hex_range&lt;T&gt;(base, len)</c>: <c>[base,end)</c> zero-padded to the type's
    /// width, <c>[base,last]</c> if the range ends exactly at the type's limit, and a note for an
    /// empty range or one that wraps around.
    /// </summary>
    public static string HexRange<T>(T @base, T length) where T : IBinaryInteger<T>, IUnsignedNumber<T>
    {
        T end = unchecked(@base + length);
        string from = Hex(@base, prefix: false, pad: true);
        if (end == T.Zero && length != T.Zero)
            return $"[{from},{Hex(end - T.One, prefix: false, pad: true)}]";
        string text = $"[{from},{Hex(end, prefix: false, pad: true)})";
        if (length == T.Zero)
            text += " (empty!)";
        else if (end < @base)
            text += " (overflow!)";
        return text;
    }

    /// <summary>
    /// Cuts a <c>log()</c> message into the writes Genode's buffered LOG output sends: the message
    /// plus a final line break, flushed after every line break and whenever
    /// <see cref="MaxStringLength"/> - 1 characters are buffered. A message that fills the buffer
    /// exactly therefore produces a trailing write of just "\n", which core prints as an empty line.
    /// </summary>
    public static IReadOnlyList<string> SessionWrites(string message)
    {
        var writes = new List<string>();
        var buffer = new StringBuilder(MaxStringLength);
        foreach (char c in message + "\n")
        {
            buffer.Append(c);
            if (c == '\n' || buffer.Length >= MaxStringLength - 1)
            {
                writes.Add(buffer.ToString());
                buffer.Clear();
            }
        }
        if (buffer.Length > 0)
            writes.Add(buffer.ToString());
        return writes;
    }

    /// <summary>
    /// The lines core's LOG service prints for one write of a session labelled
    /// <paramref name="label"/>: <c>[label] text</c>, one per line of the write, where a single
    /// trailing line break only terminates the last line. An empty label prints no prefix.
    /// </summary>
    public static IReadOnlyList<string> CoreLines(string label, string write)
    {
        string text = write.EndsWith('\n') ? write[..^1] : write;
        string prefix = label.Length == 0 ? "" : $"[{label}] ";
        return [.. text.Split('\n').Select(line => prefix + line)];
    }
}
