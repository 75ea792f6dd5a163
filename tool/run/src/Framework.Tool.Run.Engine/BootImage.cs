using System.Formats.Tar;
using Framework.Core;

namespace Framework.Tool.Run;

/// <summary>One boot module: the name core's ROM service hands it out under, and its bytes.</summary>
public sealed record BootModule(string Name, byte[] Content)
{
    public int Size => Content.Length;
}

/// <summary>
/// A boot image: the set of boot modules core starts from (Genode's GRUB module list or ISO).
/// Stored as one POSIX tar file with the modules sorted by ordinal name, mode 0644, owner 0 and
/// timestamp 0, so the same modules always give the same bytes.
/// </summary>
public sealed class BootImage
{
    private static readonly DateTimeOffset s_timestamp = DateTimeOffset.UnixEpoch;
    private readonly SortedDictionary<string, BootModule> _modules;

    private BootImage(SortedDictionary<string, BootModule> modules) => _modules = modules;

    /// <summary>The modules in ordinal name order.</summary>
    public IReadOnlyList<BootModule> Modules => [.. _modules.Values];

    public bool Contains(string name) => _modules.ContainsKey(name);

    public static BootImage Create(IEnumerable<BootModule> modules)
    {
        var map = new SortedDictionary<string, BootModule>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            ValidateName(module.Name);
            if (!map.TryAdd(module.Name, module))
                throw new ArgumentException($"boot module \"{module.Name}\" is given twice", nameof(modules));
        }
        return new BootImage(map);
    }

    /// <summary>Every file of a boot directory (not its subdirectories) is a module named after the file.</summary>
    public static BootImage FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"boot directory '{directory}' does not exist");
        return Create(Directory.EnumerateFiles(directory)
            .Select(f => new BootModule(Path.GetFileName(f), File.ReadAllBytes(f))));
    }

    public static BootImage Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static BootImage Read(Stream stream, string description = "boot image")
    {
        var modules = new List<BootModule>();
        try
        {
            using var reader = new TarReader(stream, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    continue;
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                modules.Add(new BootModule(entry.Name, content.ToArray()));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{description} is not a boot image (tar): {e.Message}", e);
        }
        return Create(modules);
    }

    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        File.WriteAllBytes(path, ToBytes());
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var module in _modules.Values)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, module.Name)
                {
                    ModificationTime = s_timestamp,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    Uid = 0,
                    Gid = 0,
                    UserName = "",
                    GroupName = "",
                    DataStream = new MemoryStream(module.Content, writable: false),
                };
                writer.WriteEntry(entry);
            }
        }
        return stream.ToArray();
    }

    /// <summary>Writes every module into <paramref name="directory"/> (the boot directory of a run).</summary>
    public void Extract(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var module in _modules.Values)
            File.WriteAllBytes(Path.Combine(directory, module.Name), module.Content);
    }

    public RomFs ToRomFs()
    {
        var roms = new RomFs();
        foreach (var module in _modules.Values)
            roms.Add(module.Name, module.Content);
        return roms;
    }

    private static void ValidateName(string name)
    {
        // Module names are flat ROM names; a path would escape the boot directory when extracted.
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or "..")
            throw new ArgumentException($"invalid boot module name \"{name}\"", nameof(name));
    }
}
