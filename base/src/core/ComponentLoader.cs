using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;
using Framework.Base;
using Framework.Platform;
using Framework.Rpc;

namespace Framework.Core;

/// <summary>
/// Loads a component assembly from a ROM image into a collectible load context (its protection
/// domain on the .NET side: own statics, own copies of its libraries) and starts its first thread.
/// </summary>
/// <remarks>
/// Components of one binary share one load context, and so its loaded and JIT-compiled code,
/// when the binary and the libraries it loads from ROM hold no static state (<see cref="ImageState"/>):
/// then there is nothing one instance could see of another, and the 1,000th instance of a binary
/// costs no load and no JIT. A binary with a writable static gets a context of its own per
/// component, as before. Shared code is unloaded when its last component is gone.
/// </remarks>
internal sealed class ComponentLoader(CoreServices core)
{
    /// <summary>Code shared by the components of stateless images, by binary name (an updated ROM module is another image).</summary>
    private readonly Dictionary<string, List<ComponentCode>> _shared = [];

    public LoadedComponent Start(PdSessionComponent pd, string binaryName, ReadOnlySpan<byte> image, Capability parent)
    {
        var obj = core.Kernel.ObjectOf(core.Ep.Pd, parent.Handle);
        if (!obj.IsValid)
            throw new InvalidArgsException("the parent capability is invalid");
        var code = SharedCode(binaryName, image) ?? Load(pd.Label, binaryName, image.ToArray());
        code.Users++;
        try
        {
            var parentCap = core.Kernel.InstallParent(pd.KernelPd, obj);
            var loaded = new LoadedComponent(core, pd, binaryName, code);
            var platform = new ComponentPlatform(core, pd, loaded, binaryName, parentCap);
            var entry = code.Entry;
            var thread = core.Kernel.CreateThread(pd.KernelPd, "ep", LoadedComponent.Priority, () => ComponentStartup.Run(platform, entry));
            pd.Endpoint = core.Kernel.CreateEndpoint(thread);
            core.Kernel.SetPager(thread, pd.Pager);
            core.Kernel.StartThread(thread);
            return loaded;
        }
        catch
        {
            Release(code);
            throw;
        }
    }

    private ComponentCode? SharedCode(string binaryName, ReadOnlySpan<byte> image)
    {
        if (!_shared.TryGetValue(binaryName, out var codes))
            return null;
        foreach (var code in codes)
        {
            if (image.SequenceEqual(code.Image))
                return code;
        }
        return null;
    }

    /// <summary>How many components run the code loaded for <paramref name="binaryName"/>, per load context (for tests).</summary>
    public IReadOnlyList<int> SharedUsers(string binaryName) =>
        _shared.TryGetValue(binaryName, out var codes) ? [.. codes.Select(c => c.Users)] : [];

    /// <summary>A component is gone: its code goes when no other component uses it.</summary>
    public void Release(ComponentCode code)
    {
        if (--code.Users > 0)
            return;
        if (code.Shared && _shared.TryGetValue(code.Binary, out var codes))
        {
            codes.Remove(code);
            if (codes.Count == 0)
                _shared.Remove(code.Binary);
        }
        code.Context.Unload();
        core.Unloaded(code.Context);
    }

    private ComponentCode Load(string label, string binaryName, byte[] image)
    {
        var shared = Stateless(image, []);
        var context = new ComponentLoadContext(shared ? binaryName : label, core.Roms);
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
        var code = new ComponentCode(context, entry, binaryName, image, shared);
        if (shared)
        {
            if (!_shared.TryGetValue(binaryName, out var codes))
                _shared[binaryName] = codes = [];
            codes.Add(code);
        }
        return code;
    }

    /// <summary>No static state in the image, nor in the libraries it would load from ROM.</summary>
    private bool Stateless(byte[] image, HashSet<string> seen)
    {
        try
        {
            if (ImageState.FirstMutableStatic(image) is not null)
                return false;
            foreach (var name in ImageState.References(image))
            {
                if (SharedAssemblies.Contains(name) || !seen.Add(name) || !core.Roms.TryGet(name + ".dll", out var library))
                    continue;
                if (!Stateless(library, seen))
                    return false;
            }
            return true;
        }
        catch (BadImageFormatException)
        {
            // Not loadable anyway; the load reports it.
            return false;
        }
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

/// <summary>Loaded code: a load context with a component assembly, and the components running it.</summary>
internal sealed class ComponentCode(AssemblyLoadContext context, Action<Env> entry, string binary, byte[] image, bool shared)
{
    public AssemblyLoadContext Context { get; } = context;
    public Action<Env> Entry { get; } = entry;
    public string Binary { get; } = binary;
    public byte[] Image { get; } = image;

    /// <summary>Shared by every component of the image, rather than one component's own.</summary>
    public bool Shared { get; } = shared;

    public int Users { get; set; }
}

/// <summary>A component running in a PD: its code and the thread entries it registered.</summary>
internal sealed class LoadedComponent(CoreServices core, PdSessionComponent pd, string binary, ComponentCode code)
{
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
        core.Loader.Release(code);
    }
}

/// <summary>The door of one component's PD, as its base library sees it.</summary>
internal sealed class ComponentPlatform(CoreServices core, PdSessionComponent pd, LoadedComponent loaded, string binary, KernelCapability parent)
    : IComponentPlatform
{
    public string Label => pd.Label;
    public string Binary => binary;
    public IIpcPort Port => core.Kernel.PortOf(pd.KernelPd);
    public Capability Parent => new(Port, parent);

    public ReceiveInfo ReplyAndWait(MessageBuffer? reply, MessageBuffer receive) =>
        core.Kernel.ReplyAndWait(pd.Endpoint, reply, receive);

    public ReceiveInfo ReplyAndPoll(MessageBuffer? reply, MessageBuffer receive) =>
        core.Kernel.ReplyAndPoll(pd.Endpoint, reply, receive);

    public void Serve(MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle) =>
        core.Kernel.Serve(pd.Endpoint, receive, handle);

    public ulong DeferReply() => core.Kernel.DeferReply();

    public void ReplyDeferred(ulong token, MessageBuffer? reply) => core.Kernel.ReplyDeferred(token, reply);

    public bool Submit(Capability context, uint count) =>
        context.IsValid && core.Kernel.Submit(pd.KernelPd, context.Handle, count);

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

    public KernelCapability CreateSemaphore(long initial)
    {
        var semaphore = core.Kernel.CreateSemaphore(pd.KernelPd, initial);
        return core.Kernel.DelegateSemaphore(pd.KernelPd, semaphore);
    }

    public void SemaphoreUp(KernelCapability semaphore) => core.Kernel.SemaphoreUp(pd.KernelPd, semaphore);

    public bool SemaphoreDown(KernelCapability semaphore, ulong timeoutMicroseconds) =>
        core.Kernel.SemaphoreDown(pd.KernelPd, semaphore, timeoutMicroseconds);
}
