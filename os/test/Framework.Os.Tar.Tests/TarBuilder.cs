using System.Text;

namespace Framework.Os.Tar.Tests;

/// <summary>Writes archives header by header, with the fields a test wants (including wrong ones).</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _out = new();

    /// <summary>A POSIX ustar header for a member; the checksum is computed unless <paramref name="fixChecksum"/> is false.</summary>
    public byte[] Header(string name, char type = '0', long size = 0, string? linkName = null, string? prefix = null, string magic = "ustar\0" + "00")
    {
        var h = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(h);
        Octal(h, 100, 8, 0b110_100_100);
        Octal(h, 108, 8, 1000);
        Octal(h, 116, 8, 100);
        Octal(h, 124, 12, size);
        Octal(h, 136, 12, 1_041_808_783);
        h[156] = (byte)type;
        if (linkName is not null)
            Encoding.UTF8.GetBytes(linkName).CopyTo(h, 157);
        Encoding.ASCII.GetBytes(magic).CopyTo(h, 257);
        if (prefix is not null)
            Encoding.UTF8.GetBytes(prefix).CopyTo(h, 345);
        FixChecksum(h);
        return h;
    }

    public static void Octal(byte[] h, int offset, int length, long value)
    {
        string s = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(s).CopyTo(h, offset);
        h[offset + length - 1] = 0;
    }

    public static void FixChecksum(byte[] h)
    {
        for (int i = 148; i < 156; i++) h[i] = (byte)' ';
        int sum = h.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0')).CopyTo(h, 148);
        h[154] = 0;
        h[155] = (byte)' ';
    }

    public TarBuilder Add(byte[] header, byte[]? data = null)
    {
        _out.Write(header);
        if (data is not null)
        {
            _out.Write(data);
            int pad = (512 - data.Length % 512) % 512;
            _out.Write(new byte[pad]);
        }
        return this;
    }

    public TarBuilder File(string name, string content) => Add(Header(name, '0', Encoding.UTF8.GetByteCount(content)), Encoding.UTF8.GetBytes(content));

    public TarBuilder Pax(char type, params (string Key, string Value)[] records)
    {
        var data = new StringBuilder();
        foreach (var (k, v) in records)
        {
            int body = Encoding.UTF8.GetByteCount($" {k}={v}\n");
            int len = body + 1;
            while (len.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + body != len) len++;
            data.Append($"{len} {k}={v}\n");
        }
        byte[] bytes = Encoding.UTF8.GetBytes(data.ToString());
        return Add(Header("././@PaxHeader", type, bytes.Length), bytes);
    }

    public TarBuilder End() => Add(new byte[1024]);

    public byte[] ToArray() => _out.ToArray();
}
