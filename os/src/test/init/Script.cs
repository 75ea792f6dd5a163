using Framework.Util;

namespace Framework.Os.Test.Init;

/// <summary>
/// The step script: the sub-nodes of the driver's config (Genode's test-init.config, unchanged),
/// with the documented overlay applied, and the driver's own settings from the overlay.
/// </summary>
/// <remarks>
/// Overlay format (run/init_test_overlay.xml):
/// <code>
/// &lt;overlay&gt;
///   &lt;driver step_timeout_ms="10000"/&gt;
///   &lt;replace step="218" type="expect_warning"&gt; &lt;expect_log string="..."/&gt; &lt;/replace&gt;
/// &lt;/overlay&gt;
/// </code>
/// A <c>replace</c> names the step by its 0-based index and the type that step must have, so a
/// changed script is noticed instead of patched blindly; its single sub-node becomes the step.
/// </remarks>
internal sealed class Script
{
    /// <summary>How long a waiting step (expect_log, expect_init_state) may take unless the overlay says otherwise.</summary>
    public const ulong DefaultStepTimeoutMs = 10_000;

    private Script(IReadOnlyList<XmlNode> steps, ulong stepTimeoutMs, IReadOnlyList<int> replaced)
    {
        Steps = steps;
        StepTimeoutMs = stepTimeoutMs;
        Replaced = replaced;
    }

    public IReadOnlyList<XmlNode> Steps { get; }
    public ulong StepTimeoutMs { get; }

    /// <summary>Indices of the steps the overlay replaced.</summary>
    public IReadOnlyList<int> Replaced { get; }

    /// <exception cref="ScriptException">The overlay does not fit the script.</exception>
    public static Script Load(XmlNode config, XmlNode? overlay)
    {
        var steps = config.SubNodes.ToList();
        var timeout = DefaultStepTimeoutMs;
        var replaced = new List<int>();
        if (overlay is not null)
        {
            foreach (var node in overlay.SubNodes)
            {
                switch (node.Type)
                {
                    case "driver":
                        timeout = node.Attribute("step_timeout_ms", timeout);
                        break;
                    case "replace":
                    {
                        var index = node.Attribute("step", -1);
                        if (index < 0 || index >= steps.Count)
                            throw new ScriptException($"overlay replaces step {index}, but the script has {steps.Count} steps");
                        var type = node.Attribute("type", "");
                        if (type.Length > 0 && steps[index].Type != type)
                            throw new ScriptException($"overlay replaces step {index} of type {type}, but that step is {steps[index].Type}");
                        if (node.NumSubNodes != 1)
                            throw new ScriptException($"overlay's replacement of step {index} must have exactly one sub-node");
                        steps[index] = node.SubNodes[0];
                        replaced.Add(index);
                        break;
                    }
                    default:
                        throw new ScriptException($"unknown overlay node <{node.Type}>");
                }
            }
        }
        return new Script(steps, timeout, replaced);
    }
}

internal sealed class ScriptException(string message) : Exception(message);

/// <summary>How the driver's LOG service turns a write into the message it compares.</summary>
internal static class LogMessages
{
    /// <summary>Genode 25.11's line delimiter: a colour reset and a line break.</summary>
    public const string Delimiter = "\u001b[0m\n";

    /// <summary>Cuts at the first delimiter (25.11), then drops one trailing line break.</summary>
    public static string Clean(string text)
    {
        var end = text.IndexOf(Delimiter, StringComparison.Ordinal);
        if (end >= 0)
            text = text[..end];
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    public static string Message(string label, string text) => $"[{label}] {Clean(text)}";

    /// <summary>What an <c>expect_warning</c> step expects (25.11): the prefix, a blue colour code, the warning.</summary>
    public static string Warning(string prefix, string colored) => prefix + "\u001b[34m" + colored;
}
