using System.Runtime.InteropServices;

namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>The registers TrapCommon (Stubs/x86_64.s) saves, then what the CPU pushed.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TrapFrame
{
    public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, R8, R9, R10, R11, R12, R13, R14, R15;
    public ulong Vector, ErrorCode;
    public ulong Rip, Cs, Rflags, Rsp, Ss;

    public readonly bool FromUser => (Cs & 3) == 3;
}
