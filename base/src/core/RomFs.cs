namespace Framework.Core;

/// <summary>The boot modules: named byte blobs core hands out as ROM dataspaces (Genode's Rom_fs).</summary>
public sealed class RomFs
{
    private readonly Dictionary<string, byte[]> _modules = new(StringComparer.Ordinal);

    public void Add(string name, byte[] content) => _modules[name] = content;

    public void Add(string name, string text) => Add(name, System.Text.Encoding.UTF8.GetBytes(text));

    public bool TryGet(string name, out byte[] content) => _modules.TryGetValue(name, out content!);

    public bool Contains(string name) => _modules.ContainsKey(name);

    public IEnumerable<string> Names => _modules.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds every file of <paramref name="directory"/> as a module named after the file.</summary>
    public static RomFs FromDirectory(string directory)
    {
        var fs = new RomFs();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            fs.Add(Path.GetFileName(file), File.ReadAllBytes(file));
        return fs;
    }
}
