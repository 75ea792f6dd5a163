using Framework.Os.Pci;
using static Framework.Os.Acpi.Tests.AmlWriter;

namespace Framework.Os.Acpi.Tests;

/// <summary>pci_drv's scan and config access over the modelled ports, and acpi_drv's interrupt-line rewrite.</summary>
public sealed class PciTests
{
    private static (FakePciMachine Machine, PciBus Bus, ConfigAccess Access) Scan()
    {
        var m = FakePciMachine.Standard();
        var access = new ConfigAccess(m);
        return (m, new PciBus(access), access);
    }

    [Test]
    public void Scan_follows_the_bridge_and_honours_the_multi_function_bit()
    {
        var (_, bus, _) = Scan();
        Assert.That(bus.ValidBuses, Is.EqualTo(new[] { 0, 1 }), "bus 2 has a device but no bridge leads there");
        Assert.That(bus.Devices().Select(d => d.Address.ToString()),
            Is.EqualTo(new[] { "00:00.0", "00:01.0", "00:01.1", "00:01.2", "00:02.0", "00:03.0", "00:1e.0", "01:00.0" }),
            "00:02.1 answers but 00:02.0 is not multi-function");
        Assert.That(bus.Problems, Is.Empty);
    }

    [Test]
    public void Identity_class_and_header_type_are_read()
    {
        var (_, bus, _) = Scan();
        var devices = bus.Devices().ToDictionary(d => d.Address.ToString());
        var nic = devices["00:03.0"];
        Assert.That((nic.VendorId, nic.DeviceId, nic.ClassCode, nic.BaseClass, nic.SubClass), Is.EqualTo(((ushort)0x8086, (ushort)0x100E, 0x020000u, 2, 0)));
        Assert.That(devices["00:1e.0"].IsPciBridge, Is.True);
        Assert.That(devices["00:1e.0"].ResourceCount, Is.EqualTo(2));
        Assert.That(devices["00:01.0"].HeaderType, Is.Zero, "the multi-function bit is masked off");
    }

    [Test]
    public void Bars_are_sized_and_restored()
    {
        var (m, bus, _) = Scan();
        var devices = bus.Devices().ToDictionary(d => d.Address.ToString());
        var nic = devices["00:03.0"];
        Assert.That(nic.Resource(0), Is.EqualTo(new Resource(0xFEBC0000, 128 << 10)));
        Assert.That((nic.Resource(0).Type, nic.Resource(0).Base, nic.Resource(0).Prefetchable), Is.EqualTo((ResourceType.Memory, 0xFEBC0000u, false)));
        Assert.That(nic.Resource(1), Is.EqualTo(new Resource(0xC001, 64)));
        Assert.That((nic.Resource(1).Type, nic.Resource(1).Base), Is.EqualTo((ResourceType.Io, 0xC000u)));
        Assert.That(nic.Resource(2).Type, Is.EqualTo(ResourceType.Invalid));
        Assert.That(nic.Resource(6).Type, Is.EqualTo(ResourceType.Invalid), "beyond the header's BARs");
        var vga = devices["00:02.0"].Resource(0);
        Assert.That((vga.Size, vga.Prefetchable, vga.Base), Is.EqualTo((16u << 20, true, 0xFD000000u)));
        Assert.That(devices["00:01.1"].Resource(4), Is.EqualTo(new Resource(0xC041, 16)));
        Assert.That(BitConverter.ToUInt32(m.At(0, 3, 0)!.Config, 0x10), Is.EqualTo(0xFEBC0000), "the firmware's value is written back");
        Assert.That(BitConverter.ToUInt32(m.At(0, 2, 0)!.Config, 0x10), Is.EqualTo(0xFD000008));
    }

    [Test]
    public void Config_access_uses_cf8_and_the_byte_lanes_of_cfc()
    {
        var (m, _, access) = Scan();
        var nic = new PciAddress(0, 3, 0);
        m.Log.Clear();
        Assert.That(access.Read(nic, 0x3D, AccessSize.Access8Bit), Is.EqualTo(1), "interrupt pin");
        Assert.That(m.Log.Single(), Is.EqualTo("CF8 <- 0x8000183C"), "register 0x3D selects dword 0x3C");
        Assert.That(access.Read(nic, 0x02, AccessSize.Access16Bit), Is.EqualTo(0x100E));
        Assert.That(access.Read(nic, 0x00), Is.EqualTo(0x100E8086));
        Assert.That(ConfigAccess.ConfigAddress(new PciAddress(1, 0x1F, 7), 0xFF), Is.EqualTo(0x8001FFFCu));

        access.Write(nic, 0x3C, 0x2A, AccessSize.Access8Bit);
        Assert.That(access.Read(nic, 0x3C), Is.EqualTo(0x0000012Au), "only the line byte changed");
        access.Write(nic, 0x06, 0xBEEF, AccessSize.Access16Bit);
        Assert.That(access.Read(nic, 0x04), Is.EqualTo(0xBEEF0000u | (access.Read(nic, 0x04) & 0xFFFF)));
        Assert.That(access.Read(new PciAddress(5, 0, 0), 0), Is.EqualTo(0xFFFFFFFFu), "no function there");
    }

    [Test]
    public void A_bridge_looping_back_to_a_scanned_bus_is_reported_not_followed()
    {
        var m = FakePciMachine.Standard();
        var loop = m.Add(1, 1, 0, 0x8086, 0x244E, 0x060400, 0x01);
        FakePciMachine.Buses(loop, 1, 0, 0);
        var bus = new PciBus(new ConfigAccess(m));
        Assert.That(bus.Problems.Single(), Is.EqualTo("bridge 01:01.0 names bus 00 as its secondary bus, which was scanned already: not followed"));
        Assert.That(bus.Devices().Count(), Is.EqualTo(9));
    }

    [Test]
    public void Next_device_continues_after_the_previous_one()
    {
        var (_, bus, _) = Scan();
        Assert.That(bus.Next(null)!.Address, Is.EqualTo(new PciAddress(0, 0, 0)));
        Assert.That(bus.Next(new PciAddress(0, 3, 0))!.Address, Is.EqualTo(new PciAddress(0, 0x1E, 0)));
        Assert.That(bus.Next(new PciAddress(1, 0, 0)), Is.Null);
    }

    private static List<IPciDevice> Devices(FakePciMachine m)
    {
        var access = new ConfigAccess(m);
        return [.. new PciBus(access).Devices().Select(d => (IPciDevice)new PciDevice(d, access))];
    }

    [Test]
    public void Rewrite_from_the_xen_routes_sets_the_readme_gsis()
    {
        var m = FakePciMachine.Standard();
        var routing = AcpiFirmware.FromTables(AcpiData.Tables(AcpiData.Xen)).Routing;
        var report = IrqRewriter.Rewrite(Devices(m), routing);
        Assert.That(report.Lines, Is.EqualTo(new[]
        {
            "ACPI table format is supported by this driver",
            "Rewriting 00:01.2 IRQ: 09 -> GSI: 23",
            "Rewriting 00:03.0 IRQ: 11 -> GSI: 28",
        }));
        Assert.That(m.At(0, 3, 0)!.Config[0x3C], Is.EqualTo(28), "README: 00:03.0 INTA on bus 0 gets line 28");
        Assert.That(m.At(0, 1, 2)!.Config[0x3C], Is.EqualTo(23));
        Assert.That(report.Unrouted, Is.EqualTo(new[] { new PciAddress(1, 0, 0) }), "no ACPI device has the bridge's bdf 0xF0");
        Assert.That(m.At(1, 0, 0)!.Config[0x3C], Is.EqualTo(10));
        Assert.That(report.Bridges.Single(), Is.EqualTo(new PciBridge(new PciAddress(0, 0x1E, 0), 1, 1)));
    }

    [Test]
    public void Rewrite_behind_a_bridge_uses_the_bridge_devices_prt()
    {
        var m = FakePciMachine.Standard();
        var dsdt = Table("DSDT", Cat(Method("_PIC", Int(0)), Scope("\\_SB", Device("PCI0",
            NameOp("_PRT", Package(Route(3, 0, 16))),
            Device("P2P_", NameOp("_ADR", Int(0x001E0000)), NameOp("_PRT", Package(Route(0, 0, 19))))))));
        var report = IrqRewriter.Rewrite(Devices(m), Parse(dsdt).Routing);
        Assert.That(report.Lines.Skip(1), Is.EqualTo(new[] { "Rewriting 00:03.0 IRQ: 11 -> GSI: 16", "Rewriting 01:00.0 IRQ: 10 -> GSI: 19" }));
        Assert.That(report.Rewritten[1].BridgeBdf, Is.EqualTo(0xF0));
    }

    [Test]
    public void Too_old_tables_rewrite_nothing()
    {
        var m = FakePciMachine.Standard();
        var report = IrqRewriter.Rewrite(Devices(m), AcpiFirmware.FromTables(AcpiData.Tables(AcpiData.Pc)).Routing);
        Assert.That(report.Lines, Is.EqualTo(new[] { "ACPI table format not supported (is too old) by this driver" }));
        Assert.That(report.Rewritten, Is.Empty);
        Assert.That(m.At(0, 3, 0)!.Config[0x3C], Is.EqualTo(11));
    }

    [Test]
    public void Link_device_routes_of_q35_rewrite_nothing()
    {
        var m = FakePciMachine.Standard();
        var report = IrqRewriter.Rewrite(Devices(m), AcpiFirmware.FromTables(AcpiData.Tables(AcpiData.Q35)).Routing);
        Assert.That(report.Lines, Is.EqualTo(new[] { "ACPI table format is supported by this driver" }));
        Assert.That(report.Unrouted, Has.Count.EqualTo(3));
    }

    /// <summary>
    /// Random config spaces (any header type, multi-function bits, bridges naming any bus, BARs of
    /// any size): the scan ends, visits each bus once, and the rewrite never throws.
    /// </summary>
    [Test]
    public void Fuzzed_config_spaces_scan_and_rewrite_without_failing()
    {
        var random = new Random(20120225);
        var routing = Parse(Table("DSDT", Cat(Method("_PIC", Int(0)), Device("PCI0",
            NameOp("_PRT", Package(Route(1, 0, 16), Route(2, 1, 17), Route(3, 2, 18))))))).Routing;
        int machines = 0, functions = 0, problems = 0;
        for (int n = 0; n < 400; n++)
        {
            var m = new FakePciMachine();
            for (int k = random.Next(1, 40); k > 0; k--)
            {
                int bus = random.Next(4) == 0 ? random.Next(256) : random.Next(3);
                var f = m.Add(bus, random.Next(32), random.Next(8), (ushort)random.Next(0x10000), (ushort)random.Next(0x10000),
                    (uint)random.Next(1 << 24) | (random.Next(3) == 0 ? 0x060400u : 0),
                    random.Next(3) == 0 ? (byte)(0x01 | (random.Next(2) * 0x80)) : (byte)random.Next(256), (byte)random.Next(6), (byte)random.Next(256));
                FakePciMachine.Buses(f, (byte)random.Next(256), (byte)(random.Next(2) == 0 ? random.Next(4) : random.Next(256)), (byte)random.Next(256));
                for (int b = 0; b < 6; b++)
                    FakePciMachine.Bar(f, b, (uint)random.NextInt64(1L << 32), random.Next(3) == 0 ? 0 : 1u << random.Next(2, 32));
            }
            var access = new ConfigAccess(m);
            var bus0 = new PciBus(access);
            var devices = bus0.Devices().Select(d => (IPciDevice)new PciDevice(d, access)).ToList();
            Assert.That(devices.Select(d => d.Address).Distinct().Count(), Is.EqualTo(devices.Count), $"machine {n}: no function twice");
            IrqRewriter.Rewrite(devices, routing);
            machines++;
            functions += devices.Count;
            problems += bus0.Problems.Count;
        }
        TestContext.Out.WriteLine($"fuzzed PCI: {machines} machines, {functions} functions found, {problems} bridge loops reported");
        Assert.That(machines, Is.EqualTo(400));
    }
}
