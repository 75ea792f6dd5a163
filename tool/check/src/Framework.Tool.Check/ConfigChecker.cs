using System.Text;
using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Util;

namespace Framework.Tool.Check;

public enum Severity
{
    Error,
    Warning,
}

/// <summary>One finding, at a line and column of the config text.</summary>
public sealed record CheckProblem(Severity Severity, int Line, int Column, string Message)
{
    public string Format(string file, int lineOffset = 0) =>
        $"{file}:{Line + lineOffset}:{Column}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}

/// <summary>What the checker knows beyond the config: the boot modules and the parent's resources.</summary>
public sealed record CheckOptions
{
    /// <summary>The boot modules (binary names); null: binaries are not checked.</summary>
    public IReadOnlyCollection<string>? Modules { get; init; }

    /// <summary>RAM init has to hand out; 0: unknown, quotas are not checked at the top level.</summary>
    public ulong AvailableRam { get; init; }

    /// <summary>Capabilities init has to hand out; 0: unknown.</summary>
    public ulong AvailableCaps { get; init; }
}

/// <summary>The resolved routing table (recursively into nested inits) and the problems found.</summary>
public sealed record CheckReport(string RoutingTable, IReadOnlyList<CheckProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);

    /// <summary>The routing table followed by one line per problem, as <c>file:line:column: error: ...</c>.</summary>
    public string Format(string file, int lineOffset = 0)
    {
        var text = new StringBuilder(RoutingTable);
        if (text.Length > 0)
            text.Append('\n');
        foreach (var p in Problems)
            text.Append(p.Format(file, lineOffset)).Append('\n');
        text.Append(Problems.Count == 0 ? "no problems" : $"{Problems.Count(p => p.Severity == Severity.Error)} errors, {Problems.Count(p => p.Severity == Severity.Warning)} warnings");
        return text.ToString();
    }
}

/// <summary>
/// Proves an init config before it runs: every route resolves to a provider that exists, no
/// cyclic dependencies, quotas fit, every binary is a boot module, names are unique, routed-to
/// services are declared — recursively into nested inits — and points out the mistakes Genode
/// users make: a <c>&lt;service&gt;</c> inside <c>&lt;any-service&gt;</c>, quantities without units,
/// rules that can never match. It uses init's own parser and route resolver, so it proves what
/// init will do.
/// </summary>
public static class ConfigChecker
{
    /// <summary>Below this, a RAM quantity without a unit is almost certainly a forgotten K or M.</summary>
    private const ulong SuspiciousRam = 4096;

    private static readonly string[] s_environment = ["PD", "CPU", "LOG"];

    public static CheckReport Check(string configText, CheckOptions? options = null)
    {
        options ??= new CheckOptions();
        XmlNode node;
        try
        {
            node = XmlNode.Parse(configText);
        }
        catch (XmlSyntaxException e)
        {
            return new CheckReport("", [new CheckProblem(Severity.Error, e.Line, e.Column, $"malformed XML: {e.Reason}")]);
        }
        var problems = new List<CheckProblem>();
        var table = new StringBuilder();
        CheckInit(node, "", options.Modules, options.AvailableRam, options.AvailableCaps, null, problems, table, depth: 0);
        var ordered = problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ThenBy(p => p.Message, StringComparer.Ordinal).ToList();
        return new CheckReport(table.ToString().TrimEnd('\n'), ordered);
    }

    private static void CheckInit(XmlNode node, string path, IReadOnlyCollection<string>? modules, ulong ram, ulong caps,
        Func<string, RouteDecision>? parentRoute, List<CheckProblem> problems, StringBuilder table, int depth)
    {
        void Error(XmlNode at, string message) => problems.Add(new CheckProblem(Severity.Error, at.Line, at.Column, path + message));
        void Warn(XmlNode at, string message) => problems.Add(new CheckProblem(Severity.Warning, at.Line, at.Column, path + message));

        CheckStructure(node, Error, Warn);
        InitConfig config;
        try
        {
            config = InitConfig.Parse(node);
        }
        catch (InitConfigException e)
        {
            // The structural check may have explained this very node better already.
            if (!problems.Any(p => p.Line == e.Line && p.Column == e.Column && p.Severity == Severity.Error))
                problems.Add(new CheckProblem(Severity.Error, e.Line, e.Column, path + StripPosition(e.Message)));
            return;
        }

        if (table.Length > 0)
            table.Append('\n');
        if (path.Length > 0)
            table.Append("== nested init ").Append(path.TrimEnd(' ', ':')).Append('\n');
        table.Append(RoutingTable.Render(config)).Append('\n');

        // A nested init expects its parent-provides from its own parent.
        if (parentRoute is not null)
        {
            foreach (var service in config.ParentProvides)
            {
                var decision = parentRoute(service);
                if (decision.Kind == RouteKind.Denied)
                {
                    var at = node.FindSubNode("parent-provides") ?? node;
                    Error(at, $"<parent-provides> lists \"{service}\", but the enclosing init routes it nowhere ({decision.Diagnostic})");
                }
            }
        }

        foreach (var cycle in RouteResolver.Cycles(config))
            Error(config.Child(cycle[0])!.Node, $"cyclic dependency: {string.Join(" -> ", cycle)}");

        foreach (var child in config.Children)
        {
            if (modules is not null && !IsModule(modules, child.Binary) && !(child.Binary == "init" && depth > 0 && IsModule(modules, "init")))
                Error(child.Node, $"child \"{child.Name}\": binary \"{child.Binary}\" is not a boot module");
            CheckEnvironment(config, child, Error);
            CheckRoutes(config, child, child.Routes, Error, Warn);
            if (child.Ram == 0)
                Warn(child.Node, $"child \"{child.Name}\" has no RAM quota");
        }
        CheckRoutes(config, null, config.DefaultRoute, Error, Warn);

        CheckQuota(node, config, ram, caps, Error);

        foreach (var child in config.Children)
        {
            if (child.Binary != "init" || child.Config is null)
                continue;
            var inner = child;
            CheckInit(child.Config, $"{path}{child.Name}: ", modules, child.Ram, child.Caps,
                service => RouteResolver.Resolve(config, inner, service, new SessionLabel(inner.Name + SessionLabel.Separator + "x")),
                problems, table, depth + 1);
        }
    }

    private static bool IsModule(IReadOnlyCollection<string> modules, string binary) =>
        modules.Contains(binary) || modules.Contains(binary + ".dll");

    private static string StripPosition(string message)
    {
        // InitConfigException says "line L, column C, <node>: message"; the position is ours to print.
        var colon = message.IndexOf(">: ", StringComparison.Ordinal);
        return colon >= 0 ? message[(colon + 3)..] : message;
    }

    /// <summary>Mistakes init accepts silently.</summary>
    private static void CheckStructure(XmlNode config, Action<XmlNode, string> error, Action<XmlNode, string> warn)
    {
        void Routes(XmlNode route)
        {
            route.ForEachSubNode("any-service", any =>
                any.ForEachSubNode("service", s =>
                    error(s, $"<service name=\"{s.Attribute("name", "")}\"> inside <any-service> is no route target; " +
                        "Genode's init ignores it silently (ours refuses the config) — write it as a rule of its own before the <any-service>")));
        }
        config.WithOptionalSubNode("default-route", Routes);
        config.ForEachSubNode("start", start =>
        {
            start.WithOptionalSubNode("route", Routes);
            void Quantity(XmlNode at, string attribute)
            {
                if (!at.HasAttribute(attribute))
                    return;
                var raw = at.Attribute(attribute, "");
                if (raw.Length > 0 && raw.All(char.IsAsciiDigit) && ulong.TryParse(raw, out var bytes) && bytes < SuspiciousRam)
                    warn(at, $"{attribute}=\"{raw}\" is {bytes} bytes (no unit): did you mean \"{raw}K\" or \"{raw}M\"?");
            }
            Quantity(start, "ram");
            start.ForEachSubNode("resource", r =>
            {
                if (r.Attribute("name", "") == "RAM")
                    Quantity(r, "quantum");
            });
        });
    }

    private static void CheckEnvironment(InitConfig config, StartNode child, Action<XmlNode, string> error)
    {
        var binary = RouteResolver.ResolveBinary(config, child);
        if (binary.Kind == RouteKind.Denied)
            error(child.Node, $"child \"{child.Name}\": its binary ROM \"{child.Binary}\" cannot be routed ({binary.Diagnostic})");
        foreach (var service in s_environment)
        {
            var decision = RouteResolver.ResolveEnv(config, child, service);
            if (decision.Kind == RouteKind.Denied)
                error(child.Node, $"child \"{child.Name}\": its {service} session cannot be routed ({decision.Diagnostic})");
        }
    }

    /// <summary>Targets that name nothing, services not provided, and rules an earlier one shadows.</summary>
    private static void CheckRoutes(InitConfig config, StartNode? child, IReadOnlyList<RouteRule>? rules,
        Action<XmlNode, string> error, Action<XmlNode, string> warn)
    {
        if (rules is null)
            return;
        var owner = child is null ? "<default-route>" : $"child \"{child.Name}\"";
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            foreach (var target in rule.Targets)
            {
                switch (target.Kind)
                {
                    case TargetKind.Child:
                    {
                        var server = config.Child(config.DerefAlias(target.Child!));
                        if (server is null)
                            error(rule.Node, $"{owner}: route to child \"{target.Child}\", which does not exist");
                        else if (rule.Service is not null && !server.Provides.Contains(rule.Service))
                            error(rule.Node, $"{owner}: route of \"{rule.Service}\" to child \"{server.Name}\", which does not declare it in <provides>");
                        else if (child is not null && server.Name == child.Name)
                            error(rule.Node, $"{owner}: routes \"{rule.Service ?? "any service"}\" to itself");
                        break;
                    }
                    case TargetKind.Parent:
                        if (rule.Service is not null && !config.ParentProvides.Contains(rule.Service))
                            error(rule.Node, $"{owner}: route of \"{rule.Service}\" to the parent, which does not provide it (not in <parent-provides>)");
                        break;
                    case TargetKind.AnyChild:
                        if (rule.Service is not null && config.Children.Count(c => c.Provides.Contains(rule.Service)) > 1)
                            error(rule.Node, $"{owner}: <any-child/> for \"{rule.Service}\" is ambiguous: several children provide it");
                        break;
                }
            }
            for (var j = 0; j < i; j++)
            {
                if (Shadows(config, rules[j], rule))
                {
                    warn(rule.Node, $"{owner}: this rule can never match: the rule at line {rules[j].Node.Line} always does first");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// True if <paramref name="earlier"/> decides every request <paramref name="later"/> could see:
    /// it has no label selector, covers the service, and either is a <c>&lt;service&gt;</c> rule
    /// (those never fall through) or has a target that always succeeds for the later service.
    /// </summary>
    private static bool Shadows(InitConfig config, RouteRule earlier, RouteRule later)
    {
        if (HasLabelSelector(earlier))
            return false;
        if (earlier.Service is not null)
            return later.Service == earlier.Service;
        if (later.Service is null)
            return AlwaysSucceeds(config, earlier, null);
        return AlwaysSucceeds(config, earlier, later.Service);
    }

    private static bool HasLabelSelector(RouteRule rule) =>
        rule.IfArgLabel is not null || rule.Node.HasAttribute("label") || rule.Node.HasAttribute("label_prefix")
        || rule.Node.HasAttribute("label_suffix") || rule.Node.HasAttribute("label_last") || rule.Node.HasAttribute("unscoped_label");

    private static bool AlwaysSucceeds(InitConfig config, RouteRule rule, string? service) =>
        rule.Targets.Any(t => t.Kind switch
        {
            TargetKind.Parent => service is not null && config.ParentProvides.Contains(service),
            TargetKind.Child => service is not null && config.Child(config.DerefAlias(t.Child!))?.Provides.Contains(service) == true,
            _ => false,
        });

    private static void CheckQuota(XmlNode node, InitConfig config, ulong ram, ulong caps, Action<XmlNode, string> error)
    {
        if (ram > 0)
        {
            var needed = config.Children.Aggregate(0UL, (sum, c) => sum + c.Ram);
            var available = ram > config.PreservedRam ? ram - config.PreservedRam : 0;
            if (needed > available)
                error(node, $"the children need {new NumberOfBytes(needed)} of RAM, but init has {new NumberOfBytes(available)} to give " +
                    $"({new NumberOfBytes(ram)} less {new NumberOfBytes(config.PreservedRam)} it preserves)");
        }
        if (caps > 0)
        {
            var needed = config.Children.Aggregate(0UL, (sum, c) => sum + c.Caps);
            var available = caps > config.PreservedCaps ? caps - config.PreservedCaps : 0;
            if (needed > available)
                error(node, $"the children need {needed} capabilities, but init has {available} to give");
        }
    }
}
