using Framework.Util;

namespace Framework.Base;

/// <summary>
/// How well one node's label attributes (<c>label</c>, <c>label_prefix</c>, <c>label_suffix</c>)
/// match a session label: Genode's <c>Xml_node_label_score</c>. Prefix and suffix scores are the
/// number of matching characters plus one, so that an empty prefix still counts as a match.
/// </summary>
public readonly record struct LabelScore(
    bool LabelPresent, bool PrefixPresent, bool SuffixPresent,
    bool LabelMatch, int PrefixMatch, int SuffixMatch)
{
    /// <summary>Scores <paramref name="node"/> against <paramref name="label"/>.</summary>
    public static LabelScore Of(XmlNode node, string label)
    {
        var labelAttr = node.FindAttribute("label");
        var prefixAttr = node.FindAttribute("label_prefix");
        var suffixAttr = node.FindAttribute("label_suffix");
        var labelMatch = labelAttr is not null && node.Attribute("label", "") == label;
        var prefixMatch = 0;
        if (prefixAttr is not null)
        {
            var prefix = node.Attribute("label_prefix", "");
            if (label.StartsWith(prefix, StringComparison.Ordinal))
                prefixMatch = prefix.Length + 1;
        }
        var suffixMatch = 0;
        if (suffixAttr is not null)
        {
            var suffix = node.Attribute("label_suffix", "");
            if (label.EndsWith(suffix, StringComparison.Ordinal))
                suffixMatch = suffix.Length + 1;
        }
        return new LabelScore(labelAttr is not null, prefixAttr is not null, suffixAttr is not null,
            labelMatch, prefixMatch, suffixMatch);
    }

    /// <summary>The empty score every candidate is compared with first: present everywhere, matching nothing.</summary>
    public static LabelScore None => new(true, true, true, false, 0, 0);

    /// <summary>True if any present attribute fails to match.</summary>
    public bool Conflict =>
        (LabelPresent && !LabelMatch) || (PrefixPresent && PrefixMatch == 0) || (SuffixPresent && SuffixMatch == 0);

    /// <summary>True if any of the three attributes is present at all.</summary>
    public bool HasSelector => LabelPresent || PrefixPresent || SuffixPresent;

    /// <summary>
    /// Genode's ranking: no conflict beats a conflict; an exact label beats none; then the longer
    /// prefix, then the longer suffix. Equal scores are not stronger, so the earlier node stays.
    /// </summary>
    public bool StrongerThan(LabelScore other)
    {
        if (!HasSelector || Conflict)
            return false;
        if (other.Conflict)
            return true;
        if (LabelPresent && !other.LabelPresent)
            return true;
        if (other.LabelPresent)
            return false;
        if (PrefixPresent != other.PrefixPresent)
            return PrefixPresent;
        if (PrefixPresent && PrefixMatch != other.PrefixMatch)
            return PrefixMatch > other.PrefixMatch;
        if (SuffixPresent != other.SuffixPresent)
            return SuffixPresent;
        if (SuffixPresent && SuffixMatch != other.SuffixMatch)
            return SuffixMatch > other.SuffixMatch;
        return false;
    }
}

/// <summary>
/// Server-side session policies (Genode's <c>Session_policy</c>): the <c>&lt;policy&gt;</c> node of a
/// server's config that matches a session label best, else its <c>&lt;default-policy&gt;</c>.
/// </summary>
/// <example>
/// <code>
/// var policy = SessionPolicy.Select(config, label)
///     ?? throw new ServiceDeniedException(SessionPolicy.DenialMessage(label));
/// </code>
/// </example>
public static class SessionPolicy
{
    /// <summary>The best matching <c>&lt;policy&gt;</c>, else <c>&lt;default-policy&gt;</c>, else null (deny).</summary>
    public static XmlNode? Select(XmlNode config, SessionLabel label)
    {
        XmlNode? best = null;
        var bestScore = LabelScore.None;
        foreach (var policy in config.SubNodesOfType("policy"))
        {
            var score = LabelScore.Of(policy, label.Value);
            if (score.StrongerThan(bestScore))
            {
                best = policy;
                bestScore = score;
            }
        }
        return best ?? config.FindSubNode("default-policy");
    }

    /// <summary>Genode's warning text for a label no policy matches.</summary>
    public static string DenialMessage(SessionLabel label) => $"no policy defined for label '{label.Value}'";
}
