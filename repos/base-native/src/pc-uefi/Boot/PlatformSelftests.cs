using Framework.Kernel.Native.Memory;
using Framework.Kernel.Native.PcUefi.Arch;
using Framework.Kernel.Native.Selftest;

namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>Selftests of the pc-uefi platform itself: the timer interrupt and the kernel's allocation discipline.</summary>
internal sealed class PlatformSelftests
{
    private readonly Machine _machine;

    public PlatformSelftests(Machine machine) => _machine = machine;

    public SelftestSuite Suite() => new("pc", new SelftestCase[]
    {
        new("timer_interrupts", TimerInterrupts),
        new("syscalls_allocate_nothing", SyscallsAllocateNothing),
    });

    private SyscallStatus TimerInterrupts(SelftestContext t)
    {
        ulong before = _machine.Ticks;
        ulong virtualBefore = _machine.Kernel.Now;
        for (int i = 0; i < 1000 && _machine.Ticks < before + 3; i++)
        {
            Cpu.WaitForInterrupt();
        }

        return t.Check(_machine.Ticks >= before + 3, "three timer interrupts arrive")
            && t.Check(_machine.Kernel.Now > virtualBefore, "they advance the kernel's time")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    /// <summary>
    /// After boot the kernel core allocates nothing: a workload of syscalls on protection domains
    /// in core-supplied memory leaves the object allocator's counter where it was.
    /// </summary>
    private SyscallStatus SyscallsAllocateNothing(SelftestContext t)
    {
        NativeKernel k = _machine.Kernel;
        var memory = new PdMemory(64, 64);
        var other = new PdMemory(64, 64);
        SyscallResult frames = _machine.Pmm.Allocate(8, 12);
        if (!t.CheckStatus(frames.Status, SyscallStatus.Ok, "frames"))
        {
            return SyscallStatus.Failed;
        }

        ulong before = Internal.Runtime.Allocator.AllocatedBytes;
        for (int round = 0; round < 50; round++)
        {
            var pd = (int)k.CreatePd(memory).Value;
            var pd2 = (int)k.CreatePd(other).Value;
            var endpoint = (int)k.CreateEndpoint(pd).Value;
            var obj = (int)k.MintObject(endpoint, (ulong)round).Value;
            var sel = (int)k.InstallCap(pd2, CapKind.Object, obj).Value;
            k.Map(pd2, 0x10_0000, frames.Value, 8, true);
            k.TranslateRange(pd2, 0x10_0000, 0x8000, true);
            k.Unmap(pd2, 0x10_0000, 8);
            var thread = (int)k.CreateThread(pd2, 1).Value;
            var sem = (int)k.CreateSemaphore(pd, 1).Value;
            var signal = (int)k.CreateSignalContext(endpoint, 7).Value;
            k.SubmitContext(signal, 1);
            k.RevokeObject(obj);
            k.DeleteCap(pd2, sel);
            k.DestroySemaphore(sem);
            k.KillThread(thread);
            k.ReapThread(thread);
            k.DestroyPd(pd2);
            k.DestroyPd(pd);
        }

        ulong allocated = Internal.Runtime.Allocator.AllocatedBytes - before;
        _machine.Pmm.Free(frames.Value, 8);
        if (allocated != 0)
        {
            t.Log.Write("selftest:   allocated ");
            SelftestRunner.WriteDecimal(t.Log, allocated);
            t.Log.Write(" bytes\n");
        }

        return t.Check(allocated == 0, "no kernel object memory is allocated after boot") ? SyscallStatus.Ok : SyscallStatus.Failed;
    }
}
