using Framework.Os.Init.Model;
using Framework.Util;

namespace Framework.Tool.Check;

/// <summary>
/// An init config in one normal form, whatever its dialect: modern attributes (<c>ram</c>,
/// <c>caps</c>, <c>binary</c>) instead of 12.02's <c>&lt;resource&gt;</c> and <c>&lt;binary&gt;</c>
/// nodes, a fixed attribute and node order, tabs, numbers with units. Two configs that init treats
/// alike render alike, so configs snapshot and diff cleanly.
/// </summary>
public static class CanonicalConfig
{
    private static readonly string[] s_labelAttributes = ["label", "label_prefix", "label_suffix", "label_last", "unscoped_label"];

    /// <summary>The canonical text; malformed configs throw <see cref="XmlSyntaxException"/> or name the bad node.</summary>
    public static string Render(string configText)
    {
        var config = InitConfig.Parse(XmlNode.Parse(configText));
        return XmlGenerator.Generate("config", g =>
        {
            if (config.Version is { } version)
                g.Attribute("version", version);
            if (config.Verbose)
                g.Attribute("verbose", "yes");
            if (config.PrioLevels > 0)
                g.Attribute("prio_levels", config.PrioLevels);
            if (config.ParentProvides.Count > 0)
            {
                g.Node("parent-provides", () =>
                {
                    foreach (var service in config.ParentProvides)
                        g.Node("service", () => g.Attribute("name", service));
                });
            }
            if (config.DefaultRoute.Count > 0)
                g.Node("default-route", () => Rules(g, config.DefaultRoute));
            if (config.DefaultCaps > 0 || config.DefaultRam is not null)
            {
                g.Node("default", () =>
                {
                    if (config.DefaultRam is { } ram)
                        g.Attribute("ram", new NumberOfBytes(ram).ToString());
                    if (config.DefaultCaps > 0)
                        g.Attribute("caps", config.DefaultCaps);
                });
            }
            foreach (var child in config.Children)
                Start(g, child);
        });
    }

    private static void Start(XmlGenerator g, StartNode child) => g.Node("start", () =>
    {
        g.Attribute("name", child.Name);
        if (child.Binary != child.Name)
            g.Attribute("binary", child.Binary);
        if (child.Ram > 0)
            g.Attribute("ram", new NumberOfBytes(child.Ram).ToString());
        if (child.Caps > 0)
            g.Attribute("caps", child.Caps);
        if (child.Priority != 0)
            g.Attribute("priority", child.Priority);
        if (child.Version is { } version)
            g.Attribute("version", version);
        if (child.Provides.Count > 0)
        {
            g.Node("provides", () =>
            {
                foreach (var service in child.Provides)
                    g.Node("service", () => g.Attribute("name", service));
            });
        }
        if (child.Routes is { } routes)
            g.Node("route", () => Rules(g, routes));
        if (child.Config is { } config)
            g.AppendNode(config, 16);
    });

    private static void Rules(XmlGenerator g, IReadOnlyList<RouteRule> rules)
    {
        foreach (var rule in rules)
        {
            g.Node(rule.Service is null ? "any-service" : "service", () =>
            {
                if (rule.Service is { } service)
                    g.Attribute("name", service);
                foreach (var attribute in s_labelAttributes)
                {
                    if (rule.Node.HasAttribute(attribute))
                        g.Attribute(attribute, rule.Node.Attribute(attribute, ""));
                }
                // 12.02's <if-arg key="label" value="x"/> is the modern label="x".
                if (rule.IfArgLabel is { } label && !rule.Node.HasAttribute("label"))
                    g.Attribute("label", label);
                foreach (var target in rule.Targets)
                {
                    g.Node(target.Kind switch
                    {
                        TargetKind.Parent => "parent",
                        TargetKind.Child => "child",
                        _ => "any-child",
                    }, () =>
                    {
                        if (target.Child is { } name)
                            g.Attribute("name", name);
                        if (target.Label is { } l)
                            g.Attribute("label", l);
                    });
                }
            });
        }
    }
}
