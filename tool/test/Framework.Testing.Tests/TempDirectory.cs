namespace Framework.Testing.Tests;

/// <summary>A fresh directory under the temp path, deleted on dispose, so no test writes into the repository.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"snapshot-tests-{Guid.NewGuid()}");

    /// <summary>A source file path inside the directory; only its directory has to exist.</summary>
    public string SourceFile => System.IO.Path.Combine(Path, "SomeTests.cs");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Runs the engine with an explicit environment instead of the process's.</summary>
internal static class Snapshot
{
    public static VerifyResult Run(
        string actual,
        string sourceFile,
        VerifySettings? settings = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string extension = "txt",
        IEnumerable<Func<string, string>>? globalScrubbers = null) =>
        SnapshotEngine.Run(
            actual,
            extension,
            settings,
            sourceFile,
            TestIdentity.FromNUnit(),
            globalScrubbers ?? [],
            Environment(environment ?? new Dictionary<string, string>()));

    public static VerifyEnvironment Environment(IReadOnlyDictionary<string, string> variables) =>
        new(name => variables.GetValueOrDefault(name));

    public static readonly IReadOnlyDictionary<string, string> AutoVerify =
        new Dictionary<string, string> { ["Verify_AutoVerify"] = "true" };
}
