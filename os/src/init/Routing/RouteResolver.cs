using Framework.Os.Init.Model;
using Framework.Util;

namespace Framework.Os.Init.Routing;

internal enum RouteKind
{
    Parent,
    Child,
    Denied,
}

/// <summary>
/// Where a session request goes: to init's parent or to a server child, with the label the server
/// will see; or denied, with the diagnostic init prints (a warning, or an error if <see cref="IsError"/>).
/// </summary>
internal sealed record RouteDecision(RouteKind Kind, string? Server, SessionLabel Label, string? Diagnostic = null, bool IsError = false)
{
    public static RouteDecision Deny(string diagnostic, bool isError = false) => new(RouteKind.Denied, null, default, diagnostic, isError);

    public override string ToString() => Kind switch
    {
        RouteKind.Parent => $"parent \"{Label.Value}\"",
        RouteKind.Child => $"child {Server} \"{Label.Value}\"",
        _ => $"denied ({Diagnostic})",
    };
}

/// <summary>
/// Resolves session requests against the config, as modern init does: the start node's
/// <c>&lt;route&gt;</c> (or else the <c>&lt;default-route&gt;</c>), first matching rule whose targets
/// succeed. A <c>&lt;service&gt;</c> rule whose targets all fail denies; an <c>&lt;any-service&gt;</c>
/// rule falls through to the next rule. Child targets must declare the service in <c>&lt;provides&gt;</c>;
/// whether it is announced yet is the runtime's business (the request then waits).
/// </summary>
internal static class RouteResolver
{
    /// <param name="label">The full label, prefixed with the client's name (<c>client -&gt; x</c>).</param>
    /// <param name="clientLabel">The label as the client gave it, for the "no route" diagnostic.</param>
    public static RouteDecision Resolve(InitConfig config, StartNode client, string service, SessionLabel label,
        SessionLabel? clientLabel = null)
    {
        var rules = client.Routes ?? config.DefaultRoute;
        foreach (var rule in rules)
        {
            if (!rule.Matches(service, label, client.Name))
                continue;
            foreach (var target in rule.Targets)
            {
                var targetLabel = target.Label is null ? label : new SessionLabel(target.Label);
                switch (target.Kind)
                {
                    case TargetKind.Parent:
                        if (config.ParentProvides.Contains(service))
                            return new RouteDecision(RouteKind.Parent, null, targetLabel);
                        break;
                    case TargetKind.Child:
                    {
                        var server = config.Child(config.DerefAlias(target.Child!));
                        if (server is not null && server.Provides.Contains(service))
                            return new RouteDecision(RouteKind.Child, server.Name, targetLabel);
                        break;
                    }
                    case TargetKind.AnyChild:
                    {
                        var providers = config.Children.Where(c => c.Provides.Contains(service)).ToList();
                        if (providers.Count > 1)
                            return RouteDecision.Deny($"{client.Name}: ambiguous routes to service \"{service}\"", isError: true);
                        if (providers.Count == 1)
                            return new RouteDecision(RouteKind.Child, providers[0].Name, targetLabel);
                        break;
                    }
                }
            }
            if (!rule.IsWildcard)
                return RouteDecision.Deny($"{client.Name}: lookup for service \"{service}\" failed");
        }
        var shown = clientLabel ?? label;
        return RouteDecision.Deny($"{client.Name}: no route to service \"{service}\" (label=\"{shown.Value}\")");
    }

    /// <summary>
    /// The route of the child's binary: a ROM request labelled with the child's name, which
    /// becomes a request for the binary's name when the two differ (Genode's rule).
    /// </summary>
    public static RouteDecision ResolveBinary(InitConfig config, StartNode client)
    {
        var label = new SessionLabel(client.Binary);
        return Resolve(config, client, "ROM", label, label);
    }

    /// <summary>The route of one of the child's environment sessions (PD, CPU, LOG), labelled with its name.</summary>
    public static RouteDecision ResolveEnv(InitConfig config, StartNode client, string service) =>
        Resolve(config, client, service, new SessionLabel(client.Name), new SessionLabel(""));

    /// <summary>
    /// Dependency cycles among children through explicit <c>&lt;child name&gt;</c> targets of their
    /// routes: each cycle once, as the names along it (first name repeated at the end), in config order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(InitConfig config)
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var child in config.Children)
        {
            var targets = new List<string>();
            foreach (var rule in child.Routes ?? config.DefaultRoute)
            {
                foreach (var t in rule.Targets)
                {
                    if (t.Kind != TargetKind.Child)
                        continue;
                    var server = config.DerefAlias(t.Child!);
                    if (config.Child(server) is not null && !targets.Contains(server))
                        targets.Add(server);
                }
            }
            edges[child.Name] = targets;
        }

        var cycles = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(string node)
        {
            if (done.Contains(node))
                return;
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                var cycle = path.Skip(at).Append(node).ToList();
                var key = string.Join(",", cycle.Skip(1).Order(StringComparer.Ordinal));
                if (seen.Add(key))
                    cycles.Add(cycle);
                return;
            }
            path.Add(node);
            foreach (var next in edges[node])
                Visit(next);
            path.RemoveAt(path.Count - 1);
            done.Add(node);
        }

        foreach (var child in config.Children)
            Visit(child.Name);
        return cycles;
    }
}
