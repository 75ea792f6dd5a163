namespace Framework.Machine.Devices;

/// <summary>
/// Intel 8254 programmable interval timer (pc: ports 0x40-0x43, channel 0 on IRQ 0), clocked at
/// 1,193,182 Hz of virtual time.
/// </summary>
/// <remarks>
/// Ports: 0x40-0x42 channel data, 0x43 control word (write only; reads give 0xff). 8-bit
/// accesses only. Control word: SC (bits 7-6: channel, 3 = read-back), RW (bits 5-4: 0 latch,
/// 1 LSB, 2 MSB, 3 LSB then MSB), mode (bits 3-1; 6 and 7 alias 2 and 3), BCD (bit 0).
/// Read-back (0b11CSxxx0): bit 5 clear latches the count, bit 4 clear latches the status
/// (OUT in bit 7, null count in bit 6, then RW, mode, BCD) of each counter selected by bits 1-3;
/// a latched status is read before a latched count.
/// <para>
/// Modes: 0 (interrupt on terminal count: OUT low, high at count N; the counter keeps counting
/// down through 0 to 0xffff, as Genode's PIT timer relies on), 2 (rate generator: a rising edge
/// every N ticks), 3 (square wave: high for ceil(N/2), low for floor(N/2), rising every N ticks),
/// 4 (software strobe: OUT low during tick N, rising after it). Channel 0's rising edges pulse IRQ 0.
/// A count of 0 means 65536 (10000 in BCD). Simplifications: counting starts at the write of the
/// last count byte (no extra load clock); writing a new count restarts the counter at once (the
/// 8254 waits for the end of the current period in modes 2 and 3); the gates are high and never
/// rise, so modes 1 and 5 never start; the count read in mode 3 is approximate.
/// </para>
/// </remarks>
public sealed class Pit8254 : Device
{
    public const uint Frequency = 1_193_182;

    private readonly Channel[] _channels = [new(), new(), new()];
    private readonly ushort _base;

    internal Pit8254(DeviceContext context) : base(context) => _base = context.Description.Ports[0].Base;

    private sealed class Channel
    {
        public int Mode;
        public int Rw = 3;
        public bool Bcd;
        public bool Counting;
        public uint N = 65536;          // the reload value as a tick count
        public ulong LoadUs;            // virtual time the count was loaded
        public bool OutBeforeLoad;      // OUT while no count is loaded
        public bool WriteHighNext;      // RW = 3: the next count byte is the MSB
        public byte PendingLow;
        public bool CountLatched;
        public ushort LatchedCount;
        public bool ReadHighNext;       // RW = 3: the next read gives the MSB
        public bool StatusLatched;
        public byte LatchedStatus;
        public bool NullCount;
        public ulong NextEdge;          // index k of the next rising edge (in ticks: EdgeTick(k))
    }

    /// <summary>Mode, reload value and whether channel <paramref name="channel"/> counts (for tests and the host).</summary>
    public (int Mode, uint Reload, bool Counting) State(int channel) =>
        (_channels[channel].Mode, _channels[channel].N, _channels[channel].Counting);

    protected internal override BusRead PortIn(ushort port, AccessWidth width)
    {
        if (width != AccessWidth.Bits8)
            return BusRead.Failed(BusStatus.BadWidth, width);
        int index = port - _base;
        if (index == 3)
            return BusRead.Ok(0xff);
        var c = _channels[index];
        if (c.StatusLatched)
        {
            c.StatusLatched = false;
            return BusRead.Ok(c.LatchedStatus);
        }
        ushort value = c.CountLatched ? c.LatchedCount : CountNow(c);
        byte result;
        switch (c.Rw)
        {
            case 1:
                result = (byte)value;
                c.CountLatched = false;
                break;
            case 2:
                result = (byte)(value >> 8);
                c.CountLatched = false;
                break;
            default:
                result = c.ReadHighNext ? (byte)(value >> 8) : (byte)value;
                if (c.ReadHighNext)
                    c.CountLatched = false;
                c.ReadHighNext = !c.ReadHighNext;
                break;
        }
        return BusRead.Ok(result);
    }

    protected internal override BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        if (width != AccessWidth.Bits8)
            return BusStatus.BadWidth;
        int index = port - _base;
        byte b = (byte)value;
        if (index == 3)
            ControlWord(b);
        else
            CountByte(_channels[index], b);
        return BusStatus.Ok;
    }

    private void ControlWord(byte b)
    {
        int sc = b >> 6;
        if (sc == 3)
        {
            for (int i = 0; i < 3; i++)
            {
                if ((b & (2 << i)) == 0)
                    continue;
                var c = _channels[i];
                if ((b & 0x20) == 0 && !c.CountLatched)
                {
                    c.CountLatched = true;
                    c.LatchedCount = CountNow(c);
                    c.ReadHighNext = false;
                }
                if ((b & 0x10) == 0 && !c.StatusLatched)
                {
                    c.StatusLatched = true;
                    c.LatchedStatus = Status(c);
                }
            }
            return;
        }

        var ch = _channels[sc];
        int rw = (b >> 4) & 3;
        if (rw == 0)
        {
            // counter latch command
            if (!ch.CountLatched)
            {
                ch.CountLatched = true;
                ch.LatchedCount = CountNow(ch);
                ch.ReadHighNext = false;
            }
            return;
        }
        int mode = (b >> 1) & 7;
        ch.Mode = mode > 5 ? mode - 4 : mode;
        ch.Rw = rw;
        ch.Bcd = (b & 1) != 0;
        ch.Counting = false;
        ch.OutBeforeLoad = ch.Mode != 0;
        ch.WriteHighNext = false;
        ch.ReadHighNext = false;
        ch.CountLatched = false;
        ch.StatusLatched = false;
        ch.NullCount = true;
    }

    private void CountByte(Channel c, byte b)
    {
        uint raw;
        switch (c.Rw)
        {
            case 1:
                raw = b;
                break;
            case 2:
                raw = (uint)b << 8;
                break;
            default:
                if (!c.WriteHighNext)
                {
                    c.PendingLow = b;
                    c.WriteHighNext = true;
                    if (c.Mode == 0)
                    {
                        // writing the first byte stops a mode-0 count; OUT goes low
                        c.Counting = false;
                        c.OutBeforeLoad = false;
                    }
                    return;
                }
                c.WriteHighNext = false;
                raw = c.PendingLow | ((uint)b << 8);
                break;
        }
        uint modulus = c.Bcd ? 10000u : 65536u;
        uint n = c.Bcd ? FromBcd(raw) : raw;
        c.N = n == 0 ? modulus : n;
        c.LoadUs = Context.NowUs;
        c.Counting = c.Mode is 0 or 2 or 3 or 4;
        c.NullCount = true;
        c.NextEdge = 1;
        if (c.Mode is 1 or 5)
            c.OutBeforeLoad = true;
    }

    /// <summary>Ticks since the count was loaded.</summary>
    private ulong Ticks(Channel c) =>
        (ulong)((UInt128)(Context.NowUs - c.LoadUs) * Frequency / 1_000_000);

    /// <summary>Tick at which rising edge number <paramref name="k"/> (1, 2, ...) occurs.</summary>
    private static ulong EdgeTick(Channel c, ulong k) => c.Mode switch
    {
        0 => c.N,
        4 => (ulong)c.N + 1,
        _ => k * c.N,
    };

    private ushort CountNow(Channel c)
    {
        if (!c.Counting)
            return (ushort)(c.Bcd ? ToBcd(c.N % 10000) : c.N);
        ulong e = Ticks(c);
        uint modulus = c.Bcd ? 10000u : 65536u;
        ulong count = c.Mode switch
        {
            0 or 4 => (ulong)(((long)c.N - (long)(e % modulus) + modulus) % modulus),
            2 => c.N - e % c.N,
            _ => (c.N - 2 * (e % ((c.N + 1) / 2))) & ~1UL,
        };
        count %= modulus;
        return (ushort)(c.Bcd ? ToBcd((uint)count) : count);
    }

    private bool Out(Channel c)
    {
        if (!c.Counting)
            return c.OutBeforeLoad;
        ulong e = Ticks(c);
        return c.Mode switch
        {
            0 => e >= c.N,
            4 => e != c.N,
            2 => e % c.N != c.N - 1,
            _ => e % c.N < (c.N + 1) / 2,
        };
    }

    private byte Status(Channel c)
    {
        bool nullCount = c.NullCount && !(c.Counting && Ticks(c) >= 1);
        return (byte)((Out(c) ? 0x80 : 0) | (nullCount ? 0x40 : 0) | (c.Rw << 4) | (c.Mode << 1) | (c.Bcd ? 1 : 0));
    }

    protected internal override ulong? NextEventUs
    {
        get
        {
            var c = _channels[0];
            if (!c.Counting || (c.Mode is 0 or 4 && c.NextEdge > 1))
                return null;
            ulong tick = EdgeTick(c, c.NextEdge);
            // the first microsecond at which at least 'tick' ticks have passed
            return c.LoadUs + (ulong)(((UInt128)tick * 1_000_000 + Frequency - 1) / Frequency);
        }
    }

    protected internal override void OnTime()
    {
        _channels[0].NextEdge++;
        Context.PulseIrq(0);
    }

    private static uint FromBcd(uint v) =>
        (v & 0xf) + ((v >> 4) & 0xf) * 10 + ((v >> 8) & 0xf) * 100 + ((v >> 12) & 0xf) * 1000;

    private static uint ToBcd(uint v) =>
        (v % 10) | ((v / 10 % 10) << 4) | ((v / 100 % 10) << 8) | ((v / 1000 % 10) << 12);
}
