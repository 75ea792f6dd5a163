namespace Framework.Kernel.Native;

/// <summary>Why <see cref="NativeKernel.Run"/> returned to its caller.</summary>
public enum RunResult : byte
{
    /// <summary>Every thread is blocked and no timeout is pending: nothing will ever happen again by itself.</summary>
    Idle,
    /// <summary>Every thread is blocked; the next timeout lies beyond the time limit.</summary>
    TimeLimit,
    /// <summary>A thread asked the kernel to return to the host (<see cref="NativeKernel.PreemptToIdle"/>).</summary>
    Stopped,
}

/// <summary>Signals, semaphores, IRQs, faults, virtual time and the idle loop.</summary>
public sealed partial class NativeKernel
{
    private ulong _now;
    private int _timeoutHead = -1;
    private bool _stopRequested;

    /// <summary>Virtual time in microseconds since boot.</summary>
    public ulong Now => _now;

    /// <summary>The earliest pending timeout, or <see cref="ulong.MaxValue"/>.</summary>
    public ulong NextDeadline => _timeoutHead > 0 ? _threads[_timeoutHead].Deadline : ulong.MaxValue;

    /// <summary>
    /// The idle loop, run by thread 0 (the host): runs threads until all are blocked, then
    /// advances virtual time to the next timeout, up to <paramref name="timeLimit"/>.
    /// </summary>
    public RunResult Run(ulong timeLimit)
    {
        if (_current != 0)
            return RunResult.Stopped;
        while (true)
        {
            if (_stopRequested)
            {
                _stopRequested = false;
                return RunResult.Stopped;
            }
            if (AnyReady())
            {
                SwitchTo(Dequeue());
                _threads[0].State = ThreadState.Running;
                continue;
            }
            if (_timeoutHead <= 0)
            {
                Trace(TraceEvent.Idle, _now, 0, SyscallStatus.Ok);
                return RunResult.Idle;
            }
            var deadline = _threads[_timeoutHead].Deadline;
            if (deadline > timeLimit)
            {
                if (timeLimit > _now)
                    _now = timeLimit;
                return RunResult.TimeLimit;
            }
            if (deadline > _now)
                _now = deadline;
            ExpireTimeouts();
        }
    }

    /// <summary>
    /// Called by the current thread: puts it back at the head of its run queue and returns to the
    /// host's idle loop, which returns <see cref="RunResult.Stopped"/>. The thread continues when
    /// the host runs the kernel again.
    /// </summary>
    public void PreemptToIdle()
    {
        _stopRequested = true;
        var t = _current;
        if (t == 0)
            return;
        _threads[t].State = ThreadState.Ready;
        var p = _threads[t].Priority;
        _threads[t].Next = _runHead[p];
        _runHead[p] = t;
        if (_runTail[p] < 0)
            _runTail[p] = t;
        SwitchTo(0);
    }

    /// <summary>Asks the idle loop to return at its next turn (for hosts that are thread 0).</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Advances virtual time (interactive mode ties it to the wall clock).</summary>
    public void AdvanceTime(ulong now)
    {
        if (now > _now)
            _now = now;
    }

    private void AddTimeout(int t, ulong deadline)
    {
        _threads[t].Deadline = deadline;
        _threads[t].InTimeoutList = true;
        // Sorted by deadline; equal deadlines keep arrival order, which keeps runs deterministic.
        var prev = -1;
        var i = _timeoutHead;
        while (i > 0 && _threads[i].Deadline <= deadline)
        {
            prev = i;
            i = _threads[i].TimeoutNext;
        }
        _threads[t].TimeoutNext = i;
        if (prev < 0)
            _timeoutHead = t;
        else
            _threads[prev].TimeoutNext = t;
    }

    private void CancelTimeout(int t)
    {
        if (!_threads[t].InTimeoutList)
            return;
        _threads[t].InTimeoutList = false;
        var prev = -1;
        for (var i = _timeoutHead; i > 0; i = _threads[i].TimeoutNext)
        {
            if (i == t)
            {
                if (prev < 0)
                    _timeoutHead = _threads[i].TimeoutNext;
                else
                    _threads[prev].TimeoutNext = _threads[i].TimeoutNext;
                return;
            }
            prev = i;
        }
    }

    private void ExpireTimeouts()
    {
        while (_timeoutHead > 0 && _threads[_timeoutHead].Deadline <= _now)
        {
            var t = _timeoutHead;
            _timeoutHead = _threads[t].TimeoutNext;
            _threads[t].InTimeoutList = false;
            Trace(TraceEvent.Timeout, (ulong)t, _now, SyscallStatus.Timeout);
            if (_threads[t].State == ThreadState.BlockedSemaphore)
                RemoveSemaphoreWaiter(_threads[t].BlockedOn, t);
            Wake(t, SyscallStatus.Timeout);
        }
    }

    // ---------------------------------------------------------------- signals

    /// <summary>Creates a signal context delivered to endpoint <paramref name="e"/> with <paramref name="imprint"/>.</summary>
    public SyscallResult CreateSignalContext(int e, ulong imprint)
    {
        if (e <= 0 || e >= _endpointHigh || !_endpoints[e].Alive)
            return Traced(TraceEvent.CreateSignalContext, (ulong)e, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        var s = _signalPool.Take();
        if (s == 0)
            return Traced(TraceEvent.CreateSignalContext, (ulong)e, SyscallResult.Error(SyscallStatus.OutOfSlots, 0));
        var generation = _signals[s].Generation + 1;
        _signals[s] = default;
        _signals[s].Alive = true;
        _signals[s].Generation = generation;
        _signals[s].Endpoint = e;
        _signals[s].Imprint = imprint;
        _signals[s].Next = -1;
        return Traced(TraceEvent.CreateSignalContext, (ulong)e, SyscallResult.Success((ulong)s));
    }

    public SyscallStatus FreeSignalContext(int s)
    {
        if (s <= 0 || s >= _signalPool.High || !_signals[s].Alive)
            return SyscallStatus.BadArgument;
        FreeSignalContextInternal(s);
        return SyscallStatus.Ok;
    }

    private void FreeSignalContextInternal(int s)
    {
        if (_signals[s].Queued)
        {
            var e = _signals[s].Endpoint;
            var prev = -1;
            for (var i = _endpoints[e].SignalsHead; i >= 0; i = _signals[i].Next)
            {
                if (i == s)
                {
                    if (prev < 0)
                        _endpoints[e].SignalsHead = _signals[i].Next;
                    else
                        _signals[prev].Next = _signals[i].Next;
                    if (_endpoints[e].SignalsTail == s)
                        _endpoints[e].SignalsTail = prev;
                    break;
                }
                prev = i;
            }
        }
        _signals[s].Alive = false;
        _signals[s].Queued = false;
        _signalPool.Give(s);
    }

    /// <summary>
    /// Submits <paramref name="count"/> signals to the context named by <paramref name="selector"/>.
    /// Never blocks; submits to a context not yet handled coalesce into one delivery.
    /// </summary>
    public SyscallStatus Submit(int selector, uint count)
    {
        var t = _current;
        if (!Resolve(_threads[t].Pd, selector, CapKind.SignalContext, out var s))
            return Traced(TraceEvent.Submit, (ulong)selector, count, SyscallStatus.BadCapability);
        return SubmitContext(s, count);
    }

    /// <summary>Submits to a context by index (for the kernel's and core's own notifications).</summary>
    public SyscallStatus SubmitContext(int s, uint count)
    {
        if (s <= 0 || s >= _signalPool.High || !_signals[s].Alive || count == 0)
            return Traced(TraceEvent.Submit, (ulong)s, count, SyscallStatus.BadArgument);
        _signals[s].Count += count;
        Trace(TraceEvent.Submit, (ulong)s, count, SyscallStatus.Ok);
        if (_signals[s].Queued)
            return SyscallStatus.Ok;
        var e = _signals[s].Endpoint;
        _signals[s].Queued = true;
        _signals[s].Next = -1;
        if (_endpoints[e].SignalsTail < 0)
            _endpoints[e].SignalsHead = s;
        else
            _signals[_endpoints[e].SignalsTail].Next = s;
        _endpoints[e].SignalsTail = s;

        var receiver = _endpoints[e].ReceiversHead;
        if (receiver >= 0)
        {
            RemoveReceiver(e, receiver);
            DeliverSignal(e, receiver);
            Wake(receiver, SyscallStatus.Ok);
            MaybePreempt(receiver);
        }
        return SyscallStatus.Ok;
    }

    private void DeliverSignal(int e, int receiver)
    {
        var s = _endpoints[e].SignalsHead;
        _endpoints[e].SignalsHead = _signals[s].Next;
        if (_endpoints[e].SignalsHead < 0)
            _endpoints[e].SignalsTail = -1;
        var msg = _threads[receiver].Message!;
        msg.Kind = IpcKind.Signal;
        msg.Imprint = _signals[s].Imprint;
        msg.SignalCount = _signals[s].Count;
        msg.Length = 0;
        msg.CapCount = 0;
        msg.Badge = 0;
        Trace(TraceEvent.SignalDelivered, (ulong)s, _signals[s].Count, SyscallStatus.Ok);
        _signals[s].Count = 0;
        _signals[s].Queued = false;
        _signals[s].Next = -1;
    }

    // ---------------------------------------------------------------- semaphores

    public SyscallResult CreateSemaphore(int pd, long initial)
    {
        if (!IsPdAlive(pd) || initial < 0)
            return Traced(TraceEvent.CreateSemaphore, (ulong)pd, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        var s = _semaphorePool.Take();
        if (s == 0)
            return Traced(TraceEvent.CreateSemaphore, (ulong)pd, SyscallResult.Error(SyscallStatus.OutOfSlots, 0));
        var generation = _semaphores[s].Generation + 1;
        _semaphores[s] = default;
        _semaphores[s].Alive = true;
        _semaphores[s].Generation = generation;
        _semaphores[s].Pd = pd;
        _semaphores[s].Count = initial;
        _semaphores[s].WaitHead = _semaphores[s].WaitTail = -1;
        return Traced(TraceEvent.CreateSemaphore, (ulong)pd, SyscallResult.Success((ulong)s));
    }

    public SyscallStatus DestroySemaphore(int s)
    {
        if (s <= 0 || s >= _semaphorePool.High || !_semaphores[s].Alive)
            return SyscallStatus.BadArgument;
        DestroySemaphoreInternal(s);
        return SyscallStatus.Ok;
    }

    private void DestroySemaphoreInternal(int s)
    {
        while (_semaphores[s].WaitHead >= 0)
        {
            var t = _semaphores[s].WaitHead;
            RemoveSemaphoreWaiter(s, t);
            Wake(t, SyscallStatus.Aborted);
        }
        _semaphores[s].Alive = false;
        _semaphorePool.Give(s);
    }

    public SyscallStatus SemUp(int selector)
    {
        var t = _current;
        if (!Resolve(_threads[t].Pd, selector, CapKind.Semaphore, out var s))
            return Traced(TraceEvent.SemUp, (ulong)selector, 0, SyscallStatus.BadCapability);
        Trace(TraceEvent.SemUp, (ulong)selector, 0, SyscallStatus.Ok);
        var waiter = _semaphores[s].WaitHead;
        if (waiter >= 0)
        {
            RemoveSemaphoreWaiter(s, waiter);
            Wake(waiter, SyscallStatus.Ok);
            MaybePreempt(waiter);
        }
        else
        {
            _semaphores[s].Count++;
        }
        return SyscallStatus.Ok;
    }

    /// <summary>Takes the semaphore, blocking while it is zero; <paramref name="timeoutMicroseconds"/> 0 waits forever.</summary>
    public SyscallStatus SemDown(int selector, ulong timeoutMicroseconds)
    {
        var t = _current;
        if (!Resolve(_threads[t].Pd, selector, CapKind.Semaphore, out var s))
            return Traced(TraceEvent.SemDown, (ulong)selector, 0, SyscallStatus.BadCapability);
        if (_semaphores[s].Count > 0)
        {
            _semaphores[s].Count--;
            return Traced(TraceEvent.SemDown, (ulong)selector, 0, SyscallStatus.Ok);
        }
        Trace(TraceEvent.SemDown, (ulong)selector, timeoutMicroseconds, SyscallStatus.Ok);
        _threads[t].State = ThreadState.BlockedSemaphore;
        _threads[t].BlockedOn = s;
        _threads[t].Next = -1;
        if (_semaphores[s].WaitTail < 0)
            _semaphores[s].WaitHead = t;
        else
            _threads[_semaphores[s].WaitTail].Next = t;
        _semaphores[s].WaitTail = t;
        if (timeoutMicroseconds > 0)
            AddTimeout(t, _now + timeoutMicroseconds);
        Schedule();
        return _threads[t].Result;
    }

    private void RemoveSemaphoreWaiter(int s, int t) =>
        RemoveFromList(ref _semaphores[s].WaitHead, ref _semaphores[s].WaitTail, t);

    // ---------------------------------------------------------------- IRQs

    /// <summary>Creates the IRQ object for line <paramref name="number"/> (core only; one per line).</summary>
    public SyscallResult CreateIrq(int number)
    {
        if (number < 0 || number >= _irqs.Length - 1)
            return Traced(TraceEvent.CreateIrq, (ulong)number, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        var i = number + 1;
        if (_irqs[i].Alive)
            return Traced(TraceEvent.CreateIrq, (ulong)number, SyscallResult.Error(SyscallStatus.Unavailable, (ulong)number));
        _irqs[i].Alive = true;
        _irqs[i].Generation++;
        _irqs[i].Number = number;
        _irqs[i].Pending = false;
        _irqs[i].Waiter = 0;
        return Traced(TraceEvent.CreateIrq, (ulong)number, SyscallResult.Success((ulong)i));
    }

    public SyscallStatus DestroyIrq(int i)
    {
        if (i <= 0 || i >= _irqs.Length || !_irqs[i].Alive)
            return SyscallStatus.BadArgument;
        if (_irqs[i].Waiter > 0)
            Wake(_irqs[i].Waiter, SyscallStatus.Aborted);
        _irqs[i].Alive = false;
        return SyscallStatus.Ok;
    }

    /// <summary>Blocks until the IRQ named by <paramref name="selector"/> fires (returns at once if one is pending).</summary>
    public SyscallStatus WaitIrq(int selector)
    {
        var t = _current;
        if (!Resolve(_threads[t].Pd, selector, CapKind.Irq, out var i))
            return Traced(TraceEvent.IrqWait, (ulong)selector, 0, SyscallStatus.BadCapability);
        if (_irqs[i].Pending)
        {
            _irqs[i].Pending = false;
            return Traced(TraceEvent.IrqWait, (ulong)selector, 0, SyscallStatus.Ok);
        }
        if (_irqs[i].Waiter > 0)
            return Traced(TraceEvent.IrqWait, (ulong)selector, 0, SyscallStatus.BadState);
        Trace(TraceEvent.IrqWait, (ulong)selector, 0, SyscallStatus.Ok);
        _irqs[i].Waiter = t;
        _threads[t].State = ThreadState.BlockedIrq;
        _threads[t].BlockedOn = i;
        Schedule();
        return _threads[t].Result;
    }

    /// <summary>Raises IRQ line <paramref name="number"/> (called by the HAL's interrupt path or a device model).</summary>
    public SyscallStatus RaiseIrq(int number)
    {
        var i = number + 1;
        if (number < 0 || i >= _irqs.Length || !_irqs[i].Alive)
            return Traced(TraceEvent.IrqRaised, (ulong)number, 0, SyscallStatus.BadArgument);
        Trace(TraceEvent.IrqRaised, (ulong)number, 0, SyscallStatus.Ok);
        var waiter = _irqs[i].Waiter;
        if (waiter > 0)
        {
            _irqs[i].Waiter = 0;
            Wake(waiter, SyscallStatus.Ok);
            MaybePreempt(waiter);
        }
        else
        {
            _irqs[i].Pending = true;
        }
        return SyscallStatus.Ok;
    }

    // ---------------------------------------------------------------- faults and deferred replies

    /// <summary>Sets the pager of thread <paramref name="t"/>: the RPC object that receives its faults (core only).</summary>
    public SyscallStatus SetPager(int t, int pagerObject)
    {
        if (!IsThread(t) || pagerObject <= 0 || pagerObject >= _objectPool.High || !_objects[pagerObject].Alive)
            return SyscallStatus.BadArgument;
        _threads[t].PagerObject = pagerObject;
        return SyscallStatus.Ok;
    }

    /// <summary>
    /// Reports a page fault of the current thread to its pager and blocks until the pager
    /// replies; then the thread retries its access. Unavailable if the thread has no pager.
    /// </summary>
    public SyscallStatus Fault(ulong address, bool write)
    {
        var t = _current;
        var o = _threads[t].PagerObject;
        if (o <= 0 || !_objects[o].Alive)
            return Traced(TraceEvent.Fault, address, write ? 1UL : 0UL, SyscallStatus.Unavailable);
        Trace(TraceEvent.Fault, address, write ? 1UL : 0UL, SyscallStatus.Ok);
        var e = _objects[o].Endpoint;
        _threads[t].InFault = true;
        _threads[t].FaultAddress = address;
        _threads[t].FaultWrite = write;
        _threads[t].Result = SyscallStatus.Ok;
        var receiver = _endpoints[e].ReceiversHead;
        if (receiver >= 0)
        {
            RemoveReceiver(e, receiver);
            DeliverFault(t, receiver);
            _threads[receiver].BlockedOn = 0;
            _threads[receiver].Result = SyscallStatus.Ok;
            SwitchTo(receiver);
        }
        else
        {
            _threads[t].State = ThreadState.BlockedSend;
            _threads[t].BlockedOn = e;
            _threads[t].ServedBy = -1;
            PushSender(e, t);
            Schedule();
        }
        _threads[t].InFault = false;
        return _threads[t].Result;
    }

    private void DeliverFault(int faulter, int receiver)
    {
        var msg = _threads[receiver].Message!;
        msg.Kind = IpcKind.Fault;
        msg.Badge = _objects[_threads[faulter].PagerObject].Badge;
        msg.FaultAddress = _threads[faulter].FaultAddress;
        msg.FaultWrite = _threads[faulter].FaultWrite;
        msg.FaultThread = faulter;
        msg.Length = 0;
        msg.CapCount = 0;
        _threads[receiver].ReplyTo = faulter;
        _threads[faulter].State = ThreadState.BlockedReply;
        _threads[faulter].ServedBy = receiver;
    }

    /// <summary>
    /// Detaches the caller the current thread owes a reply to, so that the reply can be sent
    /// later (Genode's omit_reply/explicit_reply). Returns a token, or 0 if there is no caller.
    /// </summary>
    public ulong DeferReply()
    {
        var t = _current;
        var caller = _threads[t].ReplyTo;
        if (caller <= 0)
            return 0;
        _threads[t].ReplyTo = -1;
        _threads[caller].ServedBy = 0;
        return ((ulong)(uint)_threads[caller].Generation << 32) | (uint)caller;
    }

    /// <summary>Sends a deferred reply; null resumes a faulter (or aborts a caller).</summary>
    public SyscallStatus ReplyDeferred(ulong token, IpcBuffer? reply)
    {
        var caller = (int)(token & 0xFFFF_FFFF);
        var generation = (int)(token >> 32);
        if (!IsThread(caller) || _threads[caller].Generation != generation
            || _threads[caller].State != ThreadState.BlockedReply || _threads[caller].ServedBy != 0)
            return SyscallStatus.BadArgument;
        if (_threads[caller].InFault)
        {
            _threads[caller].InFault = false;
            Wake(caller, SyscallStatus.Ok);
        }
        else if (reply is null)
        {
            Wake(caller, SyscallStatus.Aborted);
        }
        else
        {
            var dst = _threads[caller].Message;
            if (dst is null || reply.Length > dst.Data.Length)
                Wake(caller, SyscallStatus.MessageTooLarge);
            else
                Wake(caller, CopyMessage(_threads[_current].Pd, reply, _threads[caller].Pd, dst));
        }
        Trace(TraceEvent.Reply, (ulong)caller, 0, SyscallStatus.Ok);
        return SyscallStatus.Ok;
    }
}
