namespace Framework.Machine.Devices;

/// <summary>ARM PrimeCell PL011 UART (vpb926: UART0 at 0x101f1000, IRQ 12), clocked at 24 MHz.</summary>
/// <remarks>
/// Registers: DR 0x000, RSR/ECR 0x004, FR 0x018 (RXFE bit 4, RXFF bit 6, TXFE bit 7), IBRD 0x024,
/// FBRD 0x028, LCR_H 0x02c (FEN bit 4, WLEN bits 6-5), CR 0x030 (UARTEN bit 0, LBE bit 7, TXE
/// bit 8, RXE bit 9; reset 0x300), IFLS 0x034, IMSC 0x038, RIS 0x03c, MIS 0x040, ICR 0x044,
/// DMACR 0x048, identification 0xfe0-0xffc (PL011: 0x11 0x10 0x14 0x00, PrimeCell 0x0d 0xf0 0x05 0xb1).
/// Accesses of 8, 16 or 32 bits at a register's offset read its low bits and write the value
/// zero-extended; other offsets inside a register give <see cref="BusStatus.BadWidth"/>;
/// reserved registers read 0 and ignore writes.
/// <para>
/// Interrupts (RIS, masked by IMSC into MIS; the line is high while MIS is not 0): RXRIS (bit 4)
/// while the receive FIFO holds at least its trigger level (IFLS bits 5-3: 1/8, 1/4, 1/2, 3/4,
/// 7/8 of 16) or any byte with the FIFO off; RTRIS (bit 6) after 32 bit times without activity
/// while bytes wait; TXRIS (bit 5) after every transmitted byte (the transmit FIFO empties at
/// once); OERIS (bit 10) on overrun. ICR clears them.
/// </para>
/// <para>
/// Bytes from the host arrive one character time apart at the programmed baud rate (24 MHz /
/// (16 x (IBRD + FBRD/64)); 115200 while IBRD is 0) and only while UARTEN and RXE are set; until
/// then they wait on the line. Bytes written to DR reach the host at once if UARTEN and TXE are
/// set and are dropped otherwise (<see cref="DroppedTransmits"/>). Loopback (LBE) feeds them back.
/// </para>
/// </remarks>
public sealed class Pl011 : Device
{
    private const uint ClockHz = 24_000_000;
    private static ReadOnlySpan<byte> Identification => [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

    private readonly Queue<byte> _rx = new();
    private uint _ibrd, _fbrd, _lcrh, _cr = 0x300, _ifls = 0x12, _imsc, _ris, _dmacr, _rsr;
    private ulong? _arrivalUs, _timeoutUs;

    internal Pl011(DeviceContext context) : base(context) { }

    public SerialLine Line { get; } = new();

    /// <summary>Bytes written to DR while the transmitter was disabled.</summary>
    public int DroppedTransmits { get; private set; }

    /// <summary>Sends bytes from the host; they arrive one character time apart once the receiver is enabled.</summary>
    public int Send(ReadOnlySpan<byte> bytes)
    {
        int accepted = Line.Send(bytes);
        ScheduleArrival();
        return accepted;
    }

    private bool ReceiverOn => (_cr & 0x201) == 0x201;
    private bool TransmitterOn => (_cr & 0x101) == 0x101;
    private int FifoSize => (_lcrh & 0x10) != 0 ? 16 : 1;

    private int RxTrigger => (_lcrh & 0x10) == 0 ? 1 : ((_ifls >> 3) & 7) switch { 0 => 2, 1 => 4, 2 => 8, 3 => 12, _ => 14 };

    /// <summary>Microseconds one character takes at the programmed baud rate and frame.</summary>
    public ulong CharacterUs()
    {
        int bits = 1 + 5 + (int)((_lcrh >> 5) & 3) + ((_lcrh & 0x02) != 0 ? 1 : 0) + ((_lcrh & 0x08) != 0 ? 2 : 1);
        // divisor in 1/64 units: baud = clock / (16 * divisor/64) = 4 * clock / divisor64
        ulong divisor64 = _ibrd == 0 ? 0 : (_ibrd << 6) + (_fbrd & 0x3f);
        ulong baud = divisor64 == 0 ? 115200 : Math.Max(1, 4UL * ClockHz / divisor64);
        return ((ulong)bits * 1_000_000 + baud - 1) / baud;
    }

    private void ScheduleArrival()
    {
        if (_arrivalUs is null && Line.Pending > 0 && ReceiverOn)
            _arrivalUs = Context.NowUs + CharacterUs();
    }

    protected internal override BusRead ReadMmio(int range, ulong offset, AccessWidth width)
    {
        if ((offset & 3) != 0)
            return BusRead.Failed(BusStatus.BadWidth, width);
        uint value = offset switch
        {
            0x000 => ReadData(),
            0x004 => _rsr,
            0x018 => Flags(),
            0x024 => _ibrd,
            0x028 => _fbrd,
            0x02c => _lcrh,
            0x030 => _cr,
            0x034 => _ifls,
            0x038 => _imsc,
            0x03c => _ris,
            0x040 => _ris & _imsc,
            0x048 => _dmacr,
            >= 0xfe0 and <= 0xffc => Identification[(int)(offset - 0xfe0) / 4],
            _ => 0,
        };
        UpdateIrq();
        return BusRead.Ok(value & BusRead.AllOnes(width));
    }

    protected internal override BusStatus WriteMmio(int range, ulong offset, AccessWidth width, uint value)
    {
        if ((offset & 3) != 0)
            return BusStatus.BadWidth;
        switch (offset)
        {
            case 0x000:
                Transmit((byte)value);
                break;
            case 0x004:
                _rsr = 0;
                _ris &= ~0x400u;
                break;
            case 0x024:
                _ibrd = value & 0xffff;
                break;
            case 0x028:
                _fbrd = value & 0x3f;
                break;
            case 0x02c:
                if (((_lcrh ^ value) & 0x10) != 0 && (value & 0x10) == 0)
                    TrimFifo();
                _lcrh = value & 0xff;
                break;
            case 0x030:
                _cr = value & 0xff87;
                ScheduleArrival();
                break;
            case 0x034:
                _ifls = value & 0x3f;
                break;
            case 0x038:
                _imsc = value & 0x7ff;
                break;
            case 0x044:
                _ris &= ~(value & 0x7ff);
                break;
            case 0x048:
                _dmacr = value & 7;
                break;
        }
        UpdateRxLevel();
        UpdateIrq();
        return BusStatus.Ok;
    }

    private uint ReadData()
    {
        if (_rx.Count == 0)
            return 0;
        byte b = _rx.Dequeue();
        _ris &= ~0x40u; // receive timeout
        _timeoutUs = _rx.Count > 0 ? Context.NowUs + TimeoutUs() : null;
        UpdateRxLevel();
        return b;
    }

    private uint Flags() =>
        (_rx.Count == 0 ? 0x10u : 0) | (_rx.Count >= FifoSize ? 0x40u : 0) | 0x80u;

    private void Transmit(byte b)
    {
        if (!TransmitterOn)
        {
            DroppedTransmits++;
            return;
        }
        if ((_cr & 0x80) != 0)
            Receive(b);
        else
            Line.Emit(b);
        _ris |= 0x20; // the transmit FIFO is at or below its level again
    }

    private void Receive(byte b)
    {
        if (_rx.Count >= FifoSize)
        {
            _rsr |= 0x08;
            _ris |= 0x400;
        }
        else
            _rx.Enqueue(b);
        _timeoutUs = Context.NowUs + TimeoutUs();
        UpdateRxLevel();
    }

    private void TrimFifo()
    {
        while (_rx.Count > 1)
            _rx.Dequeue();
    }

    private ulong TimeoutUs() => CharacterUs() * 32 / 10;

    private void UpdateRxLevel()
    {
        if (_rx.Count >= RxTrigger) _ris |= 0x10;
        else _ris &= ~0x10u;
    }

    private void UpdateIrq() => Context.SetIrq(0, (_ris & _imsc) != 0);

    protected internal override ulong? NextEventUs =>
        _arrivalUs is { } a && _timeoutUs is { } t ? Math.Min(a, t) : _arrivalUs ?? _timeoutUs;

    protected internal override void OnTime()
    {
        ulong now = Context.NowUs;
        if (_arrivalUs is { } a && a <= now)
        {
            _arrivalUs = null;
            if (ReceiverOn && Line.Pending > 0)
                Receive(Line.Take());
            ScheduleArrival();
        }
        if (_timeoutUs is { } t && t <= now)
        {
            _timeoutUs = null;
            if (_rx.Count > 0)
                _ris |= 0x40;
        }
        UpdateIrq();
    }
}
