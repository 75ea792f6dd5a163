namespace Framework.Machine.Devices;

/// <summary>ARM SP804 dual timer (vpb926: timers 0 and 1 at 0x101e2000, IRQ 4), clocked at 1 MHz.</summary>
/// <remarks>
/// Two timers, at 0x00 and 0x20, each with Load (+0x00), Value (+0x04, read only), Control
/// (+0x08: OneShot bit 0, 32-bit bit 1, prescale bits 3-2 (1, 16, 256), IntEnable bit 5,
/// Periodic bit 6, Enable bit 7; reset 0x20), IntClr (+0x0c, write), RIS (+0x10), MIS (+0x14) and
/// BGLoad (+0x18); identification at 0xfe0-0xffc (0x04 0x18 0x14 0x00, 0x0d 0xf0 0x05 0xb1).
/// 32-bit accesses at register offsets only. An enabled timer counts down; on reaching 0 it sets
/// RIS and then, periodic, reloads from Load (a period of Load ticks), one-shot, stops at 0, or,
/// free-running, wraps to 0xffffffff (0xffff in 16-bit mode). Writing Load also restarts the
/// count; BGLoad sets the reload value only. The line is high while either MIS is 1.
/// </remarks>
public sealed class Sp804 : Device
{
    private static ReadOnlySpan<byte> Identification => [0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

    private sealed class Timer
    {
        public uint Load;
        public uint Control = 0x20;
        public bool Ris;
        public bool Halted;                   // a one-shot timer that reached 0
        public uint StartValue = 0xffffffff;  // the count when counting (re)started
        public ulong StartUs;
    }

    private readonly Timer[] _timers = [new(), new()];

    internal Sp804(DeviceContext context) : base(context) { }

    private static bool Counting(Timer t) => (t.Control & 0x80) != 0 && !t.Halted;
    private static uint Max(Timer t) => (t.Control & 0x02) != 0 ? 0xffffffffu : 0xffffu;
    private static uint Prescale(Timer t) => ((t.Control >> 2) & 3) switch { 0 => 1u, 1 => 16u, _ => 256u };

    private uint Value(Timer t)
    {
        if (!Counting(t))
            return t.StartValue;
        ulong e = (Context.NowUs - t.StartUs) / Prescale(t);
        return (uint)(t.StartValue - Math.Min(e, t.StartValue));
    }

    /// <summary>Counting goes on from <paramref name="value"/> now (after a write to Load or Control).</summary>
    private void Restart(Timer t, uint value)
    {
        t.StartValue = value;
        t.StartUs = Context.NowUs;
        t.Halted = false;
    }

    protected internal override BusRead ReadMmio(int range, ulong offset, AccessWidth width)
    {
        if (width != AccessWidth.Bits32 || (offset & 3) != 0)
            return BusRead.Failed(BusStatus.BadWidth, width);
        if (offset is >= 0xfe0 and <= 0xffc)
            return BusRead.Ok(Identification[(int)(offset - 0xfe0) / 4]);
        if (offset >= 0x40)
            return BusRead.Ok(0);
        var t = _timers[offset / 0x20];
        uint value = (offset % 0x20) switch
        {
            0x00 or 0x18 => t.Load,
            0x04 => Value(t),
            0x08 => t.Control,
            0x10 => t.Ris ? 1u : 0,
            0x14 => t.Ris && (t.Control & 0x20) != 0 ? 1u : 0,
            _ => 0,
        };
        return BusRead.Ok(value);
    }

    protected internal override BusStatus WriteMmio(int range, ulong offset, AccessWidth width, uint value)
    {
        if (width != AccessWidth.Bits32 || (offset & 3) != 0)
            return BusStatus.BadWidth;
        if (offset >= 0x40)
            return BusStatus.Ok;
        var t = _timers[offset / 0x20];
        switch (offset % 0x20)
        {
            case 0x00:
                t.Load = value & Max(t);
                Restart(t, t.Load);
                break;
            case 0x08:
                uint current = Value(t);
                t.Control = value & 0xef;
                Restart(t, current & Max(t));
                break;
            case 0x0c:
                t.Ris = false;
                break;
            case 0x18:
                t.Load = value & Max(t);
                break;
        }
        UpdateIrq();
        return BusStatus.Ok;
    }

    private void UpdateIrq() => Context.SetIrq(0, _timers.Any(t => t.Ris && (t.Control & 0x20) != 0));

    private static ulong? ZeroUs(Timer t) => Counting(t) ? t.StartUs + (ulong)t.StartValue * Prescale(t) : null;

    protected internal override ulong? NextEventUs
    {
        get
        {
            ulong? next = null;
            foreach (var t in _timers)
                if (ZeroUs(t) is { } z && (next is null || z < next))
                    next = z;
            return next;
        }
    }

    protected internal override void OnTime()
    {
        foreach (var t in _timers)
        {
            if (ZeroUs(t) is not { } z || z > Context.NowUs)
                continue;
            t.Ris = true;
            t.StartUs = z;
            if ((t.Control & 0x01) != 0)
            {
                t.StartValue = 0;
                t.Halted = true;
            }
            else
                // periodic: reload (at least one tick); free-running: wrap to the maximum
                t.StartValue = (t.Control & 0x40) != 0 ? Math.Max(t.Load, 1u) : Max(t);
        }
        UpdateIrq();
    }
}
