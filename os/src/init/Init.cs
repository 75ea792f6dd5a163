using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Init;

/// <summary>The component entry of init.</summary>
public static class Component
{
    public static void Construct(Env env) => _ = new Init(env);
}

/// <summary>
/// init: starts the children of its config, routes their session requests to its parent or
/// to sibling servers, and moves RAM quota along with every session, transactionally.
/// </summary>
internal sealed class Init
{
    private readonly Env _env;
    private readonly InitConfig _config;
    private readonly List<Child> _children = [];
    private readonly List<(Child Client, string Service, string Args, DeferredReply Reply)> _stalled = [];
    private readonly Queue<Child> _exited = new();
    private readonly SignalHandler _exitSignal;
    private readonly SignalHandler _retrySignal;

    public Init(Env env)
    {
        _env = env;
        _exitSignal = new SignalHandler(env.Ep, DestroyExitedChildren);
        _retrySignal = new SignalHandler(env.Ep, RetryStalled);
        try
        {
            _config = InitConfig.Parse(env.Config());
        }
        catch (Exception e) when (e is InitConfigException or XmlSyntaxException)
        {
            // A broken config at boot starts nothing; say what and where.
            env.Error($"invalid config: {e.Message}");
            _config = new InitConfig([], [], [], 0, false);
            return;
        }
        foreach (var start in _config.Children)
            StartChild(start);
    }

    private void StartChild(StartNode start)
    {
        var child = new Child(start);
        _children.Add(child);
        try
        {
            var ram = start.RamQuota;
            var caps = start.CapQuota == 0 ? 1000 : start.CapQuota;
            child.PdCap = _env.Parent.Session(IPdSession.ServiceName,
                $"label=\"{start.Name}\", ram_quota={ram}, cap_quota={caps}").Cast<IPdSession>();
            child.Pd = new IPdSession.Client(child.PdCap);
            child.Pd.RefAccount(((IPdSession.Client)_env.Pd).Cap);
            child.Parent = new ChildParent(this, child);
            child.ParentCap = _env.Ep.Manage((IParent)child.Parent);
            child.FaultSignal = new SignalHandler(_env.Ep, () => ChildFaulted(child));
            child.Pd.FaultHandler(child.FaultSignal);

            // The binary's ROM session stays open for the child's lifetime, as in Genode.
            child.BinaryRom = _env.Session<IRomSession>(IRomSession.ServiceName, start.Binary, 4096);
            child.Pd.Start(start.Binary, new IRomSession.Client(child.BinaryRom).Dataspace(), child.ParentCap);
        }
        catch (Exception e) when (e is ServiceDeniedException or InsufficientRamQuotaException or InvalidArgsException)
        {
            _env.Error($"{start.Name}: could not start: {e.Message}");
            Destroy(child);
        }
    }

    // ------------------------------------------------------------------ parent interface of the children

    public void ChildExited(Child child, int exitValue)
    {
        if (child.ExitValue is not null)
            return;
        child.ExitValue = exitValue;
        _env.Log($"child \"{child.Name}\" exited with exit value {exitValue}");
        // The child waits for this very call to return: destroy it afterwards, from a signal.
        _exited.Enqueue(child);
        new SignalTransmitter(_env, _exitSignal).Submit();
    }

    private void ChildFaulted(Child child)
    {
        if (child.ExitValue is not null)
            return;
        child.ExitValue = -1;
        _env.Warning($"child \"{child.Name}\" faulted");
        _exited.Enqueue(child);
        DestroyExitedChildren();
    }

    private void DestroyExitedChildren()
    {
        while (_exited.TryDequeue(out var child))
            Destroy(child);
    }

    public void Announce(Child child, string serviceName, Capability<IRoot> root)
    {
        if (!child.Start.Provides.Contains(serviceName) && _config.Verbose)
            _env.Warning($"{child.Name}: announced service \"{serviceName}\" it does not declare in <provides>");
        child.Services[serviceName] = new IRoot.Client(root);
        // The announcing server's entrypoint waits for this call to return; calling its root
        // from here would deadlock. Serve the stalled requests after replying.
        if (_stalled.Count > 0)
            new SignalTransmitter(_env, _retrySignal).Submit();
    }

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
        var label = SessionLabel.FromArgs(args);
        if (service == IRomSession.ServiceName && label.Value == "config" && child.Start.Node.HasSubNode("config"))
            return ConfigRom(child);
        var prefixed = label.Prefixed(child.Name);
        var filtered = ArgString.SetArg(args, "label", prefixed.ToArgValue());
        var route = Resolve(child, service, label, out var server);
        switch (route)
        {
            case RouteTarget.Parent:
                return Open(child, service, filtered, null);
            case RouteTarget.Child when server is not null && server.Services.ContainsKey(service):
                return Open(child, service, filtered, server);
            case RouteTarget.Child when server is not null && server.ExitValue is null:
                // The server has not announced the service yet: the request waits for it.
                _stalled.Add((child, service, args, _env.Ep.DeferReply()));
                return Capability.Invalid;
            default:
                _env.Warning($"{child.Name}: no route to service \"{service}\" (label=\"{label.Value}\")");
                throw new ServiceDeniedException($"no route to service \"{service}\"");
        }
    }

    /// <summary>The child's <c>&lt;config&gt;</c> node as its "config" ROM, served by init itself.</summary>
    private Capability ConfigRom(Child child)
    {
        if (child.ConfigRom is null)
        {
            var text = "";
            child.Start.Node.WithOptionalSubNode("config", c => text = c.RawText);
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            var ds = new AttachedRamDataspace(_env, (ulong)bytes.Length + 1);
            bytes.CopyTo(ds.Span);
            child.ConfigRom = new ConfigRomSession(ds);
            child.ConfigRomCap = _env.Ep.Manage((IRomSession)child.ConfigRom);
        }
        return child.ConfigRomCap;
    }

    /// <summary>First matching route rule of the child, else of the default route.</summary>
    private RouteTarget? Resolve(Child child, string service, SessionLabel label, out Child? server)
    {
        server = null;
        var unscoped = label.Prefixed(child.Name);
        foreach (var rules in new[] { child.Start.Routes, _config.DefaultRoute })
        {
            foreach (var rule in rules)
            {
                if (!rule.Matches(service, label, unscoped))
                    continue;
                foreach (var (target, name, _) in rule.Targets)
                {
                    switch (target)
                    {
                        case RouteTarget.Parent:
                            if (_config.ParentProvides.Contains(service))
                                return RouteTarget.Parent;
                            break;
                        case RouteTarget.Child:
                            server = _children.Find(c => c.Name == name && !c.Destroyed);
                            if (server is not null)
                                return RouteTarget.Child;
                            break;
                        case RouteTarget.AnyChild:
                            // A child that declares the service provides it, announced or not yet:
                            // the request then waits for the announcement.
                            server = _children.Find(c => !c.Destroyed && c != child && c.Services.ContainsKey(service))
                                ?? _children.Find(c => !c.Destroyed && c != child && c.Start.Provides.Contains(service));
                            if (server is not null)
                                return RouteTarget.Child;
                            break;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /// <summary>
    /// Opens the session at the parent or at a server child. The quota named by ram_quota moves
    /// client -> init -> server first and moves back if anything fails (Genode's Transfer guards).
    /// </summary>
    private Capability Open(Child client, string service, string args, Child? server)
    {
        var amount = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        var initPd = ((IPdSession.Client)_env.Pd).Cap;
        if (amount > 0 && client.Pd!.TransferQuota(initPd, amount) != 0)
            throw new InsufficientRamQuotaException($"{client.Name}: cannot donate {amount} bytes of RAM quota");
        var toServer = false;
        try
        {
            Capability cap;
            if (server is null)
            {
                cap = _env.Parent.Session(service, args);
            }
            else
            {
                if (amount > 0)
                {
                    if (_env.Pd.TransferQuota(server.PdCap, amount) != 0)
                        throw new InsufficientRamQuotaException($"init cannot pass {amount} bytes on to \"{server.Name}\"");
                    toServer = true;
                }
                cap = server.Services[service].Session(args);
            }
            client.Sessions[cap.Selector] = new ChildSession(service, cap, server, amount);
            return cap;
        }
        catch
        {
            if (toServer)
                server!.Pd!.TransferQuota(initPd, amount);
            if (amount > 0)
                _env.Pd.TransferQuota(client.PdCap, amount);
            throw;
        }
    }

    private void RetryStalled()
    {
        for (var i = 0; i < _stalled.Count; i++)
        {
            var (client, service, args, reply) = _stalled[i];
            var label = SessionLabel.FromArgs(args);
            if (Resolve(client, service, label, out var server) != RouteTarget.Child || server is null
                || !server.Services.ContainsKey(service))
                continue;
            _stalled.RemoveAt(i--);
            var filtered = ArgString.SetArg(args, "label", label.Prefixed(client.Name).ToArgValue());
            _env.Ep.Reply(reply, msg => WriteSessionReply(msg, client, service, filtered, server));
        }
    }

    private void WriteSessionReply(MessageBuffer msg, Child client, string service, string args, Child server)
    {
        // The stalled call is IParent.Session: reply exactly as its generated dispatcher would.
        var port = ((IParent.Client)_env.Parent).Cap.Port!;
        try
        {
            var cap = Open(client, service, args, server);
            var w = new RpcWriter(msg, RpcCodes.Ok);
            w.WriteCapability(cap);
        }
        catch (ServiceDeniedException e)
        {
            RpcExceptions.WriteDeclared(msg, port, RpcExceptions.Code(1, 3), e);
        }
        catch (InsufficientRamQuotaException e)
        {
            RpcExceptions.WriteDeclared(msg, port, RpcExceptions.Code(2, 3), e);
        }
    }

    public void Upgrade(Child child, Capability session, string args)
    {
        if (!child.Sessions.TryGetValue(session.Selector, out var s))
            return;
        var amount = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        if (amount == 0)
            return;
        var initPd = ((IPdSession.Client)_env.Pd).Cap;
        if (child.Pd!.TransferQuota(initPd, amount) != 0)
            throw new InsufficientRamQuotaException($"{child.Name}: cannot donate {amount} more bytes");
        try
        {
            if (s.Server is null)
            {
                _env.Parent.Upgrade(s.Cap, args);
            }
            else
            {
                if (_env.Pd.TransferQuota(s.Server.PdCap, amount) != 0)
                    throw new InsufficientRamQuotaException($"init cannot pass {amount} bytes on to \"{s.Server.Name}\"");
                s.Server.Services[s.Service].Upgrade(s.Cap, args);
            }
        }
        catch
        {
            _env.Pd.TransferQuota(child.PdCap, amount);
            throw;
        }
        child.Sessions[session.Selector] = s with { Donated = s.Donated + amount };
    }

    public void Close(Child child, Capability session)
    {
        if (!child.Sessions.Remove(session.Selector, out var s))
            return;
        CloseSession(child, s);
    }

    private void CloseSession(Child client, ChildSession s)
    {
        if (s.Server is null)
        {
            _env.Parent.Close(s.Cap);
        }
        else if (!s.Server.Destroyed && s.Server.Services.TryGetValue(s.Service, out var root))
        {
            root.Close(s.Cap);
            if (s.Donated > 0 && s.Server.Pd!.TransferQuota(((IPdSession.Client)_env.Pd).Cap, s.Donated) != 0)
                _env.Warning($"Misbehaving server \"{s.Server.Name}\" kept {s.Donated} bytes of quota");
        }
        if (s.Donated > 0 && !client.Destroyed)
            _env.Pd.TransferQuota(client.PdCap, s.Donated);
    }

    /// <summary>Closes the child's sessions, withdraws its services and destroys its PD.</summary>
    private void Destroy(Child child)
    {
        if (child.Destroyed)
            return;
        foreach (var s in child.Sessions.Values.ToArray())
            CloseSession(child, s);
        child.Sessions.Clear();
        child.Services.Clear();
        child.Destroyed = true;
        _stalled.RemoveAll(r => r.Client == child);
        if (child.Parent is not null)
            _env.Ep.Dissolve(child.Parent);
        if (child.ConfigRom is not null)
        {
            _env.Ep.Dissolve(child.ConfigRom);
            child.ConfigRom.Dataspace.Dispose();
        }
        child.FaultSignal?.Dispose();
        if (child.PdCap.IsValid)
            _env.Parent.Close(child.PdCap);
        if (child.BinaryRom.IsValid)
            _env.Parent.Close(child.BinaryRom);
    }
}
