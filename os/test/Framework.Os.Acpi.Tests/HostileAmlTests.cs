using System.Buffers.Binary;
using static Framework.Os.Acpi.Tests.AmlWriter;

namespace Framework.Os.Acpi.Tests;

/// <summary>ATARE on generated AML: the forms it must understand and input built to hurt it.</summary>
public sealed class HostileAmlTests
{
    private static readonly byte[] s_pic = Method("_PIC", Int(0));

    [Test]
    public void Direct_and_named_package_forms_and_a_bridge_are_routed()
    {
        var dsdt = Table("DSDT", Cat(s_pic, Scope("\\_SB", Device("PCI0",
            NameOp("_ADR", Int(0)),
            NameOp("_PRT", Package(Route(1, 0, 16), Route(1, 1, 17), LinkRoute(2, 0, "LNKA"))),
            Device("P2P_", NameOp("_ADR", Int(0x001E0000)),
                Method("_PRT", Return(Name("^^PRTB")))),  // ^ inside the method is the device
            NameOp("PRTB", Package(Route(0, 0, 40), Route(0, 1, 41)))))));
        var r = Parse(dsdt).Routing;
        Assert.That(r.Devices.Select(d => (d.Path, d.Bdf)), Is.EqualTo(new[] { ("\\_SB_.PCI0", 0u), ("\\_SB_.PCI0.P2P_", 0xF0u) }));
        Assert.That(r.Devices[0].Routes, Is.EqualTo(new[] { new PciRoute(0x1FFFF, 0, 16), new PciRoute(0x1FFFF, 1, 17) }));
        Assert.That(r.Devices[0].Links.Single(), Is.EqualTo(new LinkRoute(0x2FFFF, 0, "LNKA", 0)));
        Assert.That(r.Devices[1].Sources.Single().Path, Is.EqualTo("\\_SB_.PCI0.PRTB"));
        Assert.That(r.TrySearchGsi(new Pci.PciAddress(1, 0, 0), 0xF0, 1, out uint gsi) && gsi == 41, Is.True);
    }

    [Test]
    public void Bbn_seg_and_root_prefixed_names_build_the_bdf_and_paths()
    {
        var dsdt = Table("DSDT", Cat(s_pic,
            Device("\\_SB_.PCI1", NameOp("_BBN", Int(2)), NameOp("_SEG", Int(1)), NameOp("_ADR", Int(0x00030001))),
            Scope("\\_SB_.PCI1", NameOp("_PRT", Package(Route(5, 2, 33)))),
            Scope("\\", NameOp("ROOT", Int(1)))));
        var r = Parse(dsdt).Routing;
        var d = r.Devices.Single();
        Assert.That(d.Path, Is.EqualTo("\\_SB_.PCI1"));
        Assert.That(d.Bdf, Is.EqualTo((1u << 16) | (2u << 8) | (3u << 3) | 1u));
        Assert.That(d.Routes.Single().Gsi, Is.EqualTo(33));
        Assert.That(r.HasPic, Is.True);
    }

    [Test]
    public void A_million_nested_scopes_are_cut_at_the_nesting_limit()
    {
        const int depth = 1_000_000;
        var dsdt = Table("DSDT", NestedScopes(depth));
        Assert.That(dsdt.Length, Is.GreaterThan(5_000_000));
        var fw = Parse(dsdt);
        var limits = AmlLimits.Default;
        Assert.That(fw.Routing.Statistics.Scopes, Is.EqualTo(limits.MaxNesting));
        var p = fw.Problems.Single();
        Assert.That(p.What, Does.StartWith($"Scope nested deeper than {limits.MaxNesting} levels: skipped with its body"));
        Assert.That(fw.Routing.Statistics.Steps, Is.LessThan(dsdt.Length / 100), "the skipped body is not scanned");
        TestContext.Out.WriteLine($"{depth} nested scopes, {dsdt.Length} bytes: {fw.Routing.Statistics.Steps} steps; {p}");
    }

    /// <summary>Scope(AAAA){Scope(AAAA){...}} written front to back without recursion.</summary>
    private static byte[] NestedScopes(int depth)
    {
        var lengths = new int[depth];
        int inner = 0;
        for (int i = depth - 1; i >= 0; i--)
        {
            int body = 4 + inner;
            lengths[i] = body;
            inner = 1 + PkgLength(body).Length + body;
        }
        var aml = new byte[inner];
        int pos = 0;
        for (int i = 0; i < depth; i++)
        {
            aml[pos++] = 0x10;
            var len = PkgLength(lengths[i]);
            len.CopyTo(aml, pos);
            pos += len.Length;
            "AAAA"u8.CopyTo(aml.AsSpan(pos));
            pos += 4;
        }
        return aml;
    }

    [Test]
    public void A_pkglength_past_the_end_is_skipped_and_the_rest_still_parsed()
    {
        var bad = Cat([0x5B, 0x82, 0x4F, 0xFF], Name("BAD_"));
        var dsdt = Table("DSDT", Cat(bad, s_pic, Device("PCI0", NameOp("_PRT", Package(Route(1, 0, 20))))));
        var r = Parse(dsdt).Routing;
        Assert.That(r.Skipped.Select(s => (s.Reason, s.Count, s.FirstOffset)),
            Is.EqualTo(new[] { ("Device/Scope/Method whose PkgLength runs past the end of the table", 1, 36) }));
        Assert.That(r.DirectRouteCount, Is.EqualTo(1));
    }

    [Test]
    public void Overlapping_elements_are_skipped()
    {
        // Scope A holds a Scope B whose PkgLength runs 8 bytes past A's end.
        var inner = Cat([0x10], PkgLength(4 + 8), Name("BBBB"));
        var outer = Cat([0x10], PkgLength(4 + inner.Length), Name("AAAA"), inner);
        var dsdt = Table("DSDT", Cat(outer, NameOp("XXXX", Int(0)), NameOp("YYYY", Int(0))));
        var r = Parse(dsdt).Routing;
        Assert.That(r.Skipped.Single().Reason, Is.EqualTo("Device/Scope/Method that extends past the end of its enclosing element"));
        Assert.That(r.Statistics.Scopes, Is.EqualTo(1));
        Assert.That(r.Statistics.Names, Is.EqualTo(2), "the names after it are found at the root");
    }

    [Test]
    public void Self_referencing_prt_and_packages_are_scanned_once()
    {
        var dsdt = Table("DSDT", Cat(s_pic, Device("PCI0",
            Method("_PRT", Return(Name("_PRT")), Return(Name("PRTA")), Return(Name("PCI0")), Return(Name("\\_PRT")), Return(Name("PRTA"))),
            NameOp("PRTA", Package(Name("PRTA"), Route(1, 0, 20), Package(Name("_PRT"), Route(2, 0, 21)))))));
        var r = Parse(dsdt).Routing;
        var d = r.Devices.Single();
        Assert.That(d.Routes.Select(x => x.Gsi), Is.EqualTo(new uint[] { 20, 21, 20, 21 }),
            "PRTA once and PCI0 (whose body holds PRTA) once; nothing repeated for the repeated names");
        Assert.That(d.Sources.Select(s => s.Path), Is.EqualTo(new[] { "\\PCI0.PRTA", "\\PCI0" }));
    }

    [Test]
    public void Twenty_thousand_devices_of_one_name_share_one_routing_scan()
    {
        var prt = Method("_PRT", [.. Enumerable.Range(0, 2000).Select(i => Return(Name("PRTA")))]);
        var devices = Enumerable.Range(0, 20_000).Select(_ => Device("\\DUP_")).ToArray();
        var dsdt = Table("DSDT", Cat(s_pic, Cat(devices), Scope("\\DUP_", prt, NameOp("PRTA", Package(Route(1, 0, 20))))));
        var fw = Parse(dsdt);
        Assert.That(fw.Problems, Is.Empty);
        Assert.That(fw.Routing.Statistics.Devices, Is.EqualTo(20_000));
        Assert.That(fw.Routing.Devices.Single().Routes.Single().Gsi, Is.EqualTo(20));
        Assert.That(fw.Routing.Statistics.Steps, Is.LessThan(4L * dsdt.Length));
    }

    [Test]
    public void Names_deeper_than_the_segment_limit_are_skipped_with_their_body()
    {
        var segs = string.Join(".", Enumerable.Range(0, 70).Select(i => $"S{i:D3}"));
        var dsdt = Table("DSDT", Cat(Scope(segs, Device("DEEP", NameOp("_PRT", Package(Route(1, 0, 9))))), s_pic));
        var fw = Parse(dsdt);
        Assert.That(fw.Problems.Single().What, Does.StartWith("Scope's absolute name would have 70 segments, more than 64: skipped with its body"));
        Assert.That(fw.Routing.Devices, Is.Empty);
        Assert.That(fw.Routing.HasPic, Is.True);
    }

    [Test]
    public void A_tiny_step_budget_stops_the_scan_with_a_problem()
    {
        var options = AcpiOptions.Default with { Aml = AmlLimits.Default with { StepsPerByte = 0, StepBudgetBase = 100 } };
        var fw = AcpiFirmware.FromTables([("DSDT", AcpiData.Table(AcpiData.Xen, "DSDT"))], options);
        Assert.That(fw.Problems.Select(p => p.What), Has.Some.StartsWith("AML scan stopped: step budget of 100 exhausted"));
        Assert.That(fw.Routing.Statistics.Steps, Is.LessThan(200));
    }

    [Test]
    public void A_truncated_dsdt_with_a_fixed_up_header_parses_what_is_left()
    {
        var xen = AcpiData.Table(AcpiData.Xen, "DSDT");
        for (int cut = 36; cut < xen.Length; cut += 97)
        {
            var t = xen[..cut];
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)cut);
            AcpiImageBuilder.FixChecksum(t, 9, t.Length);
            var fw = Parse(t);
            Assert.That(fw.Routing.DirectRouteCount, Is.LessThanOrEqualTo(124), $"cut at {cut}");
        }
    }

    [Test]
    public void Truncated_files_and_wrong_checksums_are_refused_with_a_clear_error()
    {
        var xen = AcpiData.Table(AcpiData.Xen, "DSDT");
        var fw = AcpiFirmware.FromTables([("DSDT", xen[..1000])]);
        Assert.That(fw.Problems.Single().ToString(), Is.EqualTo("DSDT (file DSDT), offset 0x4: length 12831 is beyond the end of the file (1000 bytes)"));
        var bad = (byte[])xen.Clone();
        bad[5000] ^= 0x40;
        fw = AcpiFirmware.FromTables([("DSDT", bad)]);
        Assert.That(fw.Problems.Single().ToString(), Is.EqualTo("DSDT (file DSDT), offset 0x9: checksum mismatch: the 12831 bytes add up to 0x40, not 0 (checksum byte 0x83): table not used"));
        fw = AcpiFirmware.FromTables([("X", new byte[5])]);
        Assert.That(fw.Problems.Single().ToString(), Is.EqualTo("file X, offset 0x0: 5 bytes is too short for a table header"));
        var shortMadt = AmlWriter.Table("APIC", [0, 0, 0xE0, 0xFE, 1, 0, 0, 0, 0, 0]);
        shortMadt = Cat(shortMadt[..36], [0, 0, 0xE0, 0xFE, 1, 0, 0, 0, 0, 0]);
        BinaryPrimitives.WriteUInt32LittleEndian(shortMadt.AsSpan(4), (uint)shortMadt.Length);
        AcpiImageBuilder.FixChecksum(shortMadt, 9, shortMadt.Length);
        fw = AcpiFirmware.FromTables([("APIC", shortMadt)]);
        Assert.That(fw.Problems.Select(p => p.ToString()), Has.Some.EqualTo("APIC (file APIC), offset 0x2D: entry of type 0 has length 0: the rest of the MADT is not walked"));
    }
}
