namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>The local APIC timer as the periodic tick (vector 32); the legacy PICs are masked.</summary>
internal static unsafe class Apic
{
    public const int TimerVector = 32;
    private const ulong Base = 0xFEE0_0000;

    private static uint* Reg(uint offset) => (uint*)(Base + offset);

    public static void Init(uint initialCount)
    {
        // Mask both 8259 PICs: every interrupt comes through the local APIC.
        Cpu.Out8(0x21, 0xFF);
        Cpu.Out8(0xA1, 0xFF);
        // Enable the APIC (IA32_APIC_BASE bit 11) at its default base.
        Cpu.WriteMsr(0x1B, (Cpu.ReadMsr(0x1B) & ~0xFFFFF000UL) | Base | 0x800);
        *Reg(0xF0) = 0x1FF; // spurious vector 0xFF, software enable
        *Reg(0x3E0) = 0x3; // divide by 16
        *Reg(0x320) = TimerVector | (1 << 17); // periodic
        *Reg(0x380) = initialCount;
    }

    public static void EndOfInterrupt() => *Reg(0xB0) = 0;
}
