using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Test.Base;

/// <summary>Genode's rm_fault test: a managed dataspace whose faults the entrypoint resolves.</summary>
internal static class RmFault
{
    private const ulong ManagedSize = 0x10000;

    public static void Run(Env env)
    {
        // A region map of our own, attached into our address space as a managed dataspace.
        var rmCap = env.Session<IRegionMap>(IRegionMap.ServiceName, "sub_rm", 16384, $"size={ManagedSize}");
        var sub = new IRegionMap.Client(rmCap);
        var baseAddr = env.Rm.Attach(sub.Dataspace());
        var faults = 0;
        var backing = new List<AttachedRamDataspace>();
        var handler = new SignalHandler(env.Ep, () =>
        {
            var state = sub.State();
            if (state.Type == FaultType.Ready)
                return;
            faults++;
            env.Log($"fault {faults}: {state.Type} at offset 0x{state.Address:x}");
            var ds = env.Pd.Alloc(0x1000);
            sub.Attach(ds, 0, 0, true, state.Address & ~0xFFFUL);
        });
        sub.FaultHandler(handler);

        var worker = new ComponentThread(env, "worker", () =>
        {
            for (ulong page = 0; page < 3; page++)
            {
                var span = env.Rm.Span(baseAddr + page * 0x1000 + 8, 8);
                span[0] = (byte)(0x40 + page);
            }
            var check = env.Rm.Span(baseAddr + 0x1000 + 8, 1)[0];
            env.Log($"worker wrote 3 pages, read back 0x{check:x}");
            env.Log($"rm_fault done after {faults} faults");
            env.Exit(0);
        });
        worker.Start();
        GC.KeepAlive(backing);
    }
}

/// <summary>Quota donation with sessions: success, rollback on failure, upgrade, close.</summary>
internal static class Quota
{
    public static void Run(Env env)
    {
        var before = env.Pd.Quota();
        env.Log($"quota at start: {before}");

        var echo = new Connection<IEchoSession>(env, IEchoSession.ServiceName, c => new IEchoSession.Client(c), ramQuota: 8192);
        env.Log($"after opening with 8K: {env.Pd.Quota()} (donated {before - env.Pd.Quota()})");
        env.Log($"server sees quota {echo.Session.Quota()}");

        echo.Upgrade(4096);
        env.Log($"after upgrade by 4K: donated {before - env.Pd.Quota()}");

        // The server refuses a session below its cost: the donation must come back.
        try
        {
            new Connection<IEchoSession>(env, IEchoSession.ServiceName, c => new IEchoSession.Client(c), ramQuota: 1024).Dispose();
            env.Log("undersized session accepted (unexpected)");
        }
        catch (InsufficientRamQuotaException e)
        {
            env.Log($"undersized session refused: {e.Message}");
        }
        env.Log($"after refused session: donated {before - env.Pd.Quota()}");

        // More quota than we have: refused before anything moves.
        try
        {
            new Connection<IEchoSession>(env, IEchoSession.ServiceName, c => new IEchoSession.Client(c), ramQuota: 1UL << 40).Dispose();
            env.Log("oversized session accepted (unexpected)");
        }
        catch (InsufficientRamQuotaException)
        {
            env.Log("oversized session refused");
        }

        // A service nobody provides.
        try
        {
            env.Session<IEchoSession>("Nonexistent");
            env.Log("nonexistent service granted (unexpected)");
        }
        catch (ServiceDeniedException)
        {
            env.Log("nonexistent service denied");
        }
        env.Log($"after denied session: donated {before - env.Pd.Quota()}");

        echo.Dispose();
        env.Log($"after close: donated {before - env.Pd.Quota()}");
        env.Exit(0);
    }
}

/// <summary>Signals coalesce while the handler has not run, and never block the sender.</summary>
internal static class Signals
{
    public static void Run(Env env)
    {
        var counts = new List<uint>();
        SignalHandler? handler = null;
        handler = new SignalHandler(env.Ep, count =>
        {
            counts.Add(count);
            env.Log($"handler: count {count}, dispatch {handler!.Dispatches}");
            if (counts.Count == 2)
            {
                env.Log($"signal test done: {string.Join(",", counts)}");
                env.Exit(0);
            }
        });
        var transmitter = new SignalTransmitter(env, handler);
        // Construct runs on the entrypoint, so none of these can be handled before it returns.
        for (var i = 0; i < 5; i++)
            transmitter.Submit();
        env.Log("submitted 5 signals");
        var second = new SignalHandler(env.Ep, () =>
        {
            transmitter.Submit(3);
            env.Log("submitted 3 more");
        });
        new SignalTransmitter(env, second).Submit();
    }
}

/// <summary>Region-map attach errors: conflicts, bad offsets, foreign capabilities.</summary>
internal static class RegionMapErrors
{
    public static void Run(Env env)
    {
        var ds = env.Pd.Alloc(0x2000);
        var at = env.Rm.AttachAt(ds, 0x3000_0000);
        env.Log($"attached at 0x{at:x}");
        Try(env, "overlapping attach", () => env.Rm.AttachAt(ds, 0x3000_1000));
        Try(env, "unaligned offset", () => env.Rm.Attach(ds, 0x1000, 0x10));
        Try(env, "offset beyond the dataspace", () => env.Rm.Attach(ds, 0, 0x4000));
        Try(env, "window beyond the dataspace", () => env.Rm.Attach(ds, 0x2000, 0x1000));
        Try(env, "invalid dataspace", () => env.Rm.Attach(Capability<IDataspace>.Invalid));
        env.Rm.Span(at, 4).Fill(7);
        env.Log($"memory reads back {env.Rm.Span(at + 2, 1)[0]}");
        env.Rm.Detach(at);
        var again = env.Rm.AttachAt(ds, 0x3000_1000);
        env.Log($"after detach, attached at 0x{again:x}; content survived: {env.Rm.Span(again, 1)[0]}");
        env.Exit(0);
    }

    private static void Try(Env env, string what, Action action)
    {
        try
        {
            action();
            env.Log($"{what}: accepted (unexpected)");
        }
        catch (Exception e) when (e is RegionConflictException or InvalidDataspaceException or InvalidArgsException)
        {
            env.Log($"{what}: {e.GetType().Name}");
        }
    }
}
