using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Init.Runtime;

internal sealed partial class Sandbox
{
    /// <summary>Requests waiting for a server that has not announced its service yet.</summary>
    private readonly List<SessionRecord> _stalled = [];
    private readonly SignalHandler _retrySignal;

    private Capability<IPdSession> InitPd => ((IPdSession.Client)_env.Pd).Cap;

    /// <summary>A child's session request (Genode's <c>Child::session</c> with init's policy).</summary>
    public Capability Session(Child child, string service, string args)
    {
        switch (service)
        {
            case "Env::pd":
                return child.PdCap;
            case "Env::cpu":
                return child.Pd!.Cpu();
            case "Env::rm":
                return child.Pd!.Rm();
        }
        var clientLabel = SessionLabel.FromArgs(args);
        var full = clientLabel.Prefixed(child.Name);
        RouteDecision? decision = null;
        if (service == IRomSession.ServiceName && full.LastElement.Value == "config")
        {
            if (child.Start.Config is not null)
                return ConfigRom(child, full);
            if (child.Start.ConfigFile is { } file && Config.ParentProvides.Contains(IRomSession.ServiceName))
                decision = new RouteDecision(RouteKind.Parent, null, new SessionLabel(file));
        }
        decision ??= RouteResolver.Resolve(Config, child.Start, service, full, clientLabel);

        // A client retrying a denied request replaces the earlier record.
        child.Requested.RemoveAll(r => r.Service == service && r.RequestLabel == full
            && r.Phase is SessionPhase.ServiceDenied or SessionPhase.InsufficientRamQuota or SessionPhase.InsufficientCapQuota);
        var record = new SessionRecord
        {
            Client = child, Service = service, RequestLabel = full,
            Label = decision.Kind == RouteKind.Denied ? full : decision.Label,
            Args = decision.Kind == RouteKind.Denied ? args : ArgString.SetArg(args, "label", decision.Label.ToArgValue()),
            Ram = ArgString.FindArg(args, "ram_quota").ULongValue(0),
            Caps = ArgString.FindArg(args, "cap_quota").ULongValue(0),
            Route = decision,
        };
        child.Requested.Add(record);
        TriggerReport();

        if (decision.Kind == RouteKind.Denied)
        {
            Diagnose(decision);
            record.Phase = SessionPhase.ServiceDenied;
            throw new ServiceDeniedException(decision.Diagnostic ?? $"no route to service \"{service}\"");
        }
        if (decision.Kind == RouteKind.Child)
        {
            var server = LiveChild(decision.Server!);
            record.Server = server;
            server?.Provided.Add(record);
            if (server is null || server.State != ChildState.Running || !server.Services.ContainsKey(service))
            {
                if (server is { State: ChildState.Exited })
                {
                    record.Phase = SessionPhase.ServiceDenied;
                    server.Provided.Remove(record);
                    throw new ServiceDeniedException($"server \"{server.Name}\" has exited");
                }
                // The server is yet to announce the service: the request waits for it.
                return Stall(record);
            }
        }
        try
        {
            return Deliver(record);
        }
        catch (UnavailableException)
        {
            // The server (a nested init) answered "not yet": wait until it announces again.
            return Stall(record, notYet: true);
        }
    }

    private Capability Stall(SessionRecord record, bool notYet = false)
    {
        record.NotYet = notYet;
        record.Pending = _env.Ep.DeferReply();
        _stalled.Add(record);
        return Capability.Invalid;
    }

    /// <summary>
    /// Opens the session at the parent or at the server child. The quota named by the arguments moves
    /// client -&gt; init -&gt; server first and moves back if anything fails (Genode's Transfer guards).
    /// </summary>
    private Capability Deliver(SessionRecord record)
    {
        var client = record.Client!;
        var amount = record.Ram;
        // Caps move as RAM does: client -> init, and on to core with a session init opens there.
        if (record.Caps > 0 && client.Pd!.TransferCapQuota(InitPd, record.Caps) != 0)
        {
            Fail(record, SessionPhase.InsufficientCapQuota);
            throw new InsufficientRamQuotaException($"{client.Name}: cannot donate {record.Caps} caps");
        }
        if (amount > 0 && client.Pd!.TransferQuota(InitPd, amount) != 0)
        {
            if (record.Caps > 0)
                _env.Pd.TransferCapQuota(client.PdCap, record.Caps);
            Fail(record, SessionPhase.InsufficientRamQuota);
            throw new InsufficientRamQuotaException($"{client.Name}: cannot donate {amount} bytes of RAM quota");
        }
        var toServer = false;
        try
        {
            Capability cap;
            if (record.Server is not { } server)
            {
                cap = _env.Parent.Session(record.Service, record.Args);
            }
            else
            {
                if (amount > 0)
                {
                    if (_env.Pd.TransferQuota(server.PdCap, amount) != 0)
                        throw new InsufficientRamQuotaException($"init cannot pass {amount} bytes on to \"{server.Name}\"");
                    toServer = true;
                }
                cap = server.Services[record.Service].Session(record.Args);
            }
            record.Cap = cap;
            record.Phase = SessionPhase.CapHandedOut;
            return cap;
        }
        catch (Exception e) when (e is ServiceDeniedException or InsufficientRamQuotaException or UnavailableException
            or InvalidArgsException or RpcException or IpcException)
        {
            if (toServer && record.Server?.Pd is { } serverPd)
                serverPd.TransferQuota(InitPd, amount);
            if (amount > 0)
                _env.Pd.TransferQuota(client.PdCap, amount);
            if (record.Caps > 0)
                _env.Pd.TransferCapQuota(client.PdCap, record.Caps);
            if (e is InsufficientRamQuotaException)
            {
                Fail(record, SessionPhase.InsufficientRamQuota);
                throw;
            }
            if (e is UnavailableException && record.Server is not null)
            {
                // "Not yet" from a server's root: the caller keeps the request pending.
                record.Phase = SessionPhase.CreateRequested;
                throw;
            }
            // The parent interface declares no other failure: the server's refusal is a denial.
            Fail(record, SessionPhase.ServiceDenied);
            throw e as ServiceDeniedException ?? new ServiceDeniedException(e.Message);
        }
    }

    private static void Fail(SessionRecord record, SessionPhase phase)
    {
        record.Phase = phase;
        record.Server?.Provided.Remove(record);
    }

    /// <summary>The child's <c>&lt;config&gt;</c> node as its "config" ROM, served by init itself.</summary>
    private Capability ConfigRom(Child child, SessionLabel label)
    {
        if (child.ConfigRom is null)
        {
            child.ConfigRom = new ConfigRomSession(_env, child.Start.Config!.RawText);
            child.ConfigRomCap = _env.Ep.Manage((IRomSession)child.ConfigRom);
            child.Requested.Add(new SessionRecord
            {
                Client = child, Service = IRomSession.ServiceName, Label = label, RequestLabel = label, Args = "",
                Phase = SessionPhase.CapHandedOut, Cap = child.ConfigRomCap, ByInit = true,
            });
        }
        return child.ConfigRomCap;
    }

    // ------------------------------------------------------------------ stalled requests

    /// <summary>Answers requests whose server announced its service, or whose route changed.</summary>
    private void RetryStalled()
    {
        foreach (var record in _stalled.ToArray())
        {
            var client = record.Client;
            if (client is null || client.State != ChildState.Running || record.Pending is not { } pending)
            {
                _stalled.Remove(record);
                continue;
            }
            var decision = RouteResolver.Resolve(Config, client.Start, record.Service, record.RequestLabel);
            Child? server = null;
            if (decision.Kind == RouteKind.Child)
            {
                server = LiveChild(decision.Server!);
                if (server is null || server.State != ChildState.Running || !server.Services.ContainsKey(record.Service))
                    continue;
                if (record.NotYet && server == record.Server)
                    continue;
            }
            _stalled.Remove(record);
            record.Pending = null;
            if (record.Server != server)
            {
                record.Server?.Provided.Remove(record);
                server?.Provided.Add(record);
                record.Server = server;
            }
            record.Route = decision;
            if (decision.Kind == RouteKind.Denied)
            {
                Diagnose(decision);
                record.Phase = SessionPhase.ServiceDenied;
                ReplyDenied(pending, decision.Diagnostic ?? "denied");
                continue;
            }
            record.Label = decision.Label;
            record.Args = ArgString.SetArg(record.Args, "label", decision.Label.ToArgValue());
            Capability cap;
            try
            {
                cap = Deliver(record);
            }
            catch (UnavailableException)
            {
                // "Not yet" again (a nested init's server is still missing): keep waiting, unless the
                // client went away while init called the server.
                if (client.State == ChildState.Running)
                {
                    record.NotYet = true;
                    record.Pending = pending;
                    _stalled.Add(record);
                }
                TriggerReport();
                continue;
            }
            catch (ServiceDeniedException e)
            {
                ReplyFailure(pending, RpcExceptions.Code(1, 3), e);
                continue;
            }
            catch (InsufficientRamQuotaException e)
            {
                ReplyFailure(pending, RpcExceptions.Code(2, 3), e);
                continue;
            }
            // The stalled call is IParent.Session: reply exactly as its generated dispatcher would.
            _env.Ep.Reply(pending, msg => new RpcWriter(msg, RpcCodes.Ok).WriteCapability(cap));
            TriggerReport();
        }
    }

    private IIpcPort ParentPort => ((IParent.Client)_env.Parent).Cap.Port!;

    private void ReplyFailure(DeferredReply pending, int code, Exception e)
    {
        _env.Ep.Reply(pending, msg => RpcExceptions.WriteDeclared(msg, ParentPort, code, e));
        TriggerReport();
    }

    private void ReplyDenied(DeferredReply pending, string message) =>
        _env.Ep.Reply(pending, msg =>
            RpcExceptions.WriteDeclared(msg, ParentPort, RpcExceptions.Code(1, 3), new ServiceDeniedException(message)));

    // ------------------------------------------------------------------ announce, upgrade, close

    public void Announce(Child child, string serviceName, Capability<IRoot> root)
    {
        if (!child.Start.Provides.Contains(serviceName))
        {
            _env.Error($"{child.Name}: illegal announcement of service \"{serviceName}\"");
            return;
        }
        if (Config.Verbose)
            _env.Log($"child \"{child.Name}\" announces service \"{serviceName}\"");
        child.Services[serviceName] = new IRoot.Client(root);
        foreach (var stalled in _stalled)
        {
            if (stalled.Server == child && stalled.Service == serviceName)
                stalled.NotYet = false;
        }
        // The server waits for this call to return: serve the waiting clients afterwards, or
        // init would call into the server's busy entrypoint and both would wait for each other.
        if (_stalled.Count > 0)
            new SignalTransmitter(_env, _retrySignal).Submit();
        if (Config.Services.Count > 0)
            AnnounceForwarded(Config);
        TriggerReport();
    }

    public void Upgrade(Child child, Capability session, string args)
    {
        var s = child.Session(session);
        if (s is null || s.ByInit || s.Phase != SessionPhase.CapHandedOut)
            return;
        var amount = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        var caps = ArgString.FindArg(args, "cap_quota").ULongValue(0);
        if (amount == 0 && caps == 0)
            return;
        if (caps > 0 && child.Pd!.TransferCapQuota(InitPd, caps) != 0)
            throw new InsufficientRamQuotaException($"{child.Name}: cannot donate {caps} more caps");
        if (amount > 0 && child.Pd!.TransferQuota(InitPd, amount) != 0)
        {
            if (caps > 0)
                _env.Pd.TransferCapQuota(child.PdCap, caps);
            throw new InsufficientRamQuotaException($"{child.Name}: cannot donate {amount} more bytes");
        }
        try
        {
            if (s.Server is null)
            {
                _env.Parent.Upgrade(s.Cap, args);
            }
            else
            {
                if (amount > 0 && _env.Pd.TransferQuota(s.Server.PdCap, amount) != 0)
                    throw new InsufficientRamQuotaException($"init cannot pass {amount} bytes on to \"{s.Server.Name}\"");
                if (s.Server.Services.TryGetValue(s.Service, out var root))
                    root.Upgrade(s.Cap, args);
            }
        }
        catch
        {
            if (amount > 0)
                _env.Pd.TransferQuota(child.PdCap, amount);
            if (caps > 0)
                _env.Pd.TransferCapQuota(child.PdCap, caps);
            throw;
        }
        s.Ram += amount;
        s.Caps += caps;
        TriggerReport();
    }

    public void Close(Child child, Capability session)
    {
        var s = child.Session(session);
        if (s is null || s.ByInit)
            return;
        CloseSession(s);
        child.Requested.Remove(s);
        TriggerReport();
    }

    /// <summary>Closes a session at its server or the parent; the donated quota returns to the client.</summary>
    private void CloseSession(SessionRecord s)
    {
        if (s.Pending is { } pending)
        {
            s.Pending = null;
            _stalled.Remove(s);
            ReplyDenied(pending, "request withdrawn");
        }
        if (s.Phase != SessionPhase.CapHandedOut)
        {
            s.Server?.Provided.Remove(s);
            s.Phase = SessionPhase.Closed;
            return;
        }
        s.Phase = SessionPhase.CloseRequested;
        var returnedCaps = s.Caps;
        var isConfigRom = s.ByInit && s.Route is null && s.Service == IRomSession.ServiceName;
        if (isConfigRom)
        {
            // Served by init itself; released with the child.
        }
        else if (s.Server is null)
        {
            // Core returns a PD's caps as the PD holds them now (its parent may have moved some
            // directly): pass on what came back rather than what was donated.
            var capsBefore = _env.Pd.CapQuota();
            _env.Parent.Close(s.Cap);
            if (s.Service == IPdSession.ServiceName)
                returnedCaps = _env.Pd.CapQuota() - Math.Min(capsBefore, _env.Pd.CapQuota());
        }
        else if (s.Server.Pd is { } serverPd && s.Server.Services.TryGetValue(s.Service, out var root))
        {
            // The server may take its time to close, and init waits for it: publish the session as
            // CLOSE_REQUESTED first, as Genode's asynchronous close shows it meanwhile.
            if (Config.Report is { } report && (report.Requested || report.Provided))
                GenerateReport();
            CloseAtServer(s.Server, root, s.Cap);
            TakeBackDonation(s.Server, serverPd, s.Ram);
        }
        // (A server already destroyed returned the donation to init with its PD.)
        s.Server?.Provided.Remove(s);
        if (!s.ByInit && s.Client is { PdCap.IsValid: true } client)
        {
            if (s.Ram > 0)
                _env.Pd.TransferQuota(client.PdCap, s.Ram);
            if (returnedCaps > 0)
                _env.Pd.TransferCapQuota(client.PdCap, returnedCaps);
        }
        s.Phase = SessionPhase.Closed;
    }

    /// <summary>Closes <paramref name="session"/> at <paramref name="server"/>'s root; a server that fails to is warned about.</summary>
    private void CloseAtServer(Child server, IRoot root, Capability session)
    {
        try
        {
            root.Close(session);
        }
        catch (Exception e) when (e is RpcException or IpcException)
        {
            _env.Warning($"closing a session at \"{server.Name}\" failed: {e.Message}");
        }
    }

    /// <summary>Takes the RAM donated with a closed session back from the server's PD.</summary>
    private void TakeBackDonation(Child server, IPdSession serverPd, ulong ram)
    {
        if (ram > 0 && serverPd.TransferQuota(InitPd, ram) != 0)
            _env.Warning($"Misbehaving server \"{server.Name}\" kept {ram} bytes of quota");
    }
}
