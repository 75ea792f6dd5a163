namespace Framework.Kernel.Native;

/// <summary>Endpoints, RPC objects and rendezvous IPC.</summary>
public sealed partial class NativeKernel
{
    /// <summary>Creates an endpoint owned by <paramref name="pd"/>: the receive side of an entrypoint or pager.</summary>
    public SyscallResult CreateEndpoint(int pd)
    {
        if (!IsPdAlive(pd))
            return Traced(TraceEvent.CreateEndpoint, (ulong)pd, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        var e = 0;
        for (var i = 1; i < _endpointHigh; i++)
        {
            if (!_endpoints[i].Alive)
            {
                e = i;
                break;
            }
        }
        if (e == 0)
        {
            if (_endpointHigh >= _endpoints.Length)
                return Traced(TraceEvent.CreateEndpoint, (ulong)pd, SyscallResult.Error(SyscallStatus.OutOfSlots, 0));
            e = _endpointHigh++;
        }
        _endpoints[e] = default;
        _endpoints[e].Alive = true;
        _endpoints[e].Pd = pd;
        _endpoints[e].ReceiversHead = _endpoints[e].ReceiversTail = -1;
        _endpoints[e].SendersHead = _endpoints[e].SendersTail = -1;
        _endpoints[e].SignalsHead = _endpoints[e].SignalsTail = -1;
        return Traced(TraceEvent.CreateEndpoint, (ulong)pd, SyscallResult.Success((ulong)e));
    }

    public SyscallStatus DestroyEndpoint(int e)
    {
        if (e <= 0 || e >= _endpointHigh || !_endpoints[e].Alive)
            return SyscallStatus.BadArgument;
        DestroyEndpointInternal(e);
        return SyscallStatus.Ok;
    }

    private void DestroyEndpointInternal(int e)
    {
        // Callers still queued will never be served.
        while (_endpoints[e].SendersHead >= 0)
        {
            var s = _endpoints[e].SendersHead;
            RemoveSender(e, s);
            Wake(s, SyscallStatus.Aborted);
        }
        while (_endpoints[e].ReceiversHead >= 0)
        {
            var r = _endpoints[e].ReceiversHead;
            RemoveReceiver(e, r);
            Wake(r, SyscallStatus.Aborted);
        }
        for (var o = 1; o < _objectPool.High; o++)
        {
            if (_objects[o].Alive && _objects[o].Endpoint == e)
                RevokeObjectInternal(o);
        }
        for (var s = 1; s < _signalPool.High; s++)
        {
            if (_signals[s].Alive && _signals[s].Endpoint == e)
                FreeSignalContextInternal(s);
        }
        _endpoints[e].Alive = false;
    }

    /// <summary>Mints an RPC object on endpoint <paramref name="e"/> with <paramref name="badge"/> (Cap_session::alloc).</summary>
    public SyscallResult MintObject(int e, ulong badge)
    {
        if (e <= 0 || e >= _endpointHigh || !_endpoints[e].Alive)
            return Traced(TraceEvent.MintObject, (ulong)e, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        var o = _objectPool.Take();
        if (o == 0)
            return Traced(TraceEvent.MintObject, (ulong)e, SyscallResult.Error(SyscallStatus.OutOfSlots, 0));
        _objects[o].Alive = true;
        _objects[o].Generation++;
        _objects[o].Endpoint = e;
        _objects[o].Badge = badge;
        return Traced(TraceEvent.MintObject, (ulong)e, SyscallResult.Success((ulong)o));
    }

    /// <summary>Revokes an RPC object: every capability naming it becomes invalid at once.</summary>
    public SyscallStatus RevokeObject(int o)
    {
        if (o <= 0 || o >= _objectPool.High || !_objects[o].Alive)
            return Traced(TraceEvent.RevokeObject, (ulong)o, 0, SyscallStatus.BadArgument);
        RevokeObjectInternal(o);
        return Traced(TraceEvent.RevokeObject, (ulong)o, 0, SyscallStatus.Ok);
    }

    private void RevokeObjectInternal(int o)
    {
        _objects[o].Alive = false;
        // Callers queued on this very object will never be served by it.
        var e = _objects[o].Endpoint;
        var s = _endpoints[e].SendersHead;
        while (s >= 0)
        {
            var next = _threads[s].Next;
            if (_threads[s].BlockedOn == e && _threads[s].Message is not null && _threads[s].Message!.Badge == _objects[o].Badge)
            {
                RemoveSender(e, s);
                Wake(s, SyscallStatus.Aborted);
            }
            s = next;
        }
        _objectPool.Give(o);
    }

    public bool ObjectOf(int pd, int selector, out int endpoint, out ulong badge)
    {
        endpoint = 0;
        badge = 0;
        if (!Resolve(pd, selector, CapKind.Object, out var o))
            return false;
        endpoint = _objects[o].Endpoint;
        badge = _objects[o].Badge;
        return true;
    }

    /// <summary>
    /// Calls the object named by <paramref name="selector"/> in the caller's space and blocks
    /// until the reply has been written into <paramref name="message"/>.
    /// </summary>
    public SyscallStatus Call(int selector, IpcBuffer message)
    {
        var t = _current;
        var pd = _threads[t].Pd;
        if (!Resolve(pd, selector, CapKind.Object, out var o))
            return Traced(TraceEvent.Call, (ulong)selector, 0, SyscallStatus.BadCapability);
        if (message.Length > _config.MaxMessageBytes || message.CapCount > IpcBuffer.MaxCaps || message.Length > message.Data.Length)
            return Traced(TraceEvent.Call, (ulong)selector, (ulong)message.Length, SyscallStatus.MessageTooLarge);
        var e = _objects[o].Endpoint;
        // The badge travels with the request; the receiver learns which object was called.
        message.Badge = _objects[o].Badge;
        message.Kind = IpcKind.Call;
        _threads[t].Message = message;
        _threads[t].Result = SyscallStatus.Ok;
        Trace(TraceEvent.Call, (ulong)selector, _objects[o].Badge, SyscallStatus.Ok);

        var receiver = _endpoints[e].ReceiversHead;
        if (receiver >= 0)
        {
            RemoveReceiver(e, receiver);
            var status = Transfer(t, receiver);
            if (status != SyscallStatus.Ok)
            {
                // The receiver could not take the message; it keeps waiting.
                PushReceiver(e, receiver);
                return status;
            }
            _threads[receiver].Result = SyscallStatus.Ok;
            _threads[receiver].ReplyTo = t;
            _threads[receiver].BlockedOn = 0;
            _threads[t].State = ThreadState.BlockedReply;
            _threads[t].ServedBy = receiver;
            if (_cpu.CanLend(receiver))
                LendTo(receiver);
            else
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
        _threads[t].Message = null;
        return _threads[t].Result;
    }

    /// <summary>
    /// Replies to the caller the current thread serves (if any) with <paramref name="reply"/>,
    /// then waits on endpoint <paramref name="endpoint"/> for the next request, signal or fault,
    /// which arrives in <paramref name="receive"/>.
    /// </summary>
    public SyscallStatus ReplyAndWait(int endpoint, IpcBuffer? reply, IpcBuffer receive) =>
        ReplyAndWait(endpoint, reply, receive, block: true);

    /// <summary>
    /// As <see cref="ReplyAndWait(int, IpcBuffer?, IpcBuffer)"/>; with <paramref name="block"/> false
    /// it returns <see cref="SyscallStatus.Timeout"/> at once when nothing is pending (a poll).
    /// </summary>
    public SyscallStatus ReplyAndWait(int endpoint, IpcBuffer? reply, IpcBuffer receive, bool block)
    {
        var t = _current;
        if (endpoint <= 0 || endpoint >= _endpointHigh || !_endpoints[endpoint].Alive || _endpoints[endpoint].Pd != _threads[t].Pd)
            return Traced(TraceEvent.ReplyAndWait, (ulong)endpoint, 0, SyscallStatus.BadArgument);

        var caller = _threads[t].ReplyTo;
        _threads[t].ReplyTo = -1;
        if (caller > 0 && reply is not null)
            ReplyTo(t, caller, reply);
        else if (caller > 0)
            Wake(caller, SyscallStatus.Aborted);

        _threads[t].Message = receive;
        var status = TryReceive(t, endpoint);
        if (status != SyscallStatus.Canceled)
        {
            _threads[t].Message = null;
            // Also the thread's result: a wait that began on a borrowed context continues on the
            // thread's own one, which picks the result up there (see Detached below).
            _threads[t].Result = status;
            return status;
        }
        if (!block)
        {
            _threads[t].Message = null;
            _threads[t].Result = SyscallStatus.Timeout;
            return Traced(TraceEvent.ReplyAndWait, (ulong)endpoint, 0, SyscallStatus.Timeout);
        }

        _threads[t].State = ThreadState.BlockedReceive;
        _threads[t].BlockedOn = endpoint;
        PushReceiver(endpoint, t);
        // Donate the CPU to the caller just answered, if it is still ready to run.
        if (caller > 0 && _threads[caller].State == ThreadState.Ready && !_threads[caller].Paused && _threads[caller].LentTo == 0)
        {
            RemoveFromRunQueue(caller);
            SwitchTo(caller);
        }
        else
        {
            Schedule();
        }
        if (_current != t)
        {
            // The hosted HAL ran this thread on a caller's context and took it off there as it
            // began to wait: the thread still waits, on its own context (IHalCpu.Lend).
            return SyscallStatus.Detached;
        }
        _threads[t].Message = null;
        return _threads[t].Result;
    }

    /// <summary>
    /// For a server thread the HAL runs on a caller's context: the end of the wait it started
    /// on its own context (the part of <see cref="ReplyAndWait(int, IpcBuffer?, IpcBuffer, bool)"/>
    /// after the switch), returning what that wait returns.
    /// </summary>
    public SyscallStatus ResumeWait()
    {
        var t = _current;
        _threads[t].Message = null;
        return _threads[t].Result;
    }

    /// <summary>
    /// Called by a server thread running on a caller's context when it is done with it (back at
    /// its wait for the next request): from now on the caller may run again, as soon as it is
    /// ready. A no-op for a thread on its own context.
    /// </summary>
    public void ReturnContext() => EndLease(_current);

    private void EndLease(int borrower)
    {
        var lender = _threads[borrower].BorrowedFrom;
        if (lender <= 0)
            return;
        _threads[borrower].BorrowedFrom = 0;
        if (_threads[lender].LentTo != borrower)
            return;
        _threads[lender].LentTo = 0;
        // Woken while lent (a reply sent before the server returned the context): queue it now.
        if (_threads[lender].State == ThreadState.Ready)
            Enqueue(lender);
    }

    /// <summary>Replies without waiting (for a server thread that serves one request at a time).</summary>
    public SyscallStatus Reply(IpcBuffer reply)
    {
        var t = _current;
        var caller = _threads[t].ReplyTo;
        _threads[t].ReplyTo = -1;
        if (caller <= 0)
            return Traced(TraceEvent.Reply, 0, 0, SyscallStatus.BadState);
        ReplyTo(t, caller, reply);
        MaybePreempt(caller);
        return SyscallStatus.Ok;
    }

    private void ReplyTo(int server, int caller, IpcBuffer reply)
    {
        if (_threads[caller].State != ThreadState.BlockedReply || _threads[caller].ServedBy != server)
            return;
        Trace(TraceEvent.Reply, (ulong)caller, (ulong)reply.Length, SyscallStatus.Ok);
        _threads[caller].ServedBy = -1;
        if (_threads[caller].InFault)
        {
            // Replying to a fault resumes the faulter, which retries its access.
            _threads[caller].InFault = false;
            Wake(caller, SyscallStatus.Ok);
            return;
        }
        var dst = _threads[caller].Message;
        if (dst is null || reply.Length > dst.Data.Length || reply.CapCount > IpcBuffer.MaxCaps)
        {
            Wake(caller, SyscallStatus.MessageTooLarge);
            return;
        }
        var status = CopyMessage(_threads[server].Pd, reply, _threads[caller].Pd, dst);
        Wake(caller, status);
    }

    /// <summary>
    /// Takes a pending call, signal or nothing. Returns Canceled (never a syscall result here)
    /// to mean "nothing pending, block".
    /// </summary>
    private SyscallStatus TryReceive(int t, int e)
    {
        var sender = _endpoints[e].SendersHead;
        while (sender >= 0)
        {
            RemoveSender(e, sender);
            if (_threads[sender].InFault)
            {
                DeliverFault(sender, t);
                return SyscallStatus.Ok;
            }
            var status = Transfer(sender, t);
            if (status == SyscallStatus.Ok)
            {
                _threads[t].ReplyTo = sender;
                _threads[sender].State = ThreadState.BlockedReply;
                _threads[sender].ServedBy = t;
                Trace(TraceEvent.Receive, (ulong)sender, _threads[t].Message!.Badge, SyscallStatus.Ok);
                return SyscallStatus.Ok;
            }
            // This request cannot be delivered; fail the sender and try the next.
            Wake(sender, status);
            sender = _endpoints[e].SendersHead;
        }
        var ctx = _endpoints[e].SignalsHead;
        if (ctx >= 0)
        {
            DeliverSignal(e, t);
            return SyscallStatus.Ok;
        }
        return SyscallStatus.Canceled;
    }

    /// <summary>Copies the sender's request into the receiver's buffer, translating capabilities.</summary>
    private SyscallStatus Transfer(int sender, int receiver)
    {
        var src = _threads[sender].Message!;
        var dst = _threads[receiver].Message!;
        if (src.Length > dst.Data.Length)
            return SyscallStatus.MessageTooLarge;
        var status = CopyMessage(_threads[sender].Pd, src, _threads[receiver].Pd, dst);
        if (status != SyscallStatus.Ok)
            return status;
        dst.Badge = src.Badge;
        dst.Kind = IpcKind.Call;
        return SyscallStatus.Ok;
    }

    /// <summary>
    /// Copies payload and translates each capability from the sender's space into the
    /// receiver's. An invalid capability arrives as selector 0.
    /// </summary>
    private SyscallStatus CopyMessage(int fromPd, IpcBuffer src, int toPd, IpcBuffer dst)
    {
        var fromCaps = CapsOf(fromPd);
        var toCaps = CapsOf(toPd);
        if (toCaps is null)
            return SyscallStatus.Aborted;
        for (var i = 0; i < src.CapCount; i++)
        {
            var translated = 0;
            if (fromCaps is not null && fromCaps.TryGet(src.Caps[i], out var slot) && GenerationOf(slot.Kind, slot.Index) == slot.Generation)
            {
                var installed = InstallSweeping(toCaps, slot.Kind, slot.Index, slot.Generation);
                if (!installed.IsSuccess)
                    return installed.Status;
                translated = (int)installed.Value;
            }
            dst.Caps[i] = translated;
        }
        dst.CapCount = src.CapCount;
        Copy(src.Data, dst.Data, src.Length);
        dst.Length = src.Length;
        return SyscallStatus.Ok;
    }

    private static void Copy(byte[] from, byte[] to, int length)
    {
        // A plain loop would do; block copy keeps the hosted build fast.
        System.Buffer.BlockCopy(from, 0, to, 0, length);
    }

    private void PushSender(int e, int t)
    {
        _threads[t].Next = -1;
        if (_endpoints[e].SendersTail < 0)
            _endpoints[e].SendersHead = t;
        else
            _threads[_endpoints[e].SendersTail].Next = t;
        _endpoints[e].SendersTail = t;
    }

    private void RemoveSender(int e, int t)
    {
        RemoveFromList(ref _endpoints[e].SendersHead, ref _endpoints[e].SendersTail, t);
    }

    private void PushReceiver(int e, int t)
    {
        _threads[t].Next = -1;
        if (_endpoints[e].ReceiversTail < 0)
            _endpoints[e].ReceiversHead = t;
        else
            _threads[_endpoints[e].ReceiversTail].Next = t;
        _endpoints[e].ReceiversTail = t;
    }

    private void RemoveReceiver(int e, int t)
    {
        RemoveFromList(ref _endpoints[e].ReceiversHead, ref _endpoints[e].ReceiversTail, t);
    }

    private void RemoveFromList(ref int head, ref int tail, int t)
    {
        var prev = -1;
        for (var i = head; i >= 0; i = _threads[i].Next)
        {
            if (i == t)
            {
                if (prev < 0)
                    head = _threads[i].Next;
                else
                    _threads[prev].Next = _threads[i].Next;
                if (tail == t)
                    tail = prev;
                _threads[t].Next = -1;
                return;
            }
            prev = i;
        }
    }
}
