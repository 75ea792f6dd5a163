using System.Globalization;
using Framework.Hosted;
using Framework.Kernel.Native.Hal;
using Framework.Platform;
using Framework.Rpc;
using Microsoft.Extensions.ObjectPool;

namespace Framework.Kernel.Native.Platform;

/// <summary>
/// The native C# kernel, hosted: the kernel-facing interface over <see cref="NativeKernel"/>, on
/// the hosted machine (<see cref="HostedCpu"/>, <see cref="HostedRam"/>). Capabilities are selectors
/// of the holder's capability space; the kernel translates them when they are delegated.
/// </summary>
public sealed class NativePlatform : IKernelPlatform, IHostMachine
{
    private readonly NativeKernel _kernel;
    private readonly HostedCpu _cpu;
    private readonly Port?[] _ports;
    private readonly IpcBuffer?[] _sendBuffers;
    private readonly IpcBuffer?[] _receiveBuffers;
    private readonly string?[] _pdLabels;
    private readonly string?[] _threadNames;
    private long _syscalls;

    /// <summary>Modeled RAM when none is given: 512 MiB.</summary>
    public const ulong DefaultRamSize = 512UL << 20;

    public NativePlatform() : this(new KernelConfig()) { }

    public NativePlatform(KernelConfig config, ulong ramSize = DefaultRamSize)
    {
        Ram = new HostedRam(ramSize);
        _cpu = new HostedCpu(config.MaxThreads, _ => _kernel!.ExitCurrent());
        _kernel = new NativeKernel(new Hal(_cpu), config);
        _cpu.ThreadCrashed = (t, e) => ThreadCrashed?.Invoke(new ThreadHandle(t), e);
        Info = new KernelInfo("native", config.MaxMessageBytes, MessageBuffer.MaxCaps, CapabilityCostBytes: 0, ProtectedCapabilities: true);
        _ports = new Port?[config.MaxPds];
        _sendBuffers = new IpcBuffer?[config.MaxThreads];
        _receiveBuffers = new IpcBuffer?[config.MaxThreads];
        _pdLabels = new string?[config.MaxPds];
        _threadNames = new string?[config.MaxThreads];
    }

    /// <summary>Boots a fresh native machine for the backend registry.</summary>
    public static Machine Boot(MachineOptions options)
    {
        var platform = new NativePlatform(new KernelConfig(), options.RamBytes);
        return new Machine(platform, platform);
    }

    public KernelInfo Info { get; }
    public IPhysicalMemory Ram { get; }
    public ulong Now => _kernel.Now;
    public ThreadHandle CurrentThread => new(_kernel.CurrentThread);
    public ulong NextDeadline => _kernel.NextDeadline;
    public long Progress => Volatile.Read(ref _syscalls);

    public string CpuHolder
    {
        get
        {
            var t = _kernel.CurrentThread;
            if (t == 0)
                return "idle";
            var pd = _kernel.PdOf(t);
            var label = pd > 0 && pd < _pdLabels.Length ? _pdLabels[pd] : null;
            return $"{label ?? "?"} (thread {_threadNames[t] ?? "?"})";
        }
    }

    public Action<ThreadHandle, Exception>? ThreadCrashed { get; set; }

    /// <summary>The kernel model itself, for tests and the trace.</summary>
    public NativeKernel Kernel => _kernel;

    private static int Check(SyscallResult r, string what)
    {
        if (!r.IsSuccess)
            throw new KernelException($"{what} failed: {r.Status} ({(int)r.Status}, detail {r.Value})");
        return (int)r.Value;
    }

    private static void Check(SyscallStatus s, string what)
    {
        if (!s.IsSuccess())
            throw new KernelException($"{what} failed: {s} ({(int)s})");
    }

    /// <summary>Every syscall starts here: only the thread holding the CPU may enter.</summary>
    private void Enter()
    {
        _cpu.CheckCaller(_kernel.CurrentThread);
        _syscalls++;
    }

    private static KernelCapability Cap(int selector) => new((ulong)selector);

    /// <summary>A capability value as a selector of this kernel (0 if it cannot be one).</summary>
    private static int Selector(KernelCapability cap) => cap.Value is > 0 and <= int.MaxValue ? (int)cap.Value : 0;

    public PdHandle CreatePd(string label, int capSlots, int mappingCapacity)
    {
        Enter();
        var pd = Check(_kernel.CreatePd(capSlots, mappingCapacity), $"creating PD '{label}'");
        _pdLabels[pd] = label;
        _ports[pd] = new Port(this, pd);
        return new PdHandle(pd);
    }

    public void DestroyPd(PdHandle pd)
    {
        Enter();
        Check(_kernel.DestroyPd(pd.Value), $"destroying PD {pd.Value}");
        _ports[pd.Value] = null;
        _pdLabels[pd.Value] = null;
    }

    public int CapSlotsUsed(PdHandle pd) => _kernel.CapSlotsUsed(pd.Value);

    public ThreadHandle CreateThread(PdHandle pd, string name, int priority, Action entry)
    {
        Enter();
        var t = Check(_kernel.CreateThread(pd.Value, priority), $"creating thread '{name}'");
        _cpu.Register(t, name, entry);
        _threadNames[t] = name;
        _sendBuffers[t] = null;
        _receiveBuffers[t] = null;
        return new ThreadHandle(t);
    }

    public void StartThread(ThreadHandle thread)
    {
        Enter();
        Check(_kernel.StartThread(thread.Value), $"starting thread {thread.Value}");
    }

    public void PauseThread(ThreadHandle thread)
    {
        Enter();
        Check(_kernel.PauseThread(thread.Value), $"pausing thread {thread.Value}");
    }

    public void ResumeThread(ThreadHandle thread)
    {
        Enter();
        Check(_kernel.ResumeThread(thread.Value), $"resuming thread {thread.Value}");
    }

    public void KillThread(ThreadHandle thread)
    {
        Enter();
        Check(_kernel.KillThread(thread.Value), $"killing thread {thread.Value}");
    }

    public PdHandle PdOfThread(ThreadHandle thread) => new(_kernel.PdOf(thread.Value));

    public bool IsPaused(ThreadHandle thread) => _kernel.IsPaused(thread.Value);

    public KernelThreadState ThreadState(ThreadHandle thread) => (KernelThreadState)(int)_kernel.StateOf(thread.Value);

    public EndpointHandle CreateEndpoint(ThreadHandle receiver)
    {
        Enter();
        var pd = _kernel.PdOf(receiver.Value);
        return new EndpointHandle(Check(_kernel.CreateEndpoint(pd), $"creating an endpoint in PD {pd}"));
    }

    public void DestroyEndpoint(EndpointHandle endpoint)
    {
        Enter();
        Check(_kernel.DestroyEndpoint(endpoint.Value), $"destroying endpoint {endpoint.Value}");
    }

    public ObjectHandle MintObject(EndpointHandle endpoint, ulong badge)
    {
        Enter();
        return new ObjectHandle(Check(_kernel.MintObject(endpoint.Value, badge), $"minting object {badge} on endpoint {endpoint.Value}"));
    }

    public void RevokeObject(ObjectHandle obj)
    {
        Enter();
        Check(_kernel.RevokeObject(obj.Value), $"revoking object {obj.Value}");
    }

    public KernelCapability Delegate(PdHandle holder, ObjectHandle obj)
    {
        Enter();
        return Cap(Check(_kernel.InstallCap(holder.Value, CapKind.Object, obj.Value), $"installing object {obj.Value} in PD {holder.Value}"));
    }

    /// <summary>Where every component finds its parent capability.</summary>
    public const int ParentSelector = 1;

    public KernelCapability InstallParent(PdHandle child, ObjectHandle parent)
    {
        Enter();
        Check(_kernel.InstallCapAt(child.Value, ParentSelector, CapKind.Object, parent.Value), $"installing the parent in PD {child.Value}");
        return Cap(ParentSelector);
    }

    public bool Identify(PdHandle holder, KernelCapability cap, out EndpointHandle endpoint, out ulong badge)
    {
        var found = _kernel.ObjectOf(holder.Value, Selector(cap), out var ep, out badge);
        endpoint = new EndpointHandle(ep);
        return found;
    }

    public void DeleteCap(PdHandle holder, KernelCapability cap)
    {
        Enter();
        _kernel.DeleteCap(holder.Value, Selector(cap));
    }

    public ObjectHandle ObjectOf(PdHandle holder, KernelCapability cap) => new(_kernel.ObjectIndexOf(holder.Value, Selector(cap)));

    public IIpcPort PortOf(PdHandle pd) =>
        _ports[pd.Value] ?? throw new KernelException($"PD {pd.Value} does not exist");

    private IpcBuffer SendBuffer(int t) => _sendBuffers[t] ??= new IpcBuffer([]);
    private IpcBuffer ReceiveBuffer(int t) => _receiveBuffers[t] ??= new IpcBuffer([]);

    private static void Load(IpcBuffer ipc, MessageBuffer msg)
    {
        ipc.Data = msg.Data;
        ipc.Length = msg.Length;
        ipc.CapCount = msg.CapCount;
        for (var i = 0; i < msg.CapCount; i++)
            ipc.Caps[i] = Selector(msg.Caps[i]);
    }

    private static void Store(IpcBuffer ipc, MessageBuffer msg)
    {
        msg.Length = ipc.Length;
        msg.CapCount = Math.Min(ipc.CapCount, MessageBuffer.MaxCaps);
        for (var i = 0; i < msg.CapCount; i++)
            msg.Caps[i] = Cap(ipc.Caps[i]);
        msg.Badge = (long)ipc.Badge;
    }

    private IpcStatus Call(int pd, KernelCapability cap, MessageBuffer message)
    {
        Enter();
        var t = _kernel.CurrentThread;
        if (_kernel.PdOf(t) != pd)
            throw new KernelException($"thread {t} called through the port of PD {pd}, which is not its own");
        if (message.CapCount > MessageBuffer.MaxCaps)
            return IpcStatus.MessageTooLarge;
        var ipc = SendBuffer(t);
        Load(ipc, message);
        var status = _kernel.Call(Selector(cap), ipc);
        if (status == SyscallStatus.Ok)
            Store(ipc, message);
        return status switch
        {
            SyscallStatus.Ok => IpcStatus.Ok,
            SyscallStatus.BadCapability => IpcStatus.InvalidCapability,
            SyscallStatus.MessageTooLarge => IpcStatus.MessageTooLarge,
            SyscallStatus.OutOfSlots => IpcStatus.OutOfCapabilitySlots,
            SyscallStatus.Canceled => IpcStatus.Canceled,
            _ => IpcStatus.Aborted,
        };
    }

    public ReceiveInfo ReplyAndWait(EndpointHandle endpoint, MessageBuffer? reply, MessageBuffer receive) =>
        Receive(endpoint.Value, reply, receive, block: true);

    public ReceiveInfo ReplyAndPoll(EndpointHandle endpoint, MessageBuffer? reply, MessageBuffer receive) =>
        Receive(endpoint.Value, reply, receive, block: false);

    private ReceiveInfo Receive(int endpoint, MessageBuffer? reply, MessageBuffer receive, bool block)
    {
        Enter();
        var t = _kernel.CurrentThread;
        return Received(t, StartWait(t, endpoint, reply, receive, block), receive);
    }

    private SyscallStatus StartWait(int t, int endpoint, MessageBuffer? reply, MessageBuffer receive, bool block)
    {
        IpcBuffer? replyIpc = null;
        if (reply is not null)
        {
            replyIpc = SendBuffer(t);
            Load(replyIpc, reply);
        }
        var recv = ReceiveBuffer(t);
        recv.Data = receive.Data;
        recv.Length = 0;
        recv.CapCount = 0;
        return _kernel.ReplyAndWait(endpoint, replyIpc, recv, block);
    }

    private ReceiveInfo Received(int t, SyscallStatus status, MessageBuffer receive)
    {
        var recv = ReceiveBuffer(t);
        if (status == SyscallStatus.Timeout)
            return ReceiveInfo.Nothing;
        if (status != SyscallStatus.Ok)
            return ReceiveInfo.Aborted;
        Store(recv, receive);
        return recv.Kind switch
        {
            IpcKind.Signal => ReceiveInfo.Signal(recv.Imprint, recv.SignalCount),
            IpcKind.Fault => ReceiveInfo.Fault(recv.Badge, recv.FaultAddress, recv.FaultWrite, recv.FaultThread),
            _ => ReceiveInfo.Call(recv.Badge),
        };
    }

    /// <summary>
    /// The serve loop of an entrypoint: reply, wait, hand what arrived to <paramref name="handle"/>,
    /// send what it returns as the reply; until the wait is aborted. While this thread waits at
    /// the top of the loop, a caller's host thread runs the loop body for its call (see
    /// <see cref="HostedCpu"/>): a null RPC then needs no switch between host threads.
    /// </summary>
    public void Serve(EndpointHandle serving, MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle)
    {
        var endpoint = serving.Value;
        Enter();
        var t = _kernel.CurrentThread;
        var self = _cpu.Handle(t);
        HostedCpu.SetServe(self, () => ServeLent(endpoint, receive, handle));
        try
        {
            MessageBuffer? pending = null;
            while (true)
            {
                ReceiveInfo info;
                HostedCpu.SetParked(self, true);
                try
                {
                    info = Receive(endpoint, pending, receive, block: true);
                }
                finally
                {
                    HostedCpu.SetParked(self, false);
                }
                if (info.Kind == ReceiveKind.Aborted)
                    return;
                pending = handle(info);
            }
        }
        catch (Exception e) when (e is not ThreadKilledException)
        {
            // Leaving the loop with a caller's context perhaps still lent: give it back.
            _kernel.ReturnContext();
            throw;
        }
        finally
        {
            HostedCpu.SetServe(self, null);
        }
    }

    /// <summary>
    /// The loop body of <see cref="Serve"/> on a lent context: the rest of the wait the thread's
    /// own host thread is parked in, one request, and the next wait, which ends the turn here.
    /// </summary>
    /// <returns>True if the next wait blocked; false if it returned at once and the thread went on at home.</returns>
    private bool ServeLent(int endpoint, MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle)
    {
        var t = _kernel.CurrentThread;
        var pending = handle(Received(t, _kernel.ResumeWait(), receive));
        _kernel.ReturnContext();
        _cpu.SetLeaving(t);
        if (StartWait(t, endpoint, pending, receive, block: true) == SyscallStatus.Detached)
            return true;
        _cpu.ReturnHome(t);
        return false;
    }

    public ulong DeferReply()
    {
        Enter();
        return _kernel.DeferReply();
    }

    public void ReplyDeferred(ulong token, MessageBuffer? reply)
    {
        Enter();
        IpcBuffer? ipc = null;
        if (reply is not null)
        {
            ipc = SendBuffer(_kernel.CurrentThread);
            Load(ipc, reply);
        }
        _kernel.ReplyDeferred(token, ipc);
    }

    public SignalContextHandle CreateSignalContext(EndpointHandle endpoint, ulong imprint)
    {
        Enter();
        return new SignalContextHandle(Check(_kernel.CreateSignalContext(endpoint.Value, imprint), "creating a signal context"));
    }

    public void FreeSignalContext(SignalContextHandle context)
    {
        Enter();
        _kernel.FreeSignalContext(context.Value);
    }

    public KernelCapability DelegateSignal(PdHandle holder, SignalContextHandle context)
    {
        Enter();
        return Cap(Check(_kernel.InstallCap(holder.Value, CapKind.SignalContext, context.Value), "installing a signal capability"));
    }

    public bool Submit(PdHandle submitter, KernelCapability context, uint count)
    {
        Enter();
        return _kernel.Submit(Selector(context), count) == SyscallStatus.Ok;
    }

    public void SubmitContext(SignalContextHandle context, uint count)
    {
        Enter();
        _kernel.SubmitContext(context.Value, count);
    }

    public SemaphoreHandle CreateSemaphore(PdHandle pd, long initial)
    {
        Enter();
        return new SemaphoreHandle(Check(_kernel.CreateSemaphore(pd.Value, initial), "creating a semaphore"));
    }

    public KernelCapability DelegateSemaphore(PdHandle holder, SemaphoreHandle semaphore)
    {
        Enter();
        return Cap(Check(_kernel.InstallCap(holder.Value, CapKind.Semaphore, semaphore.Value), "installing a semaphore capability"));
    }

    public void SemaphoreUp(PdHandle holder, KernelCapability semaphore)
    {
        Enter();
        Check(_kernel.SemUp(Selector(semaphore)), "semaphore up");
    }

    public bool SemaphoreDown(PdHandle holder, KernelCapability semaphore, ulong timeoutMicroseconds)
    {
        Enter();
        var s = _kernel.SemDown(Selector(semaphore), timeoutMicroseconds);
        if (s == SyscallStatus.Timeout)
            return false;
        Check(s, "semaphore down");
        return true;
    }

    public IrqHandle CreateIrq(int number)
    {
        Enter();
        return new IrqHandle(Check(_kernel.CreateIrq(number), $"creating IRQ {number}"));
    }

    public KernelCapability DelegateIrq(PdHandle holder, IrqHandle irq)
    {
        Enter();
        return Cap(Check(_kernel.InstallCap(holder.Value, CapKind.Irq, irq.Value), "installing an IRQ capability"));
    }

    public void WaitIrq(PdHandle holder, KernelCapability irq)
    {
        Enter();
        Check(_kernel.WaitIrq(Selector(irq)), "waiting for an IRQ");
    }

    public void RaiseIrq(int number)
    {
        Enter();
        _kernel.RaiseIrq(number);
    }

    public void Map(PdHandle pd, ulong virt, ulong phys, ulong size, bool writable)
    {
        Enter();
        var pages = (size + 4095) / 4096;
        Check(_kernel.Map(pd.Value, virt, phys, pages, writable), $"mapping 0x{virt:x}+0x{size:x} in PD {pd.Value}");
    }

    public void Unmap(PdHandle pd, ulong virt, ulong size)
    {
        Enter();
        _kernel.Unmap(pd.Value, virt, (size + 4095) / 4096);
    }

    public Translation Translate(PdHandle pd, ulong virt, ulong length, bool write, out ulong phys)
    {
        Enter();
        var r = _kernel.TranslateRange(pd.Value, virt, length, write);
        phys = r.Value;
        return r.Status switch
        {
            SyscallStatus.Ok => Translation.Mapped,
            SyscallStatus.Conflict => Translation.Conflict,
            _ => Translation.Fault,
        };
    }

    public int MappedPages(PdHandle pd) => _kernel.MappedPages(pd.Value);

    public void SetPager(ThreadHandle thread, ObjectHandle pager)
    {
        Enter();
        Check(_kernel.SetPager(thread.Value, pager.Value), "setting a pager");
    }

    public bool Fault(ulong address, bool write)
    {
        Enter();
        return _kernel.Fault(address, write) == SyscallStatus.Ok;
    }

    public void Yield()
    {
        Enter();
        _kernel.Yield();
    }

    public KernelRunResult Run(ulong timeLimit)
    {
        _cpu.BecomeIdle();
        return (KernelRunResult)(int)_kernel.Run(timeLimit);
    }

    public void PreemptToIdle()
    {
        Enter();
        _kernel.PreemptToIdle();
    }

    public void AdvanceTime(ulong now) => _kernel.AdvanceTime(now);

    public void Shutdown()
    {
        // PD numbers are small and dense; destroying a PD kills its threads.
        for (var pd = 1; pd < _pdLabels.Length; pd++)
        {
            if (_kernel.IsPdAlive(pd))
                _kernel.DestroyPd(pd);
        }
    }

    public void SetTrace(Action<string>? sink) =>
        _kernel.SetTrace(sink is null ? null : new TraceFormatter(this, sink));

    private sealed class TraceFormatter(NativePlatform platform, Action<string> sink) : IHalTrace
    {
        public void Record(in TraceRecord r)
        {
            var name = r.Thread == 0 ? "idle" : platform._threadNames[r.Thread] ?? "?";
            sink(string.Create(CultureInfo.InvariantCulture,
                $"[{r.Time,10}us] t{r.Thread}({name}) {r.Event}(0x{r.Arg0:x}, 0x{r.Arg1:x}) -> {(int)r.Status:D3} {r.Status}"));
        }
    }

    /// <summary>A protection domain's IPC door.</summary>
    private sealed class Port(NativePlatform platform, int pd) : IIpcPort
    {
        private readonly ObjectPool<MessageBuffer> _pool = MessageBuffer.CreatePool(platform.Info.MaxMessageBytes);

        public int MaxMessageBytes => platform.Info.MaxMessageBytes;
        public IpcStatus Call(KernelCapability capability, MessageBuffer message) => platform.Call(pd, capability, message);
        public MessageBuffer Rent() => _pool.Get();
        public void Return(MessageBuffer message) => _pool.Return(message);
    }

    /// <summary>The kernel's CPU HAL on the hosted machine's CPU.</summary>
    private sealed class Hal(HostedCpu cpu) : IHalCpu
    {
        public void Switch(int from, int to, bool fromIsDead) => cpu.Switch(from, to, fromIsDead);
        public void Release(int thread) => cpu.Release(thread);
        public bool CanLend(int thread) => cpu.CanLend(thread);
        public void Lend(int from, int to) => cpu.Lend(from, to);
    }
}
