namespace Framework.Os.Acpi;

/// <summary>The 36-byte header every ACPI system description table starts with (ACPI 5.2.6).</summary>
public sealed record SdtHeader(string Signature, uint Length, byte Revision, byte Checksum, string OemId, string OemTableId,
    uint OemRevision, string CreatorId, uint CreatorRevision)
{
    public const int Size = 36;

    /// <summary>Reads the header fields from the first 36 bytes (the caller checks there are 36).</summary>
    public static SdtHeader Parse(ReadOnlySpan<byte> b) => new(Le.Ascii(b[..4]), Le.U32(b, 4), b[8], b[9], Le.Ascii(b.Slice(10, 6)),
        Le.Ascii(b.Slice(16, 8)), Le.U32(b, 24), Le.Ascii(b.Slice(28, 4)), Le.U32(b, 32));
}
