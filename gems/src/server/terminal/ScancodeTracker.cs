using System.Buffers;
using System.Text;

namespace Framework.Gems.Terminal;

/// <summary>
/// Turns key events into the bytes a terminal sends (12.02's scancode tracker in the terminal's
/// main loop): characters from the keyboard layout with shift, caps lock, control and AltGr;
/// Alt as an ESC prefix (Linux console "meta"); the Linux console's escape sequences for keys
/// without a character (terminfo <c>linux</c>: kcuu1, khome, kf1...), with ESC O x cursor keys in
/// application mode; key repeat after a delay at a fixed rate, driven by <see cref="Tick"/>.
/// <para>
/// Differences from 12.02: Backspace sends DEL (terminfo kbs=^?), Return sends CR (CR LF in
/// new-line mode) as a VT102 does, left Alt is tracked, right Alt on a layout without AltGr is a
/// second Alt instead of subtracting 32 from the character, text is UTF-8 (12.02 sent Latin-1),
/// Shift+F1..F10 send F11..F20 and Shift+Tab sends ESC TAB (kcbt), as the Linux console does.
/// </para>
/// </summary>
public sealed class ScancodeTracker(KeyboardLayout layout)
{
    private const int MaxSequence = 16;

    private readonly byte[] _repeat = new byte[MaxSequence];
    private int _repeatLength;
    private KeyCode _repeatKey;
    private int _countdown;

    private bool _leftShift, _rightShift, _leftCtrl, _rightCtrl, _leftAlt, _rightAlt;

    public KeyboardLayout Layout => layout;

    /// <summary>Time a key is held before it repeats (12.02: 170 ms).</summary>
    public int RepeatDelayMs { get; init; } = 170;

    /// <summary>Time between repeats (12.02: 25 ms).</summary>
    public int RepeatRateMs { get; init; } = 25;

    public bool Shift => _leftShift || _rightShift;

    public bool Control => _leftCtrl || _rightCtrl;

    public bool Alt => _leftAlt || (_rightAlt && !layout.HasAltGr);

    public bool AltGr => _rightAlt && layout.HasAltGr;

    public bool CapsLock { get; private set; }

    /// <summary>The key that repeats while held, if any.</summary>
    public KeyCode? RepeatingKey => _repeatLength > 0 ? _repeatKey : null;

    /// <summary>Handles one input event; bytes for the client go to <paramref name="output"/>.</summary>
    public void Submit(InputEvent ev, KeyModes modes, IBufferWriter<byte> output)
    {
        if (!ev.IsKey)
            return;
        bool press = ev.Type == InputEventType.Press;
        switch (ev.Code)
        {
            case KeyCode.LeftShift: _leftShift = press; return;
            case KeyCode.RightShift: _rightShift = press; return;
            case KeyCode.LeftCtrl: _leftCtrl = press; return;
            case KeyCode.RightCtrl: _rightCtrl = press; return;
            case KeyCode.LeftAlt: _leftAlt = press; return;
            case KeyCode.RightAlt: _rightAlt = press; return;
            case KeyCode.CapsLock:
                if (press)
                    CapsLock = !CapsLock;
                return;
            default:
                break;
        }
        if (!press)
        {
            if (ev.Code == _repeatKey)
                _repeatLength = 0;
            return;
        }
        Span<byte> bytes = stackalloc byte[MaxSequence];
        int n = Translate(ev.Code, modes, bytes);
        _repeatLength = 0;
        if (n == 0)
            return;
        output.Write(bytes[..n]);
        bytes[..n].CopyTo(_repeat);
        _repeatLength = n;
        _repeatKey = ev.Code;
        _countdown = RepeatDelayMs;
    }

    /// <summary>
    /// Advances the repeat clock by <paramref name="elapsedMs"/> (the component's timer tick,
    /// 10 ms in 12.02) and emits the held key's bytes for every repeat that fell due.
    /// </summary>
    public void Tick(int elapsedMs, IBufferWriter<byte> output)
    {
        if (_repeatLength == 0 || elapsedMs <= 0)
            return;
        _countdown -= elapsedMs;
        // A long stall (a suspended timer) yields a few repeats, not thousands.
        for (int i = 0; _countdown <= 0 && i < 4; i++)
        {
            output.Write(_repeat.AsSpan(0, _repeatLength));
            _countdown += Math.Max(1, RepeatRateMs);
        }
        if (_countdown <= 0)
            _countdown = Math.Max(1, RepeatRateMs);
    }

    /// <summary>The bytes of one key press; 0 if it sends nothing.</summary>
    private int Translate(KeyCode code, KeyModes modes, Span<byte> into)
    {
        var special = SpecialSequence(code, modes);
        int at = 0;
        if (Alt)
            into[at++] = 0x1B;
        if (special is not null)
        {
            at += Encoding.ASCII.GetBytes(special, into[at..]);
            return at;
        }
        int c = Character(code, modes);
        if (c < 0)
            return 0;
        return at + new Rune(c).EncodeToUtf8(into[at..]);
    }

    private string? SpecialSequence(KeyCode code, KeyModes modes)
    {
        string cursor = modes.ApplicationCursorKeys ? "\eO" : "\e[";
        return code switch
        {
            KeyCode.Up => cursor + "A",
            KeyCode.Down => cursor + "B",
            KeyCode.Right => cursor + "C",
            KeyCode.Left => cursor + "D",
            KeyCode.Home => "\e[1~",
            KeyCode.Insert => "\e[2~",
            KeyCode.Delete => "\e[3~",
            KeyCode.End => "\e[4~",
            KeyCode.PageUp => "\e[5~",
            KeyCode.PageDown => "\e[6~",
            >= KeyCode.F1 and <= KeyCode.F10 => FunctionKey((int)code - (int)KeyCode.F1 + 1 + (Shift ? 10 : 0)),
            KeyCode.F11 => FunctionKey(Shift ? 21 : 11),
            KeyCode.F12 => FunctionKey(Shift ? 22 : 12),
            KeyCode.Tab when Shift => "\e\t",
            KeyCode.Enter or KeyCode.KeypadEnter => modes.NewLineMode ? "\r\n" : "\r",
            _ => null,
        };
    }

    // The Linux console's function keys (terminfo linux kf1..kf20).
    private static string? FunctionKey(int n) => n switch
    {
        >= 1 and <= 5 => "\e[[" + (char)('A' + n - 1),
        >= 6 and <= 10 => $"\e[{n + 11}~",
        11 or 12 => $"\e[{n + 12}~",
        13 or 14 => $"\e[{n + 12}~",
        15 or 16 => $"\e[{n + 13}~",
        >= 17 and <= 20 => $"\e[{n + 14}~",
        _ => null,
    };

    // The character of a key with the modifiers applied; -1 for none.
    private int Character(KeyCode code, KeyModes modes)
    {
        switch (code)
        {
            case KeyCode.Escape: return 0x1B;
            case KeyCode.Tab: return 0x09;
            case KeyCode.Backspace: return Control ? 0x08 : 0x7F;
            default: break;
        }
        char c;
        if (AltGr)
        {
            c = layout.AltGr(code);
        }
        else
        {
            char plain = layout.Plain(code);
            bool letter = char.IsLetter(plain);
            c = Shift ^ (CapsLock && letter) ? layout.Shifted(code) : plain;
        }
        if (c == '\0')
            return -1;
        if (Control)
            return ControlCharacter(c);
        return c;
    }

    // Control with a key: the C0 code of letters and of @ [ \ ] ^ _ ?, else the character itself.
    private static int ControlCharacter(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a' + 1,
        >= 'A' and <= 'Z' => c - 'A' + 1,
        ' ' or '@' or '2' => 0,
        '[' or '3' => 0x1B,
        '\\' or '4' => 0x1C,
        ']' or '5' => 0x1D,
        '^' or '6' => 0x1E,
        '_' or '7' or '-' => 0x1F,
        '?' or '8' => 0x7F,
        _ => c,
    };
}
