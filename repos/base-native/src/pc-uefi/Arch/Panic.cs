namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>The end of the road: a readable line on serial, then QEMU is told to exit (or the CPU halts).</summary>
internal static class Panic
{
    public static void Halt(string what)
    {
        Cpu.DisableInterrupts();
        Serial.Write("panic: ");
        Serial.Write(what);
        Serial.Write("\n");
        Cpu.ExitEmulator(3);
    }

    /// <summary>An exception the kernel cannot handle: vector, address, and every register.</summary>
    public static unsafe void Trap(TrapFrame* f)
    {
        Cpu.DisableInterrupts();
        Serial.Write("panic: ");
        Serial.Write(VectorName(f->Vector));
        Serial.Write(" (vector ");
        Serial.WriteDecimal(f->Vector);
        Serial.Write(") in ");
        Serial.Write(f->FromUser ? "user mode" : "the kernel");
        Serial.Write("\n");
        if (f->Vector == 14)
        {
            Serial.Write("  address ");
            Serial.WriteHex(Cpu.ReadCr2());
            Serial.Write((f->ErrorCode & 2) != 0 ? " write" : " read");
            Serial.Write((f->ErrorCode & 1) != 0 ? ", protection violation" : ", page not present");
            Serial.Write("\n");
        }

        Reg("  rip ", f->Rip); Reg(" rsp ", f->Rsp); Reg(" rflags ", f->Rflags); Serial.Write("\n");
        Reg("  rax ", f->Rax); Reg(" rbx ", f->Rbx); Reg(" rcx ", f->Rcx); Serial.Write("\n");
        Reg("  rdx ", f->Rdx); Reg(" rsi ", f->Rsi); Reg(" rdi ", f->Rdi); Serial.Write("\n");
        Reg("  rbp ", f->Rbp); Reg(" r8  ", f->R8); Reg(" r9  ", f->R9); Serial.Write("\n");
        Reg("  r10 ", f->R10); Reg(" r11 ", f->R11); Reg(" r12 ", f->R12); Serial.Write("\n");
        Reg("  r13 ", f->R13); Reg(" r14 ", f->R14); Reg(" r15 ", f->R15); Serial.Write("\n");
        Reg("  cs  ", f->Cs); Reg(" ss  ", f->Ss); Reg(" err ", f->ErrorCode); Reg(" cr3 ", Cpu.ReadCr3()); Serial.Write("\n");
        Cpu.ExitEmulator(3);
    }

    private static void Reg(string name, ulong value)
    {
        Serial.Write(name);
        Serial.WriteHex(value);
    }

    public static string VectorName(ulong vector) => vector switch
    {
        0 => "divide error",
        1 => "debug",
        2 => "non-maskable interrupt",
        3 => "breakpoint",
        4 => "overflow",
        5 => "bound range",
        6 => "invalid opcode",
        7 => "device not available",
        8 => "double fault",
        10 => "invalid TSS",
        11 => "segment not present",
        12 => "stack fault",
        13 => "general protection fault",
        14 => "page fault",
        16 => "x87 floating-point error",
        17 => "alignment check",
        18 => "machine check",
        19 => "SIMD floating-point error",
        _ => "unexpected trap",
    };
}
