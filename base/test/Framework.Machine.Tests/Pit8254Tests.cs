using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>The 8254 through ports 0x40-0x43, as Genode's PIT timer driver (12.02 include_pit/platform_timer.h) uses it.</summary>
[TestFixture]
public sealed class Pit8254Tests
{
    /// <summary>Genode's <c>_read_counter</c>: read-back of count and status of counter 0, then status, LSB, MSB.</summary>
    private static (bool Wrapped, int Count) ReadBack(Rig rig)
    {
        rig.Out8(0x43, 0xc2);
        byte status = rig.In8(0x40);
        int lo = rig.In8(0x40), hi = rig.In8(0x40);
        return ((status & 0x80) != 0, (hi << 8) | lo);
    }

    private static void OneShot(Rig rig, ushort count)
    {
        rig.Out8(0x40, (byte)count);
        rig.Out8(0x40, (byte)(count >> 8));
    }

    [Test]
    public void Genode_s_one_shot_timeout_fires_once_at_the_tick_count()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x30); // channel 0, LSB then MSB, mode 0: Genode's constructor
        rig.Machine.AdvanceTo(500);
        OneShot(rig, 1193);   // schedule_timeout(1000 us): PIT_TICKS_PER_MSEC * 1000 / 1000
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(1500UL), "1193 ticks at 1193182 Hz are 999.85 us, the edge in the 1000th");
        rig.Machine.AdvanceTo(1499);
        Assert.That(rig.Irqs.Count(0), Is.Zero);
        var (wrapped, count) = ReadBack(rig);
        Assert.That(wrapped, Is.False);
        Assert.That(count, Is.EqualTo(1193 - 1191), "999 us are 1191 ticks");
        rig.Machine.AdvanceTo(1500);
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (0, 1500UL) }));
        Assert.That(rig.Machine.NextEventUs, Is.Null, "mode 0 fires once");
        rig.Machine.AcknowledgeIrq(0);
        rig.Machine.AdvanceTo(100_000);
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(1));
    }

    [Test]
    public void After_the_terminal_count_mode_0_keeps_counting_down_through_0xffff()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x30);
        OneShot(rig, 1193);
        rig.Machine.AdvanceTo(2000); // 2386 ticks
        var (wrapped, count) = ReadBack(rig);
        Assert.That(wrapped, Is.True, "OUT is high after the terminal count");
        Assert.That(count, Is.EqualTo((1193 - 2386) & 0xffff));
        // Genode's curr_time(): passed ticks = init + 65535 - curr
        int passed = 1193 + 65535 - count;
        Assert.That(passed, Is.EqualTo(2386 - 1));
    }

    [Test]
    public void A_new_count_restarts_the_one_shot_and_drops_OUT()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x30);
        OneShot(rig, 100);
        rig.Machine.AdvanceTo(1000);
        Assert.That(ReadBack(rig).Wrapped, Is.True);
        OneShot(rig, 0); // 0 means 65536
        Assert.That(ReadBack(rig), Is.EqualTo((false, 0)));
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(1000UL + 54926), "65536 ticks are 54925.4 us");
    }

    [Test]
    public void The_rate_generator_interrupts_every_period_on_the_virtual_clock()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x34); // channel 0, LSB/MSB, mode 2
        OneShot(rig, 11932);  // about 10 ms
        var times = new List<ulong>();
        while (rig.Machine.NextEventUs is { } t && t <= 1_000_000)
        {
            rig.Machine.AdvanceTo(t);
            times.Add(rig.Machine.NowUs);
            rig.Machine.AcknowledgeIrq(0);
        }
        Assert.That(times, Has.Count.EqualTo(99), "11932 ticks are 10000.15 us; the 100th edge comes at 1000015 us");
        Assert.That(times.Take(3), Is.EqualTo(new ulong[] { 10001, 20001, 30001 }));
        Assert.That(times[^1], Is.EqualTo(990015UL), "no drift: the k-th edge is at ceil(k * 11932 / 1.193182) us");
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(99));
    }

    [Test]
    public void The_square_wave_is_high_for_the_first_half_of_each_period()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x36); // mode 3
        OneShot(rig, 1000);
        rig.Machine.AdvanceTo(200); // 238 ticks: first half
        rig.Out8(0x43, 0xe2);       // read-back status only
        Assert.That(rig.In8(0x40) & 0x80, Is.EqualTo(0x80));
        rig.Machine.AdvanceTo(600); // 715 ticks: second half
        rig.Out8(0x43, 0xe2);
        Assert.That(rig.In8(0x40) & 0x80, Is.Zero);
        rig.Machine.AdvanceTo(838);
        Assert.That(rig.Irqs.Count(0), Is.Zero);
        rig.Machine.AdvanceTo(839);
        Assert.That(rig.Irqs.Count(0), Is.EqualTo(1), "rising after 1000 ticks = 838.09 us");
    }

    [Test]
    public void A_latched_count_holds_until_read()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x30);
        OneShot(rig, 50000);
        rig.Machine.AdvanceTo(1000);
        rig.Out8(0x43, 0x00); // counter latch, channel 0
        rig.Machine.AdvanceTo(2000);
        int latched = rig.In8(0x40) | (rig.In8(0x40) << 8);
        Assert.That(latched, Is.EqualTo(50000 - 1193));
        int live = rig.In8(0x40) | (rig.In8(0x40) << 8);
        Assert.That(live, Is.EqualTo(50000 - 2386));
    }

    [Test]
    public void LSB_only_MSB_only_and_BCD_counts()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x50); // channel 1, LSB only, mode 0
        rig.Out8(0x41, 200);
        Assert.That(rig.Machine.Device<Pit8254>("pit").State(1), Is.EqualTo((0, 200u, true)));
        rig.Out8(0x43, 0xa0); // channel 2, MSB only, mode 0
        rig.Out8(0x42, 0x12);
        Assert.That(rig.Machine.Device<Pit8254>("pit").State(2).Reload, Is.EqualTo(0x1200u));
        rig.Out8(0x43, 0x31); // channel 0, BCD
        rig.Out8(0x40, 0x34);
        rig.Out8(0x40, 0x12); // 1234 decimal
        rig.Machine.AdvanceTo(100); // 119 ticks
        rig.Out8(0x43, 0x00);
        int bcd = rig.In8(0x40) | (rig.In8(0x40) << 8);
        Assert.That(bcd, Is.EqualTo(0x1115), "1234 - 119 = 1115 in BCD");
        Assert.That(rig.Machine.NextEventUs, Is.EqualTo(1035UL), "1234 ticks are 1034.2 us");
    }

    [Test]
    public void Channels_1_and_2_never_interrupt_and_modes_1_and_5_wait_for_a_gate_that_never_rises()
    {
        var rig = Rig.Pc();
        rig.Out8(0x43, 0x74); // channel 1, mode 2
        OneShot(rig, 0);
        rig.Out8(0x41, 10);
        rig.Out8(0x41, 0);
        rig.Out8(0x43, 0x32); // channel 0, mode 1
        rig.Out8(0x40, 10);
        rig.Out8(0x40, 0);
        rig.Machine.AdvanceTo(1_000_000);
        Assert.That(rig.Irqs.Deliveries, Is.Empty);
    }

    [Test]
    public void Wrong_widths_are_refused_and_the_control_port_reads_ff()
    {
        var rig = Rig.Pc();
        Assert.That(rig.Machine.PortOut(0x40, AccessWidth.Bits16, 0x1234), Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.PortIn(0x40, AccessWidth.Bits32), Is.EqualTo(new BusRead(BusStatus.BadWidth, 0xffffffff)));
        Assert.That(rig.In8(0x43), Is.EqualTo(0xff));
        Assert.That(rig.Machine.Device<Pit8254>("pit").State(0).Counting, Is.False, "the refused write changed nothing");
    }
}
