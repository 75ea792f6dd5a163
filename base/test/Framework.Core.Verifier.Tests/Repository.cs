using System.Xml.Linq;

namespace Framework.Core.Verifier.Tests;

/// <summary>The repository's components: their projects under os/src and their images beside the tests.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
                    return dir.FullName;
            }
            throw new InvalidOperationException("Framework.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The assembly name of every project under os/src, sorted.</summary>
    public static IReadOnlyList<string> OsAssemblies() =>
        [.. Directory.GetFiles(Path.Combine(Root, "os", "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => XDocument.Load(path).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)];

    /// <summary>The image of <paramref name="assembly"/> as built beside the tests.</summary>
    public static byte[] Image(string assembly) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));

    /// <summary>What the loader would find in ROM: the libraries the run tool packs into a boot image (everything beside the tests).</summary>
    public static byte[]? Rom(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }
}
