using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>PCI configuration mechanism #1 at 0xcf8/0xcfc, enumerated as a PCI driver (pci_drv) does.</summary>
[TestFixture]
public sealed class PciTests
{
    private static uint Address(int bus, int device, int function, int register) =>
        0x80000000u | (uint)(bus << 16) | (uint)(device << 11) | (uint)(function << 8) | (uint)(register & 0xfc);

    private static uint Read32(Rig rig, int bus, int device, int function, int register)
    {
        rig.Out32(0xcf8, Address(bus, device, function, register));
        return rig.In32(0xcfc);
    }

    private static void Write32(Rig rig, int bus, int device, int function, int register, uint value)
    {
        rig.Out32(0xcf8, Address(bus, device, function, register));
        rig.Out32(0xcfc, value);
    }

    /// <summary>A scan like pci_drv's: every bus the bridges lead to, every device, every function of multi-function devices.</summary>
    private static List<string> Scan(Rig rig)
    {
        var found = new List<string>();
        var buses = new Queue<int>([0]);
        while (buses.Count > 0)
        {
            int bus = buses.Dequeue();
            for (int device = 0; device < 32; device++)
                for (int function = 0; function < 8; function++)
                {
                    uint id = Read32(rig, bus, device, function, 0);
                    if ((id & 0xffff) == 0xffff)
                    {
                        if (function == 0) break;
                        continue;
                    }
                    uint header = (Read32(rig, bus, device, function, 0x0c) >> 16) & 0xff;
                    uint @class = Read32(rig, bus, device, function, 0x08) >> 8;
                    found.Add($"{bus:x2}:{device:x2}.{function} {id & 0xffff:x4}:{id >> 16:x4} class {@class:x6}");
                    if ((header & 0x7f) == 1)
                        buses.Enqueue((int)(Read32(rig, bus, device, function, 0x18) >> 8) & 0xff);
                    if (function == 0 && (header & 0x80) == 0) break;
                }
        }
        return found;
    }

    [Test]
    public void Enumeration_finds_the_functions_including_one_behind_the_bridge()
    {
        var rig = Rig.Pc();
        Assert.That(Scan(rig), Is.EqualTo(new[]
        {
            "00:00.0 8086:1237 class 060000",
            "00:01.0 8086:7000 class 060100",
            "00:01.1 8086:7010 class 010180",
            "00:02.0 1234:1111 class 030000",
            "00:03.0 8086:244e class 060400",
            "01:00.0 8086:100e class 020000",
        }));
    }

    [TestCase(0, 2, 0, 0x10, 0xe0000008u, 0xff000008u, "16 MiB prefetchable memory")]
    [TestCase(0, 1, 1, 0x20, 0x0000c001u, 0xfffffff1u, "16 bytes of I/O")]
    [TestCase(1, 0, 0, 0x10, 0xe2000000u, 0xfffe0000u, "128 KiB memory")]
    [TestCase(1, 0, 0, 0x14, 0x0000d001u, 0xffffffc1u, "64 bytes of I/O")]
    [TestCase(0, 2, 0, 0x14, 0x00000000u, 0x00000000u, "an unimplemented BAR")]
    public void BARs_size_themselves(int bus, int device, int function, int bar, uint programmed, uint sizeMask, string what)
    {
        var rig = Rig.Pc();
        Assert.That(Read32(rig, bus, device, function, bar), Is.EqualTo(programmed), what);
        Write32(rig, bus, device, function, bar, 0xffffffff);
        Assert.That(Read32(rig, bus, device, function, bar), Is.EqualTo(sizeMask), what);
        Write32(rig, bus, device, function, bar, programmed);
        Assert.That(Read32(rig, bus, device, function, bar), Is.EqualTo(programmed), what);
    }

    [Test]
    public void A_moved_BAR_is_what_the_function_reports()
    {
        var rig = Rig.Pc();
        Write32(rig, 1, 0, 0, 0x10, 0xe4012345);
        var nic = rig.Machine.Device<PciConfigSpace>("pci").Find(1, 0, 0)!;
        Assert.That(nic.Bars().First(), Is.EqualTo(new PciBar(0, false, 128 * 1024, false, 0xe4000000)));
    }

    [Test]
    public void The_device_behind_the_bridge_answers_on_its_secondary_bus()
    {
        var rig = Rig.Pc();
        Assert.That(Read32(rig, 0, 3, 0, 0x18) & 0xffffff, Is.EqualTo(0x010100u), "primary 0, secondary 1, subordinate 1");
        Write32(rig, 0, 3, 0, 0x18, 0x020200);
        Assert.That(Read32(rig, 1, 0, 0, 0) & 0xffff, Is.EqualTo(0xffffu), "gone from bus 1");
        Assert.That(Read32(rig, 2, 0, 0, 0), Is.EqualTo(0x100e8086u), "now on bus 2");
        Assert.That(Read32(rig, 2, 0, 0, 0x3c) & 0xffff, Is.EqualTo(0x010bu), "INTA on line 11");
    }

    [Test]
    public void Read_only_fields_stay_and_writable_ones_change()
    {
        var rig = Rig.Pc();
        Write32(rig, 0, 2, 0, 0x00, 0xdeadbeef);
        Assert.That(Read32(rig, 0, 2, 0, 0x00), Is.EqualTo(0x11111234u));
        Write32(rig, 0, 2, 0, 0x04, 0xffff0007);
        Assert.That(Read32(rig, 0, 2, 0, 0x04), Is.EqualTo(0x02000007u), "command I/O|memory|bus master; status read-only");
        rig.Out32(0xcf8, Address(0, 2, 0, 0x3c));
        rig.Out8(0xcfc, 10);
        Assert.That(rig.In8(0xcfc), Is.EqualTo(10));
    }

    [Test]
    public void Data_port_widths_and_offsets_follow_mechanism_1()
    {
        var rig = Rig.Pc();
        rig.Out32(0xcf8, Address(0, 1, 0, 0x0c));
        Assert.That(rig.In8(0xcfe), Is.EqualTo(0x80), "header type at 0x0e: multi-function");
        Assert.That(rig.In16(0xcfe), Is.EqualTo(0x0080));
        Assert.That(rig.Machine.PortIn(0xcfd, AccessWidth.Bits32).Status, Is.EqualTo(BusStatus.Unmapped), "past 0xcff: no device decodes 0xd00");
        Assert.That(rig.Machine.PortIn(0xcfd, AccessWidth.Bits16), Is.EqualTo(BusRead.Ok(0x8000)), "bytes 0x0d and 0x0e");
        Assert.That(rig.Machine.PortOut(0xcf8, AccessWidth.Bits8, 0), Is.EqualTo(BusStatus.BadWidth), "CONFIG_ADDRESS takes 32 bits only");
        Assert.That(rig.Machine.PortIn(0xcf9, AccessWidth.Bits8).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.In32(0xcf8), Is.EqualTo(Address(0, 1, 0, 0x0c)));
        rig.Out32(0xcf8, 0x00000000);
        Assert.That(rig.In32(0xcfc), Is.EqualTo(0xffffffffu), "disabled address");
        rig.Out32(0xcf8, Address(0, 2, 1, 0));
        Assert.That(rig.In32(0xcfc), Is.EqualTo(0xffffffffu), "function 1 of a single-function device");
    }
}
