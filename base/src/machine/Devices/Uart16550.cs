namespace Framework.Machine.Devices;

/// <summary>
/// National Semiconductor 16550A UART (pc: COM1 at ports 0x3f8-0x3ff, IRQ 4), 8-bit accesses only.
/// </summary>
/// <remarks>
/// Registers (offset from the base): 0 RBR/THR (DLL with LCR.DLAB), 1 IER (DLM with DLAB), 2 IIR
/// (read) / FCR (write), 3 LCR, 4 MCR, 5 LSR, 6 MSR, 7 SCR. Interrupts by priority, as IIR
/// reports them: line status (0x06, overrun, with IER bit 2), received data (0x04, the FIFO at its
/// trigger level 1/4/8/14, or any byte with FIFOs off; IER bit 0), character timeout (0x0c, data
/// below the trigger level and no activity for 4 character times; IER bit 0), transmitter empty
/// (0x02, IER bit 1; cleared by reading IIR or writing THR), modem status (0x00, loopback only;
/// IER bit 3). As on a PC, the interrupt reaches the line only while MCR.OUT2 (bit 3) is set.
/// <para>
/// Receiving follows the virtual clock: bytes the host sends (<see cref="Send"/>) arrive one
/// character time apart (start, data, parity and stop bits at 115200 / divisor baud); a byte
/// arriving at a full FIFO (16 bytes, or 1 with FIFOs off) is lost and sets LSR.OE. Transmitting
/// is instant: a byte written to THR is on the host's line (<see cref="Line"/>) at once, and THR
/// and the transmitter are always empty. Loopback (MCR bit 4) feeds written bytes back into the
/// receiver and mirrors DTR/RTS/OUT1/OUT2 in MSR. Not modelled: parity/framing errors and breaks.
/// </para>
/// </remarks>
public sealed class Uart16550 : Device
{
    private readonly ushort _base;
    private readonly Queue<byte> _rx = new();
    private byte _ier, _lcr, _mcr, _scr, _msrDelta;
    private ushort _divisor = 1;
    private bool _fifoEnabled;
    private int _trigger = 1;
    private bool _overrun, _thrEmptyPending, _timeoutPending;
    private ulong? _arrivalUs, _timeoutUs;

    internal Uart16550(DeviceContext context) : base(context) => _base = context.Description.Ports[0].Base;

    /// <summary>The host's end of the line.</summary>
    public SerialLine Line { get; } = new();

    /// <summary>Sends bytes from the host; they arrive one character time apart. Returns how many were accepted.</summary>
    public int Send(ReadOnlySpan<byte> bytes)
    {
        int accepted = Line.Send(bytes);
        _arrivalUs ??= Context.NowUs + CharacterUs();
        return accepted;
    }

    /// <summary>Baud rate as programmed (115200 / divisor).</summary>
    public int Baud => 115200 / Math.Max((int)_divisor, 1);

    /// <summary>Microseconds one character takes on the line with the current LCR and divisor.</summary>
    public ulong CharacterUs()
    {
        int bits = 1 + 5 + (_lcr & 3) + ((_lcr & 0x08) != 0 ? 1 : 0) + ((_lcr & 0x04) != 0 ? 2 : 1);
        int divisor = _divisor == 0 ? 65536 : _divisor;
        return (ulong)((bits * 1_000_000L * divisor + 115199) / 115200);
    }

    private bool Dlab => (_lcr & 0x80) != 0;
    private bool Loopback => (_mcr & 0x10) != 0;
    private int FifoSize => _fifoEnabled ? 16 : 1;

    protected internal override BusRead PortIn(ushort port, AccessWidth width)
    {
        if (width != AccessWidth.Bits8)
            return BusRead.Failed(BusStatus.BadWidth, width);
        byte value;
        switch (port - _base)
        {
            case 0:
                if (Dlab)
                    value = (byte)_divisor;
                else
                {
                    value = _rx.Count > 0 ? _rx.Dequeue() : (byte)0;
                    _timeoutPending = false;
                    _timeoutUs = _rx.Count > 0 && _fifoEnabled ? Context.NowUs + 4 * CharacterUs() : null;
                }
                break;
            case 1:
                value = Dlab ? (byte)(_divisor >> 8) : _ier;
                break;
            case 2:
                value = Iir();
                if ((value & 0x0f) == 0x02)
                    _thrEmptyPending = false;
                break;
            case 3:
                value = _lcr;
                break;
            case 4:
                value = _mcr;
                break;
            case 5:
                value = (byte)((_rx.Count > 0 ? 0x01 : 0) | (_overrun ? 0x02 : 0) | 0x60);
                _overrun = false;
                break;
            case 6:
                value = (byte)(Msr() | _msrDelta);
                _msrDelta = 0;
                break;
            default:
                value = _scr;
                break;
        }
        UpdateIrq();
        return BusRead.Ok(value);
    }

    protected internal override BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        if (width != AccessWidth.Bits8)
            return BusStatus.BadWidth;
        byte b = (byte)value;
        switch (port - _base)
        {
            case 0:
                if (Dlab)
                    _divisor = (ushort)((_divisor & 0xff00) | b);
                else
                    Transmit(b);
                break;
            case 1:
                if (Dlab)
                    _divisor = (ushort)((_divisor & 0x00ff) | (b << 8));
                else
                {
                    // enabling the THRE interrupt while THR is empty raises it
                    if ((b & 0x02) != 0 && (_ier & 0x02) == 0)
                        _thrEmptyPending = true;
                    _ier = (byte)(b & 0x0f);
                }
                break;
            case 2:
                Fcr(b);
                break;
            case 3:
                _lcr = b;
                break;
            case 4:
                byte before = Msr();
                _mcr = (byte)(b & 0x1f);
                byte after = Msr();
                if (Loopback)
                    _msrDelta |= (byte)(((before ^ after) >> 4) & 0x0b);
                break;
            case 5:
            case 6:
                break; // LSR and MSR are read-only here
            default:
                _scr = b;
                break;
        }
        UpdateIrq();
        return BusStatus.Ok;
    }

    private void Transmit(byte b)
    {
        _thrEmptyPending = false;
        if (Loopback)
            Receive(b);
        else
            Line.Emit(b);
        _thrEmptyPending = (_ier & 0x02) != 0; // THR empty again at once
    }

    private void Fcr(byte b)
    {
        bool enable = (b & 0x01) != 0;
        if (enable != _fifoEnabled)
            _rx.Clear();
        _fifoEnabled = enable;
        if ((b & 0x02) != 0)
            _rx.Clear();
        _trigger = !enable ? 1 : (b >> 6) switch { 0 => 1, 1 => 4, 2 => 8, _ => 14 };
        if (_rx.Count == 0)
        {
            _timeoutPending = false;
            _timeoutUs = null;
        }
    }

    private byte Msr() => Loopback
        ? (byte)(((_mcr & 0x02) << 3) | ((_mcr & 0x01) << 5) | ((_mcr & 0x04) << 4) | ((_mcr & 0x08) << 4))
        : (byte)0xb0; // CTS, DSR and DCD: a cable is attached

    private byte Iir()
    {
        byte fifo = _fifoEnabled ? (byte)0xc0 : (byte)0;
        if ((_ier & 0x04) != 0 && _overrun) return (byte)(fifo | 0x06);
        if ((_ier & 0x01) != 0 && _rx.Count >= _trigger) return (byte)(fifo | 0x04);
        if ((_ier & 0x01) != 0 && _timeoutPending && _rx.Count > 0) return (byte)(fifo | 0x0c);
        if ((_ier & 0x02) != 0 && _thrEmptyPending) return (byte)(fifo | 0x02);
        if ((_ier & 0x08) != 0 && _msrDelta != 0) return fifo;
        return (byte)(fifo | 0x01);
    }

    private void Receive(byte b)
    {
        if (_rx.Count >= FifoSize)
            _overrun = true;
        else
            _rx.Enqueue(b);
        _timeoutPending = false;
        _timeoutUs = _fifoEnabled ? Context.NowUs + 4 * CharacterUs() : null;
    }

    private void UpdateIrq() => Context.SetIrq(0, (_mcr & 0x08) != 0 && (Iir() & 0x01) == 0);

    protected internal override ulong? NextEventUs =>
        _arrivalUs is { } a && _timeoutUs is { } t ? Math.Min(a, t) : _arrivalUs ?? _timeoutUs;

    protected internal override void OnTime()
    {
        ulong now = Context.NowUs;
        if (_arrivalUs is { } a && a <= now)
        {
            Receive(Line.Take());
            _arrivalUs = Line.Pending > 0 ? now + CharacterUs() : null;
        }
        if (_timeoutUs is { } t && t <= now)
        {
            _timeoutUs = null;
            _timeoutPending = _rx.Count > 0;
        }
        UpdateIrq();
    }
}
