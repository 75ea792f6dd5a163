using System.Text;
using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.ReportRom;

/// <summary>A Report session: its buffer, and the module its label names.</summary>
internal sealed class ReportSession : IReportSession, IDisposable
{
    private readonly Env _env;
    private readonly Registry _registry;
    private readonly AttachedRamDataspace _buffer;
    private readonly Module _module;
    private readonly bool _verbose;

    public ReportSession(Env env, Registry registry, string label, ulong bufferSize, bool verbose)
    {
        _env = env;
        _registry = registry;
        _verbose = verbose;
        _buffer = new AttachedRamDataspace(env, bufferSize);
        try
        {
            _module = registry.LookupForWriter(this, label);
        }
        catch
        {
            _buffer.Dispose();
            throw;
        }
    }

    public Capability<IDataspace> Dataspace() => _buffer.Cap;

    public void Submit(ulong length)
    {
        var content = _buffer.Span[..(int)Math.Min(length, _buffer.Size)];
        if (_verbose)
        {
            _env.Log($"report '{_module.Name}'");
            foreach (var line in Encoding.UTF8.GetString(content).TrimEnd('\0').Split('\n'))
            {
                if (line.Length > 0)
                    _env.Log("  " + line);
            }
        }
        _module.Write(content);
    }

    // report_rom never responds to reports.
    public void ResponseSigh(Capability context) { }

    public ulong ObtainResponse() => 0;

    public void Dispose()
    {
        _registry.Release(this, _module);
        _buffer.Dispose();
    }
}

/// <summary>A ROM session on a module: a private copy of the content in a dataspace of ours.</summary>
internal sealed class RomSession : IRomSession, IModuleReader, IDisposable
{
    private readonly Env _env;
    private readonly Registry _registry;
    private readonly Module _module;
    private AttachedRamDataspace? _ds;
    private int _contentSize;
    private Capability _sigh;

    public RomSession(Env env, Registry registry, SessionLabel label)
    {
        _env = env;
        _registry = registry;
        _module = registry.LookupForReader(this, label);
    }

    /// <summary>A fresh dataspace with the current content; invalid while the module has none.</summary>
    public Capability<IDataspace> Dataspace()
    {
        _ds?.Dispose();
        _ds = null;
        _contentSize = 0;
        var content = _module.Content;
        if (content.Length == 0)
            return Capability<IDataspace>.Invalid;
        // One byte more for the terminating NUL that textual readers rely on.
        _ds = new AttachedRamDataspace(_env, (ulong)content.Length + 1);
        content.CopyTo(_ds.Span);
        _contentSize = content.Length;
        return _ds.Cap;
    }

    /// <summary>Copies new content into the current dataspace if it fits; false: fetch a new dataspace.</summary>
    public bool Update()
    {
        var content = _module.Content;
        if (_ds is null || content.Length == 0 || (ulong)content.Length + 1 > _ds.Size)
            return false;
        var span = _ds.Span;
        content.CopyTo(span);
        if (_contentSize > content.Length)
            span[content.Length.._contentSize].Clear();
        span[content.Length] = 0;
        _contentSize = content.Length;
        return true;
    }

    public void Sigh(Capability context) => _sigh = context;

    public void ModuleChanged()
    {
        if (_sigh.IsValid)
            new SignalTransmitter(_env, _sigh).Submit();
    }

    public void Dispose()
    {
        _registry.Release(this, _module);
        _ds?.Dispose();
    }
}

internal sealed class ReportRoot(Env env, Registry registry, bool verbose) : RootComponent<IReportSession>(env, IReportSession.Dispatch)
{
    protected override ulong SessionCost => 4096;

    protected override IReportSession CreateSession(string args, SessionLabel label)
    {
        var bufferSize = ArgString.FindArg(args, "buffer_size").ULongValue(0);
        if (bufferSize == 0)
            throw new InvalidArgsException("a report session needs a buffer_size");
        var ramQuota = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        if (ramQuota < bufferSize + SessionCost)
            throw new InsufficientRamQuotaException($"a report buffer of {bufferSize} bytes needs {bufferSize + SessionCost} bytes of RAM quota, {ramQuota} donated");
        return new ReportSession(Env, registry, label.Value, bufferSize, verbose);
    }

    protected override void DestroySession(IReportSession session) => ((ReportSession)session).Dispose();
}

internal sealed class RomRoot(Env env, Registry registry) : RootComponent<IRomSession>(env, IRomSession.Dispatch)
{
    protected override IRomSession CreateSession(string args, SessionLabel label) => new RomSession(Env, registry, label);

    protected override void DestroySession(IRomSession session) => ((RomSession)session).Dispose();
}

public static class Component
{
    public static void Construct(Env env)
    {
        var config = env.Config();
        var registry = new Registry(config);
        var verbose = config.Attribute("verbose", false);
        env.Announce(IReportSession.ServiceName, env.Ep.Manage((IRoot)new ReportRoot(env, registry, verbose)));
        env.Announce(IRomSession.ServiceName, env.Ep.Manage((IRoot)new RomRoot(env, registry)));
    }
}
