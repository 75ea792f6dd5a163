using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>
/// Seeded fuzzing of the decoder: random bytes and sequence-shaped garbage on screens of random
/// size, with resizes in between. After every input the grid invariants must hold; no input may
/// throw; the decoder's memory does not grow with hostile input.
/// </summary>
public sealed class FuzzTests
{
    private const int Inputs = 30_000;

    [Test]
    public void Decoder_survives_random_input_with_invariants_intact()
    {
        var random = new Random(20120229);
        int inputs = 0;
        long bytes = 0;
        CharacterScreen screen = new(80, 24);
        var decoder = new Decoder(screen);
        for (int i = 0; i < Inputs; i++)
        {
            if (i % 500 == 0)
            {
                screen = new CharacterScreen(random.Next(1, 120), random.Next(1, 50));
                decoder = new Decoder(screen);
            }
            else if (i % 97 == 0)
            {
                screen.Resize(random.Next(1, 120), random.Next(1, 50));
            }
            var input = Generate(random);
            decoder.Write(input);
            inputs++;
            bytes += input.Length;
            CheckInvariants(screen, $"input {i}");
        }
        TestContext.Out.WriteLine($"decoder fuzz: {inputs} inputs, {bytes} bytes, seed 20120229");
        Assert.That(inputs, Is.EqualTo(Inputs));
    }

    [Test]
    public void Hostile_streams_do_not_grow_memory()
    {
        var screen = new CharacterScreen(80, 24);
        var decoder = new Decoder(screen);
        // Endless parameters, an endless OSC string, an endless DCS string, endless intermediates,
        // endless replies: 4 MiB each.
        var streams = new[]
        {
            Encoding.ASCII.GetBytes("\e[" + string.Concat(Enumerable.Repeat("1234567890;", 400_000))),
            Encoding.ASCII.GetBytes("\e]0;" + new string('t', 4 << 20)),
            Encoding.ASCII.GetBytes("\eP" + new string('d', 4 << 20)),
            Encoding.ASCII.GetBytes("\e[" + new string('$', 4 << 20) + "m"),
            Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("\e[6n", 1 << 20))),
        };
        decoder.Write("warm"u8);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var s in streams)
            decoder.Write(s);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(streams);
        Assert.Multiple(() =>
        {
            Assert.That(after - before, Is.LessThan(256 * 1024), "bytes retained after 20 MiB of hostile input");
            Assert.That(screen.Replies.Count, Is.LessThanOrEqualTo(ReplyBuffer.Capacity));
        });
        CheckInvariants(screen, "after hostile streams");
    }

    internal static void CheckInvariants(CharacterScreen s, string where)
    {
        if (s.CursorColumn < 0 || s.CursorColumn >= s.Columns || s.CursorLine < 0 || s.CursorLine >= s.Lines)
            Assert.Fail($"{where}: cursor {s.CursorLine},{s.CursorColumn} outside {s.Columns}x{s.Lines}");
        if (s.Top < 0 || s.Bottom >= s.Lines || s.Top > s.Bottom || (s.Lines > 1 && s.Top == s.Bottom))
            Assert.Fail($"{where}: region {s.Top}-{s.Bottom} invalid for {s.Lines} lines");
        if (s.Replies.Count > ReplyBuffer.Capacity)
            Assert.Fail($"{where}: {s.Replies.Count} reply bytes");
        for (int y = 0; y < s.Lines; y++)
        {
            var row = s.Cells.Row(y);
            if (row.Length != s.Columns)
                Assert.Fail($"{where}: line {y} has {row.Length} cells, not {s.Columns}");
            for (int x = 0; x < row.Length; x++)
            {
                var c = row[x];
                bool wide = (c.Attributes & CellAttributes.Wide) != 0;
                bool continuation = (c.Attributes & CellAttributes.WideContinuation) != 0;
                if (continuation ? c.CodePoint != 0 : c.CodePoint is < 0x20 or (>= 0x7F and < 0xA0) or (>= 0xD800 and <= 0xDFFF) or > 0x10FFFF)
                    Assert.Fail($"{where}: line {y} col {x} holds U+{c.CodePoint:X4}");
                if (wide && (x + 1 >= row.Length || (row[x + 1].Attributes & CellAttributes.WideContinuation) == 0))
                    Assert.Fail($"{where}: line {y} col {x}: wide character without its right half");
                if (continuation && (x == 0 || (row[x - 1].Attributes & CellAttributes.Wide) == 0))
                    Assert.Fail($"{where}: line {y} col {x}: right half without its wide character");
            }
        }
    }

    // Mostly sequence-shaped input, since uniform random bytes rarely reach deep parser states.
    private static byte[] Generate(Random r)
    {
        var b = new List<byte>();
        int parts = r.Next(1, 12);
        for (int p = 0; p < parts; p++)
        {
            switch (r.Next(9))
            {
                case 0:
                    for (int i = r.Next(0, 64); i > 0; i--)
                        b.Add((byte)r.Next(256));
                    break;
                case 1:
                    b.AddRange(Encoding.UTF8.GetBytes(new string((char)r.Next(0x20, 0x7F), r.Next(1, 200))));
                    break;
                case 2 or 3:
                    b.AddRange("\e["u8);
                    if (r.Next(3) == 0)
                        b.Add((byte)"?>=<"[r.Next(4)]);
                    for (int i = r.Next(0, 6); i > 0; i--)
                    {
                        b.AddRange(Encoding.ASCII.GetBytes(Number(r)));
                        if (i > 1)
                            b.Add((byte)(r.Next(5) == 0 ? ':' : ';'));
                    }
                    if (r.Next(6) == 0)
                        b.Add((byte)r.Next(0x20, 0x30));
                    b.Add((byte)r.Next(0x40, 0x7F));
                    break;
                case 4:
                    b.Add(0x1B);
                    if (r.Next(3) == 0)
                        b.Add((byte)r.Next(0x20, 0x30));
                    b.Add((byte)r.Next(0x30, 0x7F));
                    break;
                case 5:
                    b.AddRange(Encoding.ASCII.GetBytes(r.Next(4) switch
                    {
                        0 => $"\e]{r.Next(10)};title{r.Next()}\a",
                        1 => $"\e]P{r.Next(0x10000000):x7}",
                        2 => "\e]R",
                        _ => $"\eP{r.Next()}\e\\",
                    }));
                    break;
                case 6:
                    b.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(r.Next(4) switch
                    {
                        0 => r.Next(0xA0, 0x800),
                        1 => r.Next(0x3000, 0xA000),
                        2 => r.Next(0x1F300, 0x1FAFF),
                        _ => r.Next(0x300, 0x370),
                    })));
                    break;
                case 7:
                    b.Add((byte)r.Next(0, 0x20));
                    break;
                default:
                    b.AddRange(Encoding.ASCII.GetBytes(r.Next(5) switch
                    {
                        0 => "\e(0lqk\e(B",
                        1 => "\e[4h",
                        2 => "\e[?6h",
                        3 => "\e#8",
                        _ => "\ec",
                    }));
                    break;
            }
        }
        return [.. b];
    }

    private static string Number(Random r) => r.Next(6) switch
    {
        0 => "",
        1 => "0",
        2 => r.Next(1, 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => r.Next(10, 300).ToString(System.Globalization.CultureInfo.InvariantCulture),
        4 => "99999999999999",
        _ => r.Next(1, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
