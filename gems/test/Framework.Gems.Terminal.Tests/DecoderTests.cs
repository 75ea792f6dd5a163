using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>
/// The decoder's behaviour where 12.02 went wrong (services.md 1.3/1.4), one test per bug, and
/// the behaviour the oracle cannot check (Linux-only sequences, replies, modes, chunking).
/// </summary>
public sealed class DecoderTests
{
    // 12.02: ESC followed by a digit entered number mode, so ESC 7 / ESC 8 (sc/rc of TERM=linux)
    // never matched and, as only a match returned to idle, all following output was swallowed.
    [Test]
    public void Esc_7_and_esc_8_save_and_restore_and_output_goes_on()
    {
        var t = new TerminalFixture().Write("\e[3;3Habc\e7\e[10;10Hxyz\e8def\r\nmore");
        Assert.That(t.Line(2), Is.EqualTo("  abcdef"));
        Assert.That(t.Line(3), Is.EqualTo("more"));
        Assert.That(t.Line(9), Is.EqualTo("         xyz"));
    }

    // 12.02: an unknown sequence stayed on the escape stack until it overflowed (15 entries) and
    // the state never went back to idle. Here a sequence ends at its final byte, known or not.
    [TestCase("\e[5;5y")]
    [TestCase("\e[?1000h")]
    [TestCase("\e]0;window title\a")]
    [TestCase("\e]2;title\e\\")]
    [TestCase("\eP1$r\e\\")]
    [TestCase("\e[>c")]
    [TestCase("\e(K")]
    [TestCase("\e%G")]
    public void Unknown_or_ignored_sequence_does_not_swallow_output(string sequence)
    {
        var t = new TerminalFixture().Write("a" + sequence + "b");
        Assert.That(t.Line(0), Is.EqualTo("ab"));
    }

    [Test]
    public void Esc_always_starts_a_new_sequence()
    {
        var t = new TerminalFixture().Write("\e[12\e[31mred");
        Assert.Multiple(() =>
        {
            Assert.That(t.Line(0), Is.EqualTo("red"));
            Assert.That(t.Cell(0, 0).Foreground, Is.EqualTo(CellColor.Indexed(1)));
        });
    }

    // 12.02: "\E[m" without a number was not handled (sgr0 of TERM=linux is \E[m\017).
    [Test]
    public void Sgr_without_parameters_resets_rendition()
    {
        var t = new TerminalFixture().Write("\e[1;4;7;31;42mX\e[m\u000FY");
        Assert.Multiple(() =>
        {
            Assert.That(t.Cell(0, 0).Attributes, Is.EqualTo(CellAttributes.Bold | CellAttributes.Underline | CellAttributes.Inverse));
            Assert.That(t.Cell(1, 0), Is.EqualTo(new CharCell('Y', CellColor.Default, CellColor.Default, CellAttributes.None)));
        });
    }

    // 12.02: \E[Nm with N >= 30 not starting with 3 or 4 fell through to vpa(N) (a missing break).
    [TestCase(90, 8)]
    [TestCase(97, 15)]
    public void Bright_colours_set_the_colour_and_do_not_move_the_cursor(int sgr, int index)
    {
        var t = new TerminalFixture().Write($"\e[2;3H\e[{sgr}mX");
        Assert.Multiple(() =>
        {
            Assert.That(t.Cell(2, 1).Foreground, Is.EqualTo(CellColor.Indexed(index)));
            Assert.That((t.Screen.CursorLine, t.Screen.CursorColumn), Is.EqualTo((1, 3)));
        });
    }

    [Test]
    public void Bright_backgrounds_set_the_background()
    {
        var t = new TerminalFixture().Write("\e[100mX\e[107mY");
        Assert.That((t.Cell(0, 0).Background, t.Cell(1, 0).Background), Is.EqualTo((CellColor.Indexed(8), CellColor.Indexed(15))));
    }

    // 12.02: hpa and vpa used the 1-based argument as a 0-based position (hpa=\E[%i%p1%dG).
    [Test]
    public void Hpa_and_vpa_are_one_based()
    {
        var t = new TerminalFixture().Write("\e[5G\e[7d");
        Assert.That((t.Screen.CursorLine, t.Screen.CursorColumn), Is.EqualTo((6, 4)));
    }

    // 12.02: setab(v) set "inverse = (v != 0)" instead of a background colour.
    [Test]
    public void Setab_sets_the_background_colour()
    {
        var t = new TerminalFixture().Write("\e[44mX\e[40mY");
        Assert.Multiple(() =>
        {
            Assert.That(t.Cell(0, 0).Background, Is.EqualTo(CellColor.Indexed(4)));
            Assert.That(t.Cell(1, 0).Background, Is.EqualTo(CellColor.Indexed(0)));
            Assert.That(t.Cell(0, 0).Attributes & CellAttributes.Inverse, Is.EqualTo(CellAttributes.None));
        });
    }

    // 12.02: ed cleared whole lines from the cursor line on, including the part left of the cursor.
    [Test]
    public void Ed_clears_from_the_cursor_not_from_the_start_of_its_line()
    {
        var t = new TerminalFixture().Write("0123456789\r\nabcdefghij\e[1;5H\e[J");
        Assert.That((t.Line(0), t.Line(1)), Is.EqualTo(("0123", "")));
    }

    // 12.02: characters below 0x10 were ignored (so TAB did nothing), those from 0x11 were drawn as glyphs.
    [Test]
    public void Tab_moves_to_the_next_stop_and_other_controls_are_not_printed()
    {
        var t = new TerminalFixture().Write("a\tb\u0011\u0012\u001c\u001fc");
        Assert.That(t.Line(0), Is.EqualTo("a       bc"));
    }

    // 12.02 wrapped right after the last column (so writing the bottom-right cell scrolled);
    // a VT102 (terminfo am + xenl) wraps only when the next character comes.
    [Test]
    public void Writing_the_bottom_right_cell_does_not_scroll()
    {
        var t = new TerminalFixture(10, 3).Write("top\e[3;1H0123456789");
        Assert.Multiple(() =>
        {
            Assert.That(t.Line(0), Is.EqualTo("top"));
            Assert.That(t.Screen.WrapPending, Is.True);
        });
        t.Write("x");
        Assert.That((t.Line(0), t.Line(1), t.Line(2)), Is.EqualTo(("", "0123456789", "x")));
    }

    // 12.02 made '\n' imply CR unconditionally, which breaks ncurses' cursor-down (cud1=\n).
    [Test]
    public void Line_feed_keeps_the_column_unless_new_line_mode_is_set()
    {
        var t = new TerminalFixture().Write("ab\ncd");
        Assert.That(t.Line(1), Is.EqualTo("  cd"));
        t.Write("\e[20h\nef");
        Assert.That(t.Line(2), Is.EqualTo("ef"));
        var log = new TerminalFixture();
        log.Screen.NewLineMode = true;
        log.Write("line 1\nline 2");
        Assert.That(log.Line(1), Is.EqualTo("line 2"));
    }

    // 12.02's stubs (debug message only): dch, ich, el1, ri, rc, sc, hts, tbc, smir, rmir, rmam, smam.
    [Test]
    public void Former_stubs_are_implemented()
    {
        var t = new TerminalFixture(20, 4).Write("abcdef\e[1;2H\e[2P\e[2;1Habcdef\e[2;2H\e[2@\e[3;1Habcdef\e[3;3H\e[1K");
        Assert.Multiple(() =>
        {
            Assert.That(t.Line(0), Is.EqualTo("adef"));
            Assert.That(t.Line(1), Is.EqualTo("a  bcdef"));
            Assert.That(t.Line(2), Is.EqualTo("   def"));
        });
        t.Write("\e[1;1H\eMtop\e[4h\e[4;1H\e[2KXY\e[4;1HZ\e[4l\e[?7l\e[4;19Habcd");
        Assert.Multiple(() =>
        {
            Assert.That(t.Line(0), Is.EqualTo("top"));
            Assert.That(t.Line(3), Is.EqualTo("ZXY" + new string(' ', 15) + "ad"));
        });
    }

    [Test]
    public void Linux_palette_sequences_redefine_and_reset_colours()
    {
        var t = new TerminalFixture().Write("\e]P1123456x");
        Assert.Multiple(() =>
        {
            Assert.That(t.Screen.Palette[1], Is.EqualTo(0x123456));
            Assert.That(t.Line(0), Is.EqualTo("x"));
        });
        t.Write("\e]Ry");
        Assert.That((t.Screen.Palette[1], t.Line(0)), Is.EqualTo((0xAA0000, "xy")));
    }

    [Test]
    public void Device_attributes_and_status_reports_are_answered()
    {
        var t = new TerminalFixture().Write("\e[c\eZ\e[5n\e[3;7H\e[6n\e[2;10r\e[?6h\e[2;2H\e[6n");
        Assert.That(t.Replies(), Is.EqualTo("\e[?6c\e[?6c\e[0n\e[3;7R\e[2;2R"));
    }

    [Test]
    public void Unread_replies_are_bounded()
    {
        var t = new TerminalFixture();
        var request = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("\e[c", 10_000)));
        t.Decoder.Write(request);
        Assert.Multiple(() =>
        {
            Assert.That(t.Screen.Replies.Count, Is.LessThanOrEqualTo(ReplyBuffer.Capacity));
            Assert.That(t.Screen.Replies.Dropped, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Application_cursor_and_keypad_modes_are_tracked()
    {
        var t = new TerminalFixture().Write("\e[?1h\e=");
        Assert.That((t.Screen.ApplicationCursorKeys, t.Screen.ApplicationKeypad), Is.EqualTo((true, true)));
        t.Write("\e[?1l\e>");
        Assert.That((t.Screen.ApplicationCursorKeys, t.Screen.ApplicationKeypad), Is.EqualTo((false, false)));
    }

    [Test]
    public void Cursor_visibility_follows_civis_and_cnorm_of_terminfo_linux()
    {
        var t = new TerminalFixture().Write("\e[?25l\e[?1c");
        Assert.That(t.Screen.CursorVisible, Is.False);
        t.Write("\e[?25h\e[?0c");
        Assert.That(t.Screen.CursorVisible, Is.True);
    }

    [Test]
    public void Parameters_are_clamped()
    {
        var t = new TerminalFixture().Write("\e[99999999999999999999;99999999999999999999H");
        Assert.That((t.Screen.CursorLine, t.Screen.CursorColumn), Is.EqualTo((23, 79)));
        t.Write("\e[99999999999@x\e[99999999999L\e[99999999999b");
        Assert.That(t.Screen.Columns, Is.EqualTo(80));
    }

    // The result of a stream must not depend on how it is cut into writes.
    [Test]
    public void Any_split_of_a_recorded_stream_gives_the_same_screen()
    {
        var bytes = RepositoryPaths.Recording("dialog-checklist");
        var whole = new TerminalFixture();
        whole.Decoder.Write(bytes);
        string expected = ScreenDump.Text(whole.Screen) + ScreenDump.Attributes(whole.Screen);
        var random = new Random(14);
        for (int run = 0; run < 20; run++)
        {
            var t = new TerminalFixture();
            int at = 0;
            while (at < bytes.Length)
            {
                int n = Math.Min(bytes.Length - at, random.Next(1, 8));
                t.Decoder.Write(bytes.AsSpan(at, n));
                at += n;
            }
            Assert.That(ScreenDump.Text(t.Screen) + ScreenDump.Attributes(t.Screen), Is.EqualTo(expected), $"run {run}");
        }
    }

    [Test]
    public void Resize_keeps_content_and_clamps_the_cursor()
    {
        var t = new TerminalFixture(20, 5).Write("hello\e[2;4r\e[5;20Hx");
        t.Screen.Resize(10, 3);
        Assert.Multiple(() =>
        {
            Assert.That(t.Line(0), Is.EqualTo("hello"));
            Assert.That((t.Screen.CursorLine, t.Screen.CursorColumn), Is.EqualTo((2, 9)));
            Assert.That((t.Screen.Top, t.Screen.Bottom), Is.EqualTo((0, 2)));
        });
        t.Screen.Resize(30, 8);
        Assert.That((t.Screen.Columns, t.Screen.Lines, t.Line(0)), Is.EqualTo((30, 8, "hello")));
    }

    [Test]
    public void Bytes_decoded_are_counted()
    {
        var t = new TerminalFixture().Write("abc\e[m");
        Assert.That(t.Decoder.BytesDecoded, Is.EqualTo(6));
    }
}
