using Framework.Util;

namespace Framework.Os.Test.Init;

/// <summary>
/// The conditions of an <c>&lt;expect_init_state&gt;</c> step, evaluated against init's state
/// report exactly as Genode's driver does (conformance.md 2.3), plus an explanation of the first
/// condition that does not hold, so that a failing step says what differed.
/// </summary>
internal static class StateMatcher
{
    /// <summary>True if every condition of <paramref name="expected"/> holds for <paramref name="node"/>.</summary>
    public static bool Matches(XmlNode expected, XmlNode node) => Mismatch(expected, node) is null;

    /// <summary>Null if <paramref name="expected"/> matches <paramref name="node"/>; otherwise what did not.</summary>
    public static string? Mismatch(XmlNode expected, XmlNode node) => Mismatch(expected, node, $"<{node.Type}>");

    private static string? Mismatch(XmlNode expected, XmlNode node, string path)
    {
        foreach (var condition in expected.SubNodes)
        {
            switch (condition.Type)
            {
                case "attribute":
                    if (AttributeMismatch(condition, node) is { } attribute)
                        return $"{path}: {attribute}";
                    break;
                case "node":
                {
                    var type = condition.Attribute("name", "");
                    var candidates = node.SubNodesOfType(type).ToList();
                    if (candidates.Any(sub => Mismatch(condition, sub, path) is null))
                        break;
                    if (candidates.Count == 0)
                        return $"{path}: no <{type}> sub-node";
                    // The closest candidate's first difference is the most useful hint.
                    var reasons = candidates.Select(sub => Mismatch(condition, sub, $"{path} <{type}{NameOf(sub)}>")!);
                    return $"{path}: no <{type}> sub-node matches ({candidates.Count} tried; e.g. {reasons.First()})";
                }
                case "not":
                    if (Mismatch(condition, node, path) is null)
                        return $"{path}: matches the negated condition {Compact(condition)}";
                    break;
            }
        }
        return null;
    }

    private static string NameOf(XmlNode node) =>
        node.FindAttribute("name") is { } name ? $" name=\"{name.Value}\"" : "";

    private static string? AttributeMismatch(XmlNode condition, XmlNode node)
    {
        var name = condition.Attribute("name", "");
        var actual = node.FindAttribute(name)?.Value;
        var shown = actual is null ? "absent" : $"\"{actual}\"";
        if (condition.FindAttribute("value") is { } value)
            return (actual ?? "") == value.Value ? null : $"attribute {name} is {shown}, expected \"{value.Value}\"";
        if (condition.FindAttribute("higher") is { } higher)
            return Bytes(actual) > Bytes(higher.Value) ? null : $"attribute {name} is {shown}, expected higher than {higher.Value}";
        if (condition.FindAttribute("lower") is { } lower)
            return Bytes(actual) < Bytes(lower.Value) ? null : $"attribute {name} is {shown}, expected lower than {lower.Value}";
        return $"<attribute name=\"{name}\"> has no value, higher or lower condition";
    }

    /// <summary>Genode's Number_of_bytes: K, M and G suffixes; absent or malformed reads as 0.</summary>
    public static ulong Bytes(string? text) =>
        text is not null && NumberOfBytes.TryParse(text, out var n) ? n.Value : 0;

    /// <summary>A node on one line, for messages.</summary>
    public static string Compact(XmlNode node) =>
        string.Join(" ", node.RawText.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
}
