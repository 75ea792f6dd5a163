using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Base;

/// <summary>The component's address space: attach dataspaces, then reach their bytes.</summary>
public sealed class RegionMap(IRegionMap session, IComponentPlatform platform)
{
    public IRegionMap Session { get; } = session;

    /// <summary>Attaches the whole dataspace wherever it fits and returns its address.</summary>
    public ulong Attach(Capability<IDataspace> ds) => Session.Attach(ds, 0, 0, false, 0);

    public ulong Attach(Capability<IDataspace> ds, ulong size, ulong offset) => Session.Attach(ds, size, offset, false, 0);

    /// <summary>Attaches at a fixed address.</summary>
    public ulong AttachAt(Capability<IDataspace> ds, ulong address, ulong size = 0, ulong offset = 0) =>
        Session.Attach(ds, size, offset, true, address);

    public void Detach(ulong address) => Session.Detach(address);

    /// <summary>
    /// The bytes at <paramref name="address"/>. An unattached address faults: the region map's
    /// fault handler is signalled and this call returns once someone attaches a dataspace there.
    /// </summary>
    public Memory<byte> Memory(ulong address, int length, bool write = true) => platform.Access(address, length, write);

    public Span<byte> Span(ulong address, int length, bool write = true) => Memory(address, length, write).Span;
}

/// <summary>A RAM dataspace allocated and attached for its lifetime (Genode's Attached_ram_dataspace).</summary>
public sealed class AttachedRamDataspace : IDisposable
{
    private readonly Env _env;
    private bool _disposed;

    public AttachedRamDataspace(Env env, ulong size)
    {
        _env = env;
        Cap = env.Pd.Alloc(size);
        try
        {
            Address = env.Rm.Attach(Cap);
        }
        catch
        {
            env.Pd.Free(Cap);
            throw;
        }
        Size = new IDataspace.Client(Cap).Size();
    }

    public Capability<IDataspace> Cap { get; }
    public ulong Address { get; }
    public ulong Size { get; }

    public Memory<byte> Memory => _env.Rm.Memory(Address, checked((int)Size));
    public Span<byte> Span => Memory.Span;

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _env.Rm.Detach(Address);
        _env.Pd.Free(Cap);
    }
}

/// <summary>A ROM module opened and attached (Genode's Attached_rom_dataspace).</summary>
public sealed class AttachedRomDataspace : IDisposable
{
    private readonly Env _env;
    private readonly Capability<IRomSession> _session;
    private readonly IRomSession _rom;
    private Capability<IDataspace> _ds;
    private ulong _address;
    private bool _disposed;

    public AttachedRomDataspace(Env env, string name)
    {
        _env = env;
        Name = name;
        _session = env.Session<IRomSession>(IRomSession.ServiceName, name, 4096);
        _rom = new IRomSession.Client(_session);
        AttachCurrent();
    }

    public string Name { get; }
    public ulong Size { get; private set; }
    public bool Valid => _ds.IsValid;

    private void AttachCurrent()
    {
        _ds = _rom.Dataspace();
        if (!_ds.IsValid)
        {
            Size = 0;
            return;
        }
        Size = new IDataspace.Client(_ds).Size();
        _address = _env.Rm.Attach(_ds);
    }

    /// <summary>The content; a ROM is read-only.</summary>
    public ReadOnlyMemory<byte> Memory => Valid ? _env.Rm.Memory(_address, checked((int)Size), write: false) : default;

    /// <summary>The content as text, up to the first NUL (ROM modules are page-padded).</summary>
    public string Text()
    {
        var span = Memory.Span;
        var end = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    public Framework.Util.XmlNode Xml() => Framework.Util.XmlNode.Parse(Text());

    /// <summary>Registers a signal handler told when a new version of the module is available.</summary>
    public void Sigh(Capability context) => _rom.Sigh(context);

    /// <summary>Re-fetches the module if it changed.</summary>
    public void Update()
    {
        if (_rom.Update())
            return;
        if (Valid)
            _env.Rm.Detach(_address);
        AttachCurrent();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (Valid)
            _env.Rm.Detach(_address);
        _env.Parent.Close(_session);
    }
}
