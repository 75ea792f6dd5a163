using Framework.Util;

namespace Framework.Os.Init.Model;

/// <summary>
/// init's configuration, parsed and validated: global settings, the parent's services, the
/// default route and the start nodes. Both dialects are accepted: Genode 12.02
/// (<c>&lt;resource name="RAM" quantum=.../&gt;</c>) and modern (<c>ram=</c>, <c>caps=</c>, <c>version=</c>, ...).
/// </summary>
internal sealed record InitConfig
{
    /// <summary>RAM init keeps for itself unless <c>&lt;resource name="RAM" preserve=.../&gt;</c> says otherwise.</summary>
    public const ulong DefaultPreservedRam = 40 * 1024;

    /// <summary>Caps init keeps for itself unless <c>&lt;resource name="CAP" preserve=.../&gt;</c> says otherwise.</summary>
    public const ulong DefaultPreservedCaps = 20;

    public required XmlNode Node { get; init; }

    /// <summary>The config's <c>version</c> attribute, reflected in the state report.</summary>
    public string? Version { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Priority levels (a power of two), 0 if priorities are disabled.</summary>
    public int PrioLevels { get; init; }

    public IReadOnlyList<string> ParentProvides { get; init; } = [];

    /// <summary>The <c>&lt;default-route&gt;</c>, used by start nodes without a <c>&lt;route&gt;</c>.</summary>
    public IReadOnlyList<RouteRule> DefaultRoute { get; init; } = [];

    public ulong DefaultCaps { get; init; }

    public ulong? DefaultRam { get; init; }

    public ulong PreservedRam { get; init; } = DefaultPreservedRam;

    public ulong PreservedCaps { get; init; } = DefaultPreservedCaps;

    public IReadOnlyList<StartNode> Children { get; init; } = [];

    /// <summary><c>&lt;alias name="a" child="b"/&gt;</c>: alternative server names for <c>&lt;child name&gt;</c> targets.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    public ReportConfig? Report { get; init; }

    /// <summary><c>&lt;heartbeat rate_ms=.../&gt;</c>, null without heartbeat monitoring.</summary>
    public ulong? HeartbeatRateMs { get; init; }

    public bool HasAffinitySpace { get; init; }

    /// <summary>The <c>&lt;service&gt;</c> nodes: services init offers its own parent, served by children.</summary>
    public IReadOnlyList<XmlNode> Services { get; init; } = [];

    /// <summary>An empty config: nothing to start (what init runs with after a broken config at boot).</summary>
    public static InitConfig Empty { get; } = new() { Node = XmlNode.Parse("<config/>") };

    public StartNode? Child(string name)
    {
        foreach (var child in Children)
        {
            if (child.Name == name)
                return child;
        }
        return null;
    }

    /// <summary>Follows an alias to the child it names (names that are no alias stay).</summary>
    public string DerefAlias(string name) => Aliases.TryGetValue(name, out var child) ? child : name;

    /// <summary>Parses and validates <paramref name="text"/>; throws <see cref="InitConfigException"/> or <see cref="XmlSyntaxException"/>.</summary>
    public static InitConfig Parse(string text) => Parse(XmlNode.Parse(text));

    /// <summary>Validates <paramref name="config"/>; throws <see cref="InitConfigException"/> naming the node at fault.</summary>
    public static InitConfig Parse(XmlNode config)
    {
        var parentProvides = new List<string>();
        config.WithOptionalSubNode("parent-provides", pp => pp.ForEachSubNode(s =>
        {
            if (s.Type != "service")
                throw new InitConfigException(s, $"unexpected <{s.Type}> in <parent-provides>");
            parentProvides.Add(RequiredName(s));
        }));

        var defaultRoute = new List<RouteRule>();
        config.WithOptionalSubNode("default-route", dr => defaultRoute.AddRange(RouteRule.ParseAll(dr)));

        ulong defaultCaps = 0;
        ulong? defaultRam = null;
        config.WithOptionalSubNode("default", d =>
        {
            defaultCaps = d.Attribute("caps", 0UL);
            if (d.HasAttribute("ram"))
                defaultRam = d.Attribute("ram", new NumberOfBytes(0)).Value;
        });

        ulong preservedRam = DefaultPreservedRam, preservedCaps = DefaultPreservedCaps;
        config.ForEachSubNode("resource", r =>
        {
            switch (r.Attribute("name", ""))
            {
                case "RAM":
                    preservedRam = r.Attribute("preserve", new NumberOfBytes(preservedRam)).Value;
                    break;
                case "CAP":
                    preservedCaps = r.Attribute("preserve", preservedCaps);
                    break;
            }
        });

        var prioLevels = config.Attribute("prio_levels", 0);
        if (prioLevels != 0 && (prioLevels < 0 || (prioLevels & (prioLevels - 1)) != 0))
            prioLevels = -1;

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        config.ForEachSubNode("alias", a =>
        {
            var name = RequiredName(a);
            if (!a.HasAttribute("child"))
                throw new InitConfigException(a, "<alias> has no child attribute");
            aliases[name] = a.Attribute("child", "");
        });

        var children = new List<StartNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        config.ForEachSubNode("start", start =>
        {
            var child = StartNode.Parse(start, defaultCaps, defaultRam);
            if (!names.Add(child.Name))
                throw new InitConfigException(start, $"duplicate child name \"{child.Name}\"");
            if (aliases.ContainsKey(child.Name))
                throw new InitConfigException(start, $"child name \"{child.Name}\" is also an alias");
            children.Add(child);
        });

        ulong? heartbeat = null;
        config.WithOptionalSubNode("heartbeat", h => heartbeat = h.Attribute("rate_ms", 1000UL));

        ReportConfig? report = null;
        config.WithOptionalSubNode("report", r => report = ReportConfig.Parse(r));

        var services = new List<XmlNode>();
        config.ForEachSubNode("service", s =>
        {
            RequiredName(s);
            services.Add(s);
        });

        return new InitConfig
        {
            Node = config,
            Version = config.HasAttribute("version") ? config.Attribute("version", "") : null,
            Verbose = config.Attribute("verbose", false),
            PrioLevels = prioLevels,
            ParentProvides = parentProvides,
            DefaultRoute = defaultRoute,
            DefaultCaps = defaultCaps,
            DefaultRam = defaultRam,
            PreservedRam = preservedRam,
            PreservedCaps = preservedCaps,
            Aliases = aliases,
            Children = children,
            HeartbeatRateMs = heartbeat,
            Report = report,
            HasAffinitySpace = config.HasSubNode("affinity-space"),
            Services = services,
        };
    }

    internal static string RequiredName(XmlNode node)
    {
        var name = node.Attribute("name", "");
        if (name.Length == 0)
            throw new InitConfigException(node, $"<{node.Type}> has no name attribute");
        return name;
    }
}

/// <summary>What the state report contains (<c>&lt;report ids requested provided .../&gt;</c>).</summary>
internal sealed record ReportConfig(bool Ids, bool Requested, bool Provided, bool SessionArgs,
    bool ChildRam, bool ChildCaps, bool InitRam, bool InitCaps, ulong DelayMs, ulong BufferSize)
{
    public static ReportConfig Parse(XmlNode r) => new(
        r.Attribute("ids", false), r.Attribute("requested", false), r.Attribute("provided", false),
        r.Attribute("session_args", false), r.Attribute("child_ram", false), r.Attribute("child_caps", false),
        r.Attribute("init_ram", false), r.Attribute("init_caps", false),
        r.Attribute("delay_ms", 100UL), r.Attribute("buffer", new NumberOfBytes(4096)).Value);
}

/// <summary>A config init cannot use: names the node, its line and column.</summary>
internal sealed class InitConfigException(XmlNode node, string message)
    : Exception($"line {node.Line}, column {node.Column}, <{node.Type}>: {message}")
{
    public int Line { get; } = node.Line;
    public int Column { get; } = node.Column;
    public string NodeType { get; } = node.Type;
}
