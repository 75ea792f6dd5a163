namespace Framework.Util.Tests;

/// <summary>
/// Locates the shared Genode reference data (never copied into the repository) and compares
/// produced output with its expected logs.
/// </summary>
internal static class SharedData
{
    /// <summary>The directory <c>../shared/data/genode</c> next to the repository, or Assert.Ignore.</summary>
    public static string GenodeDataDirectory()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        if (dir is null)
        {
            Assert.Ignore("Framework.sln not found above the test directory, so ../shared cannot be located");
            return "";
        }
        string data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "genode"));
        if (!Directory.Exists(data))
            Assert.Ignore($"shared Genode data not available at {data}");
        return data;
    }

    public static string PathOf(string fileName)
    {
        string path = Path.Combine(GenodeDataDirectory(), fileName);
        if (!File.Exists(path))
            Assert.Ignore($"shared Genode data file {path} not available");
        return path;
    }

    /// <summary>The lines of an expected log, without the empty element after the final line break.</summary>
    public static IReadOnlyList<string> ExpectedLines(string fileName)
    {
        var lines = File.ReadAllText(PathOf(fileName)).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>
    /// Depot-autopilot pattern semantics applied per line: the pattern is trimmed of spaces and
    /// tabs and split at '*'; the first fragment must start the line, the others must follow in
    /// order, and (stricter than the autopilot) the last one must end the line. The line itself is
    /// not trimmed then, so a pattern such as "* XML node" still checks the indentation.
    /// </summary>
    public static bool LineMatches(string line, string pattern)
    {
        string p = pattern.Trim(' ', '\t');
        if (p.Length == 0)
            return line.Trim(' ', '\t').Length == 0;
        string[] fragments = p.Split('*');
        // Without wildcards both sides are trimmed, as the run tool's compare_output_to does.
        if (fragments.Length == 1)
            return line.Trim(' ', '\t') == p;
        if (!line.StartsWith(fragments[0], StringComparison.Ordinal))
            return false;
        int pos = fragments[0].Length;
        for (int i = 1; i < fragments.Length - 1; i++)
        {
            int at = line.IndexOf(fragments[i], pos, StringComparison.Ordinal);
            if (at < 0)
                return false;
            pos = at + fragments[i].Length;
        }
        string last = fragments[^1];
        return line.Length - last.Length >= pos && line.EndsWith(last, StringComparison.Ordinal);
    }

    /// <summary>Asserts that <paramref name="actual"/> matches <paramref name="expected"/> line by line.</summary>
    public static void AssertLogMatches(IReadOnlyList<string> actual, IReadOnlyList<string> expected)
    {
        using (Assert.EnterMultipleScope())
        {
            for (int i = 0; i < Math.Max(actual.Count, expected.Count); i++)
            {
                string a = i < actual.Count ? actual[i] : "<missing line>";
                string e = i < expected.Count ? expected[i] : "<no further line expected>";
                Assert.That(LineMatches(a, e), Is.True, $"line {i + 1}: produced '{a}', expected pattern '{e}'");
            }
            Assert.That(actual, Has.Count.EqualTo(expected.Count), "number of lines");
        }
    }
}
