using System.Buffers.Binary;

namespace Framework.Os.Acpi;

/// <summary>Little-endian reads of table fields; callers check the bounds first.</summary>
internal static class Le
{
    public static ushort U16(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(b[offset..]);

    public static uint U32(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);

    public static ulong U64(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]);

    /// <summary>The 8-bit sum of the bytes; ACPI structures are valid when it is 0.</summary>
    public static byte Sum(ReadOnlySpan<byte> b)
    {
        byte sum = 0;
        foreach (byte x in b)
            sum += x;
        return sum;
    }

    /// <summary>Fixed-width ASCII text with non-printable bytes shown as '.', for signatures and OEM ids.</summary>
    public static string Ascii(ReadOnlySpan<byte> b)
    {
        Span<char> c = stackalloc char[b.Length];
        for (int i = 0; i < b.Length; i++)
            c[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '.';
        return new string(c);
    }
}
