using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;
using Framework.Base;
using Framework.Base.Kernel;
using Framework.Rpc;

namespace Framework.Core;

/// <summary>
/// Loads a component assembly from a ROM image into its own collectible load context (its
/// protection domain on the .NET side: own statics, own copies of its libraries) and starts its
/// first thread.
/// </summary>
internal sealed class ComponentLoader(CoreServices core)
{
    public LoadedComponent Start(PdSessionComponent pd, string binaryName, byte[] image, Capability parent)
    {
        var context = new ComponentLoadContext(pd.Label, core.Roms);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromStream(new MemoryStream(image));
        }
        catch (BadImageFormatException e)
        {
            context.Unload();
            throw new InvalidArgsException($"binary \"{binaryName}\" is not a component assembly: {e.Message}");
        }
        Action<Env>? entry;
        try
        {
            entry = ComponentStartup.FindEntry(assembly);
        }
        catch (ReflectionTypeLoadException e)
        {
            context.Unload();
            throw new InvalidArgsException($"binary \"{binaryName}\" cannot be loaded: {e.LoaderExceptions.FirstOrDefault()?.Message}");
        }
        if (entry is null)
        {
            context.Unload();
            throw new InvalidArgsException($"binary \"{binaryName}\" has no 'static void Component.Construct(Env)'");
        }

        var obj = core.Kernel.ObjectOfCap(core.Ep.Pd, parent.Selector);
        if (obj == 0)
            throw new InvalidArgsException("the parent capability is invalid");
        core.Kernel.InstallObjectCapAt(pd.KernelPd, LoadedComponent.ParentSelector, obj);

        var loaded = new LoadedComponent(core, pd, binaryName, context);
        var platform = new ComponentPlatform(core, pd, loaded, binaryName);
        var thread = core.Kernel.CreateThread(pd.KernelPd, "ep", LoadedComponent.Priority, () => ComponentStartup.Run(platform, entry));
        core.Kernel.SetPager(thread, pd.Pager);
        core.Kernel.StartThread(thread);
        return loaded;
    }

    private sealed class ComponentLoadContext(string name, RomFs roms) : AssemblyLoadContext(name, isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name ?? "";
            if (SharedAssemblies.Contains(name))
                return null;
            // Libraries come from the boot modules, as Genode's dynamic linker takes them from ROM.
            if (roms.TryGet(name + ".dll", out var bytes))
                return LoadFromStream(new MemoryStream(bytes));
            return null;
        }
    }
}

/// <summary>
/// The assemblies every component shares with core (the framework and the .NET libraries), like
/// Genode's ld.lib.so; they are never boot modules.
/// </summary>
public static class SharedAssemblies
{
    private static readonly FrozenSet<string> s_framework = FrozenSet.Create(StringComparer.Ordinal,
        "Framework.Base", "Framework.Rpc", "Framework.Util", "System", "mscorlib", "netstandard");

    public static bool Contains(string assemblyName) =>
        s_framework.Contains(assemblyName)
        || assemblyName.StartsWith("System.", StringComparison.Ordinal)
        || assemblyName.StartsWith("Microsoft.", StringComparison.Ordinal);
}

/// <summary>A component running in a PD: its load context and the thread entries it registered.</summary>
internal sealed class LoadedComponent(CoreServices core, PdSessionComponent pd, string binary, AssemblyLoadContext context)
{
    /// <summary>Where core installs the parent capability in every component's capability space.</summary>
    public const int ParentSelector = 1;

    /// <summary>Kernel priority of component threads; core's entrypoint runs at the same level.</summary>
    public const int Priority = 1;

    private readonly List<Action> _entries = [];

    public string Binary { get; } = binary;

    public int RegisterEntry(Action entry)
    {
        _entries.Add(entry);
        return _entries.Count;
    }

    public Action Entry(int index) =>
        index >= 1 && index <= _entries.Count ? _entries[index - 1] : throw new ArgumentException($"{pd.Label}: no thread entry {index}");

    public void Unload()
    {
        _entries.Clear();
        context.Unload();
        core.Unloaded(context);
    }
}

/// <summary>The door of one component's PD, as its base library sees it.</summary>
internal sealed class ComponentPlatform(CoreServices core, PdSessionComponent pd, LoadedComponent loaded, string binary) : IComponentPlatform
{
    public string Label => pd.Label;
    public string Binary => binary;
    public IIpcPort Port => core.Kernel.PortOf(pd.KernelPd);
    public Capability Parent => new(Port, LoadedComponent.ParentSelector);

    public ReceiveInfo ReplyAndWait(MessageBuffer? reply, MessageBuffer receive) =>
        core.Kernel.ReplyAndWait(pd.Endpoint, reply, receive);

    public ReceiveInfo ReplyAndPoll(MessageBuffer? reply, MessageBuffer receive) =>
        core.Kernel.ReplyAndPoll(pd.Endpoint, reply, receive);

    public void Serve(MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle) =>
        core.Kernel.Serve(pd.Endpoint, receive, handle);

    public ulong DeferReply() => core.Kernel.DeferReply();

    public void ReplyDeferred(ulong token, MessageBuffer? reply) => core.Kernel.ReplyDeferred(token, reply);

    public bool Submit(Capability context, uint count) =>
        context.IsValid && core.Kernel.Submit(pd.KernelPd, context.Selector, count);

    public Memory<byte> Access(ulong address, int length, bool write)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
            return Memory<byte>.Empty;
        while (true)
        {
            // The MMU: the PD's page table, filled by the pager on faults.
            switch (core.Kernel.Translate(pd.KernelPd, address, (ulong)length, write, out var phys))
            {
                case Translation.Mapped:
                    return core.Kernel.Ram.Bytes(phys, length);
                case Translation.Conflict:
                    throw new ArgumentException($"{pd.Label}: access 0x{address:x}+{length} spans more than one attachment");
            }
            // Like a CPU's page fault at the first unmapped page: the kernel tells the pager, the
            // thread resumes once the fault is resolved and retries the whole access.
            var faultAt = Math.Max(phys, address);
            if (!core.Kernel.Fault(faultAt, write))
                throw new InvalidOperationException($"{pd.Label}: access to 0x{faultAt:x} faulted and the thread has no pager");
        }
    }

    public int RegisterEntry(Action entry) => loaded.RegisterEntry(entry);

    public ulong Now => core.Kernel.Now;

    public int CreateSemaphore(long initial)
    {
        var semaphore = core.Kernel.CreateSemaphore(pd.KernelPd, initial);
        return core.Kernel.InstallSemaphoreCap(pd.KernelPd, semaphore);
    }

    public void SemaphoreUp(int semaphore) => core.Kernel.SemUp(pd.KernelPd, semaphore);

    public bool SemaphoreDown(int semaphore, ulong timeoutMicroseconds) =>
        core.Kernel.SemDown(pd.KernelPd, semaphore, timeoutMicroseconds);
}
