using System.Runtime.Loader;
using Framework.Platform;
using Framework.Util;

namespace Framework.Core;

/// <summary>Everything core's services share: the kernel, the entrypoint, boot modules, the log.</summary>
internal sealed class CoreServices
{
    private readonly Action<string> _log;
    private readonly List<WeakReference> _unloaded = [];

    public CoreServices(IKernelPlatform kernel, RomFs roms, Action<string> log, CoreEntrypoint ep)
    {
        Kernel = kernel;
        Roms = roms;
        _log = log;
        Ep = ep;
        Loader = new ComponentLoader(this);
        Roots = new CoreRoots(this);
    }

    public IKernelPlatform Kernel { get; }

    /// <summary>PD sessions by kernel PD, to find whom a crashed thread belonged to.</summary>
    public Dictionary<PdHandle, PdSessionComponent> Pds { get; } = [];
    public RomFs Roms { get; }
    public CoreEntrypoint Ep { get; }
    public ComponentLoader Loader { get; }
    public CoreRoots Roots { get; }

    /// <summary>Prints what a LOG session with <paramref name="label"/> wrote, Genode style.</summary>
    public void Log(string label, string text)
    {
        foreach (var line in LogFormat.CoreLines(label, text))
            _log(line);
    }

    /// <summary>Prints a line of core's own.</summary>
    public void CoreLog(string text) => _log(text);

    public void Unloaded(AssemblyLoadContext context) => _unloaded.Add(new WeakReference(context));

    /// <summary>Load contexts of destroyed components that the host has not yet collected.</summary>
    public int LingeringContexts => _unloaded.Count(w => w.IsAlive);
}
