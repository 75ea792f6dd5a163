using System.Globalization;

namespace Framework.Os.Acpi;

/// <summary>
/// Everything acpi_drv learns from a machine's firmware tables: where they were found, each
/// table (checksum-validated), the decoded FADT, FACS, MADT (with the IRQ overrides) and MCFG,
/// the PCI routing from the DSDT and SSDTs, and every problem met on the way. Building one never
/// throws on bad tables: what cannot be used is reported in <see cref="Problems"/> and skipped.
/// </summary>
public sealed class AcpiFirmware
{
    private AcpiFirmware(Rsdp? rsdp, AcpiTable? root, IReadOnlyList<ulong> rootEntries, IReadOnlyList<AcpiTable> tables, List<AcpiProblem> problems, AcpiOptions options)
    {
        Rsdp = rsdp;
        Root = root;
        RootEntries = rootEntries;
        Tables = tables;

        Fadt = First("FACP") is { } facp ? Fadt.Parse(facp, problems) : null;
        Dsdt = First("DSDT");
        Ssdts = [.. tables.Where(t => t.Signature == "SSDT")];
        Facs = First("FACS") is { } facs ? Facs.Parse(facs) : null;
        Madt = First("APIC") is { } apic ? Madt.Parse(apic, problems) : null;
        Mcfg = First("MCFG") is { } mcfg ? Mcfg.Parse(mcfg, problems) : null;
        Overrides = Madt is null ? IrqOverrides.None : new IrqOverrides(Madt.Overrides);
        foreach (var signature in new[] { "FACP", "DSDT", "FACS", "APIC", "MCFG" })
        {
            foreach (var extra in tables.Where(t => t.Signature == signature).Skip(1))
                problems.Add(new AcpiProblem(extra.Where, 0, $"a second {signature}: the first one is used"));
        }
        if (Dsdt is null && tables.Count > 0)
            problems.Add(new AcpiProblem("tables", 0, "no usable DSDT: PCI routing comes from the SSDTs alone"));
        var aml = new List<AcpiTable>();
        if (Dsdt is not null)
            aml.Add(Dsdt);
        aml.AddRange(Ssdts);
        Routing = aml.Count == 0 ? PciRouting.Empty : PciRouting.Build(aml, options.Aml, problems);
        Problems = problems;

        AcpiTable? First(string signature) => tables.FirstOrDefault(t => t.Signature == signature);
    }

    /// <summary>The RSDP, when the tables were found in memory.</summary>
    public Rsdp? Rsdp { get; }

    /// <summary>The RSDT or XSDT that was walked.</summary>
    public AcpiTable? Root { get; }

    public IReadOnlyList<ulong> RootEntries { get; }

    /// <summary>Every usable table, in the order found (the root's entries, each FADT followed by its DSDT and FACS).</summary>
    public IReadOnlyList<AcpiTable> Tables { get; }

    public Fadt? Fadt { get; }

    public AcpiTable? Dsdt { get; }

    public IReadOnlyList<AcpiTable> Ssdts { get; }

    public Facs? Facs { get; }

    public Madt? Madt { get; }

    public Mcfg? Mcfg { get; }

    /// <summary>The MADT's interrupt source overrides as the IRQ service applies them.</summary>
    public IrqOverrides Overrides { get; }

    public PciRouting Routing { get; }

    public IReadOnlyList<AcpiProblem> Problems { get; }

    /// <summary>
    /// Finds the tables in physical memory as acpi_drv does: the RSDP (<see cref="RsdpSearch"/>),
    /// then the XSDT (when <see cref="AcpiOptions.PreferXsdt"/> and the RSDP names a valid one) or
    /// the RSDT, each of its entries, and the DSDT and FACS the FADT points to.
    /// </summary>
    /// <remarks>
    /// Departures from 12.02, which dies on the first bad table: a table with a bad checksum or
    /// length is reported and skipped; an XSDT that cannot be used falls back to the RSDT; zero
    /// and repeated entries are skipped; there is no limit of 35 entries (the root's length, itself
    /// bounded by <see cref="AcpiOptions.MaxTableLength"/>, is the limit).
    /// </remarks>
    public static AcpiFirmware Discover(IPhysicalMemoryReader memory, AcpiOptions? options = null)
    {
        options ??= AcpiOptions.Default;
        var problems = new List<AcpiProblem>();
        var rsdp = RsdpSearch.Find(memory, problems);
        if (rsdp is null)
        {
            problems.Add(new AcpiProblem("RSDP search", 0, "no RSDP in the BIOS area or the EBDA: no tables"));
            return new AcpiFirmware(null, null, [], [], problems, options);
        }

        AcpiTable? root = null;
        int entrySize = 4;
        if (options.PreferXsdt && rsdp.UsableXsdt != 0)
        {
            root = AcpiTable.Load(memory, rsdp.UsableXsdt, "XSDT", options, problems);
            entrySize = 8;
            if (root is null)
                problems.Add(new AcpiProblem("RSDP", (long)rsdp.Address, "the XSDT is not usable: falling back to the RSDT"));
        }
        if (root is null)
        {
            root = AcpiTable.Load(memory, rsdp.RsdtAddress, "RSDT", options, problems);
            entrySize = 4;
        }
        if (root is null)
            return new AcpiFirmware(rsdp, null, [], [], problems, options);

        var entries = new List<ulong>();
        int count = (root.Length - SdtHeader.Size) / entrySize;
        if ((root.Length - SdtHeader.Size) % entrySize != 0)
            problems.Add(new AcpiProblem(root.Where, SdtHeader.Size + (count * entrySize),
                $"{(root.Length - SdtHeader.Size) % entrySize} bytes after the last whole {entrySize}-byte entry ignored"));
        for (int i = 0; i < count; i++)
        {
            int offset = SdtHeader.Size + (i * entrySize);
            entries.Add(entrySize == 8 ? Le.U64(root.Bytes, offset) : Le.U32(root.Bytes, offset));
        }

        var tables = new List<AcpiTable>();
        var loaded = new HashSet<ulong>();
        for (int i = 0; i < entries.Count; i++)
        {
            ulong address = entries[i];
            int offset = SdtHeader.Size + (i * entrySize);
            if (address == 0)
            {
                problems.Add(new AcpiProblem(root.Where, offset, $"entry {i} is 0: skipped (12.02 stops at the first zero entry)"));
                continue;
            }
            if (!loaded.Add(address))
            {
                problems.Add(new AcpiProblem(root.Where, offset, Hex($"entry {i} repeats address 0x{address:X}: skipped")));
                continue;
            }
            var table = AcpiTable.Load(memory, address, null, options, problems);
            if (table is null)
                continue;
            tables.Add(table);
            if (table.Signature != "FACP")
                continue;
            var fadt = Fadt.Parse(table, []);
            if (fadt is null)
                continue;
            LoadPointed(fadt.DsdtAddress, "DSDT", fadt.DsdtField, 40);
            LoadPointed(fadt.FacsAddress, "FACS", fadt.FacsField, 36);

            void LoadPointed(ulong target, string signature, string field, int fieldOffset)
            {
                if (target == 0 && signature == "FACS")
                    return; // legal: hardware-reduced ACPI has no FACS
                if (target == 0)
                {
                    problems.Add(new AcpiProblem(table.Where, fieldOffset, $"{field} is 0: no {signature}"));
                    return;
                }
                if (!loaded.Add(target))
                    return;
                if (AcpiTable.Load(memory, target, signature, options, problems) is { } pointed)
                    tables.Add(pointed);
            }
        }
        return new AcpiFirmware(rsdp, root, entries, tables, problems, options);
    }

    /// <summary>
    /// The tables of a directory of table files (one table per file, e.g. acpidump -b output),
    /// in the given order; the FADT's pointers are not followed (the DSDT and FACS are files too).
    /// </summary>
    public static AcpiFirmware FromTables(IEnumerable<(string File, byte[] Content)> files, AcpiOptions? options = null)
    {
        options ??= AcpiOptions.Default;
        var problems = new List<AcpiProblem>();
        var tables = new List<AcpiTable>();
        foreach (var (file, content) in files)
        {
            if (AcpiTable.FromFile(file, content, options, problems) is { } t)
                tables.Add(t);
        }
        return new AcpiFirmware(null, null, [], tables, problems, options);
    }

    private static string Hex(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
