using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Util;

namespace Framework.Os.Init.Runtime;

/// <summary>
/// init's engine (Genode's sandbox library): applies configs, creates, restarts and destroys
/// children, routes their sessions, moves quota, and reports its state. Everything runs on init's
/// entrypoint, one RPC or signal at a time, so no locking is needed.
/// </summary>
internal sealed partial class Sandbox
{
    private readonly Env _env;
    private readonly AttachedRomDataspace? _configRom;
    private readonly SignalHandler _configSignal;
    private readonly SignalHandler _exitSignal;
    private readonly List<Child> _children = [];
    private readonly Queue<Child> _exited = new();
    private InitConfig? _config;
    private int _nextId;

    /// <summary>Start nodes whose child could not be created; retried only when the config changes.</summary>
    private readonly HashSet<string> _failedStarts = new(StringComparer.Ordinal);

    public Sandbox(Env env)
    {
        _env = env;
        _exitSignal = new SignalHandler(env.Ep, ReleaseExitedChildren);
        _configSignal = new SignalHandler(env.Ep, HandleConfig);
        _reportSignal = new SignalHandler(env.Ep, GenerateReport);
        _retrySignal = new SignalHandler(env.Ep, RetryStalled);
        try
        {
            _configRom = new AttachedRomDataspace(env, "config");
            _configRom.Sigh(_configSignal);
        }
        catch (ServiceDeniedException e)
        {
            env.Error($"no config: {e.Message}");
        }
        env.RespondToHeartbeats();
        HandleConfig();
    }

    private InitConfig Config => _config ?? InitConfig.Empty;

    // ------------------------------------------------------------------ configuration

    private void HandleConfig()
    {
        if (_configRom is null)
        {
            Apply(InitConfig.Empty);
            return;
        }
        _configRom.Update();
        InitConfig config;
        try
        {
            config = InitConfig.Parse(_configRom.Text());
        }
        catch (XmlSyntaxException e)
        {
            Rejected($"malformed config: line {e.Line}, column {e.Column}: {e.Reason}");
            return;
        }
        catch (InitConfigException e)
        {
            Rejected($"invalid config: {e.Message}");
            return;
        }
        Apply(config);
    }

    /// <summary>A config init cannot use: at boot nothing starts; later, the last good config stays in force.</summary>
    private void Rejected(string message)
    {
        _env.Error(message);
        if (_config is null)
        {
            _env.Warning("no valid config, starting nothing");
            Apply(InitConfig.Empty);
        }
        else
        {
            _env.Warning("keeping the last valid config");
        }
    }

    /// <summary>Applies a (new) config: Genode's <c>Sandbox::Library::apply_config</c>.</summary>
    private void Apply(InitConfig config)
    {
        var first = _config is null;
        _config = config;
        _failedStarts.Clear();
        if (config.PrioLevels < 0)
            _env.Warning("prio levels is not power of two, priorities are disabled");
        if (config.Verbose && first)
        {
            _env.Log("parent provides");
            foreach (var service in config.ParentProvides)
                _env.Log($"  service \"{service}\"");
        }
        foreach (var cycle in RouteResolver.Cycles(config))
            _env.Warning($"cyclic routes between children: {string.Join(" -> ", cycle)}");

        ApplyReportConfig(config);
        ApplyHeartbeatConfig(config);

        // Existing children: removed ones and ones with a new version go; the others take their
        // new start node (config ROM, provides, binary).
        foreach (var child in _children.ToArray())
        {
            if (child.Abandoned)
                continue;
            var start = config.Child(child.Name);
            if (start is null || start.Version != child.Start.Version)
            {
                Abandon(child);
                continue;
            }
            switch (child.State)
            {
                case ChildState.Exited:
                    // An exited child stays as it is until its start node goes or changes version.
                    break;
                case ChildState.Stuck:
                    child.Start = start;
                    if (EnvRoutesResolve(config, start))
                        Abandon(child);
                    break;
                default:
                    UpdateChild(child, start);
                    break;
            }
        }

        Reevaluate();
    }

    /// <summary>
    /// Brings the children in line with the config in force: restarts children whose routes
    /// changed (as each may be a server, until nothing more changes), destroys abandoned children
    /// before starting new ones (to free their quota), starts missing children in config order,
    /// then re-checks forwarded sessions, quotas and waiting requests.
    /// </summary>
    private void Reevaluate()
    {
        var config = Config;
        while (EvaluateDependencies(config))
        {
        }
        DestroyAbandoned();

        foreach (var start in config.Children)
        {
            if (!_children.Any(c => c.Name == start.Name && !c.Abandoned) && !_failedStarts.Contains(start.Node.RawText))
                CreateChild(start);
        }

        ApplyServerPolicies(config);
        ApplyQuota();
        RetryStalled();
        TriggerReport();
    }

    private static bool EnvRoutesResolve(InitConfig config, StartNode start) =>
        RouteResolver.ResolveBinary(config, start).Kind != RouteKind.Denied
        && RouteResolver.ResolveEnv(config, start, ILogSession.ServiceName).Kind != RouteKind.Denied;

    /// <summary>Imports a changed start node into a running child (Genode's <c>Child::apply_config</c>).</summary>
    private void UpdateChild(Child child, StartNode start)
    {
        var old = child.Start;
        child.Start = start;
        if (!start.Node.DiffersFrom(old.Node))
            return;
        if (child.ConfigRom is not null)
        {
            if (start.Config is not null)
                child.ConfigRom.Change(start.Config.RawText);
            else
                Abandon(child); // the config ROM vanished: the child has to re-route it
        }
        foreach (var service in old.Provides.Except(start.Provides))
            child.Services.Remove(service);
    }

    /// <summary>Schedules restarts of children whose routes changed; true if any was scheduled.</summary>
    private bool EvaluateDependencies(InitConfig config)
    {
        var any = false;
        foreach (var child in _children.ToArray())
        {
            if (child.State != ChildState.Running)
                continue;
            var broken = false;
            var restart = false;
            if (child.BinarySession is { Route: { } binaryRoute }
                && !SameRoute(binaryRoute, null, RouteResolver.ResolveBinary(config, child.Start)))
                restart = true;
            foreach (var s in child.Requested)
            {
                if (s.ByInit || s.Route is null || s.Phase is SessionPhase.ServiceDenied or SessionPhase.InsufficientRamQuota
                    or SessionPhase.InsufficientCapQuota or SessionPhase.Closed)
                    continue;
                var now = RouteResolver.Resolve(config, child.Start, s.Service, s.RequestLabel);
                if (now.Kind == RouteKind.Denied)
                    broken = true;
                else if (!SameRoute(s.Route, s.Pending is null ? s.Server : null, now, s.Pending is not null))
                    restart = true;
            }
            child.RouteBroken = broken;
            if (restart)
            {
                Abandon(child);
                any = true;
            }
        }
        return any;
    }

    /// <summary>True if <paramref name="now"/> leads where the session went: same kind, same live server, same label.</summary>
    private bool SameRoute(RouteDecision before, Child? server, RouteDecision now, bool waiting = false)
    {
        if (before.Kind != now.Kind || before.Label != now.Label || before.Server != now.Server)
            return false;
        if (now.Kind != RouteKind.Child || waiting)
            return true;
        var current = LiveChild(now.Server!);
        return server is null ? current is not null : current == server;
    }

    private Child? LiveChild(string name) => _children.Find(c => c.Name == name && !c.Abandoned);

    /// <summary>Marks the child for destruction; its start node (if still configured) starts a new one.</summary>
    private void Abandon(Child child)
    {
        if (child.Abandoned)
            return;
        child.State = ChildState.Abandoned;
        // Its services stay reachable until it is destroyed, so that its clients close cleanly.
    }

    private void DestroyAbandoned()
    {
        foreach (var child in _children.ToArray())
        {
            if (!child.Abandoned)
                continue;
            Release(child);
            _children.Remove(child);
        }
    }
}
