using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>Key events to bytes. The keys with escape sequences are checked against the host's terminfo entry for TERM=linux.</summary>
public sealed class ScancodeTrackerTests
{
    private static string Keys(ScancodeTracker t, KeyModes modes, params KeyCode[] presses)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var k in presses)
        {
            t.Submit(InputEvent.Press(k), modes, output);
            t.Submit(InputEvent.Release(k), modes, output);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Chord(ScancodeTracker t, KeyCode modifier, KeyCode key, KeyModes modes = default)
    {
        var output = new ArrayBufferWriter<byte>();
        t.Submit(InputEvent.Press(modifier), modes, output);
        t.Submit(InputEvent.Press(key), modes, output);
        t.Submit(InputEvent.Release(key), modes, output);
        t.Submit(InputEvent.Release(modifier), modes, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Key capability -> key code (with shift for the F13-F20 of the Linux console).</summary>
    private static IEnumerable<TestCaseData> TerminfoKeys()
    {
        (string Cap, KeyCode Key, bool Shift)[] keys =
        [
            ("kcuu1", KeyCode.Up, false), ("kcud1", KeyCode.Down, false), ("kcuf1", KeyCode.Right, false), ("kcub1", KeyCode.Left, false),
            ("khome", KeyCode.Home, false), ("kend", KeyCode.End, false), ("kich1", KeyCode.Insert, false), ("kdch1", KeyCode.Delete, false),
            ("kpp", KeyCode.PageUp, false), ("knp", KeyCode.PageDown, false), ("kbs", KeyCode.Backspace, false), ("kcbt", KeyCode.Tab, true),
            ("kf1", KeyCode.F1, false), ("kf2", KeyCode.F2, false), ("kf3", KeyCode.F3, false), ("kf4", KeyCode.F4, false),
            ("kf5", KeyCode.F5, false), ("kf6", KeyCode.F6, false), ("kf7", KeyCode.F7, false), ("kf8", KeyCode.F8, false),
            ("kf9", KeyCode.F9, false), ("kf10", KeyCode.F10, false), ("kf11", KeyCode.F11, false), ("kf12", KeyCode.F12, false),
            ("kf13", KeyCode.F3, true), ("kf14", KeyCode.F4, true), ("kf15", KeyCode.F5, true), ("kf16", KeyCode.F6, true),
            ("kf17", KeyCode.F7, true), ("kf18", KeyCode.F8, true), ("kf19", KeyCode.F9, true), ("kf20", KeyCode.F10, true),
        ];
        foreach (var k in keys)
            yield return new TestCaseData(k.Cap, k.Key, k.Shift).SetArgDisplayNames(k.Cap);
    }

    [TestCaseSource(nameof(TerminfoKeys))]
    public void Key_sends_what_terminfo_linux_says(string capability, KeyCode key, bool shift)
    {
        string expected = Terminfo("linux")[capability];
        var t = new ScancodeTracker(KeyboardLayout.Us());
        string actual = shift ? Chord(t, KeyCode.LeftShift, key) : Keys(t, default, key);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Cursor_keys_follow_application_mode_as_terminfo_vt102_says()
    {
        var caps = Terminfo("vt102");
        var t = new ScancodeTracker(KeyboardLayout.Us());
        var app = new KeyModes(ApplicationCursorKeys: true, NewLineMode: false);
        Assert.Multiple(() =>
        {
            Assert.That(caps["smkx"], Does.Contain("\e[?1h"), "vt102 switches to application mode for curses");
            Assert.That(Keys(t, app, KeyCode.Up), Is.EqualTo(caps["kcuu1"]));
            Assert.That(Keys(t, app, KeyCode.Left), Is.EqualTo(caps["kcub1"]));
        });
    }

    [Test]
    public void Characters_with_shift_caps_lock_control_and_alt()
    {
        var t = new ScancodeTracker(KeyboardLayout.Us());
        Assert.Multiple(() =>
        {
            Assert.That(Keys(t, default, KeyCode.H, KeyCode.I, KeyCode.Space, KeyCode.Key1, KeyCode.Slash), Is.EqualTo("hi 1/"));
            Assert.That(Chord(t, KeyCode.LeftShift, KeyCode.A) + Chord(t, KeyCode.RightShift, KeyCode.Key1), Is.EqualTo("A!"));
            Assert.That(Chord(t, KeyCode.LeftCtrl, KeyCode.C), Is.EqualTo("\u0003"));
            Assert.That(Chord(t, KeyCode.RightCtrl, KeyCode.LeftBrace), Is.EqualTo("\e"));
            Assert.That(Chord(t, KeyCode.LeftAlt, KeyCode.X), Is.EqualTo("\ex"));
            Assert.That(Chord(t, KeyCode.LeftAlt, KeyCode.Up), Is.EqualTo("\e\e[A"));
            // 12.02's quirk: AltGr on the US layout gave the character minus 32. Here it is Alt.
            Assert.That(Chord(t, KeyCode.RightAlt, KeyCode.A), Is.EqualTo("\ea"));
            Assert.That(Keys(t, default, KeyCode.Enter, KeyCode.Escape, KeyCode.Tab), Is.EqualTo("\r\e\t"));
            Assert.That(Keys(t, new KeyModes(false, NewLineMode: true), KeyCode.Enter), Is.EqualTo("\r\n"));
        });
        Keys(t, default, KeyCode.CapsLock);
        Assert.That(Keys(t, default, KeyCode.A, KeyCode.Key1) + Chord(t, KeyCode.LeftShift, KeyCode.A), Is.EqualTo("A1a"));
    }

    [Test]
    public void German_layout_with_altgr_sends_utf8()
    {
        var t = new ScancodeTracker(KeyboardLayout.Named("de")!);
        Assert.Multiple(() =>
        {
            Assert.That(Keys(t, default, KeyCode.Y, KeyCode.Z, KeyCode.Minus, KeyCode.Semicolon, KeyCode.Key102nd), Is.EqualTo("zyßö<"));
            Assert.That(Chord(t, KeyCode.LeftShift, KeyCode.Key2) + Chord(t, KeyCode.LeftShift, KeyCode.Key3), Is.EqualTo("\"§"));
            Assert.That(Chord(t, KeyCode.RightAlt, KeyCode.Q) + Chord(t, KeyCode.RightAlt, KeyCode.Key8) + Chord(t, KeyCode.RightAlt, KeyCode.E), Is.EqualTo("@[€"));
            Assert.That(Encoding.UTF8.GetBytes(Keys(t, default, KeyCode.Apostrophe)), Is.EqualTo(new byte[] { 0xC3, 0xA4 }));
            Assert.That(KeyboardLayout.Named("fr"), Is.Null);
        });
    }

    [Test]
    public void A_held_key_repeats_after_the_delay_at_the_rate_until_released()
    {
        var t = new ScancodeTracker(KeyboardLayout.Us());
        var output = new ArrayBufferWriter<byte>();
        t.Submit(InputEvent.Press(KeyCode.Down), default, output);
        for (int ms = 0; ms < 160; ms += 10)
            t.Tick(10, output);
        Assert.That(Encoding.ASCII.GetString(output.WrittenSpan), Is.EqualTo("\e[B"), "no repeat before 170 ms");
        for (int ms = 160; ms < 250; ms += 10)
            t.Tick(10, output);
        // Repeats fall due at 170, 195, 220 and 245 ms.
        Assert.That(Encoding.ASCII.GetString(output.WrittenSpan), Is.EqualTo(string.Concat(Enumerable.Repeat("\e[B", 5))));
        t.Submit(InputEvent.Press(KeyCode.LeftShift), default, output);
        t.Tick(25, output);
        Assert.That(output.WrittenCount, Is.EqualTo(6 * 3), "a modifier press does not stop the repeat");
        t.Submit(InputEvent.Release(KeyCode.Down), default, output);
        t.Tick(10_000, output);
        Assert.That((output.WrittenCount, t.RepeatingKey), Is.EqualTo((6 * 3, (KeyCode?)null)));
    }

    [Test]
    public void A_long_stall_gives_a_few_repeats_not_thousands()
    {
        var t = new ScancodeTracker(KeyboardLayout.Us());
        var output = new ArrayBufferWriter<byte>();
        t.Submit(InputEvent.Press(KeyCode.A), default, output);
        t.Tick(int.MaxValue, output);
        Assert.That(output.WrittenCount, Is.LessThanOrEqualTo(5));
    }

    [Test]
    public void Non_key_events_send_nothing()
    {
        var t = new ScancodeTracker(KeyboardLayout.Us());
        var output = new ArrayBufferWriter<byte>();
        t.Submit(new InputEvent(InputEventType.Motion, KeyCode.Reserved, 10, 10, 1, 1), default, output);
        t.Submit(InputEvent.Press(KeyCode.ButtonLeft), default, output);
        t.Submit(new InputEvent(InputEventType.Wheel, KeyCode.Reserved, RelativeY: 1), default, output);
        Assert.That(output.WrittenCount, Is.Zero);
    }

    // The host's terminfo entry, unescaped (\E, ^X, \t...), from infocmp (ncurses-bin).
    private static Dictionary<string, string> Terminfo(string term)
    {
        string text;
        try
        {
            var info = new ProcessStartInfo("infocmp", ["-1", "-x", term]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(info)!;
            text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                Assert.Ignore($"infocmp {term} failed; install ncurses-bin/ncurses-term with tool/setup/install-deps.sh");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("infocmp not installed; tool/setup/install-deps.sh installs ncurses-bin");
            return [];
        }
        var caps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim().TrimEnd(',');
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
                continue;
            caps[line[..eq]] = Unescape(line[(eq + 1)..]);
        }
        return caps;
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                char n = s[++i];
                sb.Append(n switch { 'E' or 'e' => '\e', 't' => '\t', 'n' => '\n', 'r' => '\r', 's' => ' ', ',' => ',', '\\' => '\\', '^' => '^', _ => n });
            }
            else if (c == '^' && i + 1 < s.Length)
            {
                char n = s[++i];
                sb.Append(n == '?' ? '\u007F' : (char)(n & 0x1F));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
