using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Util;

namespace Framework.Os.Dummy;

/// <summary>String helpers that reproduce Genode's fixed-size strings and LOG delimiters.</summary>
internal static class Commands
{
    /// <summary>Genode's <c>String&lt;capacity&gt;</c>: at most capacity - 1 characters.</summary>
    public static string Truncate(string text, int capacity) => text.Length < capacity ? text : text[..(capacity - 1)];

    /// <summary>Cuts a LOG message at Genode's line delimiter (colour reset plus line break).</summary>
    public static string StripDelimiter(string text)
    {
        var end = text.IndexOf("\u001b[0m\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    /// <summary>The config's version attribute, as Genode's dummy keeps it (<c>String&lt;50&gt;</c>).</summary>
    public static string Version(XmlNode config) => Truncate(config.Attribute("version", ""), 50);

    /// <summary>
    /// Whether a config must be executed: always the first one; later ones only if their version
    /// differs from the last executed one (a config update with the same version changes nothing).
    /// </summary>
    public static bool MustExecute(int executedConfigs, string lastVersion, string version) =>
        executedConfigs == 0 || version != lastVersion;
}

/// <summary>
/// The dummy (conformance.md 2.4): on every new config version it logs <c>config N: version</c>
/// and runs the config's sub-nodes as commands, in document order.
/// </summary>
internal sealed class Dummy
{
    private readonly Env _env;
    private readonly AttachedRomDataspace _config;
    private readonly ParentResources _parent;
    private readonly RamConsumer _ram;
    private readonly CapConsumer _caps;
    /// <summary>The set of <c>create_log_connections</c>; null while none exists (Genode's Constructible).</summary>
    private List<Connection<ILogSession>>? _logConnections;
    private LogService? _logService;
    private TimerConnection? _timer;
    private int _configCount;
    private string _version = "";
    private bool _yieldHandlerInstalled;

    /// <summary>Commands still to run after a blocked allocation completes (Genode blocks the entrypoint there).</summary>
    private Queue<XmlNode>? _pending;
    private bool _configChangedWhileBlocked;

    public Dummy(Env env)
    {
        _env = env;
        _parent = new ParentResources(env);
        _ram = new RamConsumer(env);
        _caps = new CapConsumer(env);
        _parent.RespondToHeartbeats();
        _config = new AttachedRomDataspace(env, "config");
        _config.Sigh(new SignalHandler(env.Ep, HandleConfig));
        HandleConfig();
    }

    private XmlNode ConfigXml() =>
        XmlNode.TryParse(_config.Text(), out var node, out _) ? node : XmlNode.Parse("<empty/>");

    private void HandleConfig()
    {
        if (_pending is not null)
        {
            _configChangedWhileBlocked = true;
            return;
        }
        _config.Update();
        var config = ConfigXml();
        var version = Commands.Version(config);
        if (!Commands.MustExecute(_configCount, _version, version))
            return;
        _configCount++;
        _version = version;
        if (version.Length > 0)
            _env.Log($"config {_configCount}: {version}");
        Run(new Queue<XmlNode>(config.SubNodes));
    }

    private void Run(Queue<XmlNode> commands)
    {
        while (commands.TryDequeue(out var node))
        {
            if (!Execute(node, commands))
                return;
        }
    }

    /// <summary>Runs one command; false if the rest has to wait (a blocked allocation).</summary>
    private bool Execute(XmlNode node, Queue<XmlNode> rest)
    {
        switch (node.Type)
        {
            case "log":
                _env.Log(Commands.Truncate(node.Attribute("string", ""), 50));
                break;
            case "create_log_connections":
                CreateLogConnections(node.Attribute("count", 0U), node.Attribute("ram_upgrade", new NumberOfBytes(0)));
                break;
            case "destroy_log_connections":
                DestroyLogConnections();
                break;
            case "log_service":
                _logService?.Dispose();
                _logService = new LogService(_env, node.Attribute("verbose", false), node.Attribute("delay_close_ms", 0U));
                break;
            case "consume_ram":
                return ConsumeRam(node.Attribute("amount", new NumberOfBytes(0)).Value, rest);
            case "consume_caps":
                return ConsumeCaps(node.Attribute("amount", 0UL), rest);
            case "handle_yield_requests":
                if (!_yieldHandlerInstalled)
                {
                    _yieldHandlerInstalled = true;
                    _parent.HandleYieldRequests(HandleYield);
                }
                break;
            case "sleep":
                _timer ??= new TimerConnection(_env);
                _timer.Sleep(node.Attribute("ms", 100UL));
                break;
            case "sleep_forever":
                SleepForever();
                break;
            case "exit":
                _env.Exit(0);
                SleepForever();
                break;
            default:
                // Genode's dummy ignores what it does not know.
                break;
        }
        return true;
    }

    private void CreateLogConnections(uint count, NumberOfBytes ramUpgrade)
    {
        // Like Genode's Constructible: a new set replaces the old one, whose destruction is logged.
        DestroyLogConnections();
        _logConnections = [];
        _env.Log($"going to create {count} LOG connections");
        for (var i = 0u; i < count; i++)
        {
            var connection = new Connection<ILogSession>(_env, ILogSession.ServiceName, c => new ILogSession.Client(c),
                i.ToString(System.Globalization.CultureInfo.InvariantCulture), ramQuota: 8192);
            _logConnections.Add(connection);
            if (ramUpgrade.Value > 0)
            {
                _env.Log($"upgrade connection {i}");
                connection.Upgrade(ramUpgrade.Value);
            }
        }
        _env.Log("created all LOG connections");
    }

    /// <summary>Closes the connections of the set, if there is one, and says so.</summary>
    private void DestroyLogConnections()
    {
        if (_logConnections is null)
            return;
        foreach (var c in _logConnections)
            c.Dispose();
        _logConnections = null;
        _env.Log("destroyed all LOG connections");
    }

    private bool ConsumeRam(ulong amount, Queue<XmlNode> rest)
    {
        if (_ram.TryConsume(amount))
            return true;
        // Genode's dummy blocks in the allocation until the parent answers its resource request;
        // the remaining commands (and config updates) wait for that, here without blocking the entrypoint.
        return WaitForResources($"ram_quota={amount + 4096}", rest, () =>
        {
            if (!_ram.TryConsume(amount, announce: false))
                _env.Warning($"consume_ram: {new NumberOfBytes(amount)} still exceeds the quota");
        });
    }

    private bool ConsumeCaps(ulong amount, Queue<XmlNode> rest)
    {
        if (_caps.TryConsume(amount))
            return true;
        // As with RAM: Genode's dummy blocks on the resource request its PD issues when out of caps.
        return WaitForResources($"cap_quota={_caps.Missing + 4}", rest, () =>
        {
            if (!_caps.Continue())
                _env.Warning($"consume_caps: {amount} caps still exceed the quota");
        });
    }

    /// <summary>
    /// Asks the parent for <paramref name="resources"/>; the commands in <paramref name="rest"/>
    /// (and a config change meanwhile) wait until it answers, then <paramref name="retry"/> runs
    /// first. Returns true if nothing was requested and the commands go on at once.
    /// </summary>
    private bool WaitForResources(string resources, Queue<XmlNode> rest, Action retry)
    {
        var requested = _parent.RequestResources(resources, () =>
        {
            var queue = _pending ?? new Queue<XmlNode>();
            _pending = null;
            retry();
            Run(queue);
            if (_configChangedWhileBlocked)
            {
                _configChangedWhileBlocked = false;
                HandleConfig();
            }
        });
        if (!requested)
            return true;
        _pending = rest;
        return false;
    }

    private void HandleYield()
    {
        _env.Log("got yield request");
        _ram.Release();
        _caps.Release();
        _parent.YieldResponse();
    }

    /// <summary>Blocks the calling thread, normally the entrypoint, for good (Genode's sleep_forever).</summary>
    private void SleepForever() => new Blockade(_env).Block();
}

public static class Component
{
    public static void Construct(Env env) => _ = new Dummy(env);
}
