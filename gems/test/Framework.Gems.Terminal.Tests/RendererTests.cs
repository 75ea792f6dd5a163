using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Framework.Gems.Terminal.Tests;

/// <summary>Rendering into an RGB565 surface: the 12.02 last-column bug, frame skipping, dirty cells, resizing, PNG.</summary>
public sealed class RendererTests
{
    private const ushort Black = 0;

    private static PsfFont Font => BuiltinFont.Terminus16();

    // 12.02 stopped a line as soon as x + glyph width >= framebuffer width: at 1024 pixels the
    // 128th column was never drawn.
    [Test]
    public void The_last_column_is_drawn()
    {
        var surface = new MemorySurface(1024, 768);
        var screen = new CharacterScreen(1, 1);
        var renderer = new Renderer(Font);
        renderer.Flush(screen, surface);
        Assert.That((screen.Columns, screen.Lines), Is.EqualTo((128, 48)));
        new Decoder(screen).Write(Encoding.ASCII.GetBytes("\e[?25l\e[1;128HM\e[48;128HM"));
        renderer.Flush(screen, surface);
        Assert.Multiple(() =>
        {
            Assert.That(Lit(surface, 1016, 0, 8, 16), Is.GreaterThan(10), "top right cell");
            Assert.That(Lit(surface, 1016, 752, 8, 16), Is.GreaterThan(10), "bottom right cell");
        });
    }

    [Test]
    public void Glyph_pixels_follow_the_font_bitmap()
    {
        var font = Font;
        var surface = new MemorySurface(80, 32);
        var screen = new CharacterScreen(10, 2);
        new Decoder(screen).Write("\e[?25lA"u8);
        new Renderer(font).Flush(screen, surface);
        var glyph = font.Glyph(font.GlyphIndex('A'));
        ushort fg = Rgb565.FromRgb(0xAAAAAA);
        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                bool set = (glyph[y] & (0x80 >> x)) != 0;
                Assert.That(surface[x, y], Is.EqualTo(set ? fg : Black), $"pixel {x},{y}");
            }
        }
    }

    // 12.02's change: write() only updates cells; a flush draws the final state once.
    [Test]
    public void A_burst_of_writes_reaches_the_surface_as_one_frame_of_its_final_state()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i} of a large text that scrolls\r\n")));
        var skipping = Run(text, chunk: 4096, flushEveryWrite: false);
        var every = Run(text, chunk: 4096, flushEveryWrite: true);
        Assert.Multiple(() =>
        {
            Assert.That(skipping.Renderer.FramesRendered, Is.EqualTo(1));
            Assert.That(skipping.Renderer.CellsRendered, Is.EqualTo(80 * 30));
            Assert.That(every.Renderer.FramesRendered, Is.EqualTo((text.Length + 4095) / 4096));
            Assert.That(every.Renderer.CellsRendered, Is.GreaterThan(skipping.Renderer.CellsRendered * 40));
            Assert.That(skipping.Surface.Pixels.ToArray(), Is.EqualTo(every.Surface.Pixels.ToArray()), "the final pixels are the same");
        });
        TestContext.Out.WriteLine($"{text.Length} bytes: frame skipping {skipping.Renderer.FramesRendered} frame / {skipping.Renderer.CellsRendered} cells; " +
            $"every write {every.Renderer.FramesRendered} frames / {every.Renderer.CellsRendered} cells");
    }

    private static (Renderer Renderer, MemorySurface Surface) Run(byte[] text, int chunk, bool flushEveryWrite)
    {
        var surface = new MemorySurface(640, 480);
        var screen = new CharacterScreen(80, 30);
        var decoder = new Decoder(screen);
        var renderer = new Renderer(Font);
        for (int at = 0; at < text.Length; at += chunk)
        {
            decoder.Write(text.AsSpan(at, Math.Min(chunk, text.Length - at)));
            if (flushEveryWrite)
                renderer.Flush(screen, surface);
        }
        if (!flushEveryWrite)
            renderer.Flush(screen, surface);
        return (renderer, surface);
    }

    [Test]
    public void Only_dirty_cells_are_drawn_and_refreshed()
    {
        var surface = new MemorySurface(640, 480);
        var screen = new CharacterScreen(80, 30);
        var renderer = new Renderer(Font);
        renderer.Flush(screen, surface);
        new Decoder(screen).Write("\e[10;20Hx"u8);
        var frame = renderer.Flush(screen, surface);
        Assert.Multiple(() =>
        {
            // The old cursor cell (0,0), the written cell and the new cursor cell.
            Assert.That(frame.Cells, Is.EqualTo(3));
            Assert.That(surface.LastRefresh, Is.EqualTo((0, 0, 21 * 8, 10 * 16)));
            Assert.That(renderer.Flush(screen, surface).Drawn, Is.False, "nothing changed, nothing drawn");
        });
    }

    [Test]
    public void The_grid_follows_the_surface_size()
    {
        var surface = new MemorySurface(640, 480);
        var screen = new CharacterScreen(1, 1);
        var renderer = new Renderer(Font);
        renderer.Flush(screen, surface);
        Assert.That((screen.Columns, screen.Lines), Is.EqualTo((80, 30)));
        new Decoder(screen).Write("hello"u8);
        surface.Resize(1028, 770);
        var frame = renderer.Flush(screen, surface);
        Assert.Multiple(() =>
        {
            Assert.That((screen.Columns, screen.Lines), Is.EqualTo((128, 48)));
            Assert.That(frame.Cells, Is.EqualTo(128 * 48));
            Assert.That(ScreenDump.Text(screen).Split('\n')[0], Is.EqualTo("hello"));
        });
    }

    [Test]
    public void Colours_bold_inverse_and_cursor_are_drawn()
    {
        var surface = new MemorySurface(80, 16);
        var screen = new CharacterScreen(10, 1);
        new Decoder(screen).Write("\e[41m \e[1;31m\u2588\e[0;7m \e[m\u2588\e[38;2;16;32;48m\u2588"u8.ToArray());
        new Renderer(Font).Flush(screen, surface);
        Assert.Multiple(() =>
        {
            Assert.That(surface[3, 8], Is.EqualTo(Rgb565.FromRgb(0xAA0000)), "red background");
            Assert.That(surface[11, 8], Is.EqualTo(Rgb565.FromRgb(0xFF5555)), "bold red is bright red");
            Assert.That(surface[19, 8], Is.EqualTo(Rgb565.FromRgb(0xAAAAAA)), "inverse blank is light grey");
            Assert.That(surface[27, 8], Is.EqualTo(Rgb565.FromRgb(0xAAAAAA)), "full block in the default colour");
            Assert.That(surface[35, 8], Is.EqualTo(Rgb565.FromRgb(0x102030)), "direct colour");
            Assert.That(surface[43, 8], Is.EqualTo(Rgb565.FromRgb(0xAAAAAA)), "the cursor cell is inverted");
        });
    }

    // The PNG holds exactly the surface's pixels (expanded to 8 bits per channel).
    [Test]
    public void Png_holds_the_surface()
    {
        var surface = new MemorySurface(640, 384);
        var screen = new CharacterScreen(80, 24);
        new Decoder(screen).Write(RepositoryPaths.Recording("dialog-checklist"));
        new Renderer(Font).Flush(screen, surface);
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dialog-checklist.png");
        SurfacePng.Write(surface, path);
        TestContext.AddTestAttachment(path);
        using var image = Image.Load<Rgb24>(path);
        Assert.That((image.Width, image.Height), Is.EqualTo((640, 384)));
        for (int y = 0; y < image.Height; y += 7)
        {
            for (int x = 0; x < image.Width; x += 5)
            {
                var (r, g, b) = Rgb565.ToRgb(surface[x, y]);
                Assert.That(image[x, y], Is.EqualTo(new Rgb24(r, g, b)), $"pixel {x},{y}");
            }
        }
    }

    private static int Lit(MemorySurface s, int x0, int y0, int w, int h)
    {
        int n = 0;
        for (int y = y0; y < y0 + h; y++)
        {
            for (int x = x0; x < x0 + w; x++)
            {
                if (s[x, y] != Black)
                    n++;
            }
        }
        return n;
    }
}
