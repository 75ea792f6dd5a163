using Framework.Machine;
using Framework.Testing;

namespace Framework.Machine.Tests;

[TestFixture]
public sealed class MachineTests
{
    [Test]
    public void The_built_in_machines_are_valid()
    {
        Assert.That(BuiltInMachines.Pc.Validate(), Is.Empty);
        Assert.That(BuiltInMachines.Vpb926.Validate(), Is.Empty);
        Assert.That(BuiltInMachines.Pc.RamSize, Is.EqualTo(0xa0000UL + 0x3f00000));
        Assert.That(BuiltInMachines.Vpb926.RamSize, Is.EqualTo(0x4000000UL - 0x41000));
        Assert.That(BuiltInMachines.TryGet("vpb926", out var v), Is.True);
        Assert.That(v, Is.SameAs(BuiltInMachines.Vpb926));
        Assert.That(BuiltInMachines.TryGet("amiga", out _), Is.False);
    }

    [Test]
    public void Descriptions_as_XML() =>
        Verifier.Verify(BuiltInMachines.Pc.ToXml() + "\n\n" + BuiltInMachines.Vpb926.ToXml());

    [TestCase("pc")]
    [TestCase("vpb926")]
    public void XML_reads_back_to_the_same_description(string name)
    {
        BuiltInMachines.TryGet(name, out var original);
        Assert.That(MachineDescription.TryParseXml(original.ToXml(), out var parsed, out var errors), Is.True, string.Join("\n", errors));
        Assert.That(parsed.ToXml(), Is.EqualTo(original.ToXml()));
        Assert.That(parsed.MemoryMap, Is.EqualTo(original.MemoryMap));
    }

    [Test]
    public void Invalid_descriptions_name_every_problem()
    {
        var bad = BuiltInMachines.Pc with
        {
            Devices =
            [
                .. BuiltInMachines.Pc.Devices,
                new DeviceDescription("pit2", "i8254", [], [new PortRange(0x42, 4)], [0]),
                new DeviceDescription("fb", "bochs-vbe", [new MmioRange(0x3000000, 0x1000)], [new PortRange(0x1d0, 2)], []),
                new DeviceDescription("nic", "ne2000", [], [], []),
                new DeviceDescription("com1", "uart16550", [], [new PortRange(0x2f8, 4)], [33]),
            ],
        };
        Verifier.Verify(string.Join("\n", bad.Validate()));
    }

    [Test]
    public void Malformed_XML_is_reported_with_its_line()
    {
        Assert.That(MachineDescription.TryParseXml("<machine name=\"x\" irq_lines=\"8\"><memory name=\"ram\" base=\"zero\" size=\"0x1000\"/></machine>", out _, out var errors), Is.False);
        Assert.That(errors, Is.EqualTo(new[] { "line 1: <memory> needs a numeric 'base' attribute" }));
        Assert.That(MachineDescription.TryParseXml("<machine", out _, out errors), Is.False);
        Assert.That(errors.Single(), Does.StartWith("machine description:"));
        Assert.That(MachineDescription.TryParseXml("<config/>", out _, out errors), Is.False);
        Assert.That(errors.Single(), Is.EqualTo("machine description: top node is <config>, expected <machine>"));
    }

    [Test]
    public void Unmapped_addresses_and_ports_read_all_ones_and_ignore_writes()
    {
        var m = Machine.Create(BuiltInMachines.Pc);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.ReadMmio(0xfee00000, AccessWidth.Bits32), Is.EqualTo(new BusRead(BusStatus.Unmapped, 0xffffffff)));
            Assert.That(m.ReadMmio(0x1000, AccessWidth.Bits16), Is.EqualTo(new BusRead(BusStatus.Unmapped, 0xffff)), "RAM is no device");
            Assert.That(m.WriteMmio(0xfee00000, AccessWidth.Bits8, 1), Is.EqualTo(BusStatus.Unmapped));
            Assert.That(m.PortIn(0x80, AccessWidth.Bits8), Is.EqualTo(new BusRead(BusStatus.Unmapped, 0xff)));
            Assert.That(m.PortOut(0x2f8, AccessWidth.Bits8, 0x41), Is.EqualTo(BusStatus.Unmapped));
            Assert.That(m.PortIn(0xffff, AccessWidth.Bits32), Is.EqualTo(new BusRead(BusStatus.Unmapped, 0xffffffff)), "past the last port");
            Assert.That(m.ReadMmio(0xe0fffffe, AccessWidth.Bits32).Status, Is.EqualTo(BusStatus.Unmapped), "straddles the framebuffer's end");
            Assert.That(m.ReadMmio(ulong.MaxValue - 1, AccessWidth.Bits32).Status, Is.EqualTo(BusStatus.Unmapped), "wraps the address space");
        }
    }

    [Test]
    public void Widths_other_than_8_16_32_are_refused_not_thrown()
    {
        var m = Machine.Create(BuiltInMachines.Pc);
        Assert.That(m.PortIn(0x40, (AccessWidth)64), Is.EqualTo(new BusRead(BusStatus.BadWidth, 0xffffffff)));
        Assert.That(m.PortOut(0x40, (AccessWidth)0, 1), Is.EqualTo(BusStatus.BadWidth));
        Assert.That(m.ReadMmio(0xe0000000, (AccessWidth)7).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(m.WriteMmio(0xe0000000, (AccessWidth)(-8), 1), Is.EqualTo(BusStatus.BadWidth));
    }

    [Test]
    public void Time_moves_only_forward_and_only_when_told()
    {
        var m = Machine.Create(BuiltInMachines.Pc);
        Assert.That(m.NowUs, Is.Zero);
        Assert.That(m.NextEventUs, Is.Null, "no device has anything to do");
        Assert.That(m.AdvanceTo(5000), Is.Zero);
        Assert.That(m.NowUs, Is.EqualTo(5000UL));
        Assert.That(m.AdvanceTo(10), Is.Zero);
        Assert.That(m.NowUs, Is.EqualTo(5000UL), "never back");
        Assert.That(m.AcknowledgeIrq(99), Is.False);
    }

    [Test]
    public void An_interrupt_in_service_is_not_delivered_again_until_acknowledged()
    {
        var rig = Rig.Pc();
        // PIT channel 0, rate generator, 1 ms
        rig.Out8(0x43, 0x34);
        rig.Out8(0x40, 0xa9);
        rig.Out8(0x40, 0x04);
        rig.Machine.AdvanceTo(5_000);
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(1), "four more edges while in service are latched as one");
        Assert.That(rig.Machine.IsIrqInService(0), Is.True);
        rig.Machine.AcknowledgeIrq(0);
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(2), "the latched edge is delivered at the acknowledgement");
        rig.Machine.AcknowledgeIrq(0);
        rig.Machine.AdvanceTo(5_999);
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(2));
        rig.Machine.AdvanceTo(6_000);
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(3));
        Assert.That(rig.Machine.IrqDeliveries(0), Is.EqualTo(3));
    }

    [Test]
    public void A_driver_written_with_the_register_framework_reaches_a_device_through_the_bus()
    {
        var m = Machine.Create(BuiltInMachines.Vpb926);
        var region = new BusMmioRegion(m, 0x101f1000, 0x1000);
        var uart = new Pl011Driver(region);
        uart.Enable();
        uart.Put("hi");
        Assert.That(m.Device<Devices.Pl011>("uart0").Line.TakeOutputText(), Is.EqualTo("hi"));
        Assert.That(region.Faults, Is.Zero);
        Assert.That(region.Read64(0), Is.EqualTo(ulong.MaxValue), "the bus is 32 bits wide");
        Assert.That(region.LastStatus, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(region.Read32(0x1000), Is.EqualTo(uint.MaxValue));
        Assert.That(region.LastStatus, Is.EqualTo(BusStatus.Unmapped));
    }
}
