using System.Buffers.Binary;
using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>The PSF parser: the shipped Terminus font, a PSF2 font built from the format description, bad input.</summary>
public sealed class PsfFontTests
{
    [Test]
    public void Builtin_terminus_is_8x16_with_512_glyphs_and_a_unicode_table()
    {
        var font = BuiltinFont.Terminus16();
        Assert.Multiple(() =>
        {
            Assert.That((font.Width, font.Height, font.GlyphCount), Is.EqualTo((8, 16, 512)));
            foreach (int c in "Aa0~ÄäßΩЖ€─│┌╬█▒°±£π≤")
                Assert.That(font.HasGlyph(c), Is.True, $"U+{c:X4} {(char)c}");
            Assert.That(font.HasGlyph(0x6F22), Is.False, "no CJK glyphs");
            Assert.That(font.GlyphIndex(0x6F22), Is.EqualTo(font.GlyphIndex(0xFFFD)), "missing glyphs show U+FFFD");
            Assert.That(font.Glyph(font.GlyphIndex('A')).ToArray().Any(b => b != 0), Is.True);
            Assert.That(font.Glyph(font.GlyphIndex(' ')).ToArray().All(b => b == 0), Is.True);
        });
    }

    [Test]
    public void Builtin_font_ships_with_its_licence()
    {
        string fonts = Path.Combine(RepositoryPaths.Root(), "gems", "src", "server", "terminal", "Fonts");
        string licence = File.ReadAllText(Path.Combine(fonts, "LICENSE"));
        Assert.That(licence, Does.Contain("SIL OPEN FONT LICENSE Version 1.1").And.Contain("Dimitar Toshkov Zhekov"));
    }

    // A PSF2 font written by hand from the format (kbd's psf.h): 32-byte header, glyphs, UTF-8 table.
    [Test]
    public void Psf2_with_a_unicode_table_is_parsed()
    {
        var bytes = Psf2(width: 10, height: 3, glyphs: [[0xFF, 0xC0, 0x80, 0x40, 0x00, 0x00], [0, 0, 0, 0, 0, 0]],
            table: [[.. "A"u8, .. "Ä"u8, 0xFE, .. "A\u0308"u8, 0xFF], [.. "\uFFFD"u8, 0xFF]]);
        Assert.That(PsfFont.TryParse(bytes, out var font, out string error), Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That((font!.Width, font.Height, font.GlyphCount, font.BytesPerRow), Is.EqualTo((10, 3, 2, 2)));
            Assert.That((font.GlyphIndex('A'), font.GlyphIndex('Ä'), font.GlyphIndex('Z')), Is.EqualTo((0, 0, 1)));
            Assert.That(font.Glyph(0).ToArray(), Is.EqualTo(new byte[] { 0xFF, 0xC0, 0x80, 0x40, 0, 0 }));
            Assert.That(font.HasGlyph(0x308), Is.False, "sequences are not single code points");
        });
    }

    [Test]
    public void Psf2_without_a_table_maps_glyph_i_to_code_point_i()
    {
        var bytes = Psf2(width: 8, height: 1, glyphs: [.. Enumerable.Range(0, 66).Select(i => new[] { (byte)i })], table: null);
        Assert.That(PsfFont.TryParse(bytes, out var font, out string error), Is.True, error);
        Assert.That((font!.GlyphIndex('A'), font.Glyph(65)[0]), Is.EqualTo((65, (byte)65)));
    }

    [TestCase(new byte[] { 1, 2, 3 }, "offset 0: not a PSF font")]
    [TestCase(new byte[] { 0x36, 0x04, 0 }, "offset 3: PSF1 header cut short")]
    [TestCase(new byte[] { 0x36, 0x04, 0, 0 }, "offset 3: PSF1 charsize 0")]
    [TestCase(new byte[] { 0x36, 0x04, 0, 16, 1, 2 }, "offset 6: PSF1 glyphs cut short")]
    [TestCase(new byte[] { 0x1F, 0x8B, 1, 2, 3 }, "gzip:")]
    public void Bad_fonts_are_rejected_with_the_offset(byte[] bytes, string message)
    {
        Assert.That(PsfFont.TryParse(bytes, out var font, out string error), Is.False);
        Assert.That((font, error), Is.EqualTo(((PsfFont?)null, error)));
        Assert.That(error, Does.StartWith(message));
    }

    [Test]
    public void Psf2_header_fields_are_checked()
    {
        var good = Psf2(8, 2, [[1, 2]], null);
        Assert.Multiple(() =>
        {
            Assert.That(Error(With(good, 24, 0)), Does.StartWith("offset 24: PSF2 height 0"));
            Assert.That(Error(With(good, 28, 1000)), Does.StartWith("offset 28: PSF2 width 1000"));
            Assert.That(Error(With(good, 16, 70000)), Does.StartWith("offset 16: PSF2 glyph count 70000"));
            Assert.That(Error(With(good, 20, 3)), Does.StartWith("offset 20: PSF2 bytes per glyph 3"));
            Assert.That(Error(With(good, 8, 999)), Does.StartWith("offset 8: PSF2 header size 999"));
            Assert.That(Error(With(good, 16, 5)), Does.StartWith("offset 34: PSF2 glyphs cut short"));
            Assert.That(Error(With(good, 12, 1)), Does.StartWith("offset 34: PSF2 Unicode table cut short at glyph 0"));
        });
    }

    // Seeded mutations of the real font (gunzipped): the parser answers, it never throws.
    [Test]
    public void Mutated_fonts_never_throw()
    {
        using var gz = new System.IO.Compression.GZipStream(
            File.OpenRead(Path.Combine(RepositoryPaths.Root(), "gems", "src", "server", "terminal", "Fonts", "Uni2-Terminus16.psf.gz")),
            System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gz.CopyTo(plain);
        var original = plain.ToArray();
        var random = new Random(1202);
        int inputs = 0, accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            if (i % 3 == 0)
                bytes = bytes[..random.Next(bytes.Length)];
            for (int m = random.Next(1, 8); m > 0 && bytes.Length > 0; m--)
                bytes[random.Next(Math.Min(bytes.Length, i % 2 == 0 ? 8 : bytes.Length))] = (byte)random.Next(256);
            if (PsfFont.TryParse(bytes, out _, out _))
                accepted++;
            inputs++;
        }
        TestContext.Out.WriteLine($"PSF fuzz: {inputs} inputs, {accepted} parsed, seed 1202");
        Assert.That(inputs, Is.EqualTo(3000));
    }

    private static string Error(byte[] bytes)
    {
        return PsfFont.TryParse(bytes, out _, out string error) ? "parsed" : error;
    }

    private static byte[] With(byte[] bytes, int offset, uint value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static byte[] Psf2(int width, int height, byte[][] glyphs, byte[][]? table)
    {
        var b = new List<byte>();
        void U32(uint v) => b.AddRange(BitConverter.GetBytes(v));
        b.AddRange(new byte[] { 0x72, 0xB5, 0x4A, 0x86 });
        U32(0);
        U32(32);
        U32(table is null ? 0u : 1u);
        U32((uint)glyphs.Length);
        U32((uint)((width + 7) / 8 * height));
        U32((uint)height);
        U32((uint)width);
        foreach (var g in glyphs)
            b.AddRange(g);
        if (table is not null)
        {
            foreach (var t in table)
                b.AddRange(t);
        }
        return [.. b];
    }
}
