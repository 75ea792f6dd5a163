namespace Framework.Os.Acpi;

/// <summary>The Firmware ACPI Control Structure (ACPI 5.2.10): no checksum, a 64-byte minimum.</summary>
public sealed record Facs(uint Length, uint HardwareSignature, uint FirmwareWakingVector, uint GlobalLock, uint Flags,
    ulong XFirmwareWakingVector, byte Version)
{
    public const int MinimumLength = 64;

    public static Facs Parse(AcpiTable table)
    {
        var b = table.Bytes.AsSpan();
        return new Facs((uint)b.Length, Le.U32(b, 8), Le.U32(b, 12), Le.U32(b, 16), Le.U32(b, 20), Le.U64(b, 24), b[32]);
    }
}
