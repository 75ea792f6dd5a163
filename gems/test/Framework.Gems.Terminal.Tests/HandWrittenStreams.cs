using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>
/// Byte streams written by hand to exercise each decoder feature (and each 12.02 bug) against the
/// oracle. Each is a name and its bytes; ESC is \e.
/// </summary>
internal static class HandWrittenStreams
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> All()
    {
        var list = new List<(string, byte[])>();
        void Add(string name, string text) => list.Add((name, Encoding.UTF8.GetBytes(text)));
        void AddBytes(string name, byte[] bytes) => list.Add((name, bytes));
        string Fill(int lines) => string.Concat(Enumerable.Range(0, lines).Select(i => $"line {i:D2} abcdefghijklmnopqrstuvwxyz 0123456789\r\n"));

        Add("cursor-motion", "\e[5;10HA\e[2AB\e[3BC\e[4CD\e[6DE\e[2EF\e[FG\e[30GH\e[12dI\e[40`J\e[3;3fK\e[eL\e[5aM");
        Add("cursor-clamping", "\e[99;999HA\e[0;0HB\e[999AC\e[999BD\e[999CE\e[999DF\e[65535;65535HG\e[99999999999HH");
        Add("cursor-default-parameters", "\e[10;10H\e[AX\e[BY\e[CZ\e[DW\e[0A0\e[;5H;\e[7;HE");
        Add("erase-display", Fill(20) + "\e[10;20H\e[41m\e[J\e[5;5H\e[1J\e[m\e[15;1HX");
        Add("erase-display-all", Fill(10) + "\e[44m\e[2J\e[m\e[3;3HY");
        Add("erase-line", Fill(5) + "\e[1;10H\e[K\e[2;10H\e[1K\e[3;10H\e[2K\e[4;10H\e[42m\e[5X\e[m");
        Add("insert-delete-characters", Fill(4) + "\e[1;5H\e[3@\e[2;5H\e[3P\e[3;1H\e[200P\e[4;70H\e[20@");
        Add("insert-delete-lines", Fill(20) + "\e[5;1H\e[2L\e[10;3H\e[3M\e[1;1H\e[M\e[24;1H\e[L");
        Add("scroll-region", Fill(24) + "\e[5;15r\e[15;1H\r\nnew1\r\nnew2\e[5;1H\eMrev1\eMrev2\e[r\e[24;1H\r\nend");
        Add("scroll-region-outside", "\e[5;10r\e[20;1Hbelow\r\n\r\n\r\n\r\n\r\n\r\n\r\nlast\e[2;1H\e[5Lx\e[1S\e[2T");
        Add("scroll-up-down", Fill(24) + "\e[3S\e[2T\e[1;1Htop");
        Add("index-next-line", "\e[24;5Habc\eDdef\eEghi\e[1;1H\eMtop");
        Add("save-restore-cursor", "\e[5;5H\e[1;31mred\e7\e[10;10H\e[mplain\e8again\e[s\e[20;1Hx\e[uback");
        Add("sgr-attributes", "\e[1mb\e[2md\e[3mi\e[4mu\e[5mk\e[7mv\e[8mh\e[9ms\e[22m1\e[23m2\e[24m3\e[25m4\e[27m5\e[28m6\e[29m7\e[0m8");
        Add("sgr-colours-8-16", string.Concat(Enumerable.Range(0, 8).Select(i => $"\e[3{i}m{i}\e[4{i}m{i}\e[9{i}m{i}\e[10{i}m{i}")) + "\e[39mx\e[49my\e[mz");
        Add("sgr-colours-256", string.Concat(Enumerable.Range(0, 64).Select(i => $"\e[38;5;{i * 4}m\e[48;5;{255 - (i * 4)}m#")) + "\e[m");
        Add("sgr-colours-rgb", "\e[38;2;10;20;30mA\e[48;2;200;100;50mB\e[38;2;300;1;1mC\e[mD");
        Add("sgr-empty-and-combined", "\e[1;4;31;42mX\e[mY\e[0;10mZ\e[1;7m\e[0;10;1mW\e[39;49mV");
        Add("autowrap", "\e[1;1H" + new string('a', 85) + "\e[3;75H" + new string('b', 6) + "\r\nc\e[5;80HX\e[6;80HYZ");
        Add("autowrap-off", "\e[?7l\e[1;75H" + new string('a', 10) + "\e[?7h\e[2;75H" + new string('b', 10));
        Add("wrap-pending-then-cr-lf", "\e[1;1H" + new string('x', 80) + "\r\nnext\e[3;1H" + new string('y', 80) + "\e[Kz");
        Add("wrap-at-bottom", "\e[24;70H" + new string('q', 20) + "end");
        Add("tabs", "a\tb\tc\r\n\e[3g\e[1;5H\eH\e[1;30H\eH\r\n\tx\ty\tz\r\n\e[9G\e[2Zw\e[2Iv\e[3g\tt");
        Add("insert-mode", "abcdef\e[1;3H\e[4hXY\e[4lZ");
        Add("origin-mode", "\e[5;10r\e[?6h\e[1;1HA\e[99;1HB\e[?6l\e[1;1HC\e[r");
        Add("charsets", "\e(0lqqqk\r\nx   x\r\nmqqqj\e(B ascii \e)0\u000Elqk\u000F back \e(A#");
        Add("dec-graphics-all", "\e(0" + string.Concat(Enumerable.Range(0x5F, 0x7F - 0x5F).Select(c => (char)c)) + "\e(B");
        Add("utf8", "ä ö ü ß € 😀 \U0001F600 Ω\r\n漢字テスト\r\n\e[1;79H漢\e[3;1Hx\u0301y");
        AddBytes("utf8-invalid", [.. "a"u8, 0xC3, .. "b"u8, 0xE2, 0x82, .. "c"u8, 0xFF, 0xFE, 0x80, .. "d"u8, 0xED, 0xA0, 0x80, .. "e"u8, 0xF0, 0x9F, 0x98, 0x80]);
        Add("wide-overwrite", "漢字漢字\e[1;2Hx\e[1;5Hy\e[2;1H漢字\e[2;2H\e[P\e[3;1H漢字\e[3;2H\e[@");
        Add("repeat", "ab\e[5b\r\n-\e[78b");
        Add("screen-alignment", "\e#8\e[12;30H DECALN ");
        Add("esc-digit-save-restore", "\e[3;3Hfirst\e7\e[10;10Hsecond\e8third\r\nafter");
        Add("unknown-sequences-resync", "a\e[5;5yb\e[?1000hc\e[>1;2md\e]0;title\ae\e]2;t\e\\f\ePq#0;1\e\\g\e_apc\e\\h\e^pm\e\\i");
        Add("cancel-and-control-inside-csi", "a\e[3\u0018b\e[1\u001Ac\e[2\nD\e[1;\r5Hx\e[\u0008Cy");
        Add("controls", "a\u0000b\u0001c\u0005d\u0007e\u000Bf\u000Cg\u007Fh\u001Ci");
        Add("linux-cursor-shapes", "\e[?25l\e[?1chidden\e[?25h\e[?0cshown\e[?25h\e[?8cvisible");
        Add("reset", "junk\e[31m\e[5;10r\e[?7lmore\ecafter reset" + new string('w', 90));
        Add("soft-reset", "\e[31m\e[5;10r\e[4h\e[?7l\e[!pabc" + new string('v', 90));
        Add("many-parameters", "\e[" + string.Join(';', Enumerable.Range(0, 40).Select(i => i % 10)) + "mX\e[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31;32;33;34;35;36;37;38;39;31mY");
        // Where this terminal and xterm.js disagree on purpose (KnownDifferences.cs says why).
        Add("known-cbt-while-wrap-pending", "\e[1;1H" + new string('c', 80) + "\e[2Zx");
        Add("known-decaln-resets-region", "\e[5;10r\e#8\e[1;1H\e[2Mx");
        Add("known-sd-background", "\e[44m\e[2T\e[mx");
        Add("known-decrc-restores-charsets", "\e(0\e8\u000Fq");
        Add("known-relative-motion-in-origin-mode", "\e[5;20r\e[?6h\e[3;1H\e[2Ax\e[3ey");
        Add("known-autowrap-back-on-at-margin", "\e[?7l\e[1;75H" + new string('a', 10) + "\e[?7hb");
        Add("big-scroll", Fill(1000) + "tail");
        Add("mixed-redraw", "\e[H\e[2J" + string.Concat(Enumerable.Range(1, 24).Select(i => $"\e[{i};1H\e[3{i % 8}m{i,3} \e[7m{new string('#', i * 3)}\e[27m\e[K")) + "\e[m\e[12;40H\e[1;33mCENTER\e[m");
        return list;
    }
}
