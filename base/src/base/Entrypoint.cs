using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Base;

/// <summary>
/// The component's entrypoint: one thread that serves the component's RPC objects and
/// dispatches its signal handlers, one at a time. RPCs and signals of a component are
/// therefore serialized, as in Genode.
/// </summary>
public sealed class Entrypoint : IRpcEntrypoint
{
    private readonly Env _env;
    private readonly IComponentPlatform _platform;
    private readonly Dictionary<ulong, Managed> _objects = [];
    private readonly Dictionary<object, ulong> _badges = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ulong, SignalHandler> _signals = [];
    private ulong _nextBadge = 1;
    private ulong _nextImprint = 1;
    private ulong _deferredToken;
    private bool _deferCurrent;

    internal Entrypoint(Env env, IComponentPlatform platform)
    {
        _env = env;
        _platform = platform;
    }

    private sealed record Managed(object Target, Capability Cap, Action<MessageBuffer, MessageBuffer> Dispatch);

    /// <summary>Makes <paramref name="target"/> reachable by RPC; prefer the generated <c>ep.Manage(obj)</c>.</summary>
    public Capability<T> Manage<T>(T target, RpcDispatch<T> dispatch) where T : class
    {
        if (_badges.ContainsKey(target))
            throw new InvalidOperationException($"{target.GetType().Name} is already managed by this entrypoint");
        var badge = _nextBadge++;
        var cap = _env.Pd.AllocRpcCap(badge);
        var port = _platform.Port;
        _objects[badge] = new Managed(target, cap, (request, reply) => dispatch(target, request, reply, port));
        _badges[target] = badge;
        return cap.Cast<T>();
    }

    /// <summary>Revokes the capability of <paramref name="target"/>: every holder's copy becomes invalid.</summary>
    public void Dissolve(object target)
    {
        if (!_badges.Remove(target, out var badge))
            return;
        if (_objects.Remove(badge, out var managed))
            _env.Pd.FreeRpcCap(managed.Cap);
    }

    internal Capability ManageSignal(SignalHandler handler)
    {
        var imprint = _nextImprint++;
        var cap = _env.Pd.AllocSignalContext(imprint);
        _signals[imprint] = handler;
        handler.Imprint = imprint;
        return cap;
    }

    internal void DissolveSignal(SignalHandler handler)
    {
        if (_signals.Remove(handler.Imprint))
            _env.Pd.FreeSignalContext(handler.Capability);
    }

    /// <summary>
    /// Within an RPC function: do not reply now; the returned token answers later through
    /// <see cref="Reply"/> (Genode's omit_reply/explicit_reply, used for stalled requests).
    /// </summary>
    public DeferredReply DeferReply()
    {
        _deferCurrent = true;
        _deferredToken = _platform.DeferReply();
        return new DeferredReply(_deferredToken);
    }

    /// <summary>Sends a reply deferred earlier, built by <paramref name="write"/>.</summary>
    public void Reply(DeferredReply token, Action<MessageBuffer> write)
    {
        var msg = _platform.Port.Rent();
        try
        {
            write(msg);
            _platform.ReplyDeferred(token.Token, msg);
        }
        finally
        {
            _platform.Port.Return(msg);
        }
    }

    /// <summary>Serves RPCs and signals until the component is destroyed. Runs on the entrypoint thread.</summary>
    internal void Serve()
    {
        var receive = new MessageBuffer(_platform.Port.MaxMessageBytes);
        var reply = new MessageBuffer(_platform.Port.MaxMessageBytes);
        _platform.Serve(receive, info => Handle(info, receive, reply));
    }

    /// <summary>Announcements made while <c>Construct</c> runs wait until it returns.</summary>
    internal bool Constructing { get; set; }

    private readonly Queue<(string Service, Capability<IRoot> Root)> _announcements = new();

    internal void QueueAnnouncement(string service, Capability<IRoot> root) => _announcements.Enqueue((service, root));

    /// <summary>
    /// Sends the announcements held back during construction. Between two of them the entrypoint
    /// serves whatever is already waiting: the parent may call a root just announced (to serve a
    /// request that waited for it), and it must be answered before the parent can take the next
    /// announcement, or parent and component would wait for each other.
    /// </summary>
    internal void FlushAnnouncements()
    {
        var receive = new MessageBuffer(_platform.Port.MaxMessageBytes);
        var reply = new MessageBuffer(_platform.Port.MaxMessageBytes);
        while (_announcements.TryDequeue(out var announcement))
        {
            ServePending(receive, reply);
            _env.Parent.Announce(announcement.Service, announcement.Root);
        }
    }

    private void ServePending(MessageBuffer receive, MessageBuffer reply)
    {
        MessageBuffer? pending = null;
        while (true)
        {
            var info = _platform.ReplyAndPoll(pending, receive);
            if (info.Kind is ReceiveKind.Nothing or ReceiveKind.Aborted)
                return;
            pending = Handle(info, receive, reply);
        }
    }

    /// <summary>Dispatches one received call or signal; returns the reply to send, if any.</summary>
    private MessageBuffer? Handle(ReceiveInfo info, MessageBuffer receive, MessageBuffer reply)
    {
        switch (info.Kind)
        {
            case ReceiveKind.Signal:
                if (_signals.TryGetValue(info.Imprint, out var handler))
                    handler.Dispatch(info.SignalCount);
                return null;
            case ReceiveKind.Call:
                return DispatchCall(info.Badge, receive, reply);
            default:
                // Components are not pagers; a fault message here would be a core bug.
                return null;
        }
    }

    private MessageBuffer? DispatchCall(ulong badge, MessageBuffer request, MessageBuffer reply)
    {
        if (!_objects.TryGetValue(badge, out var managed))
        {
            RpcExceptions.WriteError(reply, _platform.Port, RpcCodes.InvalidObject, $"no object with badge {badge}");
            return reply;
        }
        _deferCurrent = false;
        try
        {
            managed.Dispatch(request, reply);
        }
        catch (Exception e) when (e is not ThreadKilledException)
        {
            // An exception the interface does not declare: the client gets ServerFault, and the
            // component is faulted, as an uncaught exception in Genode would end it.
            RpcExceptions.WriteError(reply, _platform.Port, RpcCodes.ServerFault, $"{e.GetType().Name}: {e.Message}");
            _platform.ReplyDeferred(_platform.DeferReply(), reply);
            throw;
        }
        return _deferCurrent ? null : reply;
    }
}

/// <summary>A reply held back by <see cref="Entrypoint.DeferReply"/>.</summary>
public readonly record struct DeferredReply(ulong Token);
