using Framework.Base;
using Framework.Util;

namespace Framework.Os.Init.Model;

/// <summary>Where a route target sends a session request.</summary>
internal enum TargetKind
{
    Parent,
    Child,
    AnyChild,
}

/// <summary>One target of a route rule; <see cref="Label"/> rewrites the label the server sees.</summary>
internal sealed record RouteTarget(TargetKind Kind, string? Child, string? Label);

/// <summary>
/// One <c>&lt;service&gt;</c> or <c>&lt;any-service&gt;</c> entry of a route: the service, the label
/// selectors (<c>label</c>, <c>label_prefix</c>, <c>label_suffix</c>, <c>label_last</c>,
/// <c>unscoped_label</c>, 12.02's <c>&lt;if-arg key="label"&gt;</c>) and its targets, in order.
/// </summary>
internal sealed record RouteRule(string? Service, IReadOnlyList<RouteTarget> Targets, XmlNode Node, string? IfArgLabel)
{
    public bool IsWildcard => Service is null;

    /// <summary>
    /// True if the rule applies to a request for <paramref name="service"/> with the full (child-
    /// prefixed) <paramref name="label"/> from <paramref name="childName"/>, as Genode's
    /// <c>service_node_matches</c>: <c>unscoped_label</c> compares the full label, <c>label_last</c>
    /// its last element, and <c>label</c>/<c>label_prefix</c>/<c>label_suffix</c> the label without
    /// the child's name (a label not prefixed by it matches none of them).
    /// </summary>
    public bool Matches(string service, SessionLabel label, string childName)
    {
        if (Service is not null && Service != service)
            return false;
        if (Node.HasAttribute("unscoped_label"))
            return label.Value == Node.Attribute("unscoped_label", "");
        if (Node.HasAttribute("label_last"))
            return Node.Attribute("label_last", "") == label.LastElement.Value;
        var dependsOnLabel = Node.HasAttribute("label") || Node.HasAttribute("label_prefix")
            || Node.HasAttribute("label_suffix") || IfArgLabel is not null;
        if (!dependsOnLabel)
            return true;
        var scoped = Scoped(label, childName);
        if (scoped is null)
            return false;
        if (IfArgLabel is not null && IfArgLabel != scoped)
            return false;
        return !LabelScore.Of(Node, scoped).Conflict;
    }

    /// <summary>The label without the leading <c>child -&gt; </c>; null if it does not start so.</summary>
    public static string? Scoped(SessionLabel label, string childName)
    {
        var prefix = childName + SessionLabel.Separator;
        return label.Value.StartsWith(prefix, StringComparison.Ordinal) ? label.Value[prefix.Length..] : null;
    }

    public static IReadOnlyList<RouteRule> ParseAll(XmlNode route)
    {
        var rules = new List<RouteRule>();
        route.ForEachSubNode(rule =>
        {
            string? service = rule.Type switch
            {
                "service" => InitConfig.RequiredName(rule),
                "any-service" => null,
                _ => throw new InitConfigException(rule, $"unexpected <{rule.Type}> in <{route.Type}>"),
            };
            string? ifArg = null;
            var targets = new List<RouteTarget>();
            rule.ForEachSubNode(t =>
            {
                string? label = t.HasAttribute("label") ? t.Attribute("label", "") : null;
                switch (t.Type)
                {
                    case "parent":
                        targets.Add(new RouteTarget(TargetKind.Parent, null, label));
                        break;
                    case "child":
                        targets.Add(new RouteTarget(TargetKind.Child, InitConfig.RequiredName(t), label));
                        break;
                    case "any-child":
                        targets.Add(new RouteTarget(TargetKind.AnyChild, null, label));
                        break;
                    case "if-arg":
                        // 12.02: only a label condition is meaningful to init's routing.
                        if (t.Attribute("key", "") != "label")
                            throw new InitConfigException(t, $"<if-arg> supports only key=\"label\", not \"{t.Attribute("key", "")}\"");
                        ifArg ??= t.Attribute("value", "");
                        break;
                    default:
                        throw new InitConfigException(t, $"unexpected <{t.Type}> as route target");
                }
            });
            if (targets.Count == 0)
                throw new InitConfigException(rule, "route entry without a target");
            rules.Add(new RouteRule(service, targets, rule, ifArg));
        });
        return rules;
    }
}
