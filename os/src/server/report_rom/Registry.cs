using Framework.Base;
using Framework.Util;

namespace Framework.Os.ReportRom;

/// <summary>Who reads a module: told when its content changes.</summary>
internal interface IModuleReader
{
    void ModuleChanged();
}

/// <summary>
/// A ROM module fed by reports. It exists while a reader or a writer refers to it; its content
/// outlives the writer's session (a ROM client keeps the last report when the reporter goes away).
/// </summary>
internal sealed class Module(string name)
{
    private readonly List<object> _writers = [];
    private readonly List<IModuleReader> _readers = [];

    public string Name { get; } = name;

    /// <summary>The last report, without a terminating NUL.</summary>
    public byte[] Content { get; private set; } = [];

    public int WriterCount => _writers.Count;
    public bool InUse => _writers.Count > 0 || _readers.Count > 0;

    public void Register(object writer) => _writers.Add(writer);
    public void Unregister(object writer) => _writers.Remove(writer);
    public void Register(IModuleReader reader) => _readers.Add(reader);
    public void Unregister(IModuleReader reader) => _readers.Remove(reader);

    public void Write(ReadOnlySpan<byte> content)
    {
        Content = content.ToArray();
        foreach (var reader in _readers.ToArray())
            reader.ModuleChanged();
    }
}

/// <summary>
/// The modules, by name. A report session's label names the module it writes; a ROM session's
/// label selects, through the config's policies, the module it reads.
/// </summary>
internal sealed class Registry(XmlNode config)
{
    private readonly Dictionary<string, Module> _modules = new(StringComparer.Ordinal);

    public int ModuleCount => _modules.Count;

    private Module Lookup(string name)
    {
        if (!_modules.TryGetValue(name, out var module))
        {
            module = new Module(name);
            _modules[name] = module;
        }
        return module;
    }

    private void TryDestroy(Module module)
    {
        if (!module.InUse)
            _modules.Remove(module.Name);
    }

    /// <summary>The module a report session writes; a module has one writer at a time.</summary>
    public Module LookupForWriter(object writer, string label)
    {
        var module = Lookup(label);
        if (module.WriterCount > 0)
        {
            TryDestroy(module);
            throw new ServiceDeniedException($"report \"{label}\" already has a writer");
        }
        module.Register(writer);
        return module;
    }

    public void Release(object writer, Module module)
    {
        module.Unregister(writer);
        TryDestroy(module);
    }

    /// <summary>The name of the report a ROM session with <paramref name="label"/> reads, by policy; null if none.</summary>
    public string? ReportName(SessionLabel label) =>
        SessionPolicy.Select(config, label) is { } policy && policy.FindAttribute("report") is { } report ? report.Value : null;

    public Module LookupForReader(IModuleReader reader, SessionLabel label)
    {
        var name = ReportName(label) ?? throw new ServiceDeniedException($"no policy for ROM \"{label.Value}\"");
        var module = Lookup(name);
        module.Register(reader);
        return module;
    }

    public void Release(IModuleReader reader, Module module)
    {
        module.Unregister(reader);
        TryDestroy(module);
    }
}
