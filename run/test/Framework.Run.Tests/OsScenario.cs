using System.Text.RegularExpressions;
using Framework.Backends;
using Framework.Core;

namespace Framework.Run.Tests;

/// <summary>Boots core + init with the os repository's services and tests (timer, report_rom, dummy, ...).</summary>
internal static class OsScenario
{

    public const string ParentProvides = """
        <parent-provides>
          <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="RM"/>
        </parent-provides>
        """;

    public static RomFs Modules(string config, IReadOnlyDictionary<string, string>? extra = null) => Boot.Modules(config, extra);

    /// <summary>Runs until the system is idle or <paramref name="timeLimit"/> (virtual microseconds) has passed.</summary>
    public static (List<string> Log, CoreSystem Core) Run(string kernel, string config, ulong timeLimit = ulong.MaxValue,
        IReadOnlyDictionary<string, string>? extra = null) => Boot.Run(kernel, config, timeLimit, extra);

    /// <summary>The Genode data directory (../shared/data/genode beside the repository), or null if absent.</summary>
    public static string? GenodeData()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "genode");
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
        }
        return null;
    }
}

/// <summary>
/// Genode's depot-autopilot log matching (conformance.md 1.3): each log line is tagged with its
/// origin minus the root component's prefix, pattern lines are trimmed and split at '*', and the
/// fragments must appear in order, the first of each pattern line at the start of a log line.
/// </summary>
internal static partial class AutopilotLog
{
    /// <summary>
    /// The log as the autopilot sees it: <c>[init -> x] text</c> becomes <c>[x] text</c> (our
    /// top-level init plays the role of the test's root component), init's own lines lose their tag.
    /// </summary>
    public static string Captured(IEnumerable<string> log)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var line in log)
        {
            var text = line;
            if (text.StartsWith("[init -> ", StringComparison.Ordinal))
                text = "[" + text["[init -> ".Length..];
            else if (text.StartsWith("[init] ", StringComparison.Ordinal))
                text = text["[init] ".Length..];
            sb.Append('\n').Append(text);
        }
        return sb.ToString();
    }

    /// <summary>Null if <paramref name="pattern"/> matches; otherwise the first fragment that was not found.</summary>
    public static string? Mismatch(string pattern, IEnumerable<string> log)
    {
        var captured = Captured(log);
        var position = 0;
        foreach (var raw in pattern.Split('\n'))
        {
            var line = raw.Trim(' ', '\t', '\r');
            if (line.Length == 0)
                continue;
            var fragments = line.Split('*');
            for (var i = 0; i < fragments.Length; i++)
            {
                var fragment = i == 0 ? "\n" + fragments[i] : fragments[i];
                if (fragment.Length == 0)
                    continue;
                var found = captured.IndexOf(fragment, position, StringComparison.Ordinal);
                if (found < 0)
                    return fragment.TrimStart('\n');
                position = found + fragment.Length;
            }
        }
        return null;
    }

    /// <summary>The text of the runtime file's <c>&lt;succeed&gt;</c> node with its XML entities decoded.</summary>
    public static string Succeed(string runtimeXml)
    {
        var match = SucceedNode().Match(runtimeXml);
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<succeed>(.*?)</succeed>", RegexOptions.Singleline)]
    private static partial Regex SucceedNode();
}
