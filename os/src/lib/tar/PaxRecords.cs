using System.Text;

namespace Framework.Os.Tar;

/// <summary>
/// pax extended-header records (POSIX.1-2001): <c>"%d %s=%s\n"</c>, the decimal length counting
/// the whole record including itself and the newline.
/// </summary>
internal static class PaxRecords
{
    /// <summary>Adds every record of <paramref name="data"/> to <paramref name="into"/> (later ones win); returns null or why the data is malformed.</summary>
    public static string? Parse(ReadOnlySpan<byte> data, Dictionary<string, byte[]> into)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            // Some writers pad the data with NULs after the last record.
            if (data[pos] == 0 && !data[pos..].ContainsAnyExcept((byte)0))
                return null;
            int space = data[pos..].IndexOf((byte)' ');
            if (space <= 0 || space > 10)
                return $"record at byte {pos} has no length";
            long length = 0;
            foreach (byte c in data.Slice(pos, space))
            {
                if (c is < (byte)'0' or > (byte)'9')
                    return $"record at byte {pos} has a length '{TarFields.Printable(data.Slice(pos, space))}' that is no decimal number";
                length = length * 10 + (c - '0');
            }
            if (length < space + 3 || length > data.Length - pos)
                return $"record at byte {pos} claims {length} bytes, {data.Length - pos} are left";
            var record = data.Slice(pos, (int)length);
            if (record[^1] != (byte)'\n')
                return $"record at byte {pos} does not end with a newline";
            var body = record[(space + 1)..^1];
            int eq = body.IndexOf((byte)'=');
            if (eq <= 0)
                return $"record at byte {pos} has no keyword=value";
            into[Encoding.UTF8.GetString(body[..eq])] = body[(eq + 1)..].ToArray();
            pos += (int)length;
        }
        return null;
    }

    /// <summary>A non-negative decimal integer (size, uid, gid).</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
            return false;
        foreach (byte c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>A pax time: optional '-', decimal seconds, optional fraction (dropped).</summary>
    public static bool TryTime(ReadOnlySpan<byte> text, out long seconds)
    {
        seconds = 0;
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        if (negative)
            text = text[1..];
        int dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        if (dot >= 0 && (text[(dot + 1)..].IsEmpty || text[(dot + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9')))
            return false;
        if (!TryDecimal(whole, out seconds))
            return false;
        if (negative)
            seconds = -seconds;
        return true;
    }
}
