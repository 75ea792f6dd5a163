using System.Globalization;
using Framework.Base.Kernel;
using Framework.Kernel.Native.Hal;
using Framework.Rpc;
using Microsoft.Extensions.ObjectPool;

namespace Framework.Kernel.Native.Platform;

/// <summary>The native C# kernel, hosted: <see cref="IKernel"/> over <see cref="NativeKernel"/>.</summary>
public sealed class NativePlatform : IKernel
{
    private readonly NativeKernel _kernel;
    private readonly HostedCpu _cpu;
    private readonly Port?[] _ports;
    private readonly IpcBuffer?[] _sendBuffers;
    private readonly IpcBuffer?[] _receiveBuffers;
    private readonly string?[] _pdLabels;
    private readonly string?[] _threadNames;

    /// <summary>Modeled RAM when none is given: 512 MiB.</summary>
    public const ulong DefaultRamSize = 512UL << 20;

    public NativePlatform() : this(new KernelConfig()) { }

    public NativePlatform(KernelConfig config, ulong ramSize = DefaultRamSize)
    {
        Ram = new HostedRam(ramSize);
        _cpu = new HostedCpu(config.MaxThreads, _ => _kernel!.ExitCurrent());
        _kernel = new NativeKernel(_cpu, config);
        _ports = new Port?[config.MaxPds];
        _sendBuffers = new IpcBuffer?[config.MaxThreads];
        _receiveBuffers = new IpcBuffer?[config.MaxThreads];
        _pdLabels = new string?[config.MaxPds];
        _threadNames = new string?[config.MaxThreads];
    }

    public string Name => "native";
    public IPhysicalMemory Ram { get; }
    public int MaxMessageBytes => _kernel.Config.MaxMessageBytes;
    public ulong Now => _kernel.Now;
    public int CurrentThread => _kernel.CurrentThread;
    public ulong NextDeadline => _kernel.NextDeadline;

    public Action<int, Exception>? ThreadCrashed
    {
        get => _cpu.ThreadCrashed;
        set => _cpu.ThreadCrashed = value;
    }

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
    private void Enter() => _cpu.CheckCaller(_kernel.CurrentThread);

    public int CreatePd(string label, int capSlots) => CreatePd(label, capSlots, 1024);

    public int CreatePd(string label, int capSlots, int mappingCapacity)
    {
        Enter();
        var pd = Check(_kernel.CreatePd(capSlots, mappingCapacity), $"creating PD '{label}'");
        _pdLabels[pd] = label;
        _ports[pd] = new Port(this, pd);
        return pd;
    }

    public void DestroyPd(int pd)
    {
        Enter();
        Check(_kernel.DestroyPd(pd), $"destroying PD {pd}");
        _ports[pd] = null;
        _pdLabels[pd] = null;
    }

    public int CapSlotsUsed(int pd) => _kernel.CapSlotsUsed(pd);

    public int CreateThread(int pd, string name, int priority, Action entry)
    {
        Enter();
        var t = Check(_kernel.CreateThread(pd, priority), $"creating thread '{name}'");
        _cpu.Register(t, name, entry);
        _threadNames[t] = name;
        _sendBuffers[t] = null;
        _receiveBuffers[t] = null;
        return t;
    }

    public void StartThread(int thread)
    {
        Enter();
        Check(_kernel.StartThread(thread), $"starting thread {thread}");
    }

    public void PauseThread(int thread)
    {
        Enter();
        Check(_kernel.PauseThread(thread), $"pausing thread {thread}");
    }

    public void ResumeThread(int thread)
    {
        Enter();
        Check(_kernel.ResumeThread(thread), $"resuming thread {thread}");
    }

    public void KillThread(int thread)
    {
        Enter();
        Check(_kernel.KillThread(thread), $"killing thread {thread}");
    }

    public int PdOfThread(int thread) => _kernel.PdOf(thread);

    public bool IsPaused(int thread) => _kernel.IsPaused(thread);

    public KernelThreadState ThreadState(int thread) => (KernelThreadState)(int)_kernel.StateOf(thread);

    public int CreateEndpoint(int pd)
    {
        Enter();
        return Check(_kernel.CreateEndpoint(pd), $"creating an endpoint in PD {pd}");
    }

    public void DestroyEndpoint(int endpoint)
    {
        Enter();
        Check(_kernel.DestroyEndpoint(endpoint), $"destroying endpoint {endpoint}");
    }

    public int MintObject(int endpoint, ulong badge)
    {
        Enter();
        return Check(_kernel.MintObject(endpoint, badge), $"minting object {badge} on endpoint {endpoint}");
    }

    public void RevokeObject(int obj)
    {
        Enter();
        Check(_kernel.RevokeObject(obj), $"revoking object {obj}");
    }

    public int InstallObjectCap(int pd, int obj)
    {
        Enter();
        return Check(_kernel.InstallCap(pd, CapKind.Object, obj), $"installing object {obj} in PD {pd}");
    }

    public void InstallObjectCapAt(int pd, int selector, int obj)
    {
        Enter();
        Check(_kernel.InstallCapAt(pd, selector, CapKind.Object, obj), $"installing object {obj} at {selector} in PD {pd}");
    }

    public bool IdentifyObject(int pd, int selector, out int endpoint, out ulong badge) =>
        _kernel.ObjectOf(pd, selector, out endpoint, out badge);

    public void DeleteCap(int pd, int selector)
    {
        Enter();
        _kernel.DeleteCap(pd, selector);
    }

    public int ObjectOfCap(int pd, int selector) => _kernel.ObjectIndexOf(pd, selector);

    public IIpcPort PortOf(int pd) =>
        _ports[pd] ?? throw new KernelException($"PD {pd} does not exist");

    private IpcBuffer SendBuffer(int t) => _sendBuffers[t] ??= new IpcBuffer([]);
    private IpcBuffer ReceiveBuffer(int t) => _receiveBuffers[t] ??= new IpcBuffer([]);

    private static void Load(IpcBuffer ipc, MessageBuffer msg)
    {
        ipc.Data = msg.Data;
        ipc.Length = msg.Length;
        ipc.CapCount = msg.CapCount;
        for (var i = 0; i < msg.CapCount; i++)
            ipc.Caps[i] = msg.Caps[i];
    }

    private static void Store(IpcBuffer ipc, MessageBuffer msg)
    {
        msg.Length = ipc.Length;
        msg.CapCount = Math.Min(ipc.CapCount, MessageBuffer.MaxCaps);
        for (var i = 0; i < msg.CapCount; i++)
            msg.Caps[i] = ipc.Caps[i];
        msg.Badge = (long)ipc.Badge;
    }

    private IpcStatus Call(int pd, int selector, MessageBuffer message)
    {
        Enter();
        var t = _kernel.CurrentThread;
        if (_kernel.PdOf(t) != pd)
            throw new KernelException($"thread {t} called through the port of PD {pd}, which is not its own");
        if (message.CapCount > MessageBuffer.MaxCaps)
            return IpcStatus.MessageTooLarge;
        var ipc = SendBuffer(t);
        Load(ipc, message);
        var status = _kernel.Call(selector, ipc);
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

    public ReceiveInfo ReplyAndWait(int endpoint, MessageBuffer? reply, MessageBuffer receive) =>
        Receive(endpoint, reply, receive, block: true);

    public ReceiveInfo ReplyAndPoll(int endpoint, MessageBuffer? reply, MessageBuffer receive) =>
        Receive(endpoint, reply, receive, block: false);

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
            return new ReceiveInfo(ReceiveKind.Nothing, 0, 0, 0, 0, false, 0);
        if (status != SyscallStatus.Ok)
            return new ReceiveInfo(ReceiveKind.Aborted, 0, 0, 0, 0, false, 0);
        Store(recv, receive);
        return recv.Kind switch
        {
            IpcKind.Signal => new ReceiveInfo(ReceiveKind.Signal, 0, recv.Imprint, recv.SignalCount, 0, false, 0),
            IpcKind.Fault => new ReceiveInfo(ReceiveKind.Fault, recv.Badge, 0, 0, recv.FaultAddress, recv.FaultWrite, recv.FaultThread),
            _ => new ReceiveInfo(ReceiveKind.Call, recv.Badge, 0, 0, 0, false, 0),
        };
    }

    /// <summary>
    /// The serve loop of an entrypoint: reply, wait, hand what arrived to <paramref name="handle"/>,
    /// send what it returns as the reply; until the wait is aborted. While this thread waits at
    /// the top of the loop, a caller's host thread runs the loop body for its call (see
    /// <see cref="HostedCpu"/>): a null RPC then needs no switch between host threads.
    /// </summary>
    public void Serve(int endpoint, MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle)
    {
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

    public int CreateSignalContext(int endpoint, ulong imprint)
    {
        Enter();
        return Check(_kernel.CreateSignalContext(endpoint, imprint), "creating a signal context");
    }

    public void FreeSignalContext(int context)
    {
        Enter();
        _kernel.FreeSignalContext(context);
    }

    public int InstallSignalCap(int pd, int context)
    {
        Enter();
        return Check(_kernel.InstallCap(pd, CapKind.SignalContext, context), "installing a signal capability");
    }

    public bool Submit(int pd, int selector, uint count)
    {
        Enter();
        return _kernel.Submit(selector, count) == SyscallStatus.Ok;
    }

    public void SubmitContext(int context, uint count)
    {
        Enter();
        _kernel.SubmitContext(context, count);
    }

    public int CreateSemaphore(int pd, long initial)
    {
        Enter();
        return Check(_kernel.CreateSemaphore(pd, initial), "creating a semaphore");
    }

    public int InstallSemaphoreCap(int pd, int semaphore)
    {
        Enter();
        return Check(_kernel.InstallCap(pd, CapKind.Semaphore, semaphore), "installing a semaphore capability");
    }

    public void SemUp(int pd, int selector)
    {
        Enter();
        Check(_kernel.SemUp(selector), "semaphore up");
    }

    public bool SemDown(int pd, int selector, ulong timeoutMicroseconds)
    {
        Enter();
        var s = _kernel.SemDown(selector, timeoutMicroseconds);
        if (s == SyscallStatus.Timeout)
            return false;
        Check(s, "semaphore down");
        return true;
    }

    public int CreateIrq(int number)
    {
        Enter();
        return Check(_kernel.CreateIrq(number), $"creating IRQ {number}");
    }

    public int InstallIrqCap(int pd, int irq)
    {
        Enter();
        return Check(_kernel.InstallCap(pd, CapKind.Irq, irq), "installing an IRQ capability");
    }

    public void WaitIrq(int pd, int selector)
    {
        Enter();
        Check(_kernel.WaitIrq(selector), "waiting for an IRQ");
    }

    public void RaiseIrq(int number)
    {
        Enter();
        _kernel.RaiseIrq(number);
    }

    public void Map(int pd, ulong virt, ulong phys, ulong size, bool writable)
    {
        Enter();
        var pages = (size + 4095) / 4096;
        Check(_kernel.Map(pd, virt, phys, pages, writable), $"mapping 0x{virt:x}+0x{size:x} in PD {pd}");
    }

    public void Unmap(int pd, ulong virt, ulong size)
    {
        Enter();
        _kernel.Unmap(pd, virt, (size + 4095) / 4096);
    }

    public Translation Translate(int pd, ulong virt, ulong length, bool write, out ulong phys)
    {
        Enter();
        var r = _kernel.TranslateRange(pd, virt, length, write);
        phys = r.Value;
        return r.Status switch
        {
            SyscallStatus.Ok => Translation.Mapped,
            SyscallStatus.Conflict => Translation.Conflict,
            _ => Translation.Fault,
        };
    }

    public int MappedPages(int pd) => _kernel.MappedPages(pd);

    public void SetPager(int thread, int pagerObject)
    {
        Enter();
        Check(_kernel.SetPager(thread, pagerObject), "setting a pager");
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
        private readonly ObjectPool<MessageBuffer> _pool = MessageBuffer.CreatePool(platform.MaxMessageBytes);

        public int MaxMessageBytes => platform.MaxMessageBytes;
        public IpcStatus Call(int selector, MessageBuffer message) => platform.Call(pd, selector, message);
        public MessageBuffer Rent() => _pool.Get();
        public void Return(MessageBuffer message) => _pool.Return(message);
    }
}
