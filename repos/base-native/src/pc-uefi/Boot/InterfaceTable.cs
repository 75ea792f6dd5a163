using Framework.Kernel.Native.Selftest;
using Dispatch = Internal.Runtime.InterfaceDispatch;

namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>
/// Registers the implementations of the interfaces the kernel core calls through
/// (Internal/InterfaceDispatch.cs). Slots are the interface's methods in declaration order.
/// </summary>
internal static class InterfaceTable
{
    private delegate void SwitchFn(int from, int to, bool fromIsDead);
    private delegate void ReleaseFn(int thread);
    private delegate bool CanLendFn(int thread);
    private delegate void LendFn(int from, int to);
    private delegate void WriteFn(string text);
    private delegate NativeKernel KernelFn();
    private delegate SyscallStatus PrepareFn(int thread, SelftestThreadBody body);
    private delegate RunResult RunFn();

    public static void Register(PcCpu cpu, Machine machine, SerialLog log)
    {
        // IHalCpu: Switch, Release, CanLend, Lend.
        Dispatch.Register(cpu, 0, new SwitchFn(cpu.Switch));
        Dispatch.Register(cpu, 1, new ReleaseFn(cpu.Release));
        Dispatch.Register(cpu, 2, new CanLendFn(cpu.CanLend));
        Dispatch.Register(cpu, 3, new LendFn(cpu.Lend));
        // ISelftestMachine: Kernel (getter), Prepare, RunUntilIdle.
        Dispatch.Register(machine, 0, new KernelFn(machine.KernelOf));
        Dispatch.Register(machine, 1, new PrepareFn(machine.Prepare));
        Dispatch.Register(machine, 2, new RunFn(machine.RunUntilIdle));
        // ISelftestLog: Write.
        Dispatch.Register(log, 0, new WriteFn(log.Write));
    }
}
