using Framework.Platform;
using Framework.Base.Session;

namespace Framework.Core;

/// <summary>Settings core boots with.</summary>
public sealed record CoreOptions
{
    /// <summary>RAM quota init receives; everything else stays with core. 0: all free RAM less core's reserve.</summary>
    public ulong InitRamQuota { get; init; }

    /// <summary>Capability slots of init's PD.</summary>
    public int InitCapSlots { get; init; } = 1 << 16;

    /// <summary>Capability slots of core's own PD, which holds a selector for every core object.</summary>
    public int CoreCapSlots { get; init; } = 1 << 18;
}

/// <summary>
/// Core: boots on a kernel backend, serves its services on its entrypoint, and starts init
/// from the boot modules "init" and "config".
/// </summary>
public sealed class CoreSystem
{
    private const ulong CoreReserve = 8UL << 20;
    private readonly CoreOptions _options;
    private CoreServices? _core;
    private PdSessionComponent? _init;
    private readonly Queue<string> _romUpdates = new();
    private SignalContextHandle _romUpdateSignal;

    public CoreSystem(Machine machine, RomFs roms, Action<string> log, CoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        Kernel = machine.Kernel;
        Host = machine.Host;
        Roms = roms;
        LogSink = log;
        _options = options ?? new CoreOptions();
    }

    public IKernelPlatform Kernel { get; }

    /// <summary>The controls of the machine core runs on (run, virtual time, trace).</summary>
    public IHostMachine Host { get; }
    public RomFs Roms { get; }
    public Action<string> LogSink { get; }

    /// <summary>Set when init called exit.</summary>
    public int? InitExitValue { get; private set; }

    /// <summary>
    /// For each load context that holds code of <paramref name="binary"/> shared by several
    /// components, how many components run it (empty: none shared; see the README of core).
    /// </summary>
    public IReadOnlyList<int> SharedCodeUsers(string binary) => _core?.Loader.SharedUsers(binary) ?? [];

    /// <summary>RAM quota left in init's account (for leak checks).</summary>
    public ulong InitQuota => _init?.QuotaLimit ?? 0;
    public ulong InitUsed => _init?.UsedBytes ?? 0;

    /// <summary>Creates core's PD and entrypoint and starts init. Call on the host thread, before <see cref="Run"/>.</summary>
    public void Boot()
    {
        if (_core is not null)
            throw new InvalidOperationException("core is booted already");
        var corePd = Kernel.CreatePd("core", _options.CoreCapSlots, 256);
        CoreEntrypoint? serving = null;
        var coreThread = Kernel.CreateThread(corePd, "core_ep", LoadedComponent.Priority, () => serving!.Serve());
        var ep = serving = new CoreEntrypoint(Kernel, corePd, Kernel.CreateEndpoint(coreThread));
        _core = new CoreServices(Kernel, Roms, LogSink, ep);
        var core = _core;
        _romUpdateSignal = ep.CreateSignal(() =>
        {
            while (_romUpdates.TryDequeue(out var name))
                core.Roots.UpdateRom(name);
        });

        if (!Roms.Contains("init") && !Roms.Contains("init.dll"))
            throw new InvalidOperationException("no \"init\" boot module");
        if (!Roms.Contains("config"))
            throw new InvalidOperationException("no \"config\" boot module");

        var quota = _options.InitRamQuota;
        if (quota == 0)
            quota = Kernel.Ram.FreeBytes > CoreReserve ? Kernel.Ram.FreeBytes - CoreReserve : Kernel.Ram.FreeBytes / 2;
        _init = new PdSessionComponent(_core, "init", quota, _options.InitCapSlots);
        _init.Cap = ep.Manage<IPdSession>(_init, IPdSession.Dispatch);
        var parent = ep.Manage<IParent>(new CoreParent(_core, _init, v =>
        {
            InitExitValue = v;
            _core.CoreLog($"init exited with exit value {v}");
        }), IParent.Dispatch);

        var rom = Roms.TryGet("init", out var image) ? image : Roms.TryGet("init.dll", out var dll) ? dll : [];
        _init.Component = _core.Loader.Start(_init, "init", rom, parent);

        Kernel.StartThread(coreThread);
        Host.ThreadCrashed = (thread, e) =>
        {
            // Reached only when an exception escapes the base library's own handling.
            var pd = _core.Pds.GetValueOrDefault(Kernel.PdOfThread(thread));
            _core.Log(pd?.Label ?? "core", $"Error: thread ended with an unhandled {e.GetType().Name}: {e.Message}");
            pd?.Cpu.NotifyException();
            pd?.NotifyFault();
        };
    }

    /// <summary>
    /// Replaces boot module <paramref name="name"/> (e.g. init's "config") and signals the ROM
    /// sessions open on it, as a dynamic ROM server would. Call between <see cref="Run"/>s.
    /// </summary>
    public void UpdateRom(string name, string content)
    {
        if (_core is null)
            throw new InvalidOperationException("core is not booted");
        Roms.Add(name, content);
        // The sessions are signalled from core's entrypoint, whose capability space holds their
        // signal contexts: the host only kicks it.
        _romUpdates.Enqueue(name);
        Kernel.SubmitContext(_romUpdateSignal, 1);
    }

    /// <summary>Capability quota left in init's account.</summary>
    public ulong InitCapQuota => _init?.CapLimit ?? 0;

    /// <summary>Runs the system until every thread blocks, up to <paramref name="timeLimit"/> microseconds of virtual time.</summary>
    public KernelRunResult Run(ulong timeLimit = ulong.MaxValue) => Host.Run(timeLimit);
}
