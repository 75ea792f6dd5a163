namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>
/// QEMU's firmware configuration device (I/O ports 0x510/0x511): how the boot script tells the
/// kernel which scenario to run (-fw_cfg name=opt/genode/scenario,string=...).
/// </summary>
internal static unsafe class FwCfg
{
    private const ushort Selector = 0x510;
    private const ushort Data = 0x511;

    private static uint ReadBigEndian(int bytes)
    {
        uint v = 0;
        for (int i = 0; i < bytes; i++)
        {
            v = (v << 8) | Cpu.In8(Data);
        }

        return v;
    }

    /// <summary>Reads file <paramref name="name"/> into <paramref name="buffer"/>; its length, or -1 if absent.</summary>
    public static int ReadFile(string name, byte* buffer, int capacity)
    {
        Cpu.Out16(Selector, 0x19); // the file directory
        uint count = ReadBigEndian(4);
        for (uint f = 0; f < count && f < 1024; f++)
        {
            uint size = ReadBigEndian(4);
            var select = (ushort)ReadBigEndian(2);
            ReadBigEndian(2);
            bool match = true;
            for (int i = 0; i < 56; i++)
            {
                byte c = Cpu.In8(Data);
                char expected = i < name.Length ? name[i] : '\0';
                if (c != expected)
                {
                    match = false;
                }
            }

            if (match)
            {
                Cpu.Out16(Selector, select);
                int n = size < (uint)capacity ? (int)size : capacity;
                for (int i = 0; i < n; i++)
                {
                    buffer[i] = Cpu.In8(Data);
                }

                return n;
            }
        }

        return -1;
    }
}
