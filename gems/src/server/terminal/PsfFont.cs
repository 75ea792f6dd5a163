using System.IO.Compression;
using System.Text;

namespace Framework.Gems.Terminal;

/// <summary>
/// A bitmap console font in the PC Screen Font format, version 1 or 2 (the Linux console's
/// format, described in the kernel's Documentation/admin-guide/unicode and kbd's psf.h), optionally
/// gzip-compressed as distributions ship it. Glyphs are 1 bit per pixel, rows padded to whole
/// bytes; the Unicode table maps code points to glyphs (without one, glyph i shows code point i).
/// </summary>
public sealed class PsfFont
{
    /// <summary>Largest decompressed font accepted (a 512-glyph 32x64 font is 128 KiB).</summary>
    public const int MaxSize = 4 << 20;

    private const int MaxDimension = 64;

    private readonly byte[] _glyphs;
    private readonly Dictionary<int, int> _map;
    private readonly int _fallback;

    private PsfFont(int width, int height, int count, byte[] glyphs, Dictionary<int, int> map)
    {
        Width = width;
        Height = height;
        GlyphCount = count;
        BytesPerRow = (width + 7) / 8;
        _glyphs = glyphs;
        _map = map;
        _fallback = map.TryGetValue(0xFFFD, out int r) ? r : map.TryGetValue('?', out int q) ? q : 0;
    }

    public int Width { get; }

    public int Height { get; }

    public int GlyphCount { get; }

    public int BytesPerRow { get; }

    /// <summary>Code points with a glyph of their own.</summary>
    public int MappedCodePoints => _map.Count;

    /// <summary>The glyph index for a code point: its own glyph, else U+FFFD's, else '?''s.</summary>
    public int GlyphIndex(int codePoint) => _map.TryGetValue(codePoint, out int g) ? g : _fallback;

    public bool HasGlyph(int codePoint) => _map.ContainsKey(codePoint);

    /// <summary>The rows of glyph <paramref name="index"/>, <see cref="BytesPerRow"/> bytes each, most significant bit leftmost.</summary>
    public ReadOnlySpan<byte> Glyph(int index)
    {
        int size = BytesPerRow * Height;
        return _glyphs.AsSpan(Math.Clamp(index, 0, GlyphCount - 1) * size, size);
    }

    /// <summary>Parses a PSF1 or PSF2 font, gzip-compressed or not. Errors name the field and its byte offset.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out PsfFont? font, out string error)
    {
        font = null;
        if (data.Length >= 2 && data[0] == 0x1F && data[1] == 0x8B)
        {
            if (!TryGunzip(data, out var plain, out error))
                return false;
            data = plain;
        }
        if (data.Length >= 2 && data[0] == 0x36 && data[1] == 0x04)
            return TryParsePsf1(data, out font, out error);
        if (data.Length >= 4 && data[0] == 0x72 && data[1] == 0xB5 && data[2] == 0x4A && data[3] == 0x86)
            return TryParsePsf2(data, out font, out error);
        error = "offset 0: not a PSF font (neither the PSF1 magic 36 04 nor the PSF2 magic 72 b5 4a 86)";
        return false;
    }

    private static bool TryGunzip(ReadOnlySpan<byte> data, out byte[] plain, out string error)
    {
        plain = [];
        try
        {
            using var input = new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16384];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxSize)
                {
                    error = $"gzip: decompressed font larger than {MaxSize} bytes";
                    return false;
                }
                output.Write(buffer, 0, n);
            }
            plain = output.ToArray();
            error = "";
            return true;
        }
        catch (InvalidDataException e)
        {
            error = $"gzip: {e.Message}";
            return false;
        }
    }

    private static bool TryParsePsf1(ReadOnlySpan<byte> data, out PsfFont? font, out string error)
    {
        font = null;
        if (data.Length < 4)
        {
            error = $"offset {data.Length}: PSF1 header cut short (4 bytes needed)";
            return false;
        }
        byte mode = data[2];
        int height = data[3];
        if (height is 0 or > MaxDimension)
        {
            error = $"offset 3: PSF1 charsize {height} out of range 1..{MaxDimension}";
            return false;
        }
        int count = (mode & 0x01) != 0 ? 512 : 256;
        int glyphBytes = count * height;
        if (data.Length < 4 + glyphBytes)
        {
            error = $"offset {data.Length}: PSF1 glyphs cut short ({count} glyphs of {height} bytes need {4 + glyphBytes} bytes)";
            return false;
        }
        var map = new Dictionary<int, int>();
        if ((mode & 0x06) != 0)
        {
            // Per glyph: UCS-2 little-endian values, 0xFFFE starts sequences (skipped), 0xFFFF ends the glyph.
            int offset = 4 + glyphBytes;
            for (int g = 0; g < count; g++)
            {
                bool sequences = false;
                while (true)
                {
                    if (offset + 2 > data.Length)
                    {
                        error = $"offset {offset}: PSF1 Unicode table cut short at glyph {g}";
                        return false;
                    }
                    int u = data[offset] | (data[offset + 1] << 8);
                    offset += 2;
                    if (u == 0xFFFF)
                        break;
                    if (u == 0xFFFE)
                        sequences = true;
                    else if (!sequences)
                        map.TryAdd(u, g);
                }
            }
        }
        else
        {
            for (int g = 0; g < count; g++)
                map[g] = g;
        }
        font = new PsfFont(8, height, count, data.Slice(4, glyphBytes).ToArray(), map);
        error = "";
        return true;
    }

    private static bool TryParsePsf2(ReadOnlySpan<byte> data, out PsfFont? font, out string error)
    {
        font = null;
        if (data.Length < 32)
        {
            error = $"offset {data.Length}: PSF2 header cut short (32 bytes needed)";
            return false;
        }
        static uint U32At(ReadOnlySpan<byte> d, int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(d[at..]);
        uint headerSize = U32At(data, 8), flags = U32At(data, 12), count = U32At(data, 16), charSize = U32At(data, 20), height = U32At(data, 24), width = U32At(data, 28);
        if (height is 0 or > MaxDimension)
        {
            error = $"offset 24: PSF2 height {height} out of range 1..{MaxDimension}";
            return false;
        }
        if (width is 0 or > MaxDimension)
        {
            error = $"offset 28: PSF2 width {width} out of range 1..{MaxDimension}";
            return false;
        }
        if (count is 0 or > 65536)
        {
            error = $"offset 16: PSF2 glyph count {count} out of range 1..65536";
            return false;
        }
        long expected = (width + 7) / 8 * height;
        if (charSize != expected)
        {
            error = $"offset 20: PSF2 bytes per glyph {charSize}, but {width}x{height} needs {expected}";
            return false;
        }
        if (headerSize < 32 || headerSize > data.Length)
        {
            error = $"offset 8: PSF2 header size {headerSize} outside 32..{data.Length}";
            return false;
        }
        long glyphBytes = count * charSize;
        if (headerSize + glyphBytes > data.Length)
        {
            error = $"offset {data.Length}: PSF2 glyphs cut short ({count} glyphs of {charSize} bytes need {headerSize + glyphBytes} bytes)";
            return false;
        }
        var map = new Dictionary<int, int>();
        if ((flags & 1) != 0)
        {
            // Per glyph: UTF-8 code points, 0xFE starts sequences (skipped), 0xFF ends the glyph.
            int offset = (int)(headerSize + glyphBytes);
            for (int g = 0; g < count; g++)
            {
                int end = data[offset..].IndexOf((byte)0xFF);
                if (end < 0)
                {
                    error = $"offset {data.Length}: PSF2 Unicode table cut short at glyph {g}";
                    return false;
                }
                var entry = data.Slice(offset, end);
                int seq = entry.IndexOf((byte)0xFE);
                var singles = seq < 0 ? entry : entry[..seq];
                while (!singles.IsEmpty)
                {
                    // Invalid UTF-8 in the table is skipped byte by byte rather than mapped to U+FFFD.
                    if (Rune.DecodeFromUtf8(singles, out var rune, out int used) == System.Buffers.OperationStatus.Done)
                        map.TryAdd(rune.Value, g);
                    singles = singles[Math.Max(1, used)..];
                }
                offset += end + 1;
            }
        }
        else
        {
            for (int g = 0; g < count; g++)
                map[g] = g;
        }
        font = new PsfFont((int)width, (int)height, (int)count, data.Slice((int)headerSize, (int)glyphBytes).ToArray(), map);
        error = "";
        return true;
    }
}
