namespace Framework.Core.Verifier;

/// <summary>
/// Explains a refusal: the rule and the one-line reason for a refused type or member, by the
/// longest matching prefix in Refusals.txt. It never decides anything; the allow-list does.
/// </summary>
internal sealed class Refusals
{
    private readonly IReadOnlyList<(string Prefix, Rule Rule, string Explanation)> _lines;

    private Refusals(IReadOnlyList<(string, Rule, string)> lines) => _lines = lines;

    public const string NotAllowedExplanation = "it is not on the verifier's allow-list of the BCL (base/src/verifier/AllowList.txt)";

    public static Refusals Default()
    {
        var lines = new List<(string, Rule, string)>();
        var text = Resources.Read("Refusals.txt").Split('\n');
        for (var i = 0; i < text.Length; i++)
        {
            var line = text[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var bar = line.IndexOf(" | ", StringComparison.Ordinal);
            var head = bar < 0 ? [] : line[..bar].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length != 2 || !RuleNames.TryParse(head[1], out var rule))
                throw new InvalidOperationException($"the verifier's own Refusals.txt is malformed at line {i + 1}");
            lines.Add((head[0], rule, line[(bar + 3)..].Trim()));
        }
        return new Refusals(lines);
    }

    /// <summary>The rule and explanation for <paramref name="name"/> ("Namespace.Type" or "Namespace.Type.Member").</summary>
    public (Rule Rule, string Explanation) Explain(string name)
    {
        var best = -1;
        (Rule, string) found = (Rule.NotAllowed, NotAllowedExplanation);
        foreach (var (prefix, rule, explanation) in _lines)
        {
            if (prefix.Length > best && Matches(name, prefix))
            {
                best = prefix.Length;
                found = (rule, explanation);
            }
        }
        return found;
    }

    private static bool Matches(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal)
        && (name.Length == prefix.Length || name[prefix.Length] is '.' or '`' or '+');
}

/// <summary>The data files compiled into the verifier.</summary>
internal static class Resources
{
    public static string Read(string name)
    {
        using var stream = typeof(Resources).Assembly.GetManifestResourceStream("Framework.Core.Verifier." + name)
            ?? throw new InvalidOperationException($"the verifier was built without its resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
