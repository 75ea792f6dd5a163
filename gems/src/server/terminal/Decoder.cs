namespace Framework.Gems.Terminal;

/// <summary>
/// The escape-sequence decoder (12.02's Terminal::Decoder): turns the byte stream a client writes
/// into operations on a <see cref="CharacterScreen"/>. UTF-8 text; C0 controls; ESC, CSI, OSC
/// and DCS sequences parsed the way DEC's VT500 state machine does (Paul Williams' description,
/// which xterm and xterm.js follow), plus the Linux console's palette sequences.
/// <para>
/// Unlike 12.02's escape stack, which only returned to idle on a recognised sequence (so ESC 7
/// and ESC 8 swallowed all further output), every sequence ends at its final byte whether it is
/// known or not, ESC always starts over, CAN and SUB abort, and the state is a fixed set of
/// fields: parameters are clamped and counted, strings are skipped, not stored.
/// </para>
/// </summary>
public sealed class Decoder(CharacterScreen screen)
{
    /// <summary>Parameters kept per CSI sequence (as xterm.js); further ones are ignored.</summary>
    public const int MaxParameters = 32;

    /// <summary>Largest value of one parameter; bigger numbers are clamped.</summary>
    public const int MaxParameterValue = 65535;

    private readonly int[] _params = new int[MaxParameters];
    private int _paramCount;
    private bool _paramStarted;
    private byte _prefix;
    private byte _intermediate;
    private State _state;

    private int _utf8Remaining;
    private int _utf8CodePoint;
    private int _utf8Minimum;

    private int _paletteDigits;
    private int _paletteValue;

    private enum State : byte
    {
        Ground,
        Escape,
        EscapeIntermediate,
        CsiEntry,
        CsiParam,
        CsiIntermediate,
        CsiIgnore,
        OscStart,
        OscString,
        StringIgnore,
        LinuxPalette,
    }

    public CharacterScreen Screen => screen;

    /// <summary>Bytes decoded since construction.</summary>
    public long BytesDecoded { get; private set; }

    /// <summary>Decodes <paramref name="data"/>; sequences may be split across calls.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        BytesDecoded += data.Length;
        int i = 0;
        while (i < data.Length)
        {
            if (_state == State.Ground && _utf8Remaining == 0)
            {
                // Fast path: a run of printable ASCII goes to the screen in one call.
                var rest = data[i..];
                int n = rest.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                if (n < 0)
                    n = rest.Length;
                if (n > 0)
                {
                    screen.PrintAscii(rest[..n]);
                    i += n;
                    continue;
                }
            }
            Step(data[i]);
            i++;
        }
    }

    private void Step(byte b)
    {
        if (b >= 0x80)
        {
            if (_state is State.OscString or State.StringIgnore)
                return;
            if (_state != State.Ground)
                _state = State.Ground;
            Utf8(b);
            return;
        }
        if (_utf8Remaining > 0)
        {
            // A sequence cut short by an ASCII byte: one replacement character, then the byte.
            _utf8Remaining = 0;
            screen.Print(0xFFFD);
        }

        // Controls that act in every state (strings excepted, which end at BEL or ST).
        switch (b)
        {
            case 0x1B:
                if (_state == State.LinuxPalette)
                    _state = State.Ground;
                EnterEscape();
                return;
            case 0x18 or 0x1A:
                // CAN and SUB abort a sequence.
                _state = State.Ground;
                return;
            case 0x07 when _state is State.OscStart or State.OscString:
                _state = State.Ground;
                return;
            case < 0x20:
                if (_state is State.OscString or State.StringIgnore or State.OscStart)
                    return;
                if (_state == State.LinuxPalette)
                    _state = State.Ground;
                screen.Control(b);
                return;
            case 0x7F:
                return;
            default:
                break;
        }

        switch (_state)
        {
            case State.Ground: screen.Print(b); break;
            case State.Escape: EscapeByte(b); break;
            case State.EscapeIntermediate: EscapeIntermediateByte(b); break;
            case State.CsiEntry or State.CsiParam: CsiParamByte(b); break;
            case State.CsiIntermediate: CsiIntermediateByte(b); break;
            case State.CsiIgnore:
                if (b is >= 0x40 and <= 0x7E)
                    _state = State.Ground;
                break;
            case State.OscStart: OscStartByte(b); break;
            case State.LinuxPalette: PaletteByte(b); break;
            default:
                // OSC and DCS/SOS/PM/APC payloads are skipped until BEL or ST (ESC \).
                break;
        }
    }

    private void EnterEscape()
    {
        _state = State.Escape;
        _intermediate = 0;
    }

    private void EscapeByte(byte b)
    {
        if (b is >= 0x20 and <= 0x2F)
        {
            _intermediate = b;
            _state = State.EscapeIntermediate;
            return;
        }
        _state = State.Ground;
        switch (b)
        {
            case (byte)'[':
                _state = State.CsiEntry;
                _paramCount = 0;
                _paramStarted = false;
                _prefix = 0;
                _intermediate = 0;
                _params[0] = 0;
                break;
            case (byte)']': _state = State.OscStart; break;
            case (byte)'P' or (byte)'X' or (byte)'^' or (byte)'_': _state = State.StringIgnore; break;
            case (byte)'7': screen.SaveCursor(); break;
            case (byte)'8': screen.RestoreCursor(); break;
            case (byte)'D': screen.Index(); break;
            case (byte)'E': screen.NextLine(); break;
            case (byte)'H': screen.SetTabStop(); break;
            case (byte)'M': screen.ReverseIndex(); break;
            case (byte)'c': screen.Reset(); break;
            case (byte)'Z': screen.DeviceAttributes(); break;
            case (byte)'=': screen.SetApplicationKeypad(true); break;
            case (byte)'>': screen.SetApplicationKeypad(false); break;
            default:
                // ESC \ (string terminator), ESC < (leave VT52 mode) and unknown finals: nothing.
                break;
        }
        if (_state == State.Ground)
            screen.ForgetLastPrinted();
    }

    private void EscapeIntermediateByte(byte b)
    {
        if (b is >= 0x20 and <= 0x2F)
            return;
        _state = State.Ground;
        screen.ForgetLastPrinted();
        switch (_intermediate)
        {
            case (byte)'(': screen.Designate(0, CharsetMap.FromDesignator(b)); break;
            case (byte)')': screen.Designate(1, CharsetMap.FromDesignator(b)); break;
            case (byte)'#' when b == '8': screen.ScreenAlignmentTest(); break;
            default:
                // ESC % G (UTF-8), G2/G3 designations and others: nothing to do.
                break;
        }
    }

    private void CsiParamByte(byte b)
    {
        if (b is >= (byte)'0' and <= (byte)'9')
        {
            _state = State.CsiParam;
            if (_paramCount < MaxParameters)
            {
                _paramStarted = true;
                int v = (_params[_paramCount] * 10) + (b - '0');
                _params[_paramCount] = Math.Min(v, MaxParameterValue);
            }
            return;
        }
        if (b is (byte)';' or (byte)':')
        {
            _state = State.CsiParam;
            if (_paramCount < MaxParameters)
            {
                _paramCount++;
                if (_paramCount < MaxParameters)
                    _params[_paramCount] = 0;
            }
            _paramStarted = true;
            return;
        }
        if (b is >= 0x3C and <= 0x3F)
        {
            // A private-marker prefix is only valid first.
            if (_state == State.CsiEntry)
            {
                _prefix = b;
                _state = State.CsiParam;
            }
            else
            {
                _state = State.CsiIgnore;
            }
            return;
        }
        if (b is >= 0x20 and <= 0x2F)
        {
            _intermediate = b;
            _state = State.CsiIntermediate;
            return;
        }
        if (b is >= 0x40 and <= 0x7E)
        {
            _state = State.Ground;
            Dispatch(b);
        }
    }

    private void CsiIntermediateByte(byte b)
    {
        if (b is >= 0x20 and <= 0x2F)
            return;
        if (b is >= 0x30 and <= 0x3F)
        {
            _state = State.CsiIgnore;
            return;
        }
        _state = State.Ground;
        Dispatch(b);
    }

    // The collected parameters (an empty sequence gives none).
    private ReadOnlySpan<int> Parameters =>
        _params.AsSpan(0, _paramStarted ? Math.Min(_paramCount + 1, MaxParameters) : 0);

    private int P(int index) => _paramStarted && index <= _paramCount && index < MaxParameters ? _params[index] : 0;

    private void Dispatch(byte final)
    {
        if (final != 'b')
            screen.ForgetLastPrinted();
        if (_intermediate != 0)
        {
            if (_intermediate == '!' && final == 'p' && _prefix == 0)
                screen.SoftReset();
            return;
        }
        if (_prefix == '?')
        {
            DispatchPrivate(final);
            return;
        }
        if (_prefix != 0)
            return;

        int n = P(0);
        switch (final)
        {
            case (byte)'@': screen.InsertCharacters(n); break;
            case (byte)'A': screen.CursorUp(n); break;
            case (byte)'B': screen.CursorDown(n); break;
            case (byte)'C': screen.CursorForward(n); break;
            case (byte)'D': screen.CursorBackward(n); break;
            case (byte)'E': screen.CursorDown(n); screen.CarriageReturn(); break;
            case (byte)'F': screen.CursorUp(n); screen.CarriageReturn(); break;
            case (byte)'G' or (byte)'`': screen.ColumnAbsolute(n); break;
            case (byte)'H' or (byte)'f': screen.CursorPosition(n, P(1)); break;
            case (byte)'I': screen.Tab(n); break;
            case (byte)'J': screen.EraseInDisplay(n); break;
            case (byte)'K': screen.EraseInLine(n); break;
            case (byte)'L': screen.InsertLines(n); break;
            case (byte)'M': screen.DeleteLines(n); break;
            case (byte)'P': screen.DeleteCharacters(n); break;
            case (byte)'S': screen.ScrollUp(n); break;
            case (byte)'T': screen.ScrollDown(n); break;
            case (byte)'X': screen.EraseCharacters(n); break;
            case (byte)'Z': screen.BackTab(n); break;
            case (byte)'a': screen.CursorForward(n); break;
            case (byte)'b': screen.RepeatLastCharacter(n); break;
            case (byte)'c' when n == 0: screen.DeviceAttributes(); break;
            case (byte)'d': screen.LineAbsolute(n); break;
            case (byte)'e': screen.LineRelative(n); break;
            case (byte)'g': screen.ClearTabStops(n); break;
            case (byte)'h': foreach (int m in Parameters) screen.SetMode(m, true); break;
            case (byte)'l': foreach (int m in Parameters) screen.SetMode(m, false); break;
            case (byte)'m': screen.SelectGraphicRendition(Parameters); break;
            case (byte)'n': screen.DeviceStatusReport(n); break;
            case (byte)'r': screen.SetScrollRegion(n, P(1)); break;
            case (byte)'s': screen.SaveCursor(); break;
            case (byte)'u': screen.RestoreCursor(); break;
            default:
                // Unknown or unsupported (e.g. window manipulation): the sequence is consumed, nothing happens.
                break;
        }
    }

    private void DispatchPrivate(byte final)
    {
        switch (final)
        {
            case (byte)'h': foreach (int m in Parameters) screen.SetPrivateMode(m, true); break;
            case (byte)'l': foreach (int m in Parameters) screen.SetPrivateMode(m, false); break;
            case (byte)'J': screen.EraseInDisplay(P(0)); break;
            case (byte)'K': screen.EraseInLine(P(0)); break;
            default:
                // CSI ? n c sets the Linux console's cursor shape (civis/cnorm/cvvis): not drawn differently here.
                break;
        }
    }

    // ESC ] R resets the Linux palette, ESC ] P starts a palette entry; anything else is an OSC string.
    private void OscStartByte(byte b)
    {
        switch (b)
        {
            case (byte)'R':
                screen.Palette.Reset();
                screen.Cells.MarkAllDirty();
                _state = State.Ground;
                break;
            case (byte)'P':
                _paletteDigits = 0;
                _paletteValue = 0;
                _state = State.LinuxPalette;
                break;
            default:
                _state = State.OscString;
                break;
        }
    }

    // ESC ] P n rr gg bb: seven hex digits, palette entry n (0-15).
    private void PaletteByte(byte b)
    {
        int digit = HexValue(b);
        if (digit < 0)
        {
            _state = State.Ground;
            screen.Print(b);
            return;
        }
        _paletteValue = (_paletteValue << 4) | digit;
        if (++_paletteDigits < 7)
            return;
        screen.Palette.Set(_paletteValue >> 24, _paletteValue & 0xFF_FFFF);
        screen.Cells.MarkAllDirty();
        _state = State.Ground;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private void Utf8(byte b)
    {
        if (_utf8Remaining > 0)
        {
            if ((b & 0xC0) == 0x80)
            {
                _utf8CodePoint = (_utf8CodePoint << 6) | (b & 0x3F);
                if (--_utf8Remaining == 0)
                    EmitCodePoint(_utf8CodePoint);
                return;
            }
            // Not a continuation byte: the cut sequence becomes one replacement, this byte starts over.
            _utf8Remaining = 0;
            screen.Print(0xFFFD);
        }
        switch (b)
        {
            case >= 0xC2 and <= 0xDF: Begin(b & 0x1F, 1, 0x80); break;
            case >= 0xE0 and <= 0xEF: Begin(b & 0x0F, 2, 0x800); break;
            case >= 0xF0 and <= 0xF4: Begin(b & 0x07, 3, 0x10000); break;
            default: screen.Print(0xFFFD); break;
        }
    }

    private void Begin(int bits, int remaining, int minimum)
    {
        _utf8CodePoint = bits;
        _utf8Remaining = remaining;
        _utf8Minimum = minimum;
    }

    private void EmitCodePoint(int c)
    {
        if (c < _utf8Minimum || c > 0x10FFFF || (c is >= 0xD800 and <= 0xDFFF))
        {
            screen.Print(0xFFFD);
            return;
        }
        // C1 controls (U+0080-U+009F) arriving as UTF-8 are not printed; 8-bit C1 sequences are not supported.
        if (c < 0xA0)
            return;
        screen.Print(c);
    }
}
