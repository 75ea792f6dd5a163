using System.Text;
using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>COM1 through ports 0x3f8-0x3ff, initialised as a PC serial driver does it.</summary>
[TestFixture]
public sealed class Uart16550Tests
{
    private const ushort Com1 = 0x3f8;

    /// <summary>115200/divisor baud, 8N1, FIFO with the given trigger bits, OUT2 (the PC's interrupt gate), IER.</summary>
    private static Rig Init(byte ier, byte fcr = 0xc7, ushort divisor = 1, byte mcr = 0x0b)
    {
        var rig = Rig.Pc();
        rig.Out8(Com1 + 3, 0x80); // DLAB
        rig.Out8(Com1 + 0, (byte)divisor);
        rig.Out8(Com1 + 1, (byte)(divisor >> 8));
        rig.Out8(Com1 + 3, 0x03); // 8N1
        rig.Out8(Com1 + 2, fcr);
        rig.Out8(Com1 + 4, mcr);
        rig.Out8(Com1 + 1, ier);
        return rig;
    }

    private static Uart16550 Uart(Rig rig) => rig.Machine.Device<Uart16550>("com1");

    private static string Drain(Rig rig)
    {
        var sb = new StringBuilder();
        while ((rig.In8(Com1 + 5) & 0x01) != 0)
            sb.Append((char)rig.In8(Com1));
        return sb.ToString();
    }

    [Test]
    public void Bytes_from_the_host_arrive_one_character_time_apart()
    {
        var rig = Init(ier: 0x01);
        Assert.That(Uart(rig).CharacterUs(), Is.EqualTo(87UL), "10 bits at 115200 baud");
        Uart(rig).Send("hello"u8);
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(87UL));
        rig.Machine.AdvanceTo(86);
        Assert.That(rig.In8(Com1 + 5) & 0x01, Is.Zero, "nothing yet");
        rig.Machine.AdvanceTo(5 * 87);
        Assert.That(rig.In8(Com1 + 5) & 0x01, Is.EqualTo(1));
        Assert.That(rig.Irqs.Count(4), Is.Zero, "5 bytes are below the trigger level of 14, no timeout yet");
        rig.Machine.AdvanceTo(5 * 87 + 4 * 87);
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (4, (ulong)(9 * 87)) }), "character timeout after 4 character times");
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0xcc), "IIR: FIFOs on, character timeout");
        Assert.That(Drain(rig), Is.EqualTo("hello"));
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0xc1), "nothing pending");
        Assert.That(rig.Machine.IsIrqAsserted(4), Is.False);
    }

    [Test]
    public void The_trigger_level_interrupts_before_a_timeout()
    {
        var rig = Init(ier: 0x01, fcr: 0x47); // trigger 4
        Uart(rig).Send("abcdefgh"u8);
        rig.Machine.AdvanceTo(4 * 87);
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (4, (ulong)(4 * 87)) }));
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0xc4), "received data available");
    }

    [Test]
    public void The_divisor_sets_the_pace()
    {
        var rig = Init(ier: 0x01, fcr: 0x00, divisor: 12); // 9600 baud, no FIFO
        Assert.That(Uart(rig).Baud, Is.EqualTo(9600));
        Assert.That(Uart(rig).CharacterUs(), Is.EqualTo(1042UL));
        Uart(rig).Send("x"u8);
        rig.Machine.AdvanceTo(1041);
        Assert.That(rig.Irqs.Count(4), Is.Zero);
        rig.Machine.AdvanceTo(1042);
        Assert.That(rig.Irqs.Count(4), Is.EqualTo(1), "without FIFOs every byte interrupts");
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0x04));
    }

    [Test]
    public void A_byte_arriving_at_a_full_receiver_is_lost_and_reported()
    {
        var rig = Init(ier: 0x05, fcr: 0x00); // no FIFO, data and line status interrupts
        Uart(rig).Send("xyz"u8);
        rig.Machine.AdvanceTo(3 * 87);
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0x06), "IIR: line status has priority");
        Assert.That(rig.In8(Com1 + 5), Is.EqualTo(0x63), "LSR: data ready, overrun, THR and transmitter empty");
        Assert.That(rig.In8(Com1 + 5) & 0x02, Is.Zero, "reading LSR cleared the overrun");
        Assert.That(Drain(rig), Is.EqualTo("x"));
    }

    [Test]
    public void Transmitted_bytes_reach_the_host_and_THR_empty_interrupts_as_on_a_16550()
    {
        var rig = Init(ier: 0x00);
        foreach (byte b in "echo"u8)
            rig.Out8(Com1, b);
        Assert.That(Uart(rig).Line.TakeOutputText(), Is.EqualTo("echo"));
        rig.Out8(Com1 + 1, 0x02); // enabling ETBEI with THR empty raises the interrupt
        Assert.That(rig.Irqs.Count(4), Is.EqualTo(1));
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0xc2));
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0xc1), "reading IIR cleared it");
        Assert.That(rig.Machine.IsIrqAsserted(4), Is.False);
    }

    [Test]
    public void Without_OUT2_the_interrupt_does_not_reach_the_line()
    {
        var rig = Init(ier: 0x01, fcr: 0x00, mcr: 0x03);
        Uart(rig).Send("a"u8);
        rig.Machine.AdvanceTo(1000);
        Assert.That(rig.In8(Com1 + 2), Is.EqualTo(0x04), "pending in the UART");
        Assert.That(rig.Irqs.Deliveries, Is.Empty);
        rig.Out8(Com1 + 4, 0x0b);
        Assert.That(rig.Irqs.Count(4), Is.EqualTo(1));
    }

    [Test]
    public void Loopback_returns_written_bytes_and_mirrors_the_modem_lines()
    {
        var rig = Init(ier: 0x00, mcr: 0x1b);
        rig.Out8(Com1, (byte)'L');
        Assert.That(Uart(rig).Line.OutputLength, Is.Zero);
        Assert.That(Drain(rig), Is.EqualTo("L"));
        Assert.That(rig.In8(Com1 + 6) & 0xf0, Is.EqualTo(0xb0), "CTS=RTS, DSR=DTR, DCD=OUT2");
        rig.Out8(Com1 + 4, 0x10);
        Assert.That(rig.In8(Com1 + 6), Is.EqualTo(0x0b), "all dropped: delta bits for CTS, DSR, DCD");
        Assert.That(rig.In8(Com1 + 6), Is.Zero, "deltas cleared by the read");
    }

    [Test]
    public void Scratch_divisor_and_bad_widths()
    {
        var rig = Init(ier: 0x00);
        rig.Out8(Com1 + 7, 0x5a);
        Assert.That(rig.In8(Com1 + 7), Is.EqualTo(0x5a));
        Assert.That(rig.Machine.PortIn(Com1, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.PortOut(Com1 + 4, AccessWidth.Bits32, 0), Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.PortIn(Com1 + 6, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.BadWidth), "0x3fe-0x3ff: inside, but 8-bit only");
        Assert.That(rig.Machine.PortIn(Com1 + 7, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.Unmapped), "0x3ff-0x400: straddles the end");
    }
}
