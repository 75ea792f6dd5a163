using Framework.Util;

namespace Framework.Os.Init;

/// <summary>Where a route sends a session request.</summary>
internal enum RouteTarget
{
    Parent,
    Child,
    AnyChild,
}

/// <summary>One <c>&lt;service&gt;</c> or <c>&lt;any-service&gt;</c> entry of a route, with its targets in order.</summary>
internal sealed record RouteRule(string? Service, LabelSelector Label, IReadOnlyList<(RouteTarget Target, string? Child, string? Label)> Targets, int Line, int Column)
{
    public bool Matches(string service, SessionLabel scopedLabel, SessionLabel unscopedLabel) =>
        (Service is null || Service == service) && Label.Matches(scopedLabel, unscopedLabel);
}

/// <summary>The label attributes of a route rule; all given ones must match.</summary>
internal sealed record LabelSelector(string? Label, string? Prefix, string? Suffix, string? Unscoped, string? Last)
{
    public static LabelSelector From(XmlNode node) => new(
        node.HasAttribute("label") ? node.Attribute("label", "") : null,
        node.HasAttribute("label_prefix") ? node.Attribute("label_prefix", "") : null,
        node.HasAttribute("label_suffix") ? node.Attribute("label_suffix", "") : null,
        node.HasAttribute("unscoped_label") ? node.Attribute("unscoped_label", "") : null,
        node.HasAttribute("label_last") ? node.Attribute("label_last", "") : null);

    public bool Matches(SessionLabel scoped, SessionLabel unscoped) =>
        (Label is null || scoped.Value == Label)
        && (Prefix is null || scoped.Value.StartsWith(Prefix, StringComparison.Ordinal))
        && (Suffix is null || scoped.Value.EndsWith(Suffix, StringComparison.Ordinal))
        && (Unscoped is null || unscoped.Value == Unscoped)
        && (Last is null || scoped.LastElement.Value == Last);
}

/// <summary>A <c>&lt;start&gt;</c> node, resolved.</summary>
internal sealed record StartNode(string Name, string Binary, ulong RamQuota, ulong CapQuota,
    IReadOnlyList<string> Provides, IReadOnlyList<RouteRule> Routes, XmlNode Node);

/// <summary>init's configuration: parent services, default route and children.</summary>
internal sealed record InitConfig(IReadOnlyList<string> ParentProvides, IReadOnlyList<RouteRule> DefaultRoute,
    IReadOnlyList<StartNode> Children, ulong DefaultCaps, bool Verbose)
{
    public static InitConfig Parse(XmlNode config)
    {
        var parentProvides = new List<string>();
        config.WithOptionalSubNode("parent-provides", pp =>
            pp.ForEachSubNode("service", s => parentProvides.Add(s.Attribute("name", ""))));

        var defaultRoute = new List<RouteRule>();
        config.WithOptionalSubNode("default-route", dr => defaultRoute.AddRange(ParseRoute(dr)));

        ulong defaultCaps = 0;
        config.WithOptionalSubNode("default", d => defaultCaps = d.Attribute("caps", 0UL));

        var children = new List<StartNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        config.ForEachSubNode("start", start =>
        {
            var name = start.Attribute("name", "");
            if (name.Length == 0)
                throw new InitConfigException(start, "<start> has no name attribute");
            if (!names.Add(name))
                throw new InitConfigException(start, $"duplicate child name \"{name}\"");
            var binary = start.Attribute("binary", name);
            start.WithOptionalSubNode("binary", b => binary = b.Attribute("name", binary));
            ulong ram = start.Attribute("ram", new NumberOfBytes(0)).Value;
            start.ForEachSubNode("resource", r =>
            {
                if (r.Attribute("name", "") == "RAM")
                    ram = r.Attribute("quantum", new NumberOfBytes(0)).Value;
            });
            var caps = start.Attribute("caps", defaultCaps);
            var provides = new List<string>();
            start.WithOptionalSubNode("provides", p => p.ForEachSubNode("service", s => provides.Add(s.Attribute("name", ""))));
            var routes = new List<RouteRule>();
            start.WithOptionalSubNode("route", r => routes.AddRange(ParseRoute(r)));
            children.Add(new StartNode(name, binary, ram, caps, provides, routes, start));
        });
        return new InitConfig(parentProvides, defaultRoute, children, defaultCaps, config.Attribute("verbose", false));
    }

    private static IEnumerable<RouteRule> ParseRoute(XmlNode route)
    {
        var rules = new List<RouteRule>();
        route.ForEachSubNode(rule =>
        {
            string? service = rule.Type switch
            {
                "service" => rule.Attribute("name", ""),
                "any-service" => null,
                _ => throw new InitConfigException(rule, $"unexpected <{rule.Type}> in a route"),
            };
            var targets = new List<(RouteTarget, string?, string?)>();
            rule.ForEachSubNode(t =>
            {
                string? label = t.HasAttribute("label") ? t.Attribute("label", "") : null;
                switch (t.Type)
                {
                    case "parent":
                        targets.Add((RouteTarget.Parent, null, label));
                        break;
                    case "child":
                        targets.Add((RouteTarget.Child, t.Attribute("name", ""), label));
                        break;
                    case "any-child":
                        targets.Add((RouteTarget.AnyChild, null, label));
                        break;
                    default:
                        throw new InitConfigException(t, $"unexpected <{t.Type}> as route target");
                }
            });
            rules.Add(new RouteRule(service, LabelSelector.From(rule), targets, rule.Line, rule.Column));
        });
        return rules;
    }
}

/// <summary>A config that init cannot use: names the node and its position.</summary>
internal sealed class InitConfigException(XmlNode node, string message)
    : Exception($"{node.Line}:{node.Column}: {message}");
