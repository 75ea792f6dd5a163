namespace Framework.Run.Tests;

/// <summary>
/// The repository's run scripts as the tests' single source of compositions: a test that boots a
/// scenario through the C# API reads the config from the script, so the two cannot drift apart.
/// </summary>
internal static class RunScripts
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found");
    }

    public static string Script(string name) => Path.Combine(RepositoryRoot(), "run", name);

    /// <summary>The argument of <c>install_config { ... }</c> in run/<paramref name="script"/>, by brace matching.</summary>
    public static string InstalledConfig(string script)
    {
        var text = File.ReadAllText(Script(script));
        var start = text.IndexOf("install_config {", StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidOperationException($"run/{script} has no install_config");
        var open = text.IndexOf('{', start);
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
                depth++;
            else if (text[i] == '}' && --depth == 0)
                return text[(open + 1)..i];
        }
        throw new InvalidOperationException($"unbalanced install_config in run/{script}");
    }
}
