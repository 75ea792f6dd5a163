namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>The kernel's own driver for the first 16550 UART (COM1, port 0x3F8): 115200 8N1, polled.</summary>
internal static class Serial
{
    private const ushort Port = 0x3F8;

    public static void Init()
    {
        Cpu.Out8(Port + 1, 0x00); // no interrupts
        Cpu.Out8(Port + 3, 0x80); // DLAB on
        Cpu.Out8(Port + 0, 0x01); // divisor 1: 115200 baud
        Cpu.Out8(Port + 1, 0x00);
        Cpu.Out8(Port + 3, 0x03); // 8 bits, no parity, one stop bit
        Cpu.Out8(Port + 2, 0xC7); // FIFO on, cleared
        Cpu.Out8(Port + 4, 0x03); // DTR, RTS
    }

    public static void WriteByte(byte b)
    {
        // Wait for the transmit holding register to empty (bounded: a missing UART must not hang boot).
        for (var i = 0; i < 100000 && (Cpu.In8(Port + 5) & 0x20) == 0; i++)
        {
        }

        Cpu.Out8(Port, b);
    }

    /// <summary>Waits until every byte has left the UART (before QEMU is told to exit).</summary>
    public static void Drain()
    {
        for (var i = 0; i < 1000000 && (Cpu.In8(Port + 5) & 0x40) == 0; i++)
        {
        }
    }

    public static void Write(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                WriteByte((byte)'\r');
            }

            WriteByte(c < 128 ? (byte)c : (byte)'?');
        }
    }

    public static unsafe void Write(byte* text, int length)
    {
        for (var i = 0; i < length; i++)
        {
            byte c = text[i];
            if (c == '\n')
            {
                WriteByte((byte)'\r');
            }

            WriteByte(c >= 32 && c < 127 || c == '\n' ? c : (byte)'?');
        }
    }

    public static void WriteDecimal(ulong value)
    {
        if (value >= 10)
        {
            WriteDecimal(value / 10);
        }

        WriteByte((byte)('0' + (int)(value % 10)));
    }

    /// <summary>"0x" and 16 hex digits.</summary>
    public static void WriteHex(ulong value)
    {
        Write("0x");
        for (var shift = 60; shift >= 0; shift -= 4)
        {
            var d = (int)((value >> shift) & 0xF);
            WriteByte((byte)(d < 10 ? '0' + d : 'a' + d - 10));
        }
    }
}
