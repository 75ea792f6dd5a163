using System.Globalization;

namespace Framework.Util;

/// <summary>Conversion of attribute text to the types <see cref="XmlNode.Attribute{T}"/> supports.</summary>
internal static class XmlValue
{
    private const NumberStyles FloatStyle =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static bool TryConvert<T>(string text, out T value)
    {
        // typeof(T) comparisons are folded by the JIT per instantiation, so only one branch remains.
        object? result = null;
        var s = text.AsSpan();
        if (typeof(T) == typeof(string))
            result = text;
        else if (typeof(T) == typeof(bool))
            result = GenodeNumber.TryParseBool(s, out bool b) ? b : null;
        else if (typeof(T) == typeof(NumberOfBytes))
            result = NumberOfBytes.TryParse(s, out var n) ? n : null;
        else if (typeof(T) == typeof(ulong))
            result = GenodeNumber.TryParseUnsignedWithSuffix(s, out ulong ul) ? ul : null;
        else if (typeof(T) == typeof(uint))
            result = GenodeNumber.TryParseUnsignedWithSuffix(s, out ulong u) && u <= uint.MaxValue ? (uint)u : null;
        else if (typeof(T) == typeof(ushort))
            result = GenodeNumber.TryParseUnsignedWithSuffix(s, out ulong us) && us <= ushort.MaxValue ? (ushort)us : null;
        else if (typeof(T) == typeof(byte))
            result = GenodeNumber.TryParseUnsignedWithSuffix(s, out ulong by) && by <= byte.MaxValue ? (byte)by : null;
        else if (typeof(T) == typeof(long))
            result = GenodeNumber.TryParseSigned(s, out long l) ? l : null;
        else if (typeof(T) == typeof(int))
            result = GenodeNumber.TryParseSigned(s, out long i) && i is >= int.MinValue and <= int.MaxValue ? (int)i : null;
        else if (typeof(T) == typeof(double))
            result = double.TryParse(s, FloatStyle, CultureInfo.InvariantCulture, out double d) ? d : null;
        else if (typeof(T) == typeof(float))
            result = float.TryParse(s, FloatStyle, CultureInfo.InvariantCulture, out float f) ? f : null;
        else
            throw new NotSupportedException($"XML attributes cannot be read as {typeof(T).Name}");

        value = result is T typed ? typed : default!;
        return result is not null;
    }
}
