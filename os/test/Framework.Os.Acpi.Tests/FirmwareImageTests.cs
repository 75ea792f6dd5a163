using System.Buffers.Binary;

namespace Framework.Os.Acpi.Tests;

/// <summary>
/// The real tables placed into a modelled physical memory with an RSDP and RSDT/XSDT (README
/// section 4) and found through the RSDP search, as acpi_drv finds them on hardware.
/// </summary>
public sealed class FirmwareImageTests
{
    private static readonly string[] s_sets = [AcpiData.Pc, AcpiData.Q35, AcpiData.Xen];

    /// <summary>What the driver acts on, as comparable text: routes, links, verdict, overrides, MCFG.</summary>
    private static string Results(AcpiFirmware fw) => string.Join("\n",
        [
            fw.Routing.Verdict,
            .. fw.Routing.Devices.SelectMany(d => d.Sources.Select(s =>
                $"{d.Path} {d.Bdf} {s.Path}: {string.Join(",", s.Routes)} | {string.Join(",", s.Links)}")),
            .. fw.Madt?.Entries.Select(e => e.ToString()) ?? [],
            .. fw.Mcfg?.Allocations.Select(a => a.ToString()) ?? [],
            $"FACS {fw.Facs?.Length}",
        ]);

    [TestCaseSource(nameof(s_sets))]
    public void Tables_found_through_the_rsdp_in_the_bios_area_give_the_same_results(string set)
    {
        var files = AcpiData.Tables(set);
        var image = new AcpiImageBuilder().Build(files);
        var found = AcpiFirmware.Discover(image.Memory);
        var direct = AcpiFirmware.FromTables(files);

        Assert.That(found.Problems, Is.Empty);
        Assert.That(found.Rsdp!.Address, Is.EqualTo(0xF5A40));
        Assert.That(found.Root!.Signature, Is.EqualTo("RSDT"));
        // The DSDT-only Xen set gets a FADT from the builder, which the directory does not have.
        var synthesized = direct.Fadt is null ? new[] { "FACP" } : [];
        Assert.That(found.Tables.Select(t => t.Signature).Order(), Is.EqualTo(direct.Tables.Select(t => t.Signature).Concat(synthesized).Order()));
        Assert.That(Results(found), Is.EqualTo(Results(direct)));
        Assert.That(found.Routing.Verdict, Is.EqualTo(direct.Routing.Verdict));
    }

    [TestCase(AcpiData.Q35)]
    [TestCase(AcpiData.Xen)]
    public void Rsdp_in_the_ebda_is_found_when_the_bios_area_has_none(string set)
    {
        var image = new AcpiImageBuilder { Placement = RsdpPlacement.Ebda }.Build(AcpiData.Tables(set));
        var found = AcpiFirmware.Discover(image.Memory);
        Assert.That(found.Rsdp!.Address, Is.EqualTo(0x9FC00));
        Assert.That(Results(found), Is.EqualTo(Results(AcpiFirmware.FromTables(AcpiData.Tables(set)))));
    }

    [Test]
    public void Fadt_pointers_are_patched_to_where_dsdt_and_facs_went()
    {
        var image = new AcpiImageBuilder().Build(AcpiData.Tables(AcpiData.Q35));
        var fw = AcpiFirmware.Discover(image.Memory);
        ulong dsdt = image.Tables.Single(t => t.Signature == "DSDT").Address;
        ulong facs = image.Tables.Single(t => t.Signature == "FACS").Address;
        Assert.That(fw.Fadt!.Dsdt, Is.EqualTo(dsdt));
        Assert.That(fw.Fadt.FirmwareCtrl, Is.EqualTo(facs));
        Assert.That(facs % 64, Is.Zero, "the FACS is 64-byte aligned");
        Assert.That(fw.Dsdt!.Address, Is.EqualTo(dsdt));
        Assert.That(fw.RootEntries, Has.Count.EqualTo(5), "FACP APIC HPET MCFG SSDT; DSDT and FACS hang off the FADT");
    }

    [Test]
    public void Revision_2_rsdp_walks_the_xsdt_unless_told_to_use_the_rsdt()
    {
        var files = AcpiData.Tables(AcpiData.Q35);
        var image = new AcpiImageBuilder { RsdpRevision = 2 }.Build(files);
        var xsdt = AcpiFirmware.Discover(image.Memory);
        var rsdt = AcpiFirmware.Discover(image.Memory, AcpiOptions.Default with { PreferXsdt = false });
        Assert.That(xsdt.Root!.Signature, Is.EqualTo("XSDT"));
        Assert.That(rsdt.Root!.Signature, Is.EqualTo("RSDT"));
        Assert.That(xsdt.Rsdp!.ExtendedChecksumValid, Is.True);
        Assert.That(Results(xsdt), Is.EqualTo(Results(rsdt)));
        Assert.That(xsdt.Problems, Is.Empty);
    }

    [Test]
    public void A_broken_xsdt_falls_back_to_the_rsdt()
    {
        var image = new AcpiImageBuilder { RsdpRevision = 2 }.Build(AcpiData.Tables(AcpiData.Xen));
        image.Memory.Write(image.XsdtAddress!.Value + 9, [0x55]);
        var fw = AcpiFirmware.Discover(image.Memory);
        Assert.That(fw.Root!.Signature, Is.EqualTo("RSDT"));
        Assert.That(fw.Problems.Select(p => p.What), Has.Some.StartsWith("checksum mismatch"));
        Assert.That(fw.Problems.Select(p => p.What), Has.Some.EqualTo("the XSDT is not usable: falling back to the RSDT"));
        Assert.That(fw.Routing.DirectRouteCount, Is.EqualTo(124));
    }

    [Test]
    public void A_table_with_a_wrong_checksum_is_reported_with_where_and_skipped()
    {
        var image = new AcpiImageBuilder().Build(AcpiData.Tables(AcpiData.Q35));
        ulong madt = image.Tables.Single(t => t.Signature == "APIC").Address;
        image.Memory.Write(madt + 0x44, [3]);
        var fw = AcpiFirmware.Discover(image.Memory);
        Assert.That(fw.Madt, Is.Null);
        Assert.That(fw.Overrides.Map(0), Is.Zero, "without a MADT nothing is overridden");
        var p = fw.Problems.Single();
        Assert.That(p.Where, Is.EqualTo($"APIC at 0x{madt:X}"));
        Assert.That(p.Offset, Is.EqualTo(9));
        Assert.That(p.What, Does.StartWith("checksum mismatch: the 120 bytes add up to 0x01"));
        Assert.That(fw.Routing.LinkRouteCount, Is.EqualTo(256), "the other tables are still used");
    }

    [Test]
    public void A_length_beyond_the_memory_is_reported()
    {
        var image = new AcpiImageBuilder { TableBase = 0x7FFFF000 }.Build(AcpiData.Tables(AcpiData.Xen));
        ulong dsdt = image.Tables.Single(t => t.Signature == "DSDT").Address;
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, 1 << 20);
        image.Memory.Write(dsdt + 4, length);
        var fw = AcpiFirmware.Discover(image.Memory);
        Assert.That(fw.Dsdt, Is.Null);
        Assert.That(fw.Problems.Select(p => p.ToString()), Has.Some.EqualTo($"DSDT at 0x{dsdt:X}, offset 0x4: length 1048576 runs into memory that is not readable"));
    }

    [Test]
    public void A_length_above_the_limit_is_refused_before_reading()
    {
        var image = new AcpiImageBuilder().Build(AcpiData.Tables(AcpiData.Xen));
        ulong dsdt = image.Tables.Single(t => t.Signature == "DSDT").Address;
        image.Memory.Write(dsdt + 4, [0xFF, 0xFF, 0xFF, 0xFF]);
        var fw = AcpiFirmware.Discover(image.Memory);
        Assert.That(fw.Problems.Select(p => p.What), Has.Some.EqualTo("length 4294967295 exceeds the limit of 16777216 bytes"));
    }

    [Test]
    public void No_rsdp_means_no_tables_and_says_so()
    {
        var memory = new SparsePhysicalMemory();
        memory.Map(0, 0x100000);
        var fw = AcpiFirmware.Discover(memory);
        Assert.That(fw.Tables, Is.Empty);
        Assert.That(fw.Routing.IsSupportedFormat, Is.False);
        Assert.That(fw.Problems.Last().What, Is.EqualTo("no RSDP in the BIOS area or the EBDA: no tables"));
    }

    [Test]
    public void Rsdp_with_a_bad_checksum_is_not_accepted()
    {
        var image = new AcpiImageBuilder().Build(AcpiData.Tables(AcpiData.Xen));
        image.Memory.Write(image.RsdpAddress + 8, [0]);
        var fw = AcpiFirmware.Discover(image.Memory);
        Assert.That(fw.Rsdp, Is.Null);
    }

    [Test]
    public void Unbacked_bios_area_and_ebda_are_reported()
    {
        var fw = AcpiFirmware.Discover(new SparsePhysicalMemory());
        Assert.That(fw.Problems.Select(p => p.What), Is.EqualTo(new[]
        {
            "BIOS area 0xE0000-0xFFFFF not readable",
            "EBDA segment word at 0x40E not readable",
            "no RSDP in the BIOS area or the EBDA: no tables",
        }));
    }

    [Test]
    public void Truncated_and_zero_rsdt_entries_are_skipped_with_their_offset()
    {
        var image = new AcpiImageBuilder().Build(AcpiData.Tables(AcpiData.Pc));
        var rsdt = new byte[36 + 14];
        image.Memory.TryRead(image.RsdtAddress, rsdt);
        rsdt.AsSpan(36, 4).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(rsdt.AsSpan(4), (uint)rsdt.Length);
        AcpiImageBuilder.FixChecksum(rsdt, 9, rsdt.Length);
        image.Memory.Write(image.RsdtAddress, rsdt);
        var fw = AcpiFirmware.Discover(image.Memory);
        Assert.That(fw.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            $"RSDT at 0x{image.RsdtAddress:X}, offset 0x30: 2 bytes after the last whole 4-byte entry ignored",
            $"RSDT at 0x{image.RsdtAddress:X}, offset 0x24: entry 0 is 0: skipped (12.02 stops at the first zero entry)",
        }));
        Assert.That(fw.RootEntries, Has.Count.EqualTo(3));
        Assert.That(fw.Madt, Is.Null, "the APIC was entry 0");
        Assert.That(fw.Ssdts, Is.Empty, "the SSDT was entry 3, cut off");
        Assert.That(fw.Fadt, Is.Not.Null);
    }

    [Test]
    public void Flat_image_round_trips_through_the_sparse_memory()
    {
        var image = new AcpiImageBuilder { TableBase = 0x100000 }.Build(AcpiData.Tables(AcpiData.Xen));
        var flat = image.Memory.ToFlatImage()!;
        var again = AcpiFirmware.Discover(SparsePhysicalMemory.FromFlatImage(flat));
        Assert.That(Results(again), Is.EqualTo(Results(AcpiFirmware.Discover(image.Memory))));
        Assert.That(new AcpiImageBuilder().Build(AcpiData.Tables(AcpiData.Xen)).Memory.ToFlatImage(), Is.Null, "2 GiB is above the limit");
    }
}
