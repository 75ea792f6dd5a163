using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Base;

/// <summary>
/// The component's environment: the only door to the rest of the system. Passed to
/// <c>Component.Construct(Env env)</c>; a component reaches nothing that is not reachable from here.
/// </summary>
public sealed partial class Env
{
    private readonly IComponentPlatform _platform;
    private readonly ILogSession _log;

    internal Env(IComponentPlatform platform)
    {
        _platform = platform;
        Parent = new IParent.Client(platform.Parent.Cast<IParent>());
        Pd = new IPdSession.Client(EnvSession<IPdSession>("Env::pd"));
        Cpu = new ICpuSession.Client(EnvSession<ICpuSession>("Env::cpu"));
        Rm = new RegionMap(new IRegionMap.Client(EnvSession<IRegionMap>("Env::rm")), platform);
        Ep = new Entrypoint(this, platform);
        _log = new ILogSession.Client(Parent.Session(ILogSession.ServiceName, "ram_quota=8K").Cast<ILogSession>());
        Heap = new Heap(this);
    }

    private Capability<T> EnvSession<T>(string name) where T : class => Parent.Session(name, "").Cast<T>();

    /// <summary>The component's label, as its parent chain named it.</summary>
    public string Label => _platform.Label;

    public IParent Parent { get; }

    /// <summary>The protection domain and its RAM quota account.</summary>
    public IPdSession Pd { get; }

    /// <summary>The RAM account: the PD session (modern Genode merged RAM into PD).</summary>
    public IPdSession Ram => Pd;

    public ICpuSession Cpu { get; }

    /// <summary>The component's own address space.</summary>
    public RegionMap Rm { get; }

    /// <summary>The entrypoint serving the component's RPC objects and signal handlers.</summary>
    public Entrypoint Ep { get; }

    /// <summary>Quota-accounted memory on top of RAM dataspaces.</summary>
    public Heap Heap { get; }

    internal IComponentPlatform Platform => _platform;

    /// <summary>Time since boot: virtual time (interactive mode: wall-clock time). Components normally use a Timer session.</summary>
    public TimeSpan Uptime => TimeSpan.FromTicks((long)_platform.Now * 10);

    /// <summary>Writes a line to the component's LOG session.</summary>
    public void Log(string text) => Write(text);

    /// <summary>Writes a warning line (<c>Warning: ...</c>), as Genode's warning().</summary>
    public void Warning(string text) => Write("Warning: " + text);

    /// <summary>Writes an error line (<c>Error: ...</c>), as Genode's error().</summary>
    public void Error(string text) => Write("Error: " + text);

    /// <summary>
    /// Writes <paramref name="text"/> in pieces that fit one LOG write (as Genode's log console
    /// flushes its buffer when full): a line longer than <see cref="RpcLimits.LogStringBytes"/>
    /// bytes appears as several lines, on every kernel alike.
    /// </summary>
    private void Write(string text)
    {
        foreach (var piece in LogPieces.Split(text, RpcLimits.LogStringBytes))
            _log.Write(piece);
    }

    /// <summary>Opens a session at the parent with the conventional arguments of modern Genode.</summary>
    public Capability<T> Session<T>(string serviceName, string label = "", ulong ramQuota = 4096, string extraArgs = "")
        where T : class
    {
        var args = $"label=\"{label}\", ram_quota={ramQuota}";
        if (extraArgs.Length > 0)
            args += ", " + extraArgs;
        return Parent.Session(serviceName, args).Cast<T>();
    }

    /// <summary>Tells the parent that the component is done.</summary>
    public void Exit(int exitValue) => Parent.Exit(exitValue);

    /// <summary>
    /// Announces a service implemented by <paramref name="root"/> to the parent. Announcements
    /// made in <c>Construct</c> are sent when it returns, when the entrypoint can answer the
    /// session requests they unblock.
    /// </summary>
    public void Announce(string serviceName, Capability<IRoot> root)
    {
        if (Ep.Constructing)
            Ep.QueueAnnouncement(serviceName, root);
        else
            Parent.Announce(serviceName, root);
    }

    /// <summary>Reads the component's "config" ROM as an XML node (an empty <c>&lt;config/&gt;</c> if absent).</summary>
    public XmlNode Config()
    {
        try
        {
            using var rom = new AttachedRomDataspace(this, "config");
            return rom.Xml();
        }
        catch (ServiceDeniedException)
        {
            return XmlNode.Parse("<config/>");
        }
    }
}
