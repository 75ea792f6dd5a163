namespace Framework.Kernel.Native;

/// <summary>Threads, the run queues and the switch.</summary>
public sealed partial class NativeKernel
{
    private readonly int[] _runHead;
    private readonly int[] _runTail;
    private int _current;

    /// <summary>Creates a thread in <paramref name="pd"/>; it runs once started.</summary>
    public SyscallResult CreateThread(int pd, int priority)
    {
        if (!IsPdAlive(pd))
            return Traced(TraceEvent.CreateThread, (ulong)pd, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        if (priority < 0 || priority >= _config.PriorityLevels)
            return Traced(TraceEvent.CreateThread, (ulong)pd, SyscallResult.Error(SyscallStatus.BadArgument, 2));
        var t = 0;
        for (var i = 1; i < _threadHigh; i++)
        {
            if (_threads[i].State == ThreadState.Free || _threads[i].State == ThreadState.Dead)
            {
                t = i;
                break;
            }
        }
        if (t == 0)
        {
            if (_threadHigh >= _threads.Length)
                return Traced(TraceEvent.CreateThread, (ulong)pd, SyscallResult.Error(SyscallStatus.OutOfSlots, 0));
            t = _threadHigh++;
        }
        var generation = _threads[t].Generation + 1;
        _threads[t] = default;
        _threads[t].Generation = generation;
        _threads[t].State = ThreadState.Created;
        _threads[t].Pd = pd;
        _threads[t].Priority = priority;
        _threads[t].Next = -1;
        _threads[t].ReplyTo = -1;
        _threads[t].ServedBy = -1;
        return Traced(TraceEvent.CreateThread, (ulong)pd, SyscallResult.Success((ulong)t));
    }

    private bool IsThread(int t) => t > 0 && t < _threadHigh && _threads[t].State != ThreadState.Free;

    public ThreadState StateOf(int t) => t >= 0 && t < _threadHigh ? _threads[t].State : ThreadState.Free;
    public bool IsPaused(int t) => IsThread(t) && _threads[t].Paused;
    public int PdOf(int t) => IsThread(t) ? _threads[t].Pd : 0;

    /// <summary>Makes a created thread ready to run.</summary>
    public SyscallStatus StartThread(int t)
    {
        if (!IsThread(t) || _threads[t].State != ThreadState.Created)
            return Traced(TraceEvent.StartThread, (ulong)t, 0, SyscallStatus.BadState);
        MakeReady(t);
        return Traced(TraceEvent.StartThread, (ulong)t, 0, SyscallStatus.Ok);
    }

    /// <summary>Stops a thread from being scheduled; a blocked thread stays blocked and will not resume until resumed.</summary>
    public SyscallStatus PauseThread(int t)
    {
        if (!IsThread(t) || _threads[t].State == ThreadState.Dead)
            return Traced(TraceEvent.PauseThread, (ulong)t, 0, SyscallStatus.BadArgument);
        if (_threads[t].Paused)
            return Traced(TraceEvent.PauseThread, (ulong)t, 0, SyscallStatus.Ok);
        _threads[t].Paused = true;
        if (_threads[t].State == ThreadState.Ready)
            RemoveFromRunQueue(t);
        Trace(TraceEvent.PauseThread, (ulong)t, 0, SyscallStatus.Ok);
        if (t == _current)
            Schedule();
        return SyscallStatus.Ok;
    }

    public SyscallStatus ResumeThread(int t)
    {
        if (!IsThread(t) || _threads[t].State == ThreadState.Dead)
            return Traced(TraceEvent.ResumeThread, (ulong)t, 0, SyscallStatus.BadArgument);
        if (!_threads[t].Paused)
            return Traced(TraceEvent.ResumeThread, (ulong)t, 0, SyscallStatus.Ok);
        _threads[t].Paused = false;
        if (_threads[t].State == ThreadState.Ready)
            Enqueue(t);
        return Traced(TraceEvent.ResumeThread, (ulong)t, 0, SyscallStatus.Ok);
    }

    /// <summary>Kills a thread. Killing the current thread does not return.</summary>
    public SyscallStatus KillThread(int t)
    {
        if (!IsThread(t) || _threads[t].State == ThreadState.Dead)
            return Traced(TraceEvent.KillThread, (ulong)t, 0, SyscallStatus.BadArgument);
        Trace(TraceEvent.KillThread, (ulong)t, 0, SyscallStatus.Ok);
        if (t == _current)
            ExitCurrent();
        else
            KillThreadInternal(t);
        return SyscallStatus.Ok;
    }

    /// <summary>Reclaims the record of a dead thread whose context has been torn down.</summary>
    public SyscallStatus ReapThread(int t)
    {
        if (!IsThread(t) || _threads[t].State != ThreadState.Dead)
            return SyscallStatus.BadState;
        _threads[t].State = ThreadState.Free;
        _threads[t].Message = null;
        return SyscallStatus.Ok;
    }

    /// <summary>Ends the current thread and switches away for good.</summary>
    public void ExitCurrent()
    {
        var t = _current;
        if (t == 0)
            return;
        Trace(TraceEvent.ExitThread, (ulong)t, 0, SyscallStatus.Ok);
        DetachFromEverything(t);
        _threads[t].State = ThreadState.Dead;
        Schedule();
    }

    /// <summary>Gives the CPU to the next ready thread of the same or higher priority.</summary>
    public void Yield()
    {
        var t = _current;
        Trace(TraceEvent.Yield, (ulong)t, 0, SyscallStatus.Ok);
        if (t == 0)
            return;
        _threads[t].State = ThreadState.Ready;
        Enqueue(t);
        Schedule();
    }

    private void KillThreadInternal(int t)
    {
        var wasBlocked = _threads[t].State != ThreadState.Ready && _threads[t].State != ThreadState.Created;
        DetachFromEverything(t);
        if (_threads[t].State == ThreadState.Ready && !_threads[t].Paused)
            RemoveFromRunQueue(t);
        var started = _threads[t].State != ThreadState.Created;
        _threads[t].State = ThreadState.Dead;
        _threads[t].Killed = true;
        // A thread that has run is parked inside a syscall; let its context unwind.
        if (started || wasBlocked)
            _cpu.Release(t);
    }

    /// <summary>Removes a thread from every queue and aborts the IPC partners waiting on it.</summary>
    private void DetachFromEverything(int t)
    {
        CancelTimeout(t);
        switch (_threads[t].State)
        {
            case ThreadState.BlockedSend:
                RemoveSender(_threads[t].BlockedOn, t);
                break;
            case ThreadState.BlockedReceive:
                RemoveReceiver(_threads[t].BlockedOn, t);
                break;
            case ThreadState.BlockedSemaphore:
                RemoveSemaphoreWaiter(_threads[t].BlockedOn, t);
                break;
            case ThreadState.BlockedIrq:
                if (_irqs[_threads[t].BlockedOn].Waiter == t)
                    _irqs[_threads[t].BlockedOn].Waiter = 0;
                break;
            case ThreadState.BlockedReply:
                var server = _threads[t].ServedBy;
                if (server > 0 && _threads[server].ReplyTo == t)
                    _threads[server].ReplyTo = -1;
                break;
        }
        // A context this thread borrowed goes back; a borrower of its context keeps running on it
        // (the hosted HAL unwinds the dead thread's frames when the borrower gives it back).
        EndLease(t);
        if (_threads[t].LentTo > 0)
        {
            _threads[_threads[t].LentTo].BorrowedFrom = 0;
            _threads[t].LentTo = 0;
        }
        // A caller waiting for this thread's reply will never get one.
        var caller = _threads[t].ReplyTo;
        if (caller > 0 && _threads[caller].State == ThreadState.BlockedReply && _threads[caller].ServedBy == t)
            Wake(caller, SyscallStatus.Aborted);
        _threads[t].ReplyTo = -1;
    }

    private void Enqueue(int t)
    {
        // A lent thread is queued when its context comes back (EndLease).
        if (_threads[t].Paused || _threads[t].LentTo > 0)
            return;
        var p = _threads[t].Priority;
        _threads[t].Next = -1;
        if (_runTail[p] < 0)
            _runHead[p] = t;
        else
            _threads[_runTail[p]].Next = t;
        _runTail[p] = t;
    }

    private void RemoveFromRunQueue(int t)
    {
        var p = _threads[t].Priority;
        var prev = -1;
        for (var i = _runHead[p]; i >= 0; i = _threads[i].Next)
        {
            if (i == t)
            {
                if (prev < 0)
                    _runHead[p] = _threads[i].Next;
                else
                    _threads[prev].Next = _threads[i].Next;
                if (_runTail[p] == t)
                    _runTail[p] = prev;
                _threads[t].Next = -1;
                return;
            }
            prev = i;
        }
    }

    private int Dequeue()
    {
        for (var p = _runHead.Length - 1; p >= 0; p--)
        {
            var t = _runHead[p];
            if (t < 0)
                continue;
            _runHead[p] = _threads[t].Next;
            if (_runHead[p] < 0)
                _runTail[p] = -1;
            _threads[t].Next = -1;
            return t;
        }
        return 0;
    }

    private bool AnyReady()
    {
        for (var p = 0; p < _runHead.Length; p++)
        {
            if (_runHead[p] >= 0)
                return true;
        }
        return false;
    }

    private void MakeReady(int t)
    {
        _threads[t].State = ThreadState.Ready;
        Enqueue(t);
    }

    /// <summary>Unblocks a thread with a syscall result and makes it ready.</summary>
    private void Wake(int t, SyscallStatus result)
    {
        CancelTimeout(t);
        _threads[t].Result = result;
        _threads[t].BlockedOn = 0;
        MakeReady(t);
    }

    /// <summary>
    /// Switches away from the current thread, which has already been blocked, queued or killed.
    /// Returns when the current thread runs again.
    /// </summary>
    private void Schedule()
    {
        var next = Dequeue();
        SwitchTo(next);
    }

    /// <summary>Hands the CPU directly to <paramref name="next"/> (time donation on IPC).</summary>
    private void SwitchTo(int next)
    {
        var from = _current;
        if (next == from)
        {
            _threads[from].State = ThreadState.Running;
            return;
        }
        var fromDead = from != 0 && _threads[from].State == ThreadState.Dead;
        if (from == 0)
            _threads[0].State = ThreadState.Ready;
        _current = next;
        _threads[next].State = ThreadState.Running;
        _cpu.Switch(from, next, fromDead);
    }

    /// <summary>
    /// As <see cref="SwitchTo"/>, from a caller to the server that received its call, which runs
    /// on the caller's context (<see cref="Hal.IHalCpu.Lend"/>) until it gives it back.
    /// </summary>
    private void LendTo(int server)
    {
        var caller = _current;
        _threads[caller].LentTo = server;
        _threads[server].BorrowedFrom = caller;
        _current = server;
        _threads[server].State = ThreadState.Running;
        _cpu.Lend(caller, server);
    }

    /// <summary>After waking <paramref name="woken"/>: preempt the current thread if it has lower priority.</summary>
    private void MaybePreempt(int woken)
    {
        var t = _current;
        if (t == 0 || _threads[woken].Priority <= _threads[t].Priority || _threads[woken].Paused || _threads[woken].LentTo > 0)
            return;
        RemoveFromRunQueue(woken);
        _threads[t].State = ThreadState.Ready;
        // The preempted thread keeps its place at the head of its level.
        var p = _threads[t].Priority;
        _threads[t].Next = _runHead[p];
        _runHead[p] = t;
        if (_runTail[p] < 0)
            _runTail[p] = t;
        SwitchTo(woken);
    }
}
