using System.Runtime;

namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>The C# side of every trap (Stubs/x86_64.s TrapCommon): exceptions, the timer, the syscall gate.</summary>
internal static unsafe class Traps
{
    [RuntimeExport("KernelTrap")]
    private static void KernelTrap(TrapFrame* frame)
    {
        Boot.Machine m = Boot.Machine.Current;
        if (m == null)
        {
            Panic.Trap(frame); // before the machine exists, every trap is fatal
            return;
        }

        m.Trap(frame);
    }
}
