using Framework.Base;
using Framework.Base.Session;

namespace Framework.Test.Bench;

/// <summary>
/// Benchmark roles (config attribute <c>role</c>): <c>server</c> (announces Bench), <c>client</c>
/// (null, largest portable payload, capability RPCs and session open/close against the server), <c>signal</c>
/// (submit to handler dispatch), <c>dataspace</c> (16 MiB allocate, attach, fill, detach),
/// <c>exit</c> (logs one line and exits), <c>idle</c> (constructs and waits).
/// <para>
/// The component measures nothing itself: it logs a line <c>mark &lt;case&gt; &lt;batch&gt; &lt;iterations&gt;</c>
/// before the first and after every batch of <c>iterations</c> operations, and the harness
/// timestamps log lines with a host stopwatch as they arrive. The log line costs one RPC to
/// core per batch, which a batch of a thousand operations amortises below a percent. Virtual
/// time would not do: it stands still while threads run.
/// </para>
/// </summary>
public static class Component
{
    public static void Construct(Env env)
    {
        var config = env.Config();
        var role = config.Attribute("role", "");
        var batches = config.Attribute("batches", 10);
        var iterations = config.Attribute("iterations", 1000);
        var only = config.Attribute("cases", "");
        switch (role)
        {
            case "server":
                env.Announce(IBenchSession.ServiceName, env.Ep.Manage((IRoot)new BenchRoot(env)));
                env.Log("bench server ready");
                break;
            case "client":
                Client.Run(env, batches, iterations, only);
                break;
            case "signal":
                SignalPing.Run(env, batches, iterations);
                break;
            case "dataspace":
                Dataspace.Run(env, batches, iterations, (ulong)config.Attribute("size", 16L << 20));
                break;
            case "exit":
                env.Log("started");
                env.Exit(0);
                break;
            case "idle":
                break;
            default:
                env.Error($"unknown role \"{role}\"");
                env.Exit(1);
                break;
        }
    }

    /// <summary>Runs <paramref name="batches"/> batches of <paramref name="iterations"/> calls of <paramref name="op"/>, logging a mark around each.</summary>
    internal static void Measure(Env env, string name, int batches, int iterations, Action op)
    {
        // Untimed batches first, for at least warm_ms (default 1,000) of wall-clock time: the
        // first calls of each path JIT and fill pools, and the runtime recompiles hot methods
        // optimised only after they have run a while (tiered compilation).
        var warmMs = env.Config().Attribute("warm_ms", 1000L);
        var warmUntil = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency * warmMs / 1000;
        do
        {
            for (var i = 0; i < iterations; i++)
                op();
        }
        while (System.Diagnostics.Stopwatch.GetTimestamp() < warmUntil);
        env.Log($"mark {name} 0 {iterations}");
        for (var b = 1; b <= batches; b++)
        {
            for (var i = 0; i < iterations; i++)
                op();
            env.Log($"mark {name} {b} {iterations}");
        }
    }
}
