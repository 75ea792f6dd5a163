using System.Buffers.Binary;
using System.Text;

namespace Framework.Os.Acpi.Tests;

/// <summary>Encodes the AML that tests need (ACPI 20.2), independently of the parser's decoder.</summary>
internal static class AmlWriter
{
    /// <summary>PkgLength for a body of <paramref name="body"/> bytes: the value counts the PkgLength bytes too.</summary>
    public static byte[] PkgLength(int body)
    {
        if (body + 1 <= 0x3F)
            return [(byte)(body + 1)];
        for (int extra = 1; extra <= 3; extra++)
        {
            int total = body + extra + 1;
            if (total < 1 << (4 + (8 * extra)))
            {
                var b = new byte[extra + 1];
                b[0] = (byte)((extra << 6) | (total & 0x0F));
                for (int i = 1; i <= extra; i++)
                    b[i] = (byte)(total >> ((8 * i) - 4));
                return b;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(body));
    }

    /// <summary>"\\_SB_.PCI0" or "PCI0" or "^PRTA": prefixes, then one, two (DualNamePrefix) or more (MultiNamePrefix) segments.</summary>
    public static byte[] Name(string path)
    {
        var bytes = new List<byte>();
        int i = 0;
        while (i < path.Length && path[i] is '\\' or '^')
            bytes.Add((byte)path[i++]);
        var segs = path[i..].Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => s.PadRight(4, '_')).ToList();
        if (segs.Count == 0)
            bytes.Add(0);
        else if (segs.Count == 2)
            bytes.Add(0x2E);
        else if (segs.Count > 2)
            bytes.AddRange([0x2F, (byte)segs.Count]);
        foreach (var s in segs)
            bytes.AddRange(Encoding.ASCII.GetBytes(s));
        return [.. bytes];
    }

    public static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] WithPkg(byte[] opcode, byte[] body) => Cat(opcode, PkgLength(body.Length), body);

    public static byte[] Scope(string name, params byte[][] body) => WithPkg([0x10], Cat(Name(name), Cat(body)));

    public static byte[] Device(string name, params byte[][] body) => WithPkg([0x5B, 0x82], Cat(Name(name), Cat(body)));

    public static byte[] Method(string name, params byte[][] body) => WithPkg([0x14], Cat(Name(name), [0x00], Cat(body)));

    public static byte[] NameOp(string name, byte[] value) => Cat([0x08], Name(name), value);

    public static byte[] Return(byte[] value) => Cat([0xA4], value);

    public static byte[] Int(uint v) => v switch
    {
        0 => [0x00],
        1 => [0x01],
        <= 0xFF => [0x0A, (byte)v],
        <= 0xFFFF => [0x0B, (byte)v, (byte)(v >> 8)],
        _ => [0x0C, (byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)],
    };

    public static byte[] Package(params byte[][] elements) => WithPkg([0x12], Cat([(byte)elements.Length], Cat(elements)));

    /// <summary>A _PRT entry with a direct GSI.</summary>
    public static byte[] Route(int slot, int pin, uint gsi) => Package(Int(((uint)slot << 16) | 0xFFFF), Int((uint)pin), Int(0), Int(gsi));

    /// <summary>A _PRT entry through a link device.</summary>
    public static byte[] LinkRoute(int slot, int pin, string link) => Package(Int(((uint)slot << 16) | 0xFFFF), Int((uint)pin), Name(link), Int(0));

    /// <summary>A definition block: the 36-byte header and <paramref name="aml"/>, checksum fixed.</summary>
    public static byte[] Table(string signature, byte[] aml)
    {
        var t = new byte[36 + aml.Length];
        Encoding.ASCII.GetBytes(signature).CopyTo(t, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)t.Length);
        t[8] = 2;
        Encoding.ASCII.GetBytes("TESTS TESTTABL").CopyTo(t, 10);
        Encoding.ASCII.GetBytes("NUNT").CopyTo(t, 28);
        aml.CopyTo(t, 36);
        AcpiImageBuilder.FixChecksum(t, 9, t.Length);
        return t;
    }

    public static AcpiFirmware Parse(params byte[][] tables) =>
        AcpiFirmware.FromTables(tables.Select((t, i) => ($"t{i}", t)));
}
