using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>The vpb926's UART0 at 0x101f1000, through the bus and through a register-framework driver.</summary>
[TestFixture]
public sealed class Pl011Tests
{
    private const ulong Base = 0x101f1000;

    private static (Rig Rig, Pl011Driver Driver, Pl011 Uart) Setup(bool interrupts = false)
    {
        var rig = Rig.Vpb926();
        var driver = new Pl011Driver(new BusMmioRegion(rig.Machine, Base, 0x1000));
        driver.Enable(interrupts);
        return (rig, driver, rig.Machine.Device<Pl011>("uart0"));
    }

    [Test]
    public void Identification_registers_name_a_PL011()
    {
        var rig = Rig.Vpb926();
        var id = Enumerable.Range(0, 8).Select(i => rig.Read32(Base + 0xfe0 + (ulong)(4 * i))).ToArray();
        Assert.That(id, Is.EqualTo(new uint[] { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 }));
        Assert.That(rig.Read32(Base + 0x030), Is.EqualTo(0x300u), "CR after reset: TXE and RXE, not enabled");
        Assert.That(rig.Read32(Base + 0x018) & 0x90, Is.EqualTo(0x90u), "FR: receive FIFO empty, transmit FIFO empty");
    }

    [Test]
    public void Transmitting_needs_the_UART_and_the_transmitter_enabled()
    {
        var rig = Rig.Vpb926();
        rig.Write32(Base, 'x');
        var uart = rig.Machine.Device<Pl011>("uart0");
        Assert.That(uart.Line.OutputLength, Is.Zero);
        Assert.That(uart.DroppedTransmits, Is.EqualTo(1));
        rig.Write32(Base + 0x030, 0x301);
        rig.Write32(Base, 'y');
        Assert.That(uart.Line.TakeOutputText(), Is.EqualTo("y"));
    }

    [Test]
    public void Received_bytes_interrupt_by_level_or_timeout()
    {
        var (rig, driver, uart) = Setup(interrupts: true);
        Assert.That(uart.CharacterUs(), Is.EqualTo(87UL), "24 MHz / (16 x 13.015625) = 115246 baud");
        uart.Send("0123456789"u8);
        rig.Machine.AdvanceTo(2 * 87 - 1);
        Assert.That(rig.Irqs.Count(12), Is.Zero);
        rig.Machine.AdvanceTo(8 * 87);
        Assert.That(rig.Irqs.Deliveries.First(), Is.EqualTo((12, (ulong)(8 * 87))), "RX at the 1/2 level (8 of 16), IFLS reset value");
        Assert.That(driver.MaskedInterrupts, Is.EqualTo(0x10u));
        Assert.That(driver.TakeReceived(), Is.EqualTo("01234567"));
        Assert.That(rig.Machine.IsIrqAsserted(12), Is.False);
        rig.Machine.AcknowledgeIrq(12);
        rig.Machine.AdvanceTo(10 * 87 + 278);
        Assert.That(driver.MaskedInterrupts, Is.EqualTo(0x40u), "receive timeout: 2 bytes below the level for 32 bit times");
        Assert.That(rig.Irqs.Count(12), Is.EqualTo(2));
        Assert.That(driver.TakeReceived(), Is.EqualTo("89"));
        Assert.That(driver.MaskedInterrupts, Is.Zero);
    }

    [Test]
    public void Bytes_wait_on_the_line_until_the_receiver_is_enabled()
    {
        var rig = Rig.Vpb926();
        var uart = rig.Machine.Device<Pl011>("uart0");
        uart.Send("early"u8);
        rig.Machine.AdvanceTo(10_000);
        Assert.That(rig.Read32(Base + 0x018) & 0x10, Is.EqualTo(0x10u), "still empty: the receiver is off");
        var driver = new Pl011Driver(new BusMmioRegion(rig.Machine, Base, 0x1000));
        driver.Enable();
        rig.Machine.AdvanceTo(10_000 + 5 * 87);
        Assert.That(driver.TakeReceived(), Is.EqualTo("early"));
    }

    [Test]
    public void Loopback_and_transmit_interrupt()
    {
        var (rig, driver, uart) = Setup();
        rig.Write32(Base + 0x038, 0x20); // TXIM
        rig.Write32(Base + 0x030, 0x381); // loopback
        driver.Put("ab");
        Assert.That(uart.Line.OutputLength, Is.Zero);
        Assert.That(driver.TakeReceived(), Is.EqualTo("ab"));
        Assert.That(driver.MaskedInterrupts, Is.EqualTo(0x20u));
        Assert.That(rig.Irqs.Count(12), Is.EqualTo(1));
        driver.ClearInterrupts();
        Assert.That(rig.Machine.IsIrqAsserted(12), Is.False);
    }

    [Test]
    public void Misaligned_accesses_are_refused_narrow_aligned_ones_allowed()
    {
        var (rig, _, uart) = Setup();
        Assert.That(rig.Machine.ReadMmio(Base + 0x019, AccessWidth.Bits8).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.WriteMmio(Base + 0x002, AccessWidth.Bits16, 0x41), Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.WriteMmio(Base, AccessWidth.Bits8, 0x41), Is.EqualTo(BusStatus.Ok));
        Assert.That(uart.Line.TakeOutputText(), Is.EqualTo("A"));
        Assert.That(rig.Machine.ReadMmio(Base + 0x030, AccessWidth.Bits16), Is.EqualTo(BusRead.Ok(0x301)));
        Assert.That(rig.Machine.ReadMmio(Base + 0x800, AccessWidth.Bits32), Is.EqualTo(BusRead.Ok(0)), "reserved reads 0");
        Assert.That(rig.Machine.ReadMmio(Base + 0x1000, AccessWidth.Bits32).Status, Is.EqualTo(BusStatus.Unmapped));
    }
}
