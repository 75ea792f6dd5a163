using System.Runtime;
using System.Runtime.CompilerServices;

namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>The machine-code stubs of Stubs/x86_64.s, bound by symbol name.</summary>
internal static unsafe class Cpu
{
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("PortOut8")]
    public static extern void Out8(ushort port, byte value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("PortIn8")]
    public static extern byte In8(ushort port);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("PortOut16")]
    public static extern void Out16(ushort port, ushort value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("PortOut32")]
    public static extern void Out32(ushort port, uint value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("PortIn32")]
    public static extern uint In32(ushort port);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ReadTsc")]
    public static extern ulong ReadTsc();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ReadCr2")]
    public static extern ulong ReadCr2();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ReadCr3")]
    public static extern ulong ReadCr3();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("WriteCr3")]
    public static extern void WriteCr3(ulong value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ClearWriteProtect")]
    public static extern void ClearWriteProtect();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("InvalidatePage")]
    public static extern void InvalidatePage(ulong address);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ClearSmepSmap")]
    public static extern void ClearSmepSmap();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ReadMsr")]
    public static extern ulong ReadMsr(uint msr);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("WriteMsr")]
    public static extern void WriteMsr(uint msr, ulong value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("DisableInterrupts")]
    public static extern void DisableInterrupts();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("WaitForInterrupt")]
    public static extern void WaitForInterrupt();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("HaltForever")]
    public static extern void HaltForever();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ReadRsp")]
    public static extern ulong ReadRsp();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ImageBase")]
    public static extern byte* ImageBase();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("LoadGdt")]
    public static extern void LoadGdt(void* gdtr, ushort tssSelector);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("LoadIdt")]
    public static extern void LoadIdt(void* idtr);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("TrapTable")]
    public static extern ulong* TrapTable();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("SwitchStacks")]
    public static extern void SwitchStacks(ulong* saveRsp, ulong newRsp);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ThreadStartAddress")]
    public static extern ulong ThreadStartAddress();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("EnterUserMode")]
    public static extern void EnterUserMode(ulong rip, ulong rsp, ulong arg);

    /// <summary>isa-debug-exit (QEMU -device isa-debug-exit,iobase=0xf4): QEMU exits with (code &lt;&lt; 1) | 1.</summary>
    public static void ExitEmulator(byte code)
    {
        Serial.Drain();
        Out8(0xF4, code);
        HaltForever();
    }
}
