using System.Collections.Frozen;

namespace Framework.Core.Verifier;

/// <summary>
/// The parts of the BCL a component may use, read from AllowList.txt (the file documents its
/// format). Whatever it does not allow is refused: the list only ever grows by a reviewed line.
/// </summary>
internal sealed class AllowList
{
    private readonly FrozenSet<string> _namespaces;
    private readonly FrozenSet<string> _types;
    private readonly FrozenSet<string> _anyArity;
    private readonly FrozenDictionary<string, FrozenSet<string>> _members;
    private readonly FrozenSet<string> _mentions;

    private AllowList(IReadOnlyList<AllowListEntry> entries)
    {
        Entries = entries;
        _namespaces = entries.Where(e => e.Kind == AllowListKind.Namespace).Select(e => e.Name).ToFrozenSet(StringComparer.Ordinal);
        _types = entries.Where(e => e.Kind == AllowListKind.Type && !e.Name.EndsWith("`*", StringComparison.Ordinal))
            .Select(e => e.Name).ToFrozenSet(StringComparer.Ordinal);
        _anyArity = entries.Where(e => e.Kind == AllowListKind.Type && e.Name.EndsWith("`*", StringComparison.Ordinal))
            .Select(e => e.Name[..^2]).ToFrozenSet(StringComparer.Ordinal);
        _members = entries.Where(e => e.Kind == AllowListKind.Members)
            .GroupBy(e => e.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.SelectMany(e => e.Members).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        _mentions = entries.Where(e => e.Kind == AllowListKind.Mention).Select(e => e.Name).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<AllowListEntry> Entries { get; }

    /// <summary>The list compiled into the verifier (AllowList.txt).</summary>
    public static AllowList Default()
    {
        var text = Resources.Read("AllowList.txt");
        var list = Parse(text, out var errors);
        if (errors.Count > 0)
            throw new InvalidOperationException("the verifier's own AllowList.txt is malformed: " + string.Join("; ", errors));
        return list;
    }

    /// <summary>Reads an allow-list; every malformed line is an error "line N: what", and is skipped.</summary>
    public static AllowList Parse(string text, out IReadOnlyList<string> errors)
    {
        var entries = new List<AllowListEntry>();
        var problems = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var bar = line.IndexOf(" | ", StringComparison.Ordinal);
            var reason = bar < 0 ? "" : line[(bar + 3)..].Trim();
            if (reason.Length == 0)
            {
                problems.Add($"line {i + 1}: no reason (write ' | ' and why the entry is safe)");
                continue;
            }
            var head = line[..bar].Trim();
            var space = head.IndexOf(' ', StringComparison.Ordinal);
            var kind = space < 0 ? head : head[..space];
            var rest = space < 0 ? "" : head[(space + 1)..].Trim();
            switch (kind)
            {
                case AllowListKind.Namespace or AllowListKind.Type or AllowListKind.Mention when rest.Length > 0 && !rest.Contains(' ', StringComparison.Ordinal):
                    entries.Add(new AllowListEntry(kind, rest, [], reason, i + 1));
                    break;
                case AllowListKind.Members:
                    var colon = rest.IndexOf(':', StringComparison.Ordinal);
                    var members = colon < 0 ? [] : rest[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (colon <= 0 || members.Length == 0)
                    {
                        problems.Add($"line {i + 1}: 'members' needs 'Type: member member ...'");
                        continue;
                    }
                    entries.Add(new AllowListEntry(kind, rest[..colon].Trim(), members, reason, i + 1));
                    break;
                default:
                    problems.Add($"line {i + 1}: expected 'namespace N', 'type T', 'members T: m ...' or 'mention T', found '{head}'");
                    break;
            }
        }
        errors = problems;
        return new AllowList(entries);
    }

    /// <summary>Every member of the type may be used (a namespace, type or enclosing type entry).</summary>
    public bool AllowsWholeType(string ns, string name)
    {
        if (_namespaces.Contains(ns))
            return true;
        var key = ns.Length == 0 ? name : ns + "." + name;
        if (_types.Contains(key))
            return true;
        var plus = name.LastIndexOf('+');
        if (plus > 0)
            return AllowsWholeType(ns, name[..plus]);
        var tick = key.LastIndexOf('`');
        return _anyArity.Contains(tick < 0 ? key : key[..tick]);
    }

    /// <summary>The type may be named in a signature, an attribute or a type token.</summary>
    public bool AllowsMention(string ns, string name)
    {
        var key = ns.Length == 0 ? name : ns + "." + name;
        return AllowsWholeType(ns, name) || _members.ContainsKey(key) || _mentions.Contains(key);
    }

    /// <summary>The member may be used: its type is wholly allowed, or the member is listed (by name, or by name and parameters).</summary>
    public bool AllowsMember(string ns, string name, string member, string parameters)
    {
        if (AllowsWholeType(ns, name))
            return true;
        var key = ns.Length == 0 ? name : ns + "." + name;
        return _members.TryGetValue(key, out var names)
            && (names.Contains(member) || names.Contains(member + parameters.Replace(" ", "", StringComparison.Ordinal)));
    }
}

/// <summary>One line of the allow-list.</summary>
internal sealed record AllowListEntry(string Kind, string Name, IReadOnlyList<string> Members, string Reason, int Line);

/// <summary>The kinds of allow-list lines.</summary>
internal static class AllowListKind
{
    public const string Namespace = "namespace";
    public const string Type = "type";
    public const string Members = "members";
    public const string Mention = "mention";
}
