using System.Text;
using Framework.Util.Registers;

namespace Framework.Machine.Tests;

/// <summary>A minimal PL011 driver written with the register framework, as Genode's pl011 driver is.</summary>
internal sealed class Pl011Driver(IMmioRegion region) : Mmio(region)
{
    private static class Uartdr
    {
        public static readonly MmioRegister<uint> Register = new(0x000);
        public static readonly MmioBitfield<uint> Data = Register.Bitfield(0, 8);
    }

    private static class Uartfr
    {
        public static readonly MmioRegister<uint> Register = new(0x018);
        public static readonly MmioBitfield<uint> Rxfe = Register.Bitfield(4, 1);
        public static readonly MmioBitfield<uint> Txff = Register.Bitfield(5, 1);
    }

    private static readonly MmioRegister<uint> Uartibrd = new(0x024);
    private static readonly MmioRegister<uint> Uartfbrd = new(0x028);

    private static class Uartlcrh
    {
        public static readonly MmioRegister<uint> Register = new(0x02c);
        public static readonly MmioBitfield<uint> Fen = Register.Bitfield(4, 1);
        public static readonly MmioBitfield<uint> Wlen = Register.Bitfield(5, 2);
    }

    private static class Uartcr
    {
        public static readonly MmioRegister<uint> Register = new(0x030);
        public static readonly MmioBitfield<uint> Uarten = Register.Bitfield(0, 1);
        public static readonly MmioBitfield<uint> Txe = Register.Bitfield(8, 1);
        public static readonly MmioBitfield<uint> Rxe = Register.Bitfield(9, 1);
    }

    private static class Uartimsc
    {
        public static readonly MmioRegister<uint> Register = new(0x038);
        public static readonly MmioBitfield<uint> Rxim = Register.Bitfield(4, 1);
        public static readonly MmioBitfield<uint> Rtim = Register.Bitfield(6, 1);
    }

    private static readonly MmioRegister<uint> Uartmis = new(0x040);
    private static readonly MmioRegister<uint> Uarticr = new(0x044);

    /// <summary>115200 baud from 24 MHz, 8 bits, FIFOs on, transmitter and receiver on.</summary>
    public void Enable(bool interrupts = false)
    {
        Write(Uartcr.Register, 0);
        Write(Uartibrd, 13);
        Write(Uartfbrd, 1);
        Write(Uartlcrh.Register, Uartlcrh.Wlen.Bits(3) | Uartlcrh.Fen.Bits(1));
        if (interrupts)
            Write(Uartimsc.Register, Uartimsc.Rxim.Bits(1) | Uartimsc.Rtim.Bits(1));
        Write(Uartcr.Register, Uartcr.Uarten.Bits(1) | Uartcr.Txe.Bits(1) | Uartcr.Rxe.Bits(1));
    }

    public void Put(string text)
    {
        foreach (char c in text)
        {
            while (Read(Uartfr.Txff) != 0) { }
            // the whole register: writing the Data bitfield would read DR first and so take a received byte
            Write(Uartdr.Register, c);
        }
    }

    /// <summary>Everything in the receive FIFO.</summary>
    public string TakeReceived()
    {
        var sb = new StringBuilder();
        while (Read(Uartfr.Rxfe) == 0)
            sb.Append((char)Read(Uartdr.Data));
        return sb.ToString();
    }

    public uint MaskedInterrupts => Read(Uartmis);

    public void ClearInterrupts() => Write(Uarticr, 0x7ff);
}
