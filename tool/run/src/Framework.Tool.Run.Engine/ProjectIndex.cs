using System.Xml.Linq;

namespace Framework.Tool.Run;

/// <summary>A buildable project below some repository's <c>src/</c> directory.</summary>
/// <param name="ProjectPath">Absolute path of the project file.</param>
/// <param name="SourcePath">Directory relative to the nearest enclosing <c>src/</c>, with '/' separators (the Genode target path).</param>
/// <param name="AssemblyName">The binary name (Genode's TARGET): the project's AssemblyName, or its file name.</param>
internal sealed record ProjectInfo(string ProjectPath, string SourcePath, string AssemblyName)
{
    public string DisplayPath(string root) => Path.GetRelativePath(root, ProjectPath).Replace('\\', '/');
}

/// <summary>
/// Every project below a <c>src/</c> directory of the tree, Genode's "targets". A build target selects the
/// projects whose source path equals it or lies below it, across all repositories, the way
/// <c>make hello</c> builds every target.mk under <c>*/src/hello/</c>.
/// </summary>
internal sealed class ProjectIndex
{
    // Directories never holding sources: build output, VCS data, the run tool's own output tree.
    private static readonly HashSet<string> s_skipped = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", "build", "TestResults", "node_modules", ".vs",
    };

    private ProjectIndex(string root, IReadOnlyList<ProjectInfo> projects)
    {
        Root = root;
        Projects = projects;
    }

    public string Root { get; }

    public IReadOnlyList<ProjectInfo> Projects { get; }

    public static ProjectIndex Scan(string root)
    {
        var projects = new List<ProjectInfo>();
        Walk(root, null, projects);
        projects.Sort((a, b) => string.CompareOrdinal(a.ProjectPath, b.ProjectPath));
        return new ProjectIndex(root, projects);
    }

    private static void Walk(string directory, string? srcDirectory, List<ProjectInfo> projects)
    {
        if (srcDirectory is not null)
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.csproj").Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(srcDirectory, directory).Replace('\\', '/');
                projects.Add(new ProjectInfo(Path.GetFullPath(file), relative == "." ? "" : relative, ReadAssemblyName(file)));
            }
        }
        foreach (var sub in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (s_skipped.Contains(name) || name.StartsWith('.'))
                continue;
            // The nearest enclosing src/ counts, so repos/base-native/src/kernel is the target "kernel".
            Walk(sub, name == "src" ? sub : srcDirectory, projects);
        }
    }

    private static string ReadAssemblyName(string projectFile)
    {
        try
        {
            var name = XDocument.Load(projectFile).Descendants()
                .Where(e => e.Name.LocalName == "AssemblyName")
                .Select(e => e.Value.Trim())
                .LastOrDefault(v => v.Length > 0 && !v.Contains("$(", StringComparison.Ordinal));
            if (name is not null)
                return name;
        }
        catch (System.Xml.XmlException)
        {
            // An unreadable project file still has its file name; MSBuild will report the real error.
        }
        return Path.GetFileNameWithoutExtension(projectFile);
    }

    /// <summary>Projects selected by a Genode-style target path.</summary>
    public IReadOnlyList<ProjectInfo> Resolve(string target)
    {
        var t = target.Trim().Trim('/');
        if (t.Length == 0)
            return [];
        return [.. Projects.Where(p => p.SourcePath == t || p.SourcePath.StartsWith(t + "/", StringComparison.Ordinal))];
    }

    /// <summary>Projects whose binary is <paramref name="binary"/>.</summary>
    public IReadOnlyList<ProjectInfo> FindByAssemblyName(string binary) =>
        [.. Projects.Where(p => string.Equals(p.AssemblyName, binary, StringComparison.Ordinal))];
}
