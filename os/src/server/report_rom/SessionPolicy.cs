using Framework.Util;

namespace Framework.Os.ReportRom;

/// <summary>
/// Selects the <c>&lt;policy&gt;</c> node of a server's config that applies to a session label
/// (Genode's Session_policy). Private to report_rom until the shared one in Framework.Base lands.
/// </summary>
/// <remarks>
/// A policy matches if all its label attributes match: <c>label</c> (the whole label),
/// <c>label_prefix</c>, <c>label_suffix</c>, <c>label_last</c> (the last element). The most
/// specific match wins: an exact <c>label</c> first, then the longest prefix, then the longest
/// suffix; among equals the first in the config. A policy without label attributes matches
/// nothing; <c>&lt;default-policy&gt;</c> applies when no policy matches.
/// </remarks>
internal static class SessionPolicy
{
    public static XmlNode? Select(XmlNode config, SessionLabel label)
    {
        XmlNode? best = null;
        var bestScore = (Exact: false, Prefix: -1, Suffix: -1);
        foreach (var policy in config.SubNodesOfType("policy"))
        {
            if (!Matches(policy, label, out var score))
                continue;
            if (best is null || Better(score, bestScore))
            {
                best = policy;
                bestScore = score;
            }
        }
        return best ?? config.FindSubNode("default-policy");
    }

    private static bool Better((bool Exact, int Prefix, int Suffix) a, (bool Exact, int Prefix, int Suffix) b) =>
        a.Exact != b.Exact ? a.Exact : a.Prefix != b.Prefix ? a.Prefix > b.Prefix : a.Suffix > b.Suffix;

    private static bool Matches(XmlNode policy, SessionLabel label, out (bool Exact, int Prefix, int Suffix) score)
    {
        score = (false, -1, -1);
        var any = false;
        var value = label.Value;
        if (policy.FindAttribute("label") is { } exact)
        {
            any = true;
            if (exact.Value != value)
                return false;
            score.Exact = true;
        }
        if (policy.FindAttribute("label_prefix") is { } prefix)
        {
            any = true;
            if (!value.StartsWith(prefix.Value, StringComparison.Ordinal))
                return false;
            score.Prefix = prefix.Value.Length;
        }
        if (policy.FindAttribute("label_suffix") is { } suffix)
        {
            any = true;
            if (!value.EndsWith(suffix.Value, StringComparison.Ordinal))
                return false;
            score.Suffix = suffix.Value.Length;
        }
        if (policy.FindAttribute("label_last") is { } last)
        {
            any = true;
            if (label.LastElement.Value != last.Value)
                return false;
        }
        return any;
    }
}
