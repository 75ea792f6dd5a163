using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Init.Runtime;

internal enum ChildState
{
    /// <summary>An environment session (binary, LOG, PD, CPU) cannot be routed: not started, reported incomplete.</summary>
    Stuck,
    Running,
    /// <summary>Called exit (or faulted); its resources are released, its entry stays for the report.</summary>
    Exited,
    /// <summary>Removed from the config or scheduled for a restart; destroyed before new children start.</summary>
    Abandoned,
}

/// <summary>
/// A session as init tracks it, Genode's <c>Session_state</c>: who asked (null: init's own parent,
/// for services init re-exports), for what, where it was routed, and the quota donated with it.
/// </summary>
internal sealed class SessionRecord
{
    public required Child? Client { get; init; }
    public required string Service { get; init; }

    /// <summary>The label the server sees (after the route's label rewriting).</summary>
    public required SessionLabel Label { get; set; }

    /// <summary>The full label before rewriting (<c>client -&gt; x</c>), against which routes are re-checked.</summary>
    public required SessionLabel RequestLabel { get; init; }

    public required string Args { get; set; }
    public ulong Ram { get; set; }
    public ulong Caps { get; set; }
    public SessionPhase Phase { get; set; } = SessionPhase.CreateRequested;
    public RouteDecision? Route { get; set; }

    /// <summary>The server child, or null for a session at init's parent or served by init itself.</summary>
    public Child? Server { get; set; }

    public Capability Cap { get; set; }

    /// <summary>The client waits for this session (a deferred reply), until its server announces the service.</summary>
    public DeferredReply? Pending { get; set; }

    /// <summary>
    /// The server's root answered "not yet" (a nested init without its server): init asks again only
    /// once that server announces again. Calling the root earlier could meet the nested init busy
    /// calling init (creating its server), and both would wait for each other.
    /// </summary>
    public bool NotYet { get; set; }

    /// <summary>Created by init for the child (PD, binary ROM) or served by init (config ROM): not re-routed.</summary>
    public bool ByInit { get; init; }

    public SessionInfo Info() => new(Service, Label.Value, Phase, Ram, Caps, Args);
}

/// <summary>A child of init: its PD, its parent interface, its sessions, its services, its quota.</summary>
internal sealed class Child(int id, StartNode start)
{
    public int Id { get; } = id;
    public StartNode Start { get; set; } = start;
    public string Name => Start.Name;
    public ChildState State { get; set; } = ChildState.Stuck;
    public bool Abandoned => State == ChildState.Abandoned;
    public bool Alive => State is ChildState.Running;

    /// <summary>An environment route broke after the start (its server vanished): reported incomplete.</summary>
    public bool RouteBroken { get; set; }

    public Capability<IPdSession> PdCap { get; set; }
    public IPdSession? Pd { get; set; }
    public Capability<IParent> ParentCap { get; set; }
    public ChildParent? Parent { get; set; }
    public SignalHandler? FaultSignal { get; set; }

    public SessionRecord? PdSession { get; set; }
    public SessionRecord? BinarySession { get; set; }

    /// <summary>Services the child announced (and declared), by name.</summary>
    public Dictionary<string, IRoot> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Sessions the child asked for (client side), in request order.</summary>
    public List<SessionRecord> Requested { get; } = [];

    /// <summary>Sessions routed to the child (server side), in request order.</summary>
    public List<SessionRecord> Provided { get; } = [];

    public ConfigRomSession? ConfigRom { get; set; }
    public Capability ConfigRomCap { get; set; }

    public ulong RamAssigned { get; set; }
    public ulong CapsAssigned { get; set; }
    public ulong RamRequested { get; set; }
    public ulong CapsRequested { get; set; }
    public string YieldArgs { get; set; } = "";

    public Capability ResourceAvailSigh { get; set; }
    public Capability YieldSigh { get; set; }
    public Capability HeartbeatSigh { get; set; }
    public bool HeartbeatOutstanding { get; set; }
    public uint SkippedHeartbeats { get; set; }

    public int? ExitValue { get; set; }

    /// <summary>Reported as <c>state="incomplete"</c>: not started, a broken route, or its LOG session not yet delivered.</summary>
    public bool Incomplete =>
        State == ChildState.Stuck || RouteBroken
        || (State == ChildState.Running && Requested.Any(s => s.Service == ILogSession.ServiceName
            && s.RequestLabel.Value == Name && s.Phase != SessionPhase.CapHandedOut));

    public SessionRecord? Session(Capability cap)
    {
        foreach (var s in Requested)
        {
            if (s.Cap.IsValid && s.Cap.Handle == cap.Handle)
                return s;
        }
        return null;
    }
}

/// <summary>init's side of a child's parent interface: every call goes to the sandbox.</summary>
internal sealed class ChildParent(Sandbox sandbox, Child child) : IParent
{
    public void Exit(int exitValue) => sandbox.ChildExited(child, exitValue);

    public void Announce(string serviceName, Capability root) => sandbox.Announce(child, serviceName, root.Cast<IRoot>());

    public Capability Session(string serviceName, string args) => sandbox.Session(child, serviceName, args);

    public void Upgrade(Capability session, string args) => sandbox.Upgrade(child, session, args);

    public void Close(Capability session) => sandbox.Close(child, session);

    public void ResourceAvailSigh(Capability sigh) => child.ResourceAvailSigh = sigh;

    public void ResourceRequest(string args) => sandbox.ResourceRequest(child, args);

    public void YieldSigh(Capability sigh) => child.YieldSigh = sigh;

    public string YieldRequest() => child.YieldArgs;

    public void YieldResponse() => sandbox.YieldResponse(child);

    public void HeartbeatSigh(Capability sigh) => child.HeartbeatSigh = sigh;

    public void HeartbeatResponse()
    {
        child.HeartbeatOutstanding = false;
        child.SkippedHeartbeats = 0;
    }
}

/// <summary>
/// A child's "config" ROM: the text of its start node's <c>&lt;config&gt;</c> in a dataspace of init's.
/// A changed <c>&lt;config&gt;</c> gets a new dataspace and a signal, as a dynamic ROM.
/// </summary>
internal sealed class ConfigRomSession(Env env, string text) : IRomSession, IDisposable
{
    private AttachedRamDataspace _current = Fill(env, text);
    private AttachedRamDataspace? _previous;
    private Capability<IDataspace> _handedOut;
    private Capability _sigh;

    public string Text { get; private set; } = text;

    Capability<IDataspace> IRomSession.Dataspace()
    {
        // The client has moved on: the old version is no longer attached by anyone who asked.
        _previous?.Dispose();
        _previous = null;
        return _handedOut = _current.Cap;
    }

    public bool Update() => _handedOut.Handle == _current.Cap.Handle;

    public void Sigh(Capability context) => _sigh = context;

    /// <summary>Installs a new version and tells the client.</summary>
    public void Change(string text)
    {
        if (text == Text)
            return;
        Text = text;
        _previous?.Dispose();
        _previous = _current;
        _current = Fill(env, text);
        if (_sigh.IsValid)
            new SignalTransmitter(env, _sigh).Submit();
    }

    private static AttachedRamDataspace Fill(Env env, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var ds = new AttachedRamDataspace(env, (ulong)bytes.Length + 1);
        bytes.CopyTo(ds.Span);
        return ds;
    }

    public void Dispose()
    {
        _previous?.Dispose();
        _current.Dispose();
    }
}
