using System.Buffers.Binary;

namespace Framework.Machine.Devices;

/// <summary>A base address register: what a function decodes, and how big it is.</summary>
public readonly record struct PciBar(int Index, bool Io, uint Size, bool Prefetchable, uint Address);

/// <summary>
/// The 256-byte configuration space of one PCI function: identity, command register, base
/// address registers that size themselves (write all ones, read back the size mask and the type
/// bits), interrupt line and pin; bridges (header type 1) add bus numbers and forwarding windows.
/// </summary>
public sealed class PciFunction
{
    private readonly byte[] _config = new byte[256];
    private readonly byte[] _writable = new byte[256];
    private readonly PciBar?[] _bars = new PciBar?[6];

    internal PciFunction(int bus, int device, int function, ushort vendor, ushort deviceId, uint classCode, byte revision, bool bridge, bool multiFunction)
    {
        Bus = bus;
        Device = device;
        Function = function;
        Put16(0x00, vendor);
        Put16(0x02, deviceId);
        _config[0x08] = revision;
        _config[0x09] = (byte)classCode;
        _config[0x0a] = (byte)(classCode >> 8);
        _config[0x0b] = (byte)(classCode >> 16);
        _config[0x0e] = (byte)((bridge ? 1 : 0) | (multiFunction ? 0x80 : 0));
        Put16(0x06, 0x0200); // medium DEVSEL timing, no capabilities
        Writable(0x04, 2, 0x0547); // command: I/O, memory, bus master, special cycles, MWI, parity, SERR, fast back-to-back
        Writable(0x0c, 1, 0xff);   // cache line size
        Writable(0x0d, 1, 0xff);   // latency timer
        Writable(0x3c, 1, 0xff);   // interrupt line
        if (bridge)
        {
            Writable(0x18, 3, 0xffffff); // primary, secondary, subordinate bus
            Writable(0x1b, 1, 0xff);
            Writable(0x1c, 2, 0xf0f0);   // I/O base and limit (4 KiB granularity)
            Writable(0x20, 4, 0xfff0fff0); // memory base and limit (1 MiB granularity)
            Writable(0x24, 4, 0xfff0fff0); // prefetchable base and limit
            Writable(0x3e, 2, 0x0fff);   // bridge control
        }
    }

    /// <summary>The bus number of a function on bus 0; for functions behind a bridge, the bridge's secondary bus decides.</summary>
    public int Bus { get; }

    public int Device { get; }
    public int Function { get; }

    /// <summary>The bridge this function sits behind, or null for bus 0.</summary>
    public PciFunction? Behind { get; internal init; }

    public ushort VendorId => BinaryPrimitives.ReadUInt16LittleEndian(_config);
    public ushort DeviceId => BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(2));
    public bool IsBridge => (_config[0x0e] & 0x7f) == 1;
    public byte SecondaryBus => _config[0x19];
    public byte SubordinateBus => _config[0x1a];

    internal void Put16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_config.AsSpan(offset), value);

    internal void Put32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(offset), value);

    internal void Writable(int offset, int bytes, uint mask)
    {
        for (int i = 0; i < bytes; i++)
            _writable[offset + i] = (byte)(mask >> (8 * i));
    }

    /// <summary>Declares base address register <paramref name="index"/> (size a power of two) at <paramref name="address"/>.</summary>
    internal void Bar(int index, bool io, uint size, uint address, bool prefetchable = false)
    {
        _bars[index] = new PciBar(index, io, size, prefetchable, address);
        Put32(0x10 + 4 * index, (address & ~(size - 1)) | BarFlags(io, prefetchable));
        Writable(0x10 + 4 * index, 4, ~(size - 1) & (io ? 0xfffffffcu : 0xfffffff0u));
    }

    private static uint BarFlags(bool io, bool prefetchable) => io ? 1u : prefetchable ? 0x8u : 0u;

    /// <summary>The base address registers as currently programmed.</summary>
    public IEnumerable<PciBar> Bars()
    {
        foreach (var bar in _bars)
            if (bar is { } b)
                yield return b with { Address = BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(0x10 + 4 * b.Index)) & (b.Io ? 0xfffffffcu : 0xfffffff0u) };
    }

    internal uint Read(int offset, int bytes)
    {
        uint value = 0;
        for (int i = bytes - 1; i >= 0; i--)
            value = (value << 8) | _config[offset + i];
        return value;
    }

    internal void Write(int offset, int bytes, uint value)
    {
        for (int i = 0; i < bytes; i++)
        {
            int o = offset + i;
            byte b = (byte)(value >> (8 * i));
            _config[o] = (byte)((_config[o] & ~_writable[o]) | (b & _writable[o]));
        }
        // BAR type bits and the bits below a BAR's size are not writable, so writing all ones
        // to a BAR reads back the size mask and the type: the sizing protocol.
    }

    public override string ToString() => $"{Bus:x2}:{Device:x2}.{Function} {VendorId:x4}:{DeviceId:x4}";
}
