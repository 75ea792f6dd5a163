using System.Runtime.CompilerServices;
using Framework.Kernel.Native.Memory;
using Framework.Kernel.Native.PcUefi.Arch;
using Framework.Kernel.Native.PcUefi.Components;
using Framework.Kernel.Native.Selftest;

namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>
/// The booted machine: the kernel core, its allocator, the CPU HAL, the page tables and the
/// per-thread state of user components (message page, kernel-side IPC buffers). Traps find it
/// through <see cref="Current"/>, the image's one anchor.
/// </summary>
internal sealed unsafe class Machine : ISelftestMachine
{
    /// <summary>Message bytes a user thread's UTCB carries (offset 16 .. 2048 of its first page).</summary>
    public const int MessageBytes = 2032;

    // The anchor: an object reference kept as a plain address in a primitive static (a reference-
    // typed static would live in a GC-static block that only the real runtime allocates).
    private static nint s_current;

    private readonly string[] _labels;
    private readonly ulong[] _pdRoot;
    private readonly ulong[] _utcb;
    private readonly IpcBuffer?[] _send;
    private readonly IpcBuffer?[] _receive;
    private readonly ulong _tickMicroseconds;

    public Machine(NativeKernel kernel, PcCpu cpu, PhysicalMemoryManager pmm, Paging paging, KernelConfig config, ulong tickMicroseconds)
    {
        Kernel = kernel;
        Cpu = cpu;
        Pmm = pmm;
        Paging = paging;
        _labels = new string[config.MaxPds];
        _pdRoot = new ulong[config.MaxPds];
        _utcb = new ulong[config.MaxThreads];
        _send = new IpcBuffer?[config.MaxThreads];
        _receive = new IpcBuffer?[config.MaxThreads];
        _tickMicroseconds = tickMicroseconds;
    }

    public static Machine Current => Unsafe.As<nint, Machine>(ref s_current);

    public void MakeCurrent()
    {
        Machine self = this;
        s_current = Unsafe.As<Machine, nint>(ref self);
    }

    public NativeKernel Kernel { get; }

    /// <summary>The same as the Kernel getter, as a method a delegate can name (Boot/InterfaceTable.cs).</summary>
    public NativeKernel KernelOf() => Kernel;

    public PcCpu Cpu { get; }

    public PhysicalMemoryManager Pmm { get; }

    public Paging Paging { get; }

    public ulong Ticks { get; private set; }

    // ---------------------------------------------------------------- ISelftestMachine

    public SyscallStatus Prepare(int thread, SelftestThreadBody body)
    {
        Cpu.PrepareKernelThread(thread, body);
        return SyscallStatus.Ok;
    }

    public RunResult RunUntilIdle()
    {
        RunResult result = Kernel.Run(ulong.MaxValue);
        ReapDeadThreads();
        return result;
    }

    private void ReapDeadThreads()
    {
        for (int t = 1; t < _utcb.Length; t++)
        {
            if (Kernel.StateOf(t) == ThreadState.Dead)
            {
                Kernel.ReapThread(t);
            }
        }
    }

    // ---------------------------------------------------------------- user components

    /// <summary>A protection domain with its own hardware address space, in memory core supplies.</summary>
    public int CreateUserPd(string label, PdMemory memory)
    {
        SyscallResult pd = Kernel.CreatePd(memory);
        if (!pd.IsSuccess)
        {
            Panic.Halt("cannot create a protection domain");
        }

        _labels[pd.Value] = label;
        _pdRoot[pd.Value] = Paging.CreateRoot();
        return (int)pd.Value;
    }

    public string LabelOf(int pd) => pd > 0 && pd < _labels.Length && _labels[pd] != null ? _labels[pd] : "kernel";

    /// <summary>Backs [virt, virt + pages) of <paramref name="pd"/> with fresh zeroed frames: the kernel core's page table first, then the hardware's.</summary>
    public ulong MapFresh(int pd, ulong virt, ulong pages, bool writable)
    {
        SyscallResult frames = Pmm.Allocate(pages, 12);
        if (!frames.IsSuccess)
        {
            Panic.Halt("out of memory for a component");
        }

        Internal.Runtime.MemoryOps.Fill((byte*)frames.Value, 0, (nuint)(pages << 12));
        if (!Kernel.Map(pd, virt, frames.Value, pages, writable).IsSuccess
            || !Paging.MapUser(_pdRoot[pd], virt, frames.Value, pages, writable))
        {
            Panic.Halt("cannot map a component's memory");
        }

        return frames.Value;
    }

    /// <summary>
    /// Creates and starts a ring-3 thread in <paramref name="pd"/> running <paramref name="entry"/>,
    /// which receives the address of its UTCB; <paramref name="parameter"/> waits for it at UTCB
    /// offset 2040 (Components/UserLib.cs).
    /// </summary>
    public int StartUserThread(int pd, int priority, delegate*<ulong, void> entry, ulong parameter, int index)
    {
        SyscallResult thread = Kernel.CreateThread(pd, priority);
        if (!thread.IsSuccess)
        {
            Panic.Halt("cannot create a thread");
        }

        var t = (int)thread.Value;
        // Per thread: its message page (UTCB) and a 16 KiB stack, at addresses of its own.
        ulong utcbVirt = Paging.UserBase + ((ulong)index * 0x10_0000);
        _utcb[t] = MapFresh(pd, utcbVirt, 1, true);
        *(ulong*)(_utcb[t] + 2040) = parameter;
        ulong stackVirt = utcbVirt + 0x1_0000;
        MapFresh(pd, stackVirt, 4, true);
        MapFresh(pd, utcbVirt + UserLib.DataOffset, UserLib.DataPages, true);
        _send[t] ??= new IpcBuffer(new byte[MessageBytes]);
        _receive[t] ??= new IpcBuffer(new byte[MessageBytes]);
        // As if called: 16-byte aligned before the call, a return slot and the shadow space above.
        Cpu.PrepareUserThread(t, _pdRoot[pd], (ulong)entry, stackVirt + 0x4000 - 40, utcbVirt);
        Kernel.StartThread(t);
        return t;
    }

    // ---------------------------------------------------------------- traps

    public void Trap(TrapFrame* frame)
    {
        switch (frame->Vector)
        {
            case Apic.TimerVector:
                Apic.EndOfInterrupt();
                Ticks++;
                Kernel.AdvanceTime(Ticks * _tickMicroseconds);
                return;
            case 0xFF:
                return; // spurious
            case 0x80:
                Syscall(frame);
                return;
        }

        if (!frame->FromUser)
        {
            Panic.Trap(frame);
            return;
        }

        UserException(frame);
    }

    /// <summary>
    /// An exception in ring 3 stops that thread only. A page fault first goes to the thread's pager
    /// through the kernel core (Fault); without a pager the thread is killed and the rest go on.
    /// </summary>
    private void UserException(TrapFrame* frame)
    {
        int t = Kernel.CurrentThread;
        int pd = Kernel.PdOf(t);
        bool pageFault = frame->Vector == 14;
        ulong address = pageFault ? Arch.Cpu.ReadCr2() : frame->Rip;
        if (pageFault && Kernel.Fault(address, (frame->ErrorCode & 2) != 0) == SyscallStatus.Ok)
        {
            return; // the pager resolved it: retry the access
        }

        Serial.Write("[pc-uefi] ");
        Serial.Write(Panic.VectorName(frame->Vector));
        Serial.Write(" in '");
        Serial.Write(LabelOf(pd));
        Serial.Write("' (thread ");
        Serial.WriteDecimal((ulong)t);
        Serial.Write(") at ");
        Serial.WriteHex(address);
        if (pageFault)
        {
            Serial.Write((frame->ErrorCode & 2) != 0 ? ", write" : ", read");
            Serial.Write((frame->ErrorCode & 1) != 0 ? ", protection violation" : ", not mapped");
        }

        Serial.Write(", ip ");
        Serial.WriteHex(frame->Rip);
        Serial.Write(": no pager, thread stopped\n");
        Kernel.KillThread(t);
        Panic.Halt("a killed thread ran again");
    }

    // ---------------------------------------------------------------- syscalls

    /// <summary>The syscall ABI of user components (int 0x80): number in rax, arguments in rdx, r8, r9; status back in rax, value in rdx.</summary>
    public static class Number
    {
        public const ulong Log = 1;
        public const ulong Call = 2;
        public const ulong ReplyAndWait = 3;
        public const ulong Null = 4;
        public const ulong Exit = 5;
        public const ulong Yield = 6;
    }

    private void Syscall(TrapFrame* f)
    {
        int t = Kernel.CurrentThread;
        SyscallStatus status;
        ulong value = 0;
        switch (f->Rax)
        {
            case Number.Null:
                status = SyscallStatus.Ok;
                break;
            case Number.Log:
                status = Log(t, f->Rdx, f->R8);
                break;
            case Number.Call:
                status = Call(t, (int)f->Rdx, out value);
                break;
            case Number.ReplyAndWait:
                status = ReplyAndWait(t, (int)f->Rdx, f->R8 != 0, out value);
                break;
            case Number.Yield:
                Kernel.Yield();
                status = SyscallStatus.Ok;
                break;
            case Number.Exit:
                Kernel.ExitCurrent();
                Panic.Halt("an exited thread ran again");
                return;
            default:
                status = SyscallStatus.UnknownSyscall;
                value = f->Rax;
                break;
        }

        f->Rax = (ulong)status;
        f->Rdx = value;
    }

    /// <summary>Writes a line of the caller's memory to serial, after checking it through the kernel core's page table.</summary>
    private SyscallStatus Log(int t, ulong text, ulong length)
    {
        if (length == 0 || length > 256)
        {
            return SyscallStatus.BadArgument;
        }

        int pd = Kernel.PdOf(t);
        SyscallResult phys = Kernel.TranslateRange(pd, text, length, false);
        if (!phys.IsSuccess)
        {
            return phys.Status == SyscallStatus.Unavailable ? SyscallStatus.BadArgument : phys.Status;
        }

        Serial.Write("[");
        Serial.Write(LabelOf(pd));
        Serial.Write("] ");
        Serial.Write((byte*)phys.Value, (int)length);
        Serial.Write("\n");
        return SyscallStatus.Ok;
    }

    private static void FromUtcb(byte* utcb, IpcBuffer buffer)
    {
        int length = *(int*)utcb;
        if (length < 0 || length > MessageBytes)
        {
            length = MessageBytes + 1; // rejected by the kernel as too large
        }

        int copy = length > MessageBytes ? 0 : length;
        fixed (byte* data = &buffer.Data[0])
        {
            Internal.Runtime.MemoryOps.Move(data, utcb + 16, (nuint)copy);
        }

        buffer.Length = length > MessageBytes ? MessageBytes + 1 : length;
        buffer.CapCount = 0;
    }

    private static void ToUtcb(IpcBuffer buffer, byte* utcb)
    {
        fixed (byte* data = &buffer.Data[0])
        {
            Internal.Runtime.MemoryOps.Move(utcb + 16, data, (nuint)buffer.Length);
        }

        *(int*)utcb = buffer.Length;
        *(ulong*)(utcb + 8) = buffer.Badge;
    }

    private SyscallStatus Call(int t, int selector, out ulong value)
    {
        value = 0;
        var utcb = (byte*)_utcb[t];
        IpcBuffer message = _send[t]!;
        FromUtcb(utcb, message);
        if (message.Length > MessageBytes)
        {
            return SyscallStatus.MessageTooLarge;
        }

        SyscallStatus status = Kernel.Call(selector, message);
        if (status == SyscallStatus.Ok)
        {
            ToUtcb(message, utcb);
            value = (ulong)message.Length;
        }

        return status;
    }

    private SyscallStatus ReplyAndWait(int t, int endpoint, bool reply, out ulong value)
    {
        value = 0;
        var utcb = (byte*)_utcb[t];
        IpcBuffer? answer = null;
        if (reply)
        {
            answer = _send[t]!;
            FromUtcb(utcb, answer);
            if (answer.Length > MessageBytes)
            {
                return SyscallStatus.MessageTooLarge;
            }
        }

        IpcBuffer request = _receive[t]!;
        SyscallStatus status = Kernel.ReplyAndWait(endpoint, answer, request);
        if (status == SyscallStatus.Ok)
        {
            ToUtcb(request, utcb);
            value = (ulong)request.Length;
        }

        return status;
    }
}
