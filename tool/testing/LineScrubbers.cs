namespace Framework.Testing;

/// <summary>
/// The user scrubbers behind <see cref="VerifySettings"/> and <see cref="VerifierSettings"/>. They
/// see text whose newlines are already normalized to <c>\n</c>, so splitting on '\n' is exact.
/// </summary>
internal static class LineScrubbers
{
    public static Func<string, string> LinesContaining(StringComparison comparison, string[] stringToMatch)
    {
        ArgumentNullException.ThrowIfNull(stringToMatch);
        if (stringToMatch.Length == 0 || stringToMatch.Any(string.IsNullOrEmpty))
            throw new ArgumentException("Give at least one non-empty string; an empty one would remove every line.", nameof(stringToMatch));
        string[] copy = [.. stringToMatch];
        return Lines(line => copy.Any(s => line.Contains(s, comparison)));
    }

    public static Func<string, string> Lines(Func<string, bool> removeLine)
    {
        ArgumentNullException.ThrowIfNull(removeLine);
        return LinesWithReplace(line => removeLine(line) ? null : line);
    }

    public static Func<string, string> LinesWithReplace(Func<string, string?> replaceLine)
    {
        ArgumentNullException.ThrowIfNull(replaceLine);
        return text =>
        {
            var kept = new List<string>();
            foreach (var line in text.Split('\n'))
            {
                if (replaceLine(line) is { } replaced)
                    kept.Add(replaced);
            }
            return string.Join('\n', kept);
        };
    }

    public static Func<string, string> Replace(string find, string replacement)
    {
        ArgumentException.ThrowIfNullOrEmpty(find);
        ArgumentNullException.ThrowIfNull(replacement);
        return text => text.Replace(find, replacement, StringComparison.Ordinal);
    }

    public static Func<string, string> EmptyLines() => Lines(string.IsNullOrWhiteSpace);
}
