namespace Framework.Os.Acpi;

/// <summary>
/// The Root System Description Pointer (ACPI 5.2.5.3): 20 bytes in ACPI 1.0 (revision 0), with
/// length, 64-bit XSDT address and extended checksum from revision 2 on.
/// </summary>
public sealed record Rsdp(ulong Address, string OemId, byte Revision, uint RsdtAddress, uint Length, ulong XsdtAddress, bool ExtendedChecksumValid)
{
    public const int Size1 = 20;
    public const int Size2 = 36;

    /// <summary>The XSDT address when the structure has one and its extended checksum holds, else 0.</summary>
    public ulong UsableXsdt => Revision >= 2 && ExtendedChecksumValid ? XsdtAddress : 0;

    /// <summary>"RSD PTR " and the 8-bit sum of the first 20 bytes is 0: what 12.02's search accepts.</summary>
    internal static bool Matches(ReadOnlySpan<byte> b) =>
        b.Length >= Size1 && b[..8].SequenceEqual("RSD PTR "u8) && Le.Sum(b[..Size1]) == 0;

    /// <summary>Decodes a matching structure; <paramref name="b"/> holds up to 36 bytes from its start.</summary>
    internal static Rsdp Parse(ulong address, ReadOnlySpan<byte> b)
    {
        byte revision = b[15];
        if (revision < 2 || b.Length < Size2)
            return new Rsdp(address, Le.Ascii(b.Slice(9, 6)), revision, Le.U32(b, 16), Size1, 0, false);
        uint length = Le.U32(b, 20);
        bool extended = length == Size2 && Le.Sum(b[..Size2]) == 0;
        return new Rsdp(address, Le.Ascii(b.Slice(9, 6)), revision, Le.U32(b, 16), length, Le.U64(b, 24), extended);
    }
}
