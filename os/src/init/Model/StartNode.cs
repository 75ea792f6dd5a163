using Framework.Util;

namespace Framework.Os.Init.Model;

/// <summary>A <c>&lt;start&gt;</c> node, validated.</summary>
internal sealed record StartNode
{
    public required string Name { get; init; }

    /// <summary>The ROM module to run: <c>&lt;binary name&gt;</c>, the <c>binary</c> attribute, else the name.</summary>
    public required string Binary { get; init; }

    /// <summary>Configured RAM quota (<c>ram=</c>, <c>&lt;resource name="RAM" quantum&gt;</c>, or the default), 0 if none.</summary>
    public ulong Ram { get; init; }

    public ulong Caps { get; init; }

    /// <summary>Priority as configured (0, -1, ...); see <see cref="EffectivePriority"/>.</summary>
    public long Priority { get; init; }

    /// <summary>The <c>version</c> attribute: changing it restarts the child.</summary>
    public string? Version { get; init; }

    public IReadOnlyList<string> Provides { get; init; } = [];

    /// <summary>The start node's own <c>&lt;route&gt;</c>, which replaces the default route; null if absent.</summary>
    public IReadOnlyList<RouteRule>? Routes { get; init; }

    /// <summary>The inline <c>&lt;config&gt;</c>, served to the child as its "config" ROM.</summary>
    public XmlNode? Config { get; init; }

    /// <summary>12.02's <c>&lt;configfile name=.../&gt;</c>: a ROM module of the parent used as the child's config.</summary>
    public string? ConfigFile { get; init; }

    public bool HeartbeatEnabled { get; init; }

    /// <summary><c>&lt;heartbeat restart_after_skipped=N/&gt;</c>; null: never restart.</summary>
    public uint? RestartAfterSkipped { get; init; }

    /// <summary><c>&lt;exit propagate="yes"/&gt;</c>: the child's exit ends init with the same value.</summary>
    public bool ExitPropagate { get; init; }

    public bool HasAffinity { get; init; }

    public required XmlNode Node { get; init; }

    /// <summary>Priority band index (0 highest), clamped to the levels; init's scheduler view.</summary>
    public long EffectivePriority(int prioLevels) =>
        prioLevels <= 0 ? 0 : Math.Min(-Priority, prioLevels - 1);

    public static StartNode Parse(XmlNode start, ulong defaultCaps, ulong? defaultRam)
    {
        var name = InitConfig.RequiredName(start);
        if (name.Contains(SessionLabel.Separator, StringComparison.Ordinal))
            throw new InitConfigException(start, $"child name \"{name}\" contains the label separator");

        var binary = start.Attribute("binary", name);
        start.WithOptionalSubNode("binary", b => binary = InitConfig.RequiredName(b));

        ulong ram = defaultRam ?? 0;
        if (start.HasAttribute("ram"))
            ram = start.Attribute("ram", new NumberOfBytes(0)).Value;
        start.ForEachSubNode("resource", r =>
        {
            // The 12.02 form; a later <resource> overrides, as in Genode.
            if (r.Attribute("name", "") == "RAM")
                ram = r.Attribute("quantum", new NumberOfBytes(0)).Value;
            else if (r.Attribute("name", "") == "CAP")
                defaultCaps = r.Attribute("quantum", defaultCaps);
        });

        var provides = new List<string>();
        start.WithOptionalSubNode("provides", p => p.ForEachSubNode(s =>
        {
            if (s.Type != "service")
                throw new InitConfigException(s, $"unexpected <{s.Type}> in <provides>");
            provides.Add(InitConfig.RequiredName(s));
        }));

        IReadOnlyList<RouteRule>? routes = null;
        start.WithOptionalSubNode("route", r => routes = RouteRule.ParseAll(r));

        string? configFile = null;
        start.WithOptionalSubNode("configfile", c => configFile = InitConfig.RequiredName(c));

        uint? restartAfter = null;
        start.WithOptionalSubNode("heartbeat", h =>
        {
            if (h.HasAttribute("restart_after_skipped"))
                restartAfter = h.Attribute("restart_after_skipped", 0u);
        });

        var exitPropagate = false;
        start.WithOptionalSubNode("exit", e => exitPropagate = e.Attribute("propagate", false));

        return new StartNode
        {
            Name = name,
            Binary = binary,
            Ram = ram,
            Caps = start.Attribute("caps", defaultCaps),
            Priority = start.Attribute("priority", 0L),
            Version = start.HasAttribute("version") ? start.Attribute("version", "") : null,
            Provides = provides,
            Routes = routes,
            Config = start.FindSubNode("config"),
            ConfigFile = configFile,
            HeartbeatEnabled = start.HasSubNode("heartbeat"),
            RestartAfterSkipped = restartAfter,
            ExitPropagate = exitPropagate,
            HasAffinity = start.HasSubNode("affinity"),
            Node = start,
        };
    }
}
