using System.Text;
using System.Text.RegularExpressions;

namespace Framework.Testing;

/// <summary>
/// The scrubber pipeline: newlines are normalized first, then per-call scrubbers, then global
/// ones, then directories, then GUIDs. As in Verify, directory replacements come after the user
/// scrubbers, so those see the real paths they may want to match.
/// </summary>
internal static partial class Scrubbing
{
    public const string SolutionDirectory = "{SolutionDirectory}";
    public const string TempPath = "{TempPath}";

    public static string Apply(
        string actual,
        IEnumerable<Func<string, string>> scrubbers,
        string? repoRoot,
        string tempPath)
    {
        var text = NormalizeNewlines(actual);
        foreach (var scrubber in scrubbers)
            // A scrubber may reintroduce CRs; normalize again so the next one sees '\n' only.
            text = NormalizeNewlines(scrubber(text));
        // Directories before GUIDs: a path containing a GUID (a per-test temp directory) would
        // otherwise no longer match the path it should be replaced by.
        text = ScrubDirectories(text, repoRoot, tempPath);
        text = ScrubGuids(text);
        // The file format has no trailing newline; trimming here makes "a\n" and "a" the same
        // snapshot instead of one that can never round-trip through a verified file.
        return text.TrimEnd('\n');
    }

    public static string NormalizeNewlines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>GUIDs become <c>Guid_1</c>, <c>Guid_2</c>, ... in order of first appearance, so equal GUIDs stay equal.</summary>
    public static string ScrubGuids(string text)
    {
        var numbers = new Dictionary<Guid, int>();
        return GuidPattern().Replace(text, match =>
        {
            var guid = Guid.Parse(match.ValueSpan);
            if (!numbers.TryGetValue(guid, out var number))
                numbers[guid] = number = numbers.Count + 1;
            return $"Guid_{number}";
        });
    }

    /// <summary>
    /// Replaces the repository root and the temp directory. The longer path goes first, because our
    /// tests put fake repositories inside the temp directory. A match must end at a path boundary,
    /// so <c>/tmp</c> does not eat the start of <c>/tmpfoo</c>.
    /// </summary>
    public static string ScrubDirectories(string text, string? repoRoot, string tempPath)
    {
        var replacements = new List<(string Path, string Token)>();
        AddVariants(replacements, repoRoot, SolutionDirectory);
        AddVariants(replacements, tempPath, TempPath);
        foreach (var (path, token) in replacements.OrderByDescending(r => r.Path.Length))
            text = ReplacePath(text, path, token);
        return text;
    }

    private static void AddVariants(List<(string, string)> replacements, string? path, string token)
    {
        if (string.IsNullOrEmpty(path))
            return;
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        if (trimmed.Length <= 1)
            return; // Never replace a bare root such as "/": it would rewrite every absolute path.
        replacements.Add((trimmed, token));
        // Paths printed with '/' on Windows (URIs, git output) should scrub the same way.
        var forward = trimmed.Replace('\\', '/');
        if (forward != trimmed)
            replacements.Add((forward, token));
    }

    private static string ReplacePath(string text, string path, string token)
    {
        var builder = new StringBuilder(text.Length);
        var start = 0;
        while (true)
        {
            var index = text.IndexOf(path, start, StringComparison.Ordinal);
            if (index < 0)
                break;
            var end = index + path.Length;
            var atBoundary = end == text.Length || !IsPathNameChar(text[end]);
            builder.Append(text, start, index - start).Append(atBoundary ? token : path);
            start = end;
        }
        return builder.Append(text, start, text.Length - start).ToString();
    }

    private static bool IsPathNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])")]
    private static partial Regex GuidPattern();
}
