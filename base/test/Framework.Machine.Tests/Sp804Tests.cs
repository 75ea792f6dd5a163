using Framework.Machine;

namespace Framework.Machine.Tests;

/// <summary>The vpb926's SP804 timers at 0x101e2000 (1 MHz), through the bus.</summary>
[TestFixture]
public sealed class Sp804Tests
{
    private const ulong T0 = 0x101e2000, T1 = 0x101e2020;

    [Test]
    public void A_periodic_timer_interrupts_every_load_ticks_until_cleared()
    {
        var rig = Rig.Vpb926();
        rig.Write32(T0 + 0x00, 1000);
        rig.Write32(T0 + 0x08, 0xe2); // enable, periodic, interrupt, 32-bit
        rig.Machine.AdvanceTo(400);
        Assert.That(rig.Read32(T0 + 0x04), Is.EqualTo(600u));
        rig.Machine.AdvanceTo(1000);
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (4, 1000UL) }));
        Assert.That(rig.Read32(T0 + 0x14), Is.EqualTo(1u));
        rig.Write32(T0 + 0x0c, 0); // IntClr
        Assert.That(rig.Machine.IsIrqAsserted(4), Is.False);
        rig.Machine.AcknowledgeIrq(4);
        rig.Machine.AdvanceTo(3500);
        Assert.That(rig.Irqs.Deliveries.Select(d => d.Us), Is.EqualTo(new ulong[] { 1000, 2000 }), "the level stayed high from 2000 on: one delivery");
        Assert.That(rig.Read32(T0 + 0x04), Is.EqualTo(500u));
    }

    [Test]
    public void One_shot_stops_at_zero_and_free_running_wraps()
    {
        var rig = Rig.Vpb926();
        rig.Write32(T0 + 0x00, 100);
        rig.Write32(T0 + 0x08, 0xa3); // enable, interrupt, 32-bit, one-shot
        rig.Write32(T1 + 0x00, 10);
        rig.Write32(T1 + 0x08, 0x80); // enable, 16-bit, free-running, no interrupt
        rig.Machine.AdvanceTo(1000);
        Assert.That(rig.Read32(T0 + 0x04), Is.Zero);
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(10UL + 65535), "timer 1 wraps to 0xffff");
        Assert.That(rig.Read32(T1 + 0x04), Is.EqualTo(65535u - (1000u - 10u)));
        Assert.That(rig.Read32(T1 + 0x10), Is.EqualTo(1u), "raw interrupt set");
        Assert.That(rig.Read32(T1 + 0x14), Is.Zero, "but masked");
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (4, 100UL) }));
    }

    [Test]
    public void Prescaler_and_background_load()
    {
        var rig = Rig.Vpb926();
        rig.Write32(T0 + 0x00, 10);
        rig.Write32(T0 + 0x08, 0xe6); // prescale 16
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(160UL));
        rig.Write32(T0 + 0x18, 20); // next period 20 ticks, the current count unchanged
        rig.Machine.AdvanceTo(160);
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(160UL + 320));
    }

    [Test]
    public void Identification_and_widths()
    {
        var rig = Rig.Vpb926();
        Assert.That(rig.Read32(0x101e2fe0), Is.EqualTo(0x04u));
        Assert.That(rig.Read32(T0 + 0x08), Is.EqualTo(0x20u), "control after reset");
        Assert.That(rig.Machine.ReadMmio(T0 + 0x04, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.WriteMmio(T0 + 0x01, AccessWidth.Bits32, 5), Is.EqualTo(BusStatus.BadWidth));
    }
}
