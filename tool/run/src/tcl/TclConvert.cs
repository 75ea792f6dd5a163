using System.Globalization;
using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>Tcl's string-to-number and number-to-string rules (Tcl 8.6: leading 0 means octal, shortest round-trip doubles).</summary>
public static class TclConvert
{
    /// <summary>Parses a Tcl integer: optional blanks and sign, then decimal, 0x hex, 0o/leading-0 octal or 0b binary.</summary>
    public static bool TryParseInt(string text, out long value)
    {
        value = 0;
        var s = text.AsSpan().Trim();
        if (s.Length == 0)
        {
            return false;
        }

        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        var radix = 10;
        if (s.Length > 1 && s[0] == '0')
        {
            switch (s[1])
            {
                case 'x' or 'X': radix = 16; s = s[2..]; break;
                case 'o' or 'O': radix = 8; s = s[2..]; break;
                case 'b' or 'B': radix = 2; s = s[2..]; break;
                case 'd' or 'D': radix = 10; s = s[2..]; break;
                default: radix = 8; s = s[1..]; break;
            }

            if (s.Length == 0)
            {
                return false;
            }
        }

        ulong acc = 0;
        foreach (var c in s)
        {
            int digit;
            if (c is >= '0' and <= '9')
            {
                digit = c - '0';
            }
            else if (c is >= 'a' and <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c is >= 'A' and <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            if (digit >= radix)
            {
                return false;
            }

            // Wraps beyond 64 bits: this interpreter has no bignums.
            acc = unchecked((acc * (ulong)radix) + (ulong)digit);
        }

        value = negative ? unchecked(-(long)acc) : unchecked((long)acc);
        return true;
    }

    /// <summary>Parses a Tcl floating-point value (integers included; Inf and NaN as Tcl spells them).</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        if (TryParseInt(text, out var integer))
        {
            value = integer;
            return true;
        }

        var s = text.AsSpan().Trim();
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        // .NET accepts forms Tcl does not (e.g. thousands separators are off, but "∞" is not); check the characters first.
        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        // "08" is an invalid octal integer to Tcl, not the double 8.
        if (body.Length > 1 && body[0] == '0' && !body.ContainsAny(['.', 'e', 'E']))
        {
            return false;
        }

        var sawDigit = false;
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c))
            {
                sawDigit = true;
            }
            else if (c is not ('.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }

        return sawDigit && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses a Tcl boolean: numbers (non-zero is true) or unique prefixes of true/false/yes/no/on/off.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        value = false;
        if (TryParseDouble(text, out var number) && !double.IsNaN(number))
        {
            value = number != 0;
            return true;
        }

        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0)
        {
            return false;
        }

        if (s == "o")
        {
            return false;
        }

        foreach (var (word, result) in BooleanWords)
        {
            if (word.StartsWith(s, StringComparison.Ordinal) && (s.Length >= 2 || word[0] != 'o'))
            {
                value = result;
                return true;
            }
        }

        return false;
    }

    private static readonly (string Word, bool Value)[] BooleanWords =
        [("true", true), ("false", false), ("yes", true), ("no", false), ("on", true), ("off", false)];

    public static string FormatInt(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a double as Tcl 8.5+ does: the shortest string that reads back the same, always recognisable as a double.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R" gives the shortest round-trip digits; re-lay them out with Tcl's rules.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        var exponent = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..ePos];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? r.Remove(dot, 1) : r;
        var pointPos = (dot >= 0 ? dot : r.Length) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..];
        pointPos -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // pointPos: digits d1d2.. represent 0.d1d2.. * 10^pointPos.
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        // Tcl_PrintDouble: exponent form below 1e-4 and from 1e17 on, written as "e%+d".
        if (pointPos <= -4 || pointPos > 17)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var e = pointPos - 1;
            sb.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }
        else if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }

        return sb.ToString();
    }
}
