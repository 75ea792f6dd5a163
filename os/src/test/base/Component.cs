using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Test.Base;

/// <summary>
/// Roles (config attribute <c>role</c>): <c>echo-server</c>, <c>echo-client</c>, <c>crash</c>,
/// <c>crash-server</c> (crashes its server through an RPC), <c>fault</c> (touches unattached
/// memory without a fault handler), <c>rm-fault</c> (Genode's rm_fault pattern with a managed
/// dataspace), <c>quota</c> (session donation, rollback, upgrade, close), <c>signal</c>
/// (coalescing), <c>region-map</c> (attach conflicts and errors), <c>long-log</c> (a line longer
/// than one LOG write).
/// </summary>
public static class Component
{
    public static void Construct(Env env)
    {
        var config = env.Config();
        var role = config.Attribute("role", "");
        switch (role)
        {
            case "echo-server":
                env.Announce(IEchoSession.ServiceName, env.Ep.Manage((IRoot)new EchoRoot(env)));
                env.Log("echo server ready");
                break;
            case "echo-client":
                EchoClient(env, config.Attribute("count", 3), config.Attribute("crash", false));
                break;
            case "crash":
                env.Log("about to crash");
                throw new InvalidOperationException("deliberate crash in Construct");
            case "fault":
                env.Log("touching unattached memory");
                env.Rm.Span(0x2000_0000, 16)[0] = 1;
                env.Log("survived the fault (unexpected)");
                break;
            case "rm-fault":
                RmFault.Run(env);
                break;
            case "quota":
                Quota.Run(env);
                break;
            case "signal":
                Signals.Run(env);
                break;
            case "threads":
                Threads.Run(env);
                break;
            case "region-map":
                RegionMapErrors.Run(env);
                break;
            case "long-log":
                // One LOG write carries at most 232 bytes on every kernel: longer lines arrive in pieces.
                env.Log(string.Concat(Enumerable.Range(0, 60).Select(i => $"{i:D4} ")));
                env.Log("first line\nsecond line");
                break;
            default:
                env.Error($"unknown role \"{role}\"");
                env.Exit(1);
                break;
        }
    }

    private static void EchoClient(Env env, int count, bool crash)
    {
        var echo = new Connection<IEchoSession>(env, IEchoSession.ServiceName, c => new IEchoSession.Client(c), ramQuota: 4096);
        for (var i = 0; i < count; i++)
            env.Log(echo.Session.Echo($"message {i}"));
        if (crash)
        {
            try
            {
                echo.Session.Crash();
            }
            catch (RpcException e)
            {
                env.Log($"server fault reported: code {e.Code}");
            }
            try
            {
                echo.Session.Echo("after crash");
            }
            catch (Exception e) when (e is IpcException or RpcException)
            {
                env.Log("the crashed server is gone");
            }
        }
        echo.Dispose();
        env.Exit(0);
    }
}
