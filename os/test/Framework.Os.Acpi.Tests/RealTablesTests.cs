using Framework.Os.Pci;

namespace Framework.Os.Acpi.Tests;

/// <summary>The parser on the real QEMU 2.2 and Xen 3.4 tables, against the values data/acpi/README states.</summary>
public sealed class RealTablesTests
{
    private static AcpiFirmware Set(string set) => AcpiFirmware.FromTables(AcpiData.Tables(set));

    /// <summary>README section 2: slot -> GSIs for pins INTA..INTD, i.e. 16 + (((slot &lt;&lt; 2) + (slot &gt;&gt; 3) + pin) &amp; 31).</summary>
    private static readonly string[] s_xenTable =
    [
        "slot  1: 20 21 22 23   slot  9: 21 22 23 24   slot 17: 22 23 24 25   slot 25: 23 24 25 26",
        "slot  2: 24 25 26 27   slot 10: 25 26 27 28   slot 18: 26 27 28 29   slot 26: 27 28 29 30",
        "slot  3: 28 29 30 31   slot 11: 29 30 31 32   slot 19: 30 31 32 33   slot 27: 31 32 33 34",
        "slot  4: 32 33 34 35   slot 12: 33 34 35 36   slot 20: 34 35 36 37   slot 28: 35 36 37 38",
        "slot  5: 36 37 38 39   slot 13: 37 38 39 40   slot 21: 38 39 40 41   slot 29: 39 40 41 42",
        "slot  6: 40 41 42 43   slot 14: 41 42 43 44   slot 22: 42 43 44 45   slot 30: 43 44 45 46",
        "slot  7: 44 45 46 47   slot 15: 45 46 47 16   slot 23: 46 47 16 17   slot 31: 47 16 17 18",
        "slot  8: 17 18 19 20   slot 16: 18 19 20 21   slot 24: 19 20 21 22",
    ];

    private static Dictionary<(uint Slot, uint Pin), uint> ReadmeTable()
    {
        var map = new Dictionary<(uint, uint), uint>();
        foreach (var line in s_xenTable)
        {
            foreach (var cell in line.Split("slot", StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = cell.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse).ToArray();
                for (uint pin = 0; pin < 4; pin++)
                    map.Add((parts[0], pin), parts[1 + pin]);
            }
        }
        return map;
    }

    [Test]
    public void Xen_dsdt_yields_its_124_routes_with_the_readme_gsis()
    {
        var fw = Set(AcpiData.Xen);
        var routing = fw.Routing;
        Assert.That(routing.HasPic, Is.True);
        Assert.That(routing.Devices, Has.Count.EqualTo(1));
        var pci0 = routing.Devices[0];
        Assert.That(pci0.Path, Is.EqualTo("\\_SB_.PCI0"));
        Assert.That(pci0.Bdf, Is.Zero);
        var routes = pci0.Routes.ToList();
        Assert.That(routes, Has.Count.EqualTo(124));
        var expected = ReadmeTable();
        Assert.That(expected, Has.Count.EqualTo(124));
        Assert.That(routes.ToDictionary(r => (r.Slot, r.Pin), r => r.Gsi), Is.EquivalentTo(expected));
        foreach (var r in routes)
            Assert.That(r.Gsi, Is.EqualTo(16 + (((r.Slot << 2) + (r.Slot >> 3) + r.Pin) & 31)), $"slot {r.Slot} pin {r.Pin}");
    }

    [Test]
    public void Xen_routes_come_from_the_apic_package_and_the_pic_package_is_link_devices()
    {
        var pci0 = Set(AcpiData.Xen).Routing.Devices[0];
        var prta = pci0.Sources.Single(s => s.Path == "\\_SB_.PCI0.PRTA");
        var prtp = pci0.Sources.Single(s => s.Path == "\\_SB_.PCI0.PRTP");
        Assert.That((prta.Routes.Count, prta.Links.Count), Is.EqualTo((124, 0)));
        Assert.That((prtp.Routes.Count, prtp.Links.Count), Is.EqualTo((0, 124)));
        Assert.That(prtp.Links.Select(l => l.Link).Distinct().Order(), Is.EqualTo(new[] { "LNKA", "LNKB", "LNKC", "LNKD" }));
    }

    [Test]
    public void Xen_search_gsi_gives_device_3_inta_gsi_28()
    {
        var routing = Set(AcpiData.Xen).Routing;
        Assert.That(routing.TrySearchGsi(new PciAddress(0, 3, 0), 0, 0, out uint gsi), Is.True);
        Assert.That(gsi, Is.EqualTo(28));
        Assert.That(routing.TrySearchGsi(new PciAddress(0, 3, 0), 0xF0, 0, out _), Is.False, "no ACPI device has bdf 00:1e.0");
        Assert.That(routing.TrySearchGsi(new PciAddress(0, 0, 0), 0, 0, out _), Is.False, "slot 0 has no entry");
    }

    [Test]
    public void Qemu_pc_dsdt_is_too_old()
    {
        var routing = Set(AcpiData.Pc).Routing;
        Assert.That(routing.HasPic, Is.False);
        Assert.That(routing.IsSupportedFormat, Is.False);
        Assert.That(routing.Verdict, Is.EqualTo("ACPI table format not supported (is too old) by this driver"));
        Assert.That(routing.DirectRouteCount, Is.Zero, "its _PRT builds the table in a While loop");
    }

    [Test]
    public void Qemu_q35_routes_are_all_link_devices_and_reported_unsupported()
    {
        var routing = Set(AcpiData.Q35).Routing;
        Assert.That(routing.HasPic, Is.True, "q35 has _PIC, so the format is supported");
        Assert.That(routing.DirectRouteCount, Is.Zero);
        Assert.That(routing.LinkRouteCount, Is.EqualTo(256), "PRTP and PRTA, 128 entries each");
        var pci0 = routing.Devices.Single();
        Assert.That(pci0.Sources.Select(s => (s.Path, s.Links.Count)),
            Is.EqualTo(new[] { ("\\_SB_.PCI0.PRTP", 128), ("\\_SB_.PCI0.PRTA", 128) }));
        Assert.That(pci0.Sources[0].Links.Select(l => l.Link).Distinct().Order(), Is.EqualTo(new[] { "LNKA", "LNKB", "LNKC", "LNKD", "LNKE", "LNKF", "LNKG", "LNKH" }));
        Assert.That(pci0.Sources[1].Links.Select(l => l.Link).Distinct().Order(), Is.EqualTo(new[] { "GSIA", "GSIB", "GSIC", "GSID", "GSIE", "GSIF", "GSIG", "GSIH" }));
        Assert.That(routing.TrySearchGsi(new PciAddress(0, 1, 0), 0, 0, out _), Is.False, "a link route is never guessed");
    }

    [TestCase(AcpiData.Pc)]
    [TestCase(AcpiData.Q35)]
    public void Madt_overrides_map_irq_0_to_gsi_2_and_leave_the_others_alone(string set)
    {
        var fw = Set(set);
        Assert.That(fw.Madt, Is.Not.Null);
        Assert.That(fw.Madt!.LocalApicAddress, Is.EqualTo(0xFEE00000));
        Assert.That(fw.Madt.PcAtCompatible, Is.True);
        Assert.That(fw.Madt.Entries.Select(e => e.Type), Is.EqualTo(new byte[] { 0, 1, 2, 2, 2, 2, 2, 4 }));
        Assert.That(fw.Madt.Overrides.Select(o => (o.Irq, o.Gsi, o.Flags)),
            Is.EqualTo(new[] { ((byte)0, 2u, (ushort)0), ((byte)5, 5u, (ushort)0xD), ((byte)9, 9u, (ushort)0xD), ((byte)10, 10u, (ushort)0xD), ((byte)11, 11u, (ushort)0xD) }));
        var io = fw.Madt.Entries.OfType<IoApic>().Single();
        Assert.That((io.Address, io.GsiBase), Is.EqualTo((0xFEC00000u, 0u)));
        Assert.That(fw.Overrides.Map(0), Is.EqualTo(2));
        for (uint irq = 1; irq < 256; irq++)
            Assert.That(fw.Overrides.Map(irq), Is.EqualTo(irq), $"IRQ {irq}");
        Assert.That(fw.Overrides.TryFind(9, out var sci), Is.True);
        Assert.That((sci!.Polarity, sci.TriggerMode), Is.EqualTo((1, 3)), "active high, level");
    }

    [Test]
    public void Mcfg_of_q35_is_decoded()
    {
        var mcfg = Set(AcpiData.Q35).Mcfg;
        Assert.That(mcfg, Is.Not.Null);
        Assert.That(mcfg!.Allocations.Single(), Is.EqualTo(new McfgAllocation(44, 0xB0000000, 0, 0, 255)));
        Assert.That(Set(AcpiData.Pc).Mcfg, Is.Null, "the pc machine has no MCFG");
    }

    [TestCase(AcpiData.Pc, 0x7FFFE000u, 0x7FFFE040u)]
    [TestCase(AcpiData.Q35, 0x7FFFD000u, 0x7FFFD040u)]
    public void Fadt_pointers_and_sci_are_the_readme_values(string set, uint facs, uint dsdt)
    {
        var fadt = Set(set).Fadt!;
        Assert.That((fadt.FirmwareCtrl, fadt.Dsdt, fadt.SciInterrupt), Is.EqualTo((facs, dsdt, (ushort?)9)));
        Assert.That((fadt.XDsdt, fadt.XFirmwareCtrl), Is.EqualTo(((ulong?)null, (ulong?)null)), "a 116-byte FADT has no X_ fields");
        Assert.That(fadt.DsdtAddress, Is.EqualTo(dsdt));
    }

    [TestCase(AcpiData.Pc)]
    [TestCase(AcpiData.Q35)]
    [TestCase(AcpiData.Xen)]
    public void Real_tables_parse_without_problems(string set)
    {
        var fw = Set(set);
        Assert.That(fw.Problems, Is.Empty);
        Assert.That(fw.Tables, Has.Count.EqualTo(AcpiData.Tables(set).Count));
    }
}
