namespace Framework.Os.Acpi;

/// <summary>
/// The fields of the Fixed ACPI Description Table ("FACP", ACPI 5.2.9) the driver and the dump
/// use. 12.02 reads only the 32-bit DSDT pointer at offset 40; here the 64-bit X_FIRMWARE_CTRL
/// (132) and X_DSDT (140) take precedence when the table is long enough to hold them and they
/// are non-zero, as the specification asks. Fields beyond the table's length read as null.
/// </summary>
public sealed record Fadt(byte Revision, uint Length, uint FirmwareCtrl, uint Dsdt, byte? PreferredPmProfile, ushort? SciInterrupt,
    uint? SmiCommand, uint? Pm1aEventBlock, uint? Pm1aControlBlock, uint? PmTimerBlock, uint? Flags, ulong? XFirmwareCtrl, ulong? XDsdt)
{
    /// <summary>Shortest FADT the DSDT pointer fits in.</summary>
    public const int MinimumLength = 44;

    public ulong DsdtAddress => XDsdt is > 0 ? XDsdt.Value : Dsdt;

    public string DsdtField => XDsdt is > 0 ? "X_DSDT" : "DSDT";

    public ulong FacsAddress => XFirmwareCtrl is > 0 ? XFirmwareCtrl.Value : FirmwareCtrl;

    public string FacsField => XFirmwareCtrl is > 0 ? "X_FIRMWARE_CTRL" : "FIRMWARE_CTRL";

    /// <summary>Decodes a FACP table; null with a problem when it is too short for the DSDT pointer.</summary>
    public static Fadt? Parse(AcpiTable table, List<AcpiProblem> problems)
    {
        byte[] b = table.Bytes;
        if (b.Length < MinimumLength)
        {
            problems.Add(new AcpiProblem(table.Where, 40, $"FADT of {b.Length} bytes is too short for the DSDT pointer at offset 40"));
            return null;
        }
        byte? U8(int o) => o + 1 <= b.Length ? b[o] : null;
        ushort? U16(int o) => o + 2 <= b.Length ? Le.U16(b, o) : null;
        uint? U32(int o) => o + 4 <= b.Length ? Le.U32(b, o) : null;
        ulong? U64(int o) => o + 8 <= b.Length ? Le.U64(b, o) : null;
        return new Fadt(b[8], (uint)b.Length, Le.U32(b, 36), Le.U32(b, 40), U8(45), U16(46), U32(48), U32(56), U32(64), U32(76),
            U32(112), U64(132), U64(140));
    }
}
