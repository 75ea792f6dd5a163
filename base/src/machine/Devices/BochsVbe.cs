namespace Framework.Machine.Devices;

/// <summary>A framebuffer mode: resolution and bits per pixel.</summary>
public readonly record struct FramebufferMode(int Width, int Height, int Bpp)
{
    public int BytesPerPixel => (Bpp + 7) / 8;
    public override string ToString() => $"{Width}x{Height}x{Bpp}";
}

/// <summary>
/// A linear framebuffer with the Bochs VBE ("DISPI") register interface (pc: index port 0x1ce,
/// data port 0x1cf, 16-bit accesses, so the device decodes 0x1ce-0x1d0; the pixel memory as MMIO
/// at 0xe0000000).
/// </summary>
/// <remarks>
/// Registers (write the index to 0x1ce, then read or write 0x1cf): 0 ID (0xb0c0-0xb0c5; reads
/// 0xb0c5), 1 XRES, 2 YRES, 3 BPP (8, 15, 16, 24, 32), 4 ENABLE (bit 0 enabled, bit 1 GETCAPS:
/// XRES/YRES/BPP then read their maxima 2560/1600/32, bit 6 LFB, bit 7 NOCLEARMEM), 5 BANK,
/// 6 VIRT_WIDTH, 7 VIRT_HEIGHT, 8 X_OFFSET, 9 Y_OFFSET, 0x0a VIDEO_MEMORY_64K (read only). As in
/// Bochs, XRES, YRES and BPP can be written only while the display is disabled; enabling takes
/// them as the mode (VIRT_WIDTH/HEIGHT follow) and clears the pixel memory unless NOCLEARMEM.
/// A mode that is out of range or larger than the video memory is refused: ENABLE stays 0.
/// <para>
/// Extension (not in Bochs): the host can ask for a mode (<see cref="RequestMode"/>, as a window
/// being resized would); the driver sees it at 0x0b (requested width), 0x0c (requested height)
/// and 0x0d (a counter of requests). There is no interrupt for it: drivers poll.
/// </para>
/// <para>
/// The pixel memory (<see cref="MachineOptions.VideoMemoryBytes"/>) accepts 8/16/32-bit accesses
/// at any alignment, little-endian; pages are allocated on first write (unwritten memory reads 0).
/// </para>
/// </remarks>
public sealed class BochsVbe : Device
{
    private const int PageBits = 16;
    private const uint MaxX = 2560, MaxY = 1600, MaxBpp = 32;

    private readonly int _videoBytes;
    private readonly byte[]?[] _pages;
    private ushort _index;
    private ushort _xres = 640, _yres = 480, _bpp = 32, _enable, _bank, _virtWidth = 640, _virtHeight = 480, _xOffset, _yOffset;
    private ushort _requestedX, _requestedY, _requests;

    internal BochsVbe(DeviceContext context, int videoBytes) : base(context)
    {
        ulong lfb = context.Description.Mmio[0].Size;
        _videoBytes = (int)Math.Min((ulong)videoBytes, lfb);
        _pages = new byte[]?[(_videoBytes + (1 << PageBits) - 1) >> PageBits];
    }

    public bool Enabled => (_enable & 1) != 0;

    /// <summary>The mode on the display (meaningful while <see cref="Enabled"/>).</summary>
    public FramebufferMode Mode => new(_xres, _yres, _bpp);

    /// <summary>How often a mode was switched on.</summary>
    public int ModeChanges { get; private set; }

    public int VideoMemoryBytes => _videoBytes;

    /// <summary>Bytes per line of the visible frame.</summary>
    public int Stride => _virtWidth * ((_bpp + 7) / 8);

    /// <summary>The host asks the driver for a mode (the registers 0x0b-0x0d of the extension).</summary>
    public void RequestMode(int width, int height)
    {
        _requestedX = (ushort)Math.Clamp(width, 0, (int)MaxX);
        _requestedY = (ushort)Math.Clamp(height, 0, (int)MaxY);
        _requests++;
    }

    /// <summary>The visible frame: <c>Height</c> lines of <c>Width * BytesPerPixel</c> bytes from the display offsets.</summary>
    public byte[] ReadFrame()
    {
        var mode = Mode;
        int line = mode.Width * mode.BytesPerPixel;
        var frame = new byte[line * mode.Height];
        for (int y = 0; y < mode.Height; y++)
            ReadMemory((long)(y + _yOffset) * Stride + (long)_xOffset * mode.BytesPerPixel, frame.AsSpan(y * line, line));
        return frame;
    }

    /// <summary>Copies video memory from <paramref name="offset"/> (zeros beyond its end).</summary>
    public void ReadMemory(long offset, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            long a = offset + i;
            destination[i] = a >= 0 && a < _videoBytes && _pages[a >> PageBits] is { } page ? page[a & ((1 << PageBits) - 1)] : (byte)0;
        }
    }

    protected internal override BusRead PortIn(ushort port, AccessWidth width)
    {
        if (width != AccessWidth.Bits16)
            return BusRead.Failed(BusStatus.BadWidth, width);
        if (port == Context.Description.Ports[0].Base)
            return BusRead.Ok(_index);
        bool caps = (_enable & 0x02) != 0;
        uint value = _index switch
        {
            0 => 0xb0c5,
            1 => caps ? MaxX : _xres,
            2 => caps ? MaxY : _yres,
            3 => caps ? MaxBpp : _bpp,
            4 => _enable,
            5 => _bank,
            6 => _virtWidth,
            7 => _virtHeight,
            8 => _xOffset,
            9 => _yOffset,
            0x0a => (uint)(_videoBytes >> 16),
            0x0b => _requestedX,
            0x0c => _requestedY,
            0x0d => _requests,
            _ => 0,
        };
        return BusRead.Ok(value);
    }

    protected internal override BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        if (width != AccessWidth.Bits16)
            return BusStatus.BadWidth;
        ushort v = (ushort)value;
        if (port == Context.Description.Ports[0].Base)
        {
            _index = v;
            return BusStatus.Ok;
        }
        switch (_index)
        {
            case 1 when !Enabled: _xres = v; break;
            case 2 when !Enabled: _yres = v; break;
            case 3 when !Enabled && v is 8 or 15 or 16 or 24 or 32: _bpp = v; break;
            case 4: Enable(v); break;
            case 5: _bank = v; break;
            case 6: _virtWidth = Math.Max(v, _xres); break;
            case 7: _virtHeight = v; break;
            case 8: _xOffset = v; break;
            case 9: _yOffset = v; break;
        }
        return BusStatus.Ok;
    }

    private void Enable(ushort v)
    {
        bool wasEnabled = Enabled;
        if ((v & 1) == 0)
        {
            _enable = (ushort)(v & 0xc2);
            return;
        }
        long bytes = (long)_xres * _yres * ((_bpp + 7) / 8);
        if (_xres == 0 || _yres == 0 || _xres > MaxX || _yres > MaxY || bytes > _videoBytes)
        {
            _enable = (ushort)(v & 0xc2); // refused: stays disabled
            return;
        }
        _enable = (ushort)(v & 0xc3);
        if (!wasEnabled)
        {
            _virtWidth = _xres;
            _virtHeight = _yres;
            _xOffset = _yOffset = 0;
            if ((v & 0x80) == 0)
                Array.Clear(_pages);
            ModeChanges++;
        }
    }

    protected internal override BusRead ReadMmio(int range, ulong offset, AccessWidth width)
    {
        int bytes = (int)width / 8;
        if (offset + (ulong)bytes > (ulong)_videoBytes)
            return BusRead.Failed(BusStatus.Unmapped, width);
        uint value = 0;
        for (int i = bytes - 1; i >= 0; i--)
        {
            long a = (long)offset + i;
            value = (value << 8) | (_pages[a >> PageBits] is { } page ? page[a & ((1 << PageBits) - 1)] : 0u);
        }
        return BusRead.Ok(value);
    }

    protected internal override BusStatus WriteMmio(int range, ulong offset, AccessWidth width, uint value)
    {
        int bytes = (int)width / 8;
        if (offset + (ulong)bytes > (ulong)_videoBytes)
            return BusStatus.Unmapped;
        for (int i = 0; i < bytes; i++)
        {
            long a = (long)offset + i;
            var page = _pages[a >> PageBits] ??= new byte[1 << PageBits];
            page[a & ((1 << PageBits) - 1)] = (byte)(value >> (8 * i));
        }
        return BusStatus.Ok;
    }
}
