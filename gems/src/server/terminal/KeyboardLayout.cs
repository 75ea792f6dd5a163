namespace Framework.Gems.Terminal;

/// <summary>
/// Maps key codes of character keys to characters, without, with shift and with AltGr (12.02's
/// keymaps, US English and German). Keys producing no character map to '\0'.
/// </summary>
public sealed class KeyboardLayout
{
    private const int Keys = 128;

    private readonly char[] _plain = new char[Keys];
    private readonly char[] _shifted = new char[Keys];
    private readonly char[] _altGr = new char[Keys];

    private KeyboardLayout(string name, bool hasAltGr)
    {
        Name = name;
        HasAltGr = hasAltGr;
        // Keys whose character does not depend on the layout.
        foreach (var table in new[] { _plain, _shifted })
        {
            table[(int)KeyCode.Space] = ' ';
            table[(int)KeyCode.KeypadAsterisk] = '*';
            table[(int)KeyCode.KeypadMinus] = '-';
            table[(int)KeyCode.KeypadPlus] = '+';
            table[(int)KeyCode.KeypadSlash] = '/';
            table[(int)KeyCode.KeypadDot] = '.';
            Row(table, KeyCode.Keypad7, "789");
            Row(table, KeyCode.Keypad4, "456");
            Row(table, KeyCode.Keypad1, "1230");
        }
    }

    /// <summary>"us" or "de", as in 12.02's &lt;keyboard layout="de"/&gt;.</summary>
    public string Name { get; }

    /// <summary>Whether right Alt is AltGr (a third level); without, it is a second Alt key.</summary>
    public bool HasAltGr { get; }

    public static KeyboardLayout Us()
    {
        var l = new KeyboardLayout("us", hasAltGr: false);
        l.Rows(l._plain, "1234567890-=", "qwertyuiop[]", "asdfghjkl;'`", "\\zxcvbnm,./");
        l.Rows(l._shifted, "!@#$%^&*()_+", "QWERTYUIOP{}", "ASDFGHJKL:\"~", "|ZXCVBNM<>?");
        return l;
    }

    public static KeyboardLayout German()
    {
        var l = new KeyboardLayout("de", hasAltGr: true);
        l.Rows(l._plain, "1234567890ß´", "qwertzuiopü+", "asdfghjklöä^", "#yxcvbnm,.-");
        l.Rows(l._shifted, "!\"§$%&/()=?`", "QWERTZUIOPÜ*", "ASDFGHJKLÖÄ°", "'YXCVBNM;:_");
        l._plain[(int)KeyCode.Key102nd] = '<';
        l._shifted[(int)KeyCode.Key102nd] = '>';
        Row(l._altGr, KeyCode.Key2, "²³");
        Row(l._altGr, KeyCode.Key7, "{[]}\\");
        l._altGr[(int)KeyCode.Q] = '@';
        l._altGr[(int)KeyCode.E] = '€';
        l._altGr[(int)KeyCode.RightBrace] = '~';
        l._altGr[(int)KeyCode.Key102nd] = '|';
        l._altGr[(int)KeyCode.M] = 'µ';
        return l;
    }

    /// <summary>The layout of a configuration name ("us" or "de"); null for an unknown name.</summary>
    public static KeyboardLayout? Named(string name) => name switch
    {
        "us" => Us(),
        "de" => German(),
        _ => null,
    };

    public char Plain(KeyCode code) => Lookup(_plain, code);

    public char Shifted(KeyCode code) => Lookup(_shifted, code);

    public char AltGr(KeyCode code) => Lookup(_altGr, code);

    private static char Lookup(char[] table, KeyCode code) => (uint)code < Keys ? table[(int)code] : '\0';

    // The four rows of a PC keyboard's character keys, by their first key code.
    private void Rows(char[] table, string digits, string top, string home, string bottom)
    {
        Row(table, KeyCode.Key1, digits);
        Row(table, KeyCode.Q, top);
        Row(table, KeyCode.A, home);
        Row(table, KeyCode.Backslash, bottom);
    }

    private static void Row(char[] table, KeyCode first, string chars)
    {
        for (int i = 0; i < chars.Length; i++)
            table[(int)first + i] = chars[i];
    }
}
