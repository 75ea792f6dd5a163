namespace Framework.Base;

/// <summary>
/// Modern Genode's dynamic resource protocol between a component and its parent: resource
/// requests, yield requests and heartbeats. Signals arrive on the entrypoint, so nothing here blocks.
/// </summary>
public sealed partial class Env
{
    private SignalHandler? _resourceAvail;
    private Action? _onResourceAvail;
    private SignalHandler? _yield;
    private SignalHandler? _heartbeat;

    /// <summary>
    /// Asks the parent for more quota (<c>ram_quota=2M, cap_quota=10</c>). <paramref name="onAvailable"/>
    /// runs on the entrypoint once the parent upgraded the component's quota; a later request
    /// replaces the callback of an earlier, unanswered one.
    /// </summary>
    public void RequestResources(string args, Action onAvailable)
    {
        _onResourceAvail = onAvailable;
        if (_resourceAvail is null)
        {
            _resourceAvail = new SignalHandler(Ep, () =>
            {
                var callback = _onResourceAvail;
                _onResourceAvail = null;
                callback?.Invoke();
            });
            Parent.ResourceAvailSigh(_resourceAvail);
        }
        Parent.ResourceRequest(args);
    }

    /// <summary>
    /// Installs <paramref name="handler"/> for the parent's yield requests; it receives the amount the
    /// parent wants back and should free memory, then call <see cref="YieldResponse"/>.
    /// </summary>
    public void HandleYieldRequests(Action<string> handler)
    {
        _yield?.Dispose();
        _yield = new SignalHandler(Ep, () => handler(Parent.YieldRequest()));
        Parent.YieldSigh(_yield);
    }

    /// <summary>Tells the parent that quota was freed in reply to its yield request.</summary>
    public void YieldResponse() => Parent.YieldResponse();

    /// <summary>
    /// Answers the parent's heartbeats from the entrypoint, which is how a parent (init's
    /// <c>&lt;heartbeat&gt;</c>) sees that the component is not stuck. Idempotent.
    /// </summary>
    public void RespondToHeartbeats()
    {
        if (_heartbeat is not null)
            return;
        _heartbeat = new SignalHandler(Ep, () => Parent.HeartbeatResponse());
        Parent.HeartbeatSigh(_heartbeat);
    }
}
