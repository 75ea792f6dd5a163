using System.Text;
using Framework.Os.Init.Model;
using Framework.Util;

namespace Framework.Os.Init.Routing;

/// <summary>
/// The resolved routing of a config as canonical text: for every child (config order), its
/// environment sessions and binary, then each service init knows of (parent-provides and child
/// provides, ordinal order) probed with the child's own label and with every label its route
/// rules single out. One line per probe: <c>child: SERVICE "label" -&gt; target</c>.
/// </summary>
internal static class RoutingTable
{
    public static string Render(InitConfig config)
    {
        var text = new StringBuilder();
        var services = config.ParentProvides.Concat(config.Children.SelectMany(c => c.Provides))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var child in config.Children)
        {
            text.Append(child.Name).Append(" (binary ").Append(child.Binary).Append(')').Append('\n');
            text.Append("  binary ROM \"").Append(child.Binary).Append("\" -> ")
                .Append(RouteResolver.ResolveBinary(config, child)).Append('\n');
            foreach (var env in new[] { "PD", "CPU", "LOG" })
                Line(text, env, new SessionLabel(child.Name), RouteResolver.ResolveEnv(config, child, env));
            if (child.Config is not null)
                text.Append("  ROM \"").Append(child.Name).Append(" -> config\" -> init (inline <config>)\n");
            var probes = ProbeLabels(child, config);
            foreach (var service in services)
            {
                foreach (var probe in probes)
                {
                    var label = probe.Length == 0 ? new SessionLabel(child.Name) : new SessionLabel(probe);
                    if (probe.Length == 0 && service is "PD" or "CPU" or "LOG")
                        continue;
                    Line(text, service, label, RouteResolver.Resolve(config, child, service, label));
                }
            }
        }
        var cycles = RouteResolver.Cycles(config);
        foreach (var cycle in cycles)
            text.Append("cycle: ").AppendJoin(" -> ", cycle).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    private static void Line(StringBuilder text, string service, SessionLabel label, RouteDecision decision) =>
        text.Append("  ").Append(service).Append(" \"").Append(label.Value).Append("\" -> ").Append(decision).Append('\n');

    /// <summary>The child's own label (""), plus a full label for each label selector of its route.</summary>
    private static List<string> ProbeLabels(StartNode child, InitConfig config)
    {
        var probes = new List<string> { "" };
        void Add(string label)
        {
            if (!probes.Contains(label))
                probes.Add(label);
        }
        var scope = child.Name + SessionLabel.Separator;
        foreach (var rule in child.Routes ?? config.DefaultRoute)
        {
            var node = rule.Node;
            if (node.HasAttribute("label"))
                Add(scope + node.Attribute("label", ""));
            if (rule.IfArgLabel is not null)
                Add(scope + rule.IfArgLabel);
            if (node.HasAttribute("label_prefix"))
                Add(scope + node.Attribute("label_prefix", "") + "x");
            if (node.HasAttribute("label_suffix"))
                Add(scope + "x" + node.Attribute("label_suffix", ""));
            if (node.HasAttribute("label_last"))
                Add(scope + "x" + SessionLabel.Separator + node.Attribute("label_last", ""));
            if (node.HasAttribute("unscoped_label"))
                Add(node.Attribute("unscoped_label", ""));
        }
        return probes;
    }
}
