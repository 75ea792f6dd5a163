using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Init.Runtime;

internal sealed partial class Sandbox
{
    /// <summary>RAM init donates for a child's PD session (core's cost of the session itself).</summary>
    private const ulong PdSessionRam = 4096;

    /// <summary>RAM donated for the child's binary ROM session.</summary>
    private const ulong BinaryRomRam = 4096;

    /// <summary>
    /// RAM init may still hand out: its available RAM less what it preserves for itself and less
    /// what it keeps for the children it runs (<see cref="ChildBudget"/>).
    /// </summary>
    private ulong InitRamAvail() => QuotaMath.Avail(_env.Pd.Quota(), _env.Pd.Used(),
        Config.PreservedRam + _children.Aggregate(0UL, (sum, c) => sum + ChildBudget(c)));

    private ulong InitCapsAvail() => QuotaMath.Avail(_env.Pd.CapQuota(), _env.Pd.CapUsed(), Config.PreservedCaps);

    /// <summary>Creates and starts a child (Genode's <c>Library::create_child</c> and <c>Child</c> constructor).</summary>
    private void CreateChild(StartNode start)
    {
        var config = Config;
        var child = new Child(++_nextId, start);
        _children.Add(child);
        if (start.HasAffinity && !config.HasAffinitySpace)
            _env.Warning($"affinity-space configuration missing, but affinity defined for child {start.Name}");

        // What init spends on the child comes out of the limit too, so that a clamped child does
        // not eat into the preserved RAM (Genode deducts these costs from the child's share).
        var ramLimit = InitRamAvail();
        var creationCosts = ChildCreationCosts(start);
        var (ram, ramWarning) = QuotaMath.ClampAtCreation(start.Name, QuotaKind.Ram, start.Ram,
            ramLimit > creationCosts ? ramLimit - creationCosts : 0);
        var (caps, capsWarning) = QuotaMath.ClampAtCreation(start.Name, QuotaKind.Caps, start.Caps, InitCapsAvail());
        if (ramWarning is not null)
            _env.Warning(ramWarning);
        if (capsWarning is not null)
            _env.Warning(capsWarning);
        if (config.Verbose)
        {
            _env.Log($"child \"{start.Name}\"");
            _env.Log($"  RAM quota:  {new NumberOfBytes(ram)}");
            _env.Log($"  cap quota:  {caps}");
            _env.Log($"  ELF binary: {start.Binary}");
            _env.Log($"  priority:   {start.EffectivePriority(Math.Max(config.PrioLevels, 0))}");
            foreach (var service in start.Provides)
                _env.Log($"  provides service {service}");
        }

        // The environment sessions must be routable, otherwise the child stays unstarted.
        var binaryRoute = RouteResolver.ResolveBinary(config, start);
        foreach (var route in new[] { binaryRoute, RouteResolver.ResolveEnv(config, start, ILogSession.ServiceName) })
        {
            if (route.Kind != RouteKind.Denied)
                continue;
            Diagnose(route);
            child.State = ChildState.Stuck;
            return;
        }
        if (ram == 0)
            _env.Warning($"{start.Name}: no valid RAM quota defined");

        try
        {
            // A start node without caps (a 12.02 config) leaves the PD's caps to core's default.
            var capArg = caps == 0 ? "" : $", cap_quota={(caps > ChildCapCosts ? caps - ChildCapCosts : 0)}";
            child.PdCap = _env.Parent.Session(IPdSession.ServiceName,
                $"label={new SessionLabel(start.Name).ToArgValue()}, ram_quota={PdSessionRam}{capArg}").Cast<IPdSession>();
        }
        catch (Exception e) when (e is InsufficientRamQuotaException or ServiceDeniedException or UnavailableException)
        {
            _env.Warning($"{start.Name}: memory exhausted during child creation ({e.Message})");
            child.State = ChildState.Stuck;
            return;
        }
        child.Pd = new IPdSession.Client(child.PdCap);
        child.PdSession = new SessionRecord
        {
            Client = child, Service = IPdSession.ServiceName, Label = new SessionLabel(start.Name),
            RequestLabel = new SessionLabel(start.Name), Args = "", Ram = PdSessionRam, Caps = caps,
            Phase = SessionPhase.CapHandedOut, Cap = child.PdCap, ByInit = true,
        };
        child.Requested.Add(child.PdSession);
        child.Pd.RefAccount(((IPdSession.Client)_env.Pd).Cap);
        child.CapsAssigned = caps;
        if (ram > 0 && _env.Pd.TransferQuota(child.PdCap, ram) != 0)
            _env.Error($"{start.Name}: unable to initialize RAM quota of PD");
        else
            child.RamAssigned = ram;

        if (!OpenBinary(child, binaryRoute))
        {
            _failedStarts.Add(start.Node.RawText);
            Release(child);
            _children.Remove(child);
            return;
        }

        child.Parent = new ChildParent(this, child);
        child.ParentCap = _env.Ep.Manage((IParent)child.Parent);
        child.FaultSignal = new SignalHandler(_env.Ep, () => ChildFaulted(child));
        child.Pd.FaultHandler(child.FaultSignal);
        try
        {
            var rom = new IRomSession.Client(child.BinarySession!.Cap.Cast<IRomSession>());
            child.Pd.Start(start.Binary, rom.Dataspace(), child.ParentCap);
        }
        catch (InvalidArgsException e)
        {
            _env.Error($"{start.Name}: could not start \"{start.Binary}\": {e.Message}");
            _failedStarts.Add(start.Node.RawText);
            Release(child);
            _children.Remove(child);
            return;
        }
        child.State = ChildState.Running;
    }

    /// <summary>
    /// Caps of a child's assignment that init spends in its own capability space on the child's
    /// behalf (the parent object, the fault handler, the PD, binary and config ROM sessions and
    /// their dataspaces, and the capabilities the child's sessions bring along); the child's PD gets
    /// the rest, as Genode's effective cap quota.
    /// </summary>
    private const ulong ChildCapCosts = 10;

    /// <summary>
    /// RAM init keeps for every child it runs, for the session states it tracks on the child's behalf
    /// (Genode's <c>initial_session_costs</c>). Our session records live in managed memory, so this
    /// stays free: it is init's slack, which no child gets by an upgrade.
    /// </summary>
    private const ulong SessionStateRam = 4096;

    /// <summary>The dataspace of an inline config ROM: whole pages, with the terminating NUL.</summary>
    private static ulong ConfigRomRam(StartNode start)
    {
        const ulong page = 4096;
        var bytes = start.Config is { } config ? (ulong)System.Text.Encoding.UTF8.GetByteCount(config.RawText) + 1 : 0;
        return (bytes + page - 1) / page * page;
    }

    /// <summary>
    /// RAM init spends out of its own account when it creates a child: the PD session, the binary's
    /// ROM session, the config ROM (created when the child first asks) and the session-state budget.
    /// </summary>
    private static ulong ChildCreationCosts(StartNode start) =>
        PdSessionRam + BinaryRomRam + ConfigRomRam(start) + SessionStateRam;

    /// <summary>What init keeps for a running child: the session-state budget and a config ROM not yet created.</summary>
    private static ulong ChildBudget(Child child) =>
        !child.PdCap.IsValid ? 0 : SessionStateRam + (child.ConfigRom is null ? ConfigRomRam(child.Start) : 0);

    /// <summary>Opens the child's binary ROM along its route; false (with an error) if the module is missing.</summary>
    private bool OpenBinary(Child child, RouteDecision route)
    {
        var record = new SessionRecord
        {
            Client = child, Service = IRomSession.ServiceName, Label = route.Label,
            RequestLabel = new SessionLabel(child.Start.Binary), Args = "", Ram = BinaryRomRam,
            Route = route, ByInit = true,
        };
        try
        {
            var args = $"label={route.Label.ToArgValue()}, ram_quota={BinaryRomRam}";
            if (route.Kind == RouteKind.Parent)
            {
                record.Cap = _env.Parent.Session(IRomSession.ServiceName, args);
            }
            else
            {
                var server = LiveChild(route.Server!);
                if (server is null || !server.Services.TryGetValue(IRomSession.ServiceName, out var root))
                    throw new ServiceDeniedException($"server \"{route.Server}\" has not announced ROM yet");
                if (_env.Pd.TransferQuota(server.PdCap, BinaryRomRam) != 0)
                    throw new InsufficientRamQuotaException("cannot pass the ROM session quota on");
                record.Server = server;
                record.Cap = root.Session(args);
                server.Provided.Add(record);
            }
        }
        catch (Exception e) when (e is ServiceDeniedException or InsufficientRamQuotaException or UnavailableException
            or InvalidArgsException or RpcException)
        {
            _env.Error($"{child.Name}: could not open ROM session for \"{route.Label.Value}\" ({e.Message})");
            return false;
        }
        record.Phase = SessionPhase.CapHandedOut;
        child.BinarySession = record;
        child.Requested.Add(record);
        return true;
    }

    private void Diagnose(RouteDecision denied)
    {
        if (denied.Diagnostic is null)
            return;
        if (denied.IsError)
            _env.Error(denied.Diagnostic);
        else
            _env.Warning(denied.Diagnostic);
    }

    // ------------------------------------------------------------------ exit and faults

    public void ChildExited(Child child, int exitValue)
    {
        if (child.State != ChildState.Running)
            return;
        if (child.Start.ExitPropagate)
        {
            _env.Exit(exitValue);
            return;
        }
        child.ExitValue = exitValue;
        child.State = ChildState.Exited;
        _env.Log($"child \"{child.Name}\" exited with exit value {exitValue}");
        // The child waits for this very call to return: release it afterwards, from a signal.
        _exited.Enqueue(child);
        new SignalTransmitter(_env, _exitSignal).Submit();
    }

    private void ChildFaulted(Child child)
    {
        if (child.State != ChildState.Running)
            return;
        child.ExitValue = -1;
        child.State = ChildState.Exited;
        _env.Warning($"child \"{child.Name}\" faulted");
        _exited.Enqueue(child);
        ReleaseExitedChildren();
    }

    private void ReleaseExitedChildren()
    {
        while (_exited.TryDequeue(out var child))
            Release(child);
        // Clients of a gone server may now restart or be denied.
        Reevaluate();
    }

    /// <summary>
    /// Releases everything a child holds: the sessions it opened (quota back), the sessions it
    /// served (their clients are told through restarts), its services, its parent object and its PD.
    /// </summary>
    private void Release(Child child)
    {
        foreach (var s in child.Requested.ToArray())
        {
            if (s == child.PdSession)
                continue;
            CloseSession(s);
        }
        child.Requested.RemoveAll(s => s != child.PdSession);
        foreach (var s in child.Provided.ToArray())
        {
            if (s.Pending is not null)
            {
                // A request waiting for this server keeps waiting, for its next incarnation (or is
                // re-routed or denied by the next evaluation of the stalled requests).
                s.Server = null;
                continue;
            }
            // Open sessions keep naming their (dead) server: their clients restart or close them,
            // and get their donation back from init, which got it back with the server's PD.
        }
        child.Provided.Clear();
        child.Services.Clear();
        _stalled.RemoveAll(s => s.Client == child);
        if (child.Parent is not null)
        {
            _env.Ep.Dissolve(child.Parent);
            child.Parent = null;
        }
        if (child.ConfigRom is not null)
        {
            _env.Ep.Dissolve(child.ConfigRom);
            child.ConfigRom.Dispose();
            child.ConfigRom = null;
        }
        child.FaultSignal?.Dispose();
        child.FaultSignal = null;
        if (child.PdCap.IsValid)
        {
            // Core returns what the PD's account holds to init (its reference account).
            _env.Parent.Close(child.PdCap);
            child.PdCap = default;
            child.Pd = null;
            child.PdSession = null;
            child.Requested.RemoveAll(s => s.Service == IPdSession.ServiceName && s.ByInit);
        }
        child.RamAssigned = 0;
        child.CapsAssigned = 0;
        TriggerReport();
    }
}
