using System.Globalization;

namespace Framework.Os.Acpi;

/// <summary>
/// Finding the RSDP as 12.02's acpi_drv does: every 16 bytes of the BIOS area 0xE0000-0xFFFFF,
/// then the first KiB of the Extended BIOS Data Area, whose segment is the 16-bit word at 0x40E.
/// (The ACPI specification lists the EBDA first; Genode's order is kept, which matters only if
/// both hold a valid RSDP.) A candidate needs "RSD PTR " and a zero sum over its first 20 bytes.
/// </summary>
public static class RsdpSearch
{
    public const ulong BiosBase = 0xE0000;
    public const int BiosSize = 0x20000;
    public const ulong EbdaPointer = 0x40E;
    public const int EbdaSearchSize = 1024;

    /// <summary>The RSDP found, or null; problems note unreadable areas and RSDPs with a bad extended checksum.</summary>
    public static Rsdp? Find(IPhysicalMemoryReader memory, List<AcpiProblem> problems)
    {
        var bios = new byte[BiosSize];
        if (memory.TryRead(BiosBase, bios))
        {
            var found = Scan(memory, BiosBase, bios, problems);
            if (found is not null)
                return found;
        }
        else
        {
            problems.Add(new AcpiProblem("RSDP search", (long)BiosBase, "BIOS area 0xE0000-0xFFFFF not readable"));
        }

        Span<byte> word = stackalloc byte[2];
        if (!memory.TryRead(EbdaPointer, word))
        {
            problems.Add(new AcpiProblem("RSDP search", (long)EbdaPointer, "EBDA segment word at 0x40E not readable"));
            return null;
        }
        ulong ebda = (ulong)Le.U16(word, 0) << 4;
        var area = new byte[EbdaSearchSize];
        if (ebda == 0 || !memory.TryRead(ebda, area))
        {
            problems.Add(new AcpiProblem("RSDP search", (long)ebda,
                string.Create(CultureInfo.InvariantCulture, $"EBDA at 0x{ebda:X} (segment word at 0x40E) not readable")));
            return null;
        }
        return Scan(memory, ebda, area, problems);
    }

    private static Rsdp? Scan(IPhysicalMemoryReader memory, ulong baseAddress, byte[] area, List<AcpiProblem> problems)
    {
        for (int offset = 0; offset + Rsdp.Size1 <= area.Length; offset += 16)
        {
            var candidate = area.AsSpan(offset);
            if (!Rsdp.Matches(candidate))
                continue;
            ulong address = baseAddress + (ulong)offset;
            // A revision-2 RSDP near the end of the area may reach past it: read its 36 bytes directly.
            var full = new byte[Rsdp.Size2];
            int have = memory.TryRead(address, full) ? Rsdp.Size2 : Math.Min(Rsdp.Size2, candidate.Length);
            if (have < Rsdp.Size2)
                candidate[..have].CopyTo(full);
            var rsdp = Rsdp.Parse(address, full.AsSpan(0, have));
            if (rsdp.Revision >= 2 && !rsdp.ExtendedChecksumValid)
                problems.Add(new AcpiProblem("RSDP", (long)address,
                    string.Create(CultureInfo.InvariantCulture, $"revision {rsdp.Revision} but length {rsdp.Length} or extended checksum invalid: XSDT ignored, RSDT used")));
            return rsdp;
        }
        return null;
    }
}
