namespace Framework.Os.Acpi;

/// <summary>
/// The Multiple APIC Description Table ("APIC", ACPI 5.2.12): local APIC address, flags, and the
/// interrupt controller structures from offset 44 on. 12.05 walks them by their length byte
/// without bounds; here a length below 2 or past the table's end stops the walk with a problem.
/// </summary>
public sealed record Madt(uint LocalApicAddress, uint Flags, IReadOnlyList<MadtEntry> Entries)
{
    public const int EntriesOffset = 44;

    public bool PcAtCompatible => (Flags & 1) != 0;

    public IEnumerable<InterruptSourceOverride> Overrides => Entries.OfType<InterruptSourceOverride>();

    /// <summary>Decodes an APIC table; null with a problem when it is shorter than 44 bytes.</summary>
    public static Madt? Parse(AcpiTable table, List<AcpiProblem> problems)
    {
        var b = table.Bytes.AsSpan();
        if (b.Length < EntriesOffset)
        {
            problems.Add(new AcpiProblem(table.Where, 36, $"MADT of {b.Length} bytes is too short for its 44-byte fixed part"));
            return null;
        }
        var entries = new List<MadtEntry>();
        int offset = EntriesOffset;
        while (offset < b.Length)
        {
            if (offset + 2 > b.Length)
            {
                problems.Add(new AcpiProblem(table.Where, offset, "one byte left where an entry header (type, length) needs two: ignored"));
                break;
            }
            byte type = b[offset];
            byte length = b[offset + 1];
            if (length < 2)
            {
                problems.Add(new AcpiProblem(table.Where, offset + 1, $"entry of type {type} has length {length}: the rest of the MADT is not walked"));
                break;
            }
            if (offset + length > b.Length)
            {
                problems.Add(new AcpiProblem(table.Where, offset + 1,
                    $"entry of type {type} with length {length} runs past the table's end ({b.Length} bytes): ignored"));
                break;
            }
            entries.Add(Decode(b.Slice(offset, length), offset, type, length));
            offset += length;
        }
        return new Madt(Le.U32(b, 36), Le.U32(b, 40), entries);
    }

    private static MadtEntry Decode(ReadOnlySpan<byte> e, int offset, byte type, byte length) => (type, length) switch
    {
        (0, >= 8) => new LocalApic(offset, length, e[2], e[3], Le.U32(e, 4)),
        (1, >= 12) => new IoApic(offset, length, e[2], Le.U32(e, 4), Le.U32(e, 8)),
        (2, >= 10) => new InterruptSourceOverride(offset, length, e[2], e[3], Le.U32(e, 4), Le.U16(e, 8)),
        (3, >= 8) => new NmiSource(offset, length, Le.U16(e, 2), Le.U32(e, 4)),
        (4, >= 6) => new LocalApicNmi(offset, length, e[2], Le.U16(e, 3), e[5]),
        (5, >= 12) => new LocalApicAddressOverride(offset, length, Le.U64(e, 4)),
        (9, >= 16) => new LocalX2Apic(offset, length, Le.U32(e, 4), Le.U32(e, 8), Le.U32(e, 12)),
        _ => new OtherMadtEntry(offset, type, length),
    };
}
