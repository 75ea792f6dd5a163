namespace Framework.Machine.Devices;

/// <summary>
/// The PC's i8042 keyboard controller (ports 0x60 data and 0x64 status/command, 8-bit accesses)
/// with a PS/2 keyboard (IRQ 1) and a PS/2 mouse on its auxiliary port (IRQ 12).
/// </summary>
/// <remarks>
/// Status (read 0x64): OBF bit 0, SYS bit 2, A2 bit 3 (last write went to 0x64), keyboard not
/// inhibited bit 4, AUX_OBF bit 5 (the byte is the mouse's); IBF is always clear (commands take
/// no time). Controller commands (write 0x64): 0x20 read and 0x60 write the command byte, 0xa7/0xa8
/// disable/enable the mouse port, 0xa9/0xab test a port (0x00), 0xaa self-test (0x55), 0xad/0xae
/// disable/enable the keyboard port, 0xc0 read input port, 0xd0/0xd1 read/write output port,
/// 0xd2/0xd3 put the next data byte into the output buffer as the keyboard's/mouse's, 0xd4 send
/// the next data byte to the mouse; other commands are ignored (0xfe, the reset pulse, included).
/// Data written to 0x60 otherwise goes to the keyboard.
/// <para>
/// Command byte (reset 0x45): keyboard interrupt bit 0, mouse interrupt bit 1, system flag bit 2,
/// keyboard port disabled bit 4, mouse port disabled bit 5, translation bit 6. With translation
/// on, keyboard bytes pass the set-2-to-set-1 table (<see cref="ScanCodes.TranslateToSet1"/>), a
/// 0xf0 prefix turning into bit 7 of the next byte. Bytes wait in the devices (16 in the keyboard,
/// 48 in the mouse; more are dropped and counted) while their port is disabled or the output
/// buffer is full; the controller's own replies come first. IRQ 1 (keyboard bytes and controller
/// replies) and IRQ 12 (mouse bytes) are high while such a byte is in the output buffer and its
/// interrupt is enabled.
/// </para>
/// <para>
/// Keyboard commands: 0xff reset (0xfa 0xaa), 0xf6 defaults, 0xf5/0xf4 disable/enable scanning,
/// 0xf2 identify (0xfa 0xab 0x83), 0xee echo (0xee), 0xed LEDs and 0xf3 typematic (with a data
/// byte), 0xf0 scan code set (0 reports the set), 0xfe resend, 0xf7-0xfd accepted; others 0xfe.
/// Set 1 selected with 0xf0 makes the keyboard itself send set 1; set 3 is accepted and treated
/// as set 2. Mouse commands: 0xff reset (0xfa 0xaa 0x00), 0xf6 defaults, 0xf5/0xf4 disable/enable
/// reporting, 0xf3 sample rate and 0xe8 resolution (with a data byte), 0xf2 identify (0xfa 0x00),
/// 0xe6/0xe7 scaling, 0xe9 status (three bytes), 0xea stream mode, 0xf0 remote mode, 0xeb read data;
/// others 0xfe. Movement packets (three bytes: buttons with bit 3 set and the sign and overflow
/// bits, dx, dy with up positive) are sent only while reporting is enabled.
/// </para>
/// </remarks>
public sealed class I8042 : Device
{
    private enum Source { Controller, Keyboard, Mouse }

    private const int KeyboardBuffer = 16;
    private const int MouseBuffer = 48;

    private readonly Queue<byte> _controllerOut = new();
    private readonly Queue<byte> _keyboardOut = new();
    private readonly Queue<byte> _mouseOut = new();
    private byte _commandByte = 0x45;
    private bool _obf;
    private byte _output;
    private Source _outputSource;
    private bool _lastWriteCommand;
    private bool _breakPrefix;
    private int _pendingControllerData = -1; // the command waiting for a data byte on 0x60

    // keyboard state
    private bool _scanning = true;
    private int _scanCodeSet = 2;
    private int _keyboardArgumentFor = -1;
    private byte _lastKeyboardByte;

    // mouse state
    private bool _reporting;
    private int _mouseArgumentFor = -1;
    private byte _sampleRate = 100, _resolution = 2;
    private bool _scaling21;

    internal I8042(DeviceContext context) : base(context) { }

    /// <summary>Bytes dropped because the keyboard's or the mouse's buffer was full, or scanning/reporting was off.</summary>
    public int DroppedInput { get; private set; }

    /// <summary>The command byte as the driver last wrote it.</summary>
    public byte CommandByte => _commandByte;

    // ---- host side ----------------------------------------------------------------------------

    /// <summary>A key pressed or released on the host's keyboard.</summary>
    public void Key(Ps2Key key, bool pressed) => KeyboardSend(ScanCodes.Set2(key, pressed));

    /// <summary>Raw scan code set 2 bytes from the keyboard (dropped while scanning is disabled).</summary>
    public void KeyboardSend(ReadOnlySpan<byte> set2)
    {
        if (!_scanning)
        {
            DroppedInput += set2.Length;
            return;
        }
        bool breakNext = false;
        foreach (byte b in set2)
        {
            if (_scanCodeSet == 1)
            {
                // the keyboard itself speaks set 1
                if (b == 0xf0) { breakNext = true; continue; }
                KeyboardByte((byte)(ScanCodes.TranslateToSet1(b) | (breakNext && b != 0xe0 ? 0x80 : 0)));
                if (b != 0xe0) breakNext = false;
            }
            else
                KeyboardByte(b);
        }
        Refill();
    }

    /// <summary>
    /// The host's mouse moved by (<paramref name="dx"/>, <paramref name="dy"/>), up positive, with
    /// buttons (bit 0 left, 1 right, 2 middle); one packet while reporting is enabled.
    /// </summary>
    public void MouseMove(int dx, int dy, int buttons)
    {
        if (!_reporting || _mouseOut.Count + 3 > MouseBuffer)
        {
            DroppedInput += 3;
            return;
        }
        bool xOverflow = dx is < -256 or > 255, yOverflow = dy is < -256 or > 255;
        dx = Math.Clamp(dx, -256, 255);
        dy = Math.Clamp(dy, -256, 255);
        byte status = (byte)((buttons & 7) | 0x08 | (dx < 0 ? 0x10 : 0) | (dy < 0 ? 0x20 : 0) | (xOverflow ? 0x40 : 0) | (yOverflow ? 0x80 : 0));
        _mouseOut.Enqueue(status);
        _mouseOut.Enqueue((byte)dx);
        _mouseOut.Enqueue((byte)dy);
        Refill();
    }

    public bool ScanningEnabled => _scanning;
    public bool MouseReportingEnabled => _reporting;

    // ---- ports ---------------------------------------------------------------------------------

    protected internal override BusRead PortIn(ushort port, AccessWidth width)
    {
        if (width != AccessWidth.Bits8)
            return BusRead.Failed(BusStatus.BadWidth, width);
        if (port == 0x64)
            return BusRead.Ok(Status());
        byte value = _output;
        _obf = false;
        Refill();
        return BusRead.Ok(value);
    }

    protected internal override BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        if (width != AccessWidth.Bits8)
            return BusStatus.BadWidth;
        byte b = (byte)value;
        if (port == 0x64)
        {
            _lastWriteCommand = true;
            Command(b);
        }
        else
        {
            _lastWriteCommand = false;
            Data(b);
        }
        Refill();
        return BusStatus.Ok;
    }

    private byte Status() => (byte)((_obf ? 0x01 : 0) | (_commandByte & 0x04) | (_lastWriteCommand ? 0x08 : 0) | 0x10
                                    | (_obf && _outputSource == Source.Mouse ? 0x20 : 0));

    private void Command(byte command)
    {
        switch (command)
        {
            case 0x20: Reply(_commandByte); break;
            case >= 0x21 and <= 0x3f: Reply(0); break;
            case 0x60:
            case >= 0x61 and <= 0x7f:
            case 0xd1:
            case 0xd2:
            case 0xd3:
            case 0xd4:
                _pendingControllerData = command;
                break;
            case 0xa7: _commandByte |= 0x20; break;
            case 0xa8: _commandByte &= 0xdf; break;
            case 0xa9: Reply(0x00); break;
            case 0xaa: Reply(0x55); break;
            case 0xab: Reply(0x00); break;
            case 0xad: _commandByte |= 0x10; break;
            case 0xae: _commandByte &= 0xef; break;
            case 0xc0: Reply(0x00); break;
            case 0xd0: Reply((byte)(0x01 | (_obf && _outputSource != Source.Mouse ? 0x10 : 0) | (_obf && _outputSource == Source.Mouse ? 0x20 : 0))); break;
        }
    }

    private void Data(byte b)
    {
        int pending = _pendingControllerData;
        _pendingControllerData = -1;
        switch (pending)
        {
            case 0x60:
                _commandByte = b;
                UpdateIrq();
                return;
            case >= 0x61 and <= 0x7f:
            case 0xd1:
                return;
            case 0xd2:
                KeyboardByte(b);
                return;
            case 0xd3:
                MouseByte(b);
                return;
            case 0xd4:
                MouseCommand(b);
                return;
        }
        KeyboardCommand(b);
    }

    private void Reply(byte b) => _controllerOut.Enqueue(b);

    private void KeyboardByte(byte b)
    {
        if (_keyboardOut.Count >= KeyboardBuffer)
        {
            DroppedInput++;
            return;
        }
        _keyboardOut.Enqueue(b);
    }

    private void MouseByte(byte b)
    {
        if (_mouseOut.Count >= MouseBuffer)
        {
            DroppedInput++;
            return;
        }
        _mouseOut.Enqueue(b);
    }

    private void KeyboardReply(params ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            _lastKeyboardByte = b;
            KeyboardByte(b);
        }
    }

    private void KeyboardCommand(byte b)
    {
        int argumentFor = _keyboardArgumentFor;
        _keyboardArgumentFor = -1;
        if (argumentFor == 0xf0)
        {
            if (b == 0)
                KeyboardReply(0xfa, (byte)_scanCodeSet);
            else
            {
                _scanCodeSet = b == 1 ? 1 : 2;
                KeyboardReply(0xfa);
            }
            return;
        }
        if (argumentFor is 0xed or 0xf3)
        {
            KeyboardReply(0xfa);
            return;
        }
        switch (b)
        {
            case 0xff:
                _scanning = true;
                _scanCodeSet = 2;
                _keyboardOut.Clear();
                KeyboardReply(0xfa, 0xaa);
                break;
            case 0xf6:
                _scanning = true;
                _scanCodeSet = 2;
                KeyboardReply(0xfa);
                break;
            case 0xf5:
                _scanning = false;
                KeyboardReply(0xfa);
                break;
            case 0xf4:
                _scanning = true;
                KeyboardReply(0xfa);
                break;
            case 0xf2:
                KeyboardReply(0xfa, 0xab, 0x83);
                break;
            case 0xee:
                KeyboardReply(0xee);
                break;
            case 0xed:
            case 0xf3:
            case 0xf0:
                _keyboardArgumentFor = b;
                KeyboardReply(0xfa);
                break;
            case 0xfe:
                KeyboardByte(_lastKeyboardByte);
                break;
            case >= 0xf7 and <= 0xfd:
                KeyboardReply(0xfa);
                break;
            default:
                KeyboardReply(0xfe);
                break;
        }
    }

    private void MouseReply(params ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            MouseByte(b);
    }

    private void MouseCommand(byte b)
    {
        int argumentFor = _mouseArgumentFor;
        _mouseArgumentFor = -1;
        if (argumentFor == 0xf3)
        {
            _sampleRate = b;
            MouseReply(0xfa);
            return;
        }
        if (argumentFor == 0xe8)
        {
            _resolution = (byte)(b & 3);
            MouseReply(0xfa);
            return;
        }
        switch (b)
        {
            case 0xff:
                _reporting = false;
                _sampleRate = 100;
                _resolution = 2;
                _scaling21 = false;
                _mouseOut.Clear();
                MouseReply(0xfa, 0xaa, 0x00);
                break;
            case 0xf6:
                _reporting = false;
                _sampleRate = 100;
                _resolution = 2;
                _scaling21 = false;
                MouseReply(0xfa);
                break;
            case 0xf5:
                _reporting = false;
                MouseReply(0xfa);
                break;
            case 0xf4:
                _reporting = true;
                MouseReply(0xfa);
                break;
            case 0xf3:
            case 0xe8:
                _mouseArgumentFor = b;
                MouseReply(0xfa);
                break;
            case 0xf2:
                MouseReply(0xfa, 0x00);
                break;
            case 0xe6:
                _scaling21 = false;
                MouseReply(0xfa);
                break;
            case 0xe7:
                _scaling21 = true;
                MouseReply(0xfa);
                break;
            case 0xe9:
                MouseReply(0xfa, (byte)((_reporting ? 0x20 : 0) | (_scaling21 ? 0x10 : 0)), _resolution, _sampleRate);
                break;
            case 0xea:
            case 0xf0:
            case 0xec:
                MouseReply(0xfa);
                break;
            case 0xeb:
                MouseReply(0xfa, 0x08, 0x00, 0x00);
                break;
            default:
                MouseReply(0xfe);
                break;
        }
    }

    /// <summary>Moves the next waiting byte into an empty output buffer, translating keyboard bytes if enabled.</summary>
    private void Refill()
    {
        while (!_obf)
        {
            if (_controllerOut.Count > 0)
            {
                Put(_controllerOut.Dequeue(), Source.Controller);
            }
            else if ((_commandByte & 0x10) == 0 && _keyboardOut.Count > 0)
            {
                byte b = _keyboardOut.Dequeue();
                if ((_commandByte & 0x40) != 0)
                {
                    if (b == 0xf0)
                    {
                        _breakPrefix = true;
                        continue;
                    }
                    byte translated = ScanCodes.TranslateToSet1(b);
                    if (_breakPrefix && b != 0xe0)
                    {
                        translated |= 0x80;
                        _breakPrefix = false;
                    }
                    Put(translated, Source.Keyboard);
                }
                else
                    Put(b, Source.Keyboard);
            }
            else if ((_commandByte & 0x20) == 0 && _mouseOut.Count > 0)
                Put(_mouseOut.Dequeue(), Source.Mouse);
            else
                break;
        }
        UpdateIrq();
    }

    private void Put(byte b, Source source)
    {
        _output = b;
        _outputSource = source;
        _obf = true;
    }

    private void UpdateIrq()
    {
        Context.SetIrq(0, _obf && _outputSource != Source.Mouse && (_commandByte & 0x01) != 0);
        Context.SetIrq(1, _obf && _outputSource == Source.Mouse && (_commandByte & 0x02) != 0);
    }
}
