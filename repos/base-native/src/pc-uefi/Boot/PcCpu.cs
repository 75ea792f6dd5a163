using Framework.Kernel.Native.Hal;
using Framework.Kernel.Native.Memory;
using Framework.Kernel.Native.PcUefi.Arch;
using Framework.Kernel.Native.Selftest;

namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>
/// The bare-metal CPU HAL: every kernel thread has a kernel stack of its own, and
/// <see cref="Switch"/> saves the running thread's callee-saved registers there and resumes the
/// next one (Stubs/x86_64.s SwitchStacks), switching the address space and the TSS stack with it.
/// Thread 0, the idle thread, is the boot context. All storage is allocated at boot.
/// </summary>
internal sealed unsafe class PcCpu : IHalCpu
{
    private const ulong StackPages = 4;

    private readonly PhysicalMemoryManager _pmm;
    private readonly Descriptors _descriptors;
    private readonly ulong[] _rsp;
    private readonly ulong[] _stackBase;
    private readonly ulong[] _root;
    private readonly SelftestThreadBody?[] _body;
    private readonly ulong[] _userEntry;
    private readonly ulong[] _userStack;
    private readonly ulong[] _userArg;
    private ulong _currentRoot;

    public PcCpu(PhysicalMemoryManager pmm, Descriptors descriptors, int maxThreads, ulong kernelRoot)
    {
        _pmm = pmm;
        _descriptors = descriptors;
        _rsp = new ulong[maxThreads];
        _stackBase = new ulong[maxThreads];
        _root = new ulong[maxThreads];
        _body = new SelftestThreadBody?[maxThreads];
        _userEntry = new ulong[maxThreads];
        _userStack = new ulong[maxThreads];
        _userArg = new ulong[maxThreads];
        _root[0] = kernelRoot;
        _currentRoot = kernelRoot;
        KernelRoot = kernelRoot;
    }

    public ulong KernelRoot { get; }

    /// <summary>Context switches since boot.</summary>
    public ulong Switches { get; private set; }

    /// <summary>A kernel thread that runs a C# body in ring 0, in the kernel's address space.</summary>
    public void PrepareKernelThread(int thread, SelftestThreadBody body)
    {
        _body[thread] = body;
        _userEntry[thread] = 0;
        PrepareStack(thread, KernelRoot);
    }

    /// <summary>A user thread: enters ring 3 at <paramref name="entry"/> with its stack and argument, in <paramref name="root"/>.</summary>
    public void PrepareUserThread(int thread, ulong root, ulong entry, ulong stackTop, ulong arg)
    {
        _body[thread] = null;
        _userEntry[thread] = entry;
        _userStack[thread] = stackTop;
        _userArg[thread] = arg;
        PrepareStack(thread, root);
    }

    public ulong StackTop(int thread) => _stackBase[thread] + (StackPages << 12);

    /// <summary>
    /// Lays out the new thread's kernel stack so that the first <see cref="Cpu.SwitchStacks"/> to
    /// it "returns" into ThreadStart with r12 = <see cref="ThreadMain"/> and r13 = the thread.
    /// </summary>
    private void PrepareStack(int thread, ulong root)
    {
        if (_stackBase[thread] == 0)
        {
            SyscallResult stack = _pmm.Allocate(StackPages, 12);
            if (!stack.IsSuccess)
            {
                Panic.Halt("out of memory for kernel stacks");
            }

            _stackBase[thread] = stack.Value;
        }

        ulong top = StackTop(thread);
        var words = (ulong*)top;
        words[-2] = Cpu.ThreadStartAddress();
        words[-3] = 0; // rbx
        words[-4] = 0; // rbp
        words[-5] = 0; // rdi
        words[-6] = 0; // rsi
        delegate*<ulong, void> main = &ThreadMain;
        words[-7] = (ulong)main; // r12
        words[-8] = (ulong)thread; // r13
        words[-9] = 0; // r14
        words[-10] = 0; // r15
        for (int i = 11; i <= 31; i++)
        {
            words[-i] = 0; // xmm6-xmm15 and padding
        }

        _rsp[thread] = top - 248;
        _root[thread] = root;
    }

    /// <summary>Where every new thread starts (on its own kernel stack, interrupts off).</summary>
    private static void ThreadMain(ulong thread)
    {
        Machine m = Machine.Current;
        PcCpu cpu = m.Cpu;
        var t = (int)thread;
        SelftestThreadBody? body = cpu._body[t];
        if (body != null)
        {
            body(m.Kernel, t);
            m.Kernel.ExitCurrent();
            Panic.Halt("a dead thread ran again");
        }

        Cpu.EnterUserMode(cpu._userEntry[t], cpu._userStack[t], cpu._userArg[t]);
    }

    public void Switch(int from, int to, bool fromIsDead)
    {
        Switches++;
        ulong root = _root[to];
        if (root != _currentRoot)
        {
            Cpu.WriteCr3(root);
            _currentRoot = root;
        }

        if (to != 0)
        {
            _descriptors.SetKernelStack(StackTop(to));
        }

        fixed (ulong* save = &_rsp[from])
        {
            Cpu.SwitchStacks(save, _rsp[to]);
        }
    }

    // A killed thread's stack is simply never resumed; the next thread in its slot reuses it.
    public void Release(int thread)
    {
    }

    public bool CanLend(int thread) => false;

    public void Lend(int from, int to) => Panic.Halt("lend on a HAL that cannot lend");
}
