namespace Framework.Rpc.Tests;

/// <summary>A kernel object: an RPC object of some component, reachable through capabilities.</summary>
internal sealed class KernelObject(LoopbackPort home, long badge, Action<MessageBuffer, MessageBuffer> serve)
{
    /// <summary>The port of the component that serves the object.</summary>
    public LoopbackPort Home { get; } = home;

    public long Badge { get; } = badge;

    public Action<MessageBuffer, MessageBuffer> Serve { get; } = serve;

    /// <summary>Set by dissolve: calls fail like calls to a dead object.</summary>
    public bool Dissolved { get; set; }
}

/// <summary>
/// An in-process stand-in for a component's kernel door: each port has its own capability
/// space, and a call copies the message into the server's buffers and translates every carried
/// capability into the receiver's space, like a microkernel's IPC.
/// </summary>
internal sealed class LoopbackPort(string name, int maxMessageBytes = 1024, int firstSelector = 1, int bufferCapacity = 4096) : IIpcPort
{
    private readonly Dictionary<int, KernelObject> _space = [];
    private readonly Dictionary<KernelObject, int> _selectors = [];
    private int _nextSelector = firstSelector;

    public string Name { get; } = name;

    public int MaxMessageBytes { get; } = maxMessageBytes;

    /// <summary>Buffers rented and not yet returned: a leak check for the generated clients.</summary>
    public int Outstanding { get; private set; }

    /// <summary>Calls that reached a server (so tests can show a failing call sent nothing).</summary>
    public int CallsDelivered { get; private set; }

    // Pooled like a real component's buffers, so the allocation test measures the stubs only.
    private readonly Stack<MessageBuffer> _pool = new();

    public MessageBuffer Rent()
    {
        Outstanding++;
        return _pool.TryPop(out var buffer) ? buffer : new MessageBuffer(bufferCapacity);
    }

    public void Return(MessageBuffer message)
    {
        Outstanding--;
        message.Clear();
        _pool.Push(message);
    }

    /// <summary>Puts <paramref name="target"/> into this space (once) and returns its selector here.</summary>
    public KernelCapability Install(KernelObject target)
    {
        if (!_selectors.TryGetValue(target, out var selector))
        {
            selector = _nextSelector++;
            _space.Add(selector, target);
            _selectors.Add(target, selector);
        }
        return new KernelCapability((ulong)selector);
    }

    public KernelObject? Lookup(KernelCapability capability) =>
        capability.Value <= int.MaxValue ? _space.GetValueOrDefault((int)capability.Value) : null;

    /// <summary>Delegates a capability held by another port into this port's space (as a parent would).</summary>
    public Capability Grant(Capability capability)
    {
        var source = (LoopbackPort)capability.Port!;
        var target = source.Lookup(capability.Handle) ?? throw new InvalidOperationException("nothing to grant");
        return new Capability(this, Install(target));
    }

    public Capability<T> Grant<T>(Capability<T> capability) where T : class => Grant(capability.Untyped).Cast<T>();

    public IpcStatus Call(KernelCapability capability, MessageBuffer message)
    {
        var target = Lookup(capability);
        if (target is null || target.Dissolved)
            return IpcStatus.InvalidCapability;
        if (message.Length > MaxMessageBytes || message.CapCount > MessageBuffer.MaxCaps)
            return IpcStatus.MessageTooLarge;

        var server = target.Home;
        var request = server.Rent();
        var reply = server.Rent();
        try
        {
            if (!Transfer(message, this, request, server))
                return IpcStatus.InvalidCapability;
            request.Badge = target.Badge;
            CallsDelivered++;
            target.Serve(request, reply);
            if (reply.Length > server.MaxMessageBytes)
                return IpcStatus.MessageTooLarge;
            return Transfer(reply, server, message, this) ? IpcStatus.Ok : IpcStatus.InvalidCapability;
        }
        finally
        {
            server.Return(request);
            server.Return(reply);
        }
    }

    // Copies the bytes and translates each capability from the sender's space into the receiver's.
    private static bool Transfer(MessageBuffer from, LoopbackPort sender, MessageBuffer to, LoopbackPort receiver)
    {
        from.Data.AsSpan(0, from.Length).CopyTo(to.Data);
        to.Length = from.Length;
        for (var i = 0; i < from.CapCount; i++)
        {
            var carried = sender.Lookup(from.Caps[i]);
            if (carried is null)
                return false;
            to.Caps[i] = receiver.Install(carried);
        }
        to.CapCount = from.CapCount;
        return true;
    }

    public override string ToString() => Name;
}

/// <summary>A single-threaded entrypoint over a <see cref="LoopbackPort"/>, as a test double.</summary>
internal sealed class LoopbackEntrypoint(LoopbackPort port) : IRpcEntrypoint
{
    private readonly Dictionary<object, KernelObject> _objects = new(ReferenceEqualityComparer.Instance);
    private long _nextBadge = 1;

    public LoopbackPort Port { get; } = port;

    /// <summary>The last undeclared exception a served object raised (the entrypoint's fault report).</summary>
    public Exception? LastFault { get; private set; }

    public Capability<T> Manage<T>(T target, RpcDispatch<T> dispatch) where T : class
    {
        var kernelObject = new KernelObject(Port, _nextBadge++, (request, reply) =>
        {
            try
            {
                dispatch(target, request, reply, Port);
            }
            catch (Exception e)
            {
                // An undeclared exception faults the server: the caller learns only that.
                LastFault = e;
                RpcExceptions.WriteError(reply, Port, RpcCodes.ServerFault, e.GetType().Name);
            }
        });
        _objects.Add(target, kernelObject);
        return new Capability(Port, Port.Install(kernelObject)).Cast<T>();
    }

    public void Dissolve(object target)
    {
        if (_objects.Remove(target, out var kernelObject))
            kernelObject.Dissolved = true;
    }
}
