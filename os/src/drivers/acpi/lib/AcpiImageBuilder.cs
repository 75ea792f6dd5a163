using System.Buffers.Binary;
using System.Text;

namespace Framework.Os.Acpi;

/// <summary>Where the builder puts the RSDP: in the BIOS area, or in the EBDA named by the word at 0x40E.</summary>
public enum RsdpPlacement
{
    BiosArea,
    Ebda,
}

/// <summary>A built firmware image: the memory and where each structure went.</summary>
public sealed record FirmwareImage(SparsePhysicalMemory Memory, ulong RsdpAddress, ulong RsdtAddress, ulong? XsdtAddress,
    IReadOnlyList<(string Signature, ulong Address)> Tables);

/// <summary>
/// Places real ACPI tables into a modelled machine's physical memory the way firmware does, so
/// that the parser finds them exactly as on hardware (data/acpi/README section 4): the low
/// megabyte (BDA, EBDA, BIOS area) present, the tables from <see cref="TableBase"/> on, the
/// FADT's FACS and DSDT pointers (and X_ fields where the FADT has them) patched to where those
/// went (a set without a FADT gets a minimal one), an RSDT (and for revision 2 an XSDT) listing the other tables, an RSDP pointing at them,
/// and every checksum fixed. The machine model uses it to give its guests firmware tables.
/// </summary>
public sealed class AcpiImageBuilder
{
    public ulong TableBase { get; init; } = 0x7FFF0000;

    public RsdpPlacement Placement { get; init; } = RsdpPlacement.BiosArea;

    /// <summary>RSDP address in the BIOS area (16-byte aligned, 0xE0000-0xFFFEC).</summary>
    public ulong BiosRsdpAddress { get; init; } = 0xF5A40;

    /// <summary>EBDA start (16-byte aligned, below 0xA0000); its segment is written at 0x40E.</summary>
    public ulong EbdaAddress { get; init; } = 0x9FC00;

    /// <summary>0 for an ACPI 1.0 RSDP (RSDT only), 2 for one with an XSDT as well.</summary>
    public byte RsdpRevision { get; init; }

    public string OemId { get; init; } = "FWKIMG";

    /// <summary>
    /// Builds the image from table files (RSDP, RSDT and XSDT among them are ignored: the builder
    /// makes its own). The RSDT lists the tables in the given order, except DSDT and FACS, which
    /// the FADT points to.
    /// </summary>
    public FirmwareImage Build(IEnumerable<(string File, byte[] Content)> tables)
    {
        var input = tables.Where(t => t.Content.Length >= 4 && Sig(t.Content) is not ("RSD " or "RSDT" or "XSDT"))
            .Select(t => (Signature: Sig(t.Content), Bytes: (byte[])t.Content.Clone())).ToList();
        var memory = new SparsePhysicalMemory();
        memory.Map(0, 0x100000);

        ulong next = TableBase;
        var placed = new List<(string Signature, ulong Address)>();
        ulong Place(byte[] bytes, string signature, ulong alignment)
        {
            next = (next + alignment - 1) / alignment * alignment;
            ulong at = next;
            memory.Write(at, bytes);
            placed.Add((signature, at));
            next += (ulong)bytes.Length;
            return at;
        }

        var dsdt = input.FirstOrDefault(t => t.Signature == "DSDT").Bytes;
        var facs = input.FirstOrDefault(t => t.Signature == "FACS").Bytes;
        ulong dsdtAt = dsdt is null ? 0 : Place(dsdt, "DSDT", 16);
        ulong facsAt = facs is null ? 0 : Place(facs, "FACS", 64);

        // Firmware always has a FADT to point at the DSDT; a set with a DSDT alone (the Xen
        // DSDT) gets a minimal ACPI 1.0 one.
        if (dsdt is not null && !input.Any(t => t.Signature == "FACP"))
            input.Insert(0, ("FACP", MinimalFadt()));

        var listed = new List<ulong>();
        foreach (var (signature, bytes) in input)
        {
            if (signature is "DSDT" or "FACS")
                continue;
            if (signature == "FACP")
                PatchFadt(bytes, dsdtAt, facsAt);
            listed.Add(Place(bytes, signature, 16));
        }

        ulong rsdtAt = Place(RootTable("RSDT", listed, 4), "RSDT", 16);
        ulong? xsdtAt = RsdpRevision >= 2 ? Place(RootTable("XSDT", listed, 8), "XSDT", 16) : null;

        var rsdp = Rsdp(rsdtAt, xsdtAt);
        ulong rsdpAt;
        if (Placement == RsdpPlacement.Ebda)
        {
            rsdpAt = EbdaAddress;
            var segment = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(segment, (ushort)(EbdaAddress >> 4));
            memory.Write(RsdpSearch.EbdaPointer, segment);
        }
        else
        {
            rsdpAt = BiosRsdpAddress;
        }
        memory.Write(rsdpAt, rsdp);
        return new FirmwareImage(memory, rsdpAt, rsdtAt, xsdtAt, placed);
    }

    private static string Sig(byte[] b) => Encoding.ASCII.GetString(b, 0, 4);

    /// <summary>FIRMWARE_CTRL (36) and DSDT (40); X_FIRMWARE_CTRL (132) and X_DSDT (140) when the FADT is long enough.</summary>
    private static void PatchFadt(byte[] fadt, ulong dsdt, ulong facs)
    {
        if (fadt.Length >= 44)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fadt.AsSpan(36), (uint)facs);
            BinaryPrimitives.WriteUInt32LittleEndian(fadt.AsSpan(40), (uint)dsdt);
        }
        if (fadt.Length >= 140)
            BinaryPrimitives.WriteUInt64LittleEndian(fadt.AsSpan(132), facs);
        if (fadt.Length >= 148)
            BinaryPrimitives.WriteUInt64LittleEndian(fadt.AsSpan(140), dsdt);
        FixChecksum(fadt, 9, fadt.Length);
    }

    /// <summary>A 116-byte revision-1 FADT with nothing but the header (pointers are patched later).</summary>
    private byte[] MinimalFadt()
    {
        var t = Header("FACP", 116, 1);
        FixChecksum(t, 9, t.Length);
        return t;
    }

    private byte[] Header(string signature, int length, byte revision)
    {
        var t = new byte[length];
        Encoding.ASCII.GetBytes(signature).CopyTo(t, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)length);
        t[8] = revision;
        Encoding.ASCII.GetBytes(OemId.PadRight(6)[..6]).CopyTo(t, 10);
        Encoding.ASCII.GetBytes("FWKIMAGE").CopyTo(t, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(24), 1);
        Encoding.ASCII.GetBytes("FWKB").CopyTo(t, 28);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(32), 1);
        return t;
    }

    private byte[] RootTable(string signature, List<ulong> entries, int entrySize)
    {
        var t = Header(signature, SdtHeader.Size + (entries.Count * entrySize), 1);
        for (int i = 0; i < entries.Count; i++)
        {
            if (entrySize == 8)
                BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(SdtHeader.Size + (8 * i)), entries[i]);
            else
                BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(SdtHeader.Size + (4 * i)), (uint)entries[i]);
        }
        FixChecksum(t, 9, t.Length);
        return t;
    }

    private byte[] Rsdp(ulong rsdt, ulong? xsdt)
    {
        var r = new byte[xsdt is null ? Acpi.Rsdp.Size1 : Acpi.Rsdp.Size2];
        "RSD PTR "u8.CopyTo(r);
        Encoding.ASCII.GetBytes(OemId.PadRight(6)[..6]).CopyTo(r, 9);
        r[15] = xsdt is null ? (byte)0 : RsdpRevision;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(16), (uint)rsdt);
        FixChecksum(r, 8, Acpi.Rsdp.Size1);
        if (xsdt is { } x)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(20), Acpi.Rsdp.Size2);
            BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(24), x);
            FixChecksum(r, 32, Acpi.Rsdp.Size2);
        }
        return r;
    }

    /// <summary>Sets byte <paramref name="at"/> so that the first <paramref name="length"/> bytes add up to 0.</summary>
    public static void FixChecksum(byte[] bytes, int at, int length)
    {
        bytes[at] = 0;
        bytes[at] = (byte)(0x100 - Le.Sum(bytes.AsSpan(0, length)));
    }
}
