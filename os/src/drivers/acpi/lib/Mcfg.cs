namespace Framework.Os.Acpi;

/// <summary>One memory-mapped configuration space allocation: ECAM base, PCI segment and bus range.</summary>
public sealed record McfgAllocation(int Offset, ulong BaseAddress, ushort Segment, byte StartBus, byte EndBus);

/// <summary>
/// The PCI Express memory-mapped configuration table ("MCFG", PCI Firmware spec 4.1.2): 8
/// reserved bytes after the header, then 16-byte allocations. Genode parses it from 13.x on.
/// </summary>
public sealed record Mcfg(IReadOnlyList<McfgAllocation> Allocations)
{
    public const int AllocationsOffset = 44;
    public const int AllocationSize = 16;

    public static Mcfg? Parse(AcpiTable table, List<AcpiProblem> problems)
    {
        var b = table.Bytes.AsSpan();
        if (b.Length < AllocationsOffset)
        {
            problems.Add(new AcpiProblem(table.Where, 36, $"MCFG of {b.Length} bytes is too short for its 44-byte fixed part"));
            return null;
        }
        var list = new List<McfgAllocation>();
        int offset = AllocationsOffset;
        for (; offset + AllocationSize <= b.Length; offset += AllocationSize)
            list.Add(new McfgAllocation(offset, Le.U64(b, offset), Le.U16(b, offset + 8), b[offset + 10], b[offset + 11]));
        if (offset != b.Length)
            problems.Add(new AcpiProblem(table.Where, offset, $"{b.Length - offset} bytes after the last whole allocation ignored"));
        return new Mcfg(list);
    }
}
