using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Init.Runtime;

/// <summary>A service init offers its own parent (<c>&lt;service name&gt;</c>), served by one of its children.</summary>
internal sealed class ForwardedServiceRoot(Sandbox sandbox, string service) : IRoot
{
    public string Service => service;

    public List<SessionRecord> Sessions { get; } = [];

    /// <summary>The capability init announced this root with.</summary>
    public Capability<IRoot> Cap { get; set; }

    /// <summary>
    /// A request was answered "not yet" (its server does not serve the service yet): the parent keeps
    /// it pending until init announces the service again, which init does when a child announces.
    /// </summary>
    public bool Refused { get; set; }

    public Capability Session(string args) => sandbox.ForwardSession(this, args);

    public void Upgrade(Capability session, string args) => sandbox.ForwardUpgrade(this, session, args);

    public void Close(Capability session) => sandbox.ForwardClose(this, session);
}

internal sealed partial class Sandbox
{
    private readonly Dictionary<string, ForwardedServiceRoot> _forwarded = new(StringComparer.Ordinal);

    /// <summary>
    /// Announces the services of the config's <c>&lt;service&gt;</c> nodes to init's parent, and
    /// closes forwarded sessions whose policy no longer leads to the same server.
    /// </summary>
    private void ApplyServerPolicies(InitConfig config)
    {
        AnnounceForwarded(config);
        foreach (var root in _forwarded.Values)
        {
            foreach (var record in root.Sessions.ToArray())
            {
                var target = ForwardTarget(config, root.Service, record.RequestLabel, out _);
                if (target is not null && record.Server is { Abandoned: false } server && target.Value.Server == server.Name
                    && target.Value.Label == record.Label)
                    continue;
                CloseForwarded(root, record);
            }
        }
    }

    /// <summary>
    /// Announces each configured service at once, as Genode does: a request no policy matches is
    /// denied right away. A request whose server does not serve the service yet is answered "not
    /// yet" (<see cref="UnavailableException"/>) and the parent keeps it pending; once a child
    /// announces a service, init announces the refusing services again so the parent retries.
    /// Genode keeps such a request pending inside init; here the parent calls init's root
    /// synchronously, so init waiting in its root would block the parent, which init may need
    /// (a PD session) to create the very server.
    /// </summary>
    private void AnnounceForwarded(InitConfig config)
    {
        foreach (var node in config.Services)
        {
            var name = node.Attribute("name", "");
            if (_forwarded.TryGetValue(name, out var existing))
            {
                if (existing.Refused && _children.Any(c => c.State == ChildState.Running && c.Services.ContainsKey(name)))
                {
                    existing.Refused = false;
                    _env.Announce(name, existing.Cap);
                }
                continue;
            }
            var root = new ForwardedServiceRoot(this, name);
            _forwarded[name] = root;
            root.Cap = _env.Ep.Manage((IRoot)root);
            _env.Announce(name, root.Cap);
        }
    }

    /// <summary>The server and label a forwarded session goes to: the best matching policy's <c>&lt;child&gt;</c>.</summary>
    private static (string Server, SessionLabel Label)? ForwardTarget(InitConfig config, string service, SessionLabel label,
        out string? denial)
    {
        denial = null;
        var node = config.Services.FirstOrDefault(n => n.Attribute("name", "") == service);
        if (node is null)
        {
            denial = $"service \"{service}\" is no longer provided";
            return null;
        }
        var policy = SessionPolicy.Select(node, label);
        if (policy is null)
        {
            denial = SessionPolicy.DenialMessage(label);
            return null;
        }
        var child = policy.FindSubNode("child");
        if (child is null)
        {
            denial = $"policy for label '{label.Value}' names no <child>";
            return null;
        }
        var target = child.HasAttribute("label") ? new SessionLabel(child.Attribute("label", "")) : label;
        return (config.DerefAlias(child.Attribute("name", "")), target);
    }

    public Capability ForwardSession(ForwardedServiceRoot root, string args)
    {
        var label = SessionLabel.FromArgs(args);
        var target = ForwardTarget(Config, root.Service, label, out var denial);
        if (target is not { } t)
        {
            _env.Warning(denial!);
            throw new ServiceDeniedException(denial!);
        }
        var server = LiveChild(t.Server);
        if (server is null || server.State != ChildState.Running || !server.Services.TryGetValue(root.Service, out var serverRoot))
        {
            // Genode keeps such a request pending; init's parent calls this root synchronously,
            // so waiting here would block the parent: the parent keeps it pending instead.
            root.Refused = true;
            throw new UnavailableException($"server \"{t.Server}\" does not provide \"{root.Service}\" yet");
        }
        var record = new SessionRecord
        {
            Client = null, Service = root.Service, Label = t.Label, RequestLabel = label,
            Args = ArgString.SetArg(args, "label", t.Label.ToArgValue()),
            Ram = ArgString.FindArg(args, "ram_quota").ULongValue(0),
            Caps = ArgString.FindArg(args, "cap_quota").ULongValue(0),
            Server = server, Route = new RouteDecision(RouteKind.Child, server.Name, t.Label),
        };
        // The parent moved the session's quota into init's account; pass it on to the server.
        if (record.Ram > 0 && _env.Pd.TransferQuota(server.PdCap, record.Ram) != 0)
            throw new InsufficientRamQuotaException($"init cannot pass {record.Ram} bytes on to \"{server.Name}\"");
        try
        {
            record.Cap = serverRoot.Session(record.Args);
        }
        catch (Exception e) when (e is RpcException or IpcException or UnavailableException)
        {
            server.Pd?.TransferQuota(InitPd, record.Ram);
            throw new ServiceDeniedException(e.Message);
        }
        catch
        {
            server.Pd?.TransferQuota(InitPd, record.Ram);
            throw;
        }
        record.Phase = SessionPhase.CapHandedOut;
        server.Provided.Add(record);
        root.Sessions.Add(record);
        TriggerReport();
        return record.Cap;
    }

    public void ForwardUpgrade(ForwardedServiceRoot root, Capability session, string args)
    {
        var record = root.Sessions.Find(r => r.Cap.Handle == session.Handle);
        var amount = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        if (record?.Server is not { Pd: not null } server || !server.Services.TryGetValue(root.Service, out var serverRoot))
            return;
        if (amount > 0 && _env.Pd.TransferQuota(server.PdCap, amount) != 0)
            return;
        record.Ram += amount;
        serverRoot.Upgrade(session, args);
        TriggerReport();
    }

    public void ForwardClose(ForwardedServiceRoot root, Capability session)
    {
        var record = root.Sessions.Find(r => r.Cap.Handle == session.Handle);
        if (record is not null)
            CloseForwarded(root, record);
    }

    /// <summary>Closes a forwarded session at its server; the quota comes back to init, whose parent takes it back.</summary>
    private void CloseForwarded(ForwardedServiceRoot root, SessionRecord record)
    {
        root.Sessions.Remove(record);
        if (record.Server is { Pd: { } pd } server)
        {
            if (server.Services.TryGetValue(root.Service, out var serverRoot))
                CloseAtServer(server, serverRoot, record.Cap);
            TakeBackDonation(server, pd, record.Ram);
            server.Provided.Remove(record);
        }
        record.Phase = SessionPhase.Closed;
        TriggerReport();
    }
}
