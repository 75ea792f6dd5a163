using Framework.Platform;
using Framework.Rpc;

namespace Framework.Core;

/// <summary>
/// Core's entrypoint: one thread in core's PD that serves every core RPC object, resolves page
/// faults as the pager of all components, and handles core's own signals.
/// </summary>
internal sealed class CoreEntrypoint(IKernelPlatform kernel, PdHandle pd, EndpointHandle endpoint) : IRpcEntrypoint
{
    private readonly Dictionary<ulong, (object Target, ObjectHandle Object, KernelCapability Cap, Action<MessageBuffer, MessageBuffer> Dispatch)> _objects = [];
    private readonly Dictionary<object, ulong> _badges = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<KernelCapability, object> _byCap = [];
    private readonly Dictionary<ulong, Action<ulong, bool, int, ulong>> _pagers = [];
    private readonly Dictionary<ulong, Action> _signals = [];
    private ulong _nextBadge = 1;

    public PdHandle Pd => pd;
    public EndpointHandle Endpoint => endpoint;
    public IIpcPort Port => kernel.PortOf(pd);

    public Capability<T> Manage<T>(T target, RpcDispatch<T> dispatch) where T : class
    {
        var badge = _nextBadge++;
        var obj = kernel.MintObject(endpoint, badge);
        var cap = kernel.Delegate(pd, obj);
        var port = Port;
        _objects[badge] = (target, obj, cap, (rq, rp) => dispatch(target, rq, rp, port));
        _badges[target] = badge;
        _byCap[cap] = target;
        return new Capability(port, cap).Cast<T>();
    }

    public void Dissolve(object target)
    {
        if (!_badges.Remove(target, out var badge) || !_objects.Remove(badge, out var entry))
            return;
        _byCap.Remove(entry.Cap);
        kernel.RevokeObject(entry.Object);
        kernel.DeleteCap(pd, entry.Cap);
    }

    /// <summary>The core object a capability received by core names, if it is one of core's.</summary>
    public T? Lookup<T>(Capability cap) where T : class =>
        cap.IsValid && _byCap.TryGetValue(cap.Handle, out var target) ? target as T : null;

    /// <summary>Creates a pager object: faults of threads paged by it call <paramref name="onFault"/>(address, write, thread, replyToken).</summary>
    public ObjectHandle CreatePager(Action<ulong, bool, int, ulong> onFault)
    {
        var badge = _nextBadge++;
        var obj = kernel.MintObject(endpoint, badge);
        _pagers[badge] = onFault;
        return obj;
    }

    /// <summary>A signal context of core's own, handled on this entrypoint.</summary>
    public SignalContextHandle CreateSignal(Action handler)
    {
        var imprint = _nextBadge++;
        _signals[imprint] = handler;
        return kernel.CreateSignalContext(endpoint, imprint);
    }

    public void Serve()
    {
        var receive = new MessageBuffer(kernel.Info.MaxMessageBytes);
        var reply = new MessageBuffer(kernel.Info.MaxMessageBytes);
        kernel.Serve(endpoint, receive, info => Handle(info, receive, reply));
    }

    /// <summary>One received call, fault or signal; returns the reply to send, if any.</summary>
    private MessageBuffer? Handle(ReceiveInfo info, MessageBuffer receive, MessageBuffer reply)
    {
        switch (info.Kind)
        {
            case ReceiveKind.Call:
                if (_objects.TryGetValue(info.Badge, out var entry))
                    entry.Dispatch(receive, reply);
                else
                    RpcExceptions.WriteError(reply, Port, RpcCodes.InvalidObject, $"core has no object {info.Badge}");
                return reply;
            case ReceiveKind.Fault:
                var token = kernel.DeferReply();
                if (_pagers.TryGetValue(info.Badge, out var pager))
                    pager(info.FaultAddress, info.FaultWrite, info.FaultThread, token);
                return null;
            case ReceiveKind.Signal:
                if (_signals.TryGetValue(info.Imprint, out var handler))
                    handler();
                return null;
            default:
                return null;
        }
    }
}
