using System.Text;

namespace Framework.Os.Tar;

/// <summary>The fields of a 512-byte tar header and how each format encodes numbers and strings.</summary>
internal static class TarFields
{
    public const int BlockSize = 512;

    public const int NameOffset = 0, NameLength = 100;
    public const int ModeOffset = 100, UidOffset = 108, GidOffset = 116;
    public const int SizeOffset = 124, MTimeOffset = 136, ChecksumOffset = 148;
    public const int TypeFlagOffset = 156;
    public const int LinkNameOffset = 157, LinkNameLength = 100;
    public const int MagicOffset = 257;
    public const int DevMajorOffset = 329, DevMinorOffset = 337;
    public const int PrefixOffset = 345, PrefixLength = 155;

    // Old GNU sparse headers ('S'): four map entries, the extension flag and the real size.
    public const int GnuSparseIsExtendedOffset = 482, GnuSparseRealSizeOffset = 483;
    public const int GnuSparseExtensionIsExtendedOffset = 504;

    /// <summary>"ustar\0" "00": POSIX ustar, whose prefix field extends the name.</summary>
    public static bool IsPosixUstar(ReadOnlySpan<byte> header) =>
        header.Slice(MagicOffset, 8).SequenceEqual("ustar\000"u8);

    /// <summary>"ustar  \0": old GNU format (its prefix area holds other fields).</summary>
    public static bool IsGnu(ReadOnlySpan<byte> header) => header.Slice(MagicOffset, 8).SequenceEqual("ustar  \0"u8);

    /// <summary>A string field: the bytes up to the first NUL, or the whole field if it has none.</summary>
    public static ReadOnlySpan<byte> Str(ReadOnlySpan<byte> header, int offset, int length)
    {
        var field = header.Slice(offset, length);
        int nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }

    /// <summary>
    /// A numeric field as GNU tar and Python's tarfile read it: base-256 if the first byte is 0x80
    /// (positive) or 0xff (negative, two's complement), else octal digits up to the first NUL,
    /// surrounded by spaces, empty meaning 0. False (with the reason) for anything else.
    /// </summary>
    public static bool TryNumber(ReadOnlySpan<byte> field, out long value, out string error)
    {
        value = 0;
        error = "";
        if (field.Length > 0 && (field[0] == 0x80 || field[0] == 0xff))
        {
            bool negative = field[0] == 0xff;
            var digits = field[1..];
            // A two's-complement value in (len-1)*8 bits; it must fit a signed 64-bit number.
            int significant = 0;
            while (significant < digits.Length && digits[significant] == (negative ? 0xff : 0x00))
                significant++;
            if (digits.Length - significant > 8 || (digits.Length - significant == 8 && ((digits[significant] & 0x80) != 0) != negative))
            {
                error = $"base-256 number {Convert.ToHexString(field)} does not fit 64 bits";
                return false;
            }
            long v = negative ? -1 : 0;
            foreach (byte b in digits)
                v = (v << 8) | b;
            value = v;
            return true;
        }

        int nul = field.IndexOf((byte)0);
        var text = nul < 0 ? field : field[..nul];
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        ulong n = 0;
        for (int i = start; i < end; i++)
        {
            byte c = text[i];
            if (c is < (byte)'0' or > (byte)'7')
            {
                error = $"'{Printable(text)}' is not an octal number";
                return false;
            }
            if (n > (ulong)long.MaxValue >> 3)
            {
                error = $"octal number '{Printable(text)}' does not fit 63 bits";
                return false;
            }
            n = (n << 3) | (uint)(c - '0');
        }
        value = (long)n;
        return true;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary>
    /// Whether the checksum field matches the header: the sum of all bytes with the checksum
    /// field taken as eight spaces, unsigned (POSIX) or signed (old Sun and HP-UX tar).
    /// </summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> header, out long stored, out long unsignedSum, out string error)
    {
        unsignedSum = 0;
        long signedSum = 0;
        for (int i = 0; i < BlockSize; i++)
        {
            int b = i is >= ChecksumOffset and < ChecksumOffset + 8 ? ' ' : header[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }
        if (!TryNumber(header.Slice(ChecksumOffset, 8), out stored, out error))
            return false;
        return stored == unsignedSum || stored == signedSum;
    }

    /// <summary>A byte string as UTF-8 if it is valid UTF-8, else as Latin-1 (every byte one character).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>A field for an error message: printable ASCII kept, other bytes as \xNN, at most 40 bytes.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 40)])
            sb.Append(b is >= 0x20 and < 0x7f && b != (byte)'\\' ? ((char)b).ToString() : $"\\x{b:x2}");
        if (bytes.Length > 40)
            sb.Append("...");
        return sb.ToString();
    }
}
