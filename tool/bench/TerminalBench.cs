using System.Diagnostics;
using System.Globalization;
using System.Text;
using Framework.Gems.Terminal;
using Decoder = Framework.Gems.Terminal.Decoder;

namespace Framework.Bench;

/// <summary>
/// The terminal engine's figures (gems/src/server/terminal): decode throughput next to a plain
/// copy of the same bytes, and write() throughput while a large text scrolls, with 12.02's frame
/// skipping (render when 10 ms have passed, as the terminal's timer tick) and with a render after
/// every 4 KiB write (12.02 before the change). The grid is 128x48 on a 1024x768 RGB565 surface.
/// </summary>
internal static class TerminalBench
{
    /// <summary>The terminal session's I/O buffer: one write() carries at most this much.</summary>
    public const int WriteSize = 4096;

    private const int Width = 1024;
    private const int Height = 768;

    /// <summary>Scrolling text as `ls -l --color` prints it: CR LF lines, every third one coloured.</summary>
    public static byte[] Text(int size)
    {
        var sb = new StringBuilder();
        for (int i = 0; sb.Length < size; i++)
        {
            string name = i % 3 == 0 ? $"\e[01;34mdirectory-{i}\e[0m" : $"file-{i}.txt";
            sb.Append(CultureInfo.InvariantCulture, $"-rw-r--r-- 1 root root {i * 37 % 100000,6} Dec  4 16:{i % 60:D2} {name}\r\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString(0, size));
    }

    private static double MegabytesPerSecond(long bytes, long startTimestamp) =>
        bytes / 1e6 / Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;

    /// <summary>The floor: the same bytes copied in write()-sized chunks into a buffer.</summary>
    public static Samples Copy(int batches, byte[] data)
    {
        var target = new byte[WriteSize];
        return Batches(batches, () =>
        {
            for (int at = 0; at < data.Length; at += WriteSize)
                data.AsSpan(at, Math.Min(WriteSize, data.Length - at)).CopyTo(target);
            return data.Length;
        });
    }

    /// <summary>Decoding into the character grid only, nothing rendered.</summary>
    public static Samples Decode(int batches, byte[] data)
    {
        var decoder = new Decoder(new CharacterScreen(128, 48));
        return Batches(batches, () =>
        {
            for (int at = 0; at < data.Length; at += WriteSize)
                decoder.Write(data.AsSpan(at, Math.Min(WriteSize, data.Length - at)));
            return data.Length;
        });
    }

    /// <summary>write() plus rendering: every 10 ms (frame skipping) or after every write.</summary>
    public static (Samples Throughput, double FramesPerBatch) Write(int batches, byte[] data, PsfFont font, bool frameSkipping)
    {
        var surface = new MemorySurface(Width, Height);
        var screen = new CharacterScreen(128, 48);
        var decoder = new Decoder(screen);
        var renderer = new Renderer(font);
        renderer.Flush(screen, surface);
        long tick = Stopwatch.Frequency / 100;
        long framesBefore = renderer.FramesRendered;
        var samples = Batches(batches, () =>
        {
            long lastFlush = Stopwatch.GetTimestamp();
            for (int at = 0; at < data.Length; at += WriteSize)
            {
                decoder.Write(data.AsSpan(at, Math.Min(WriteSize, data.Length - at)));
                if (!frameSkipping || Stopwatch.GetTimestamp() - lastFlush >= tick)
                {
                    renderer.Flush(screen, surface);
                    lastFlush = Stopwatch.GetTimestamp();
                }
            }
            renderer.Flush(screen, surface);
            return data.Length;
        });
        // Batches ran once more untimed (the warm-up).
        return (samples, (renderer.FramesRendered - framesBefore) / (double)(batches + 1));
    }

    private static Samples Batches(int batches, Func<long> batch)
    {
        var samples = new Samples();
        batch();
        for (int b = 0; b < batches; b++)
        {
            long start = Stopwatch.GetTimestamp();
            long bytes = batch();
            samples.Add(MegabytesPerSecond(bytes, start));
        }
        return samples;
    }
}
