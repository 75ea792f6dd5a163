using System.Reflection;
using System.Runtime.CompilerServices;

namespace Framework.Testing;

/// <summary>
/// Repository hygiene for snapshots: the analogues of Verify's <c>VerifyChecks.Run()</c> and
/// <c>DanglingSnapshots.Run()</c>.
/// </summary>
public static class SnapshotChecks
{
    /// <summary>The lines git needs so snapshots keep their bytes on every OS and received files stay local.</summary>
    private static readonly (string File, string Line)[] RequiredLines =
    [
        (".gitattributes", "*.verified.txt text eol=lf working-tree-encoding=UTF-8"),
        (".gitattributes", "*.verified.xml text eol=lf working-tree-encoding=UTF-8"),
        (".gitattributes", "*.verified.bin binary"),
        (".gitignore", "*.received.*"),
    ];

    /// <summary>The directory containing Framework.sln, walking up from the calling source file.</summary>
    public static string FindRepositoryRoot([CallerFilePath] string sourceFile = "") =>
        SnapshotNaming.FindRepoRoot(sourceFile)
        ?? throw new InvalidOperationException($"No Framework.sln above '{sourceFile}'.");

    /// <summary>Fails, listing every missing line, unless .gitattributes and .gitignore hold the snapshot lines.</summary>
    public static void AssertRepositoryConventions(string repoRoot)
    {
        var missing = RequiredLines
            .Where(required => !ReadLines(Path.Combine(repoRoot, required.File)).Contains(Collapse(required.Line)))
            .Select(required => $"  {required.File}: {required.Line}")
            .ToList();
        if (missing.Count > 0)
            Assert.Fail($"Snapshot conventions are missing in {repoRoot}:\n{string.Join('\n', missing)}");
    }

    /// <summary>
    /// The <c>*.verified.*</c> files under <paramref name="directory"/> whose name matches no test
    /// method of <paramref name="testAssembly"/> (as <c>{Class}.{Method}</c> or <c>{Class}.{Method}_...</c>).
    /// Snapshots named with UseFileName or UseMethodName are reported too; filter them out by name.
    /// </summary>
    public static IReadOnlyList<string> FindDanglingSnapshots(Assembly testAssembly, string directory)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var prefixes = TestPrefixes(testAssembly);
        return
        [
            .. Directory.EnumerateFiles(directory, "*.verified.*", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(directory, path))
                .Where(path => !prefixes.Any(prefix => Matches(Stem(path), prefix)))
                .Order(StringComparer.Ordinal),
        ];
    }

    private static HashSet<string> TestPrefixes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }
        const BindingFlags methods = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
        return
        [
            .. types
                .Where(t => t.IsClass && !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
                .SelectMany(t => t.GetMethods(methods)
                    .Where(SnapshotNaming.IsTestMethod)
                    .Select(m => $"{SnapshotNaming.NameWithParent(t)}.{m.Name}")),
        ];
    }

    private static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        return name[..name.IndexOf(".verified.", StringComparison.Ordinal)];
    }

    private static bool Matches(string stem, string prefix) =>
        stem == prefix || (stem.StartsWith(prefix, StringComparison.Ordinal) && stem[prefix.Length] == '_');

    private static bool IsBuildOutput(string root, string path) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            .Any(part => part is "bin" or "obj");

    private static HashSet<string> ReadLines(string path) =>
        File.Exists(path) ? [.. File.ReadLines(path).Select(Collapse)] : [];

    private static string Collapse(string line) => string.Join(' ', line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
