namespace Framework.Tool.Run.Tests;

/// <summary>The source tree the tests run in, and scratch run scripts inside it.</summary>
internal static class TestTree
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var d = TestContext.CurrentContext.TestDirectory; d is not null; d = Path.GetDirectoryName(d))
        {
            if (File.Exists(Path.Combine(d, "Directory.Build.props")) && Directory.Exists(Path.Combine(d, "tool", "run")))
                return d;
        }
        throw new InvalidOperationException("the tests run outside the source tree");
    }

    /// <summary>Writes a run script to a fresh temporary directory (its run directory is build/var/run/&lt;name&gt; of the tree).</summary>
    public static string WriteScript(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "run-tool-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".run");
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public static RunScriptResult Run(string name, string text, RunOptions? options = null) =>
        RunScript.Execute(WriteScript(name, text), (options ?? new RunOptions()) with { GenodeDirectory = Root });

    public static readonly string[] HelloLines =
    [
        "[init -> hello_server] creating root component",
        "[init -> hello_server] I am here... Hello.",
        "[init -> hello_client] added 13 + 14 = 27",
        "[init -> hello_client] hello test completed",
        "[init] child \"hello_client\" exited with exit value 0",
    ];
}
