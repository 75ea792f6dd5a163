using Framework.Base;
using Framework.Rpc;

namespace Framework.Test.Bench;

/// <summary>The client's cases: each RPC shape through the generated stub, and session open/close through init.</summary>
internal static class Client
{
    public static void Run(Env env, int batches, int iterations, string only)
    {
        bool Wanted(string name) => only.Length == 0 || only.Split(',').Contains(name);

        var bench = new Connection<IBenchSession>(env, IBenchSession.ServiceName, c => new IBenchSession.Client(c));
        var session = bench.Session;
        if (Wanted("rpc-null"))
            Component.Measure(env, "rpc-null", batches, iterations, session.Null);
        if (Wanted("rpc-payload"))
        {
            var data = new byte[IBenchSession.PayloadBytes];
            Component.Measure(env, "rpc-payload", batches, iterations, () => session.Bytes(data));
        }
        if (Wanted("rpc-cap"))
        {
            // Any capability will do; the session's own is one the server's space already knows,
            // so the translation reuses its selector instead of filling the capability space.
            Capability cap = bench.Cap;
            Component.Measure(env, "rpc-cap", batches, iterations, () => session.PassCap(cap));
        }
        if (Wanted("session"))
        {
            // Fewer iterations: a session round trip is a dozen RPCs plus quota transfers, and
            // each one leaves a stale capability slot behind (see doc/performance.md).
            Component.Measure(env, "session", batches, Math.Max(1, iterations / 100), () =>
                new Connection<IBenchSession>(env, IBenchSession.ServiceName, c => new IBenchSession.Client(c)).Dispose());
        }
        bench.Dispose();
        env.Log("client done");
        env.Exit(0);
    }
}

/// <summary>
/// Signal submit to handler dispatch: the handler submits to its own context again, so every
/// iteration is one submit, one delivery through the entrypoint's ReplyAndWait and one dispatch.
/// </summary>
internal static class SignalPing
{
    public static void Run(Env env, int batches, int iterations)
    {
        var batch = -1;
        var count = 0;
        SignalTransmitter? transmitter = null;
        var handler = new SignalHandler(env.Ep, () =>
        {
            if (++count < iterations)
            {
                transmitter!.Submit();
                return;
            }
            count = 0;
            // Batch -1 is the warm-up, as in Component.Measure.
            if (++batch >= 0)
                env.Log($"mark signal {batch} {iterations}");
            if (batch < batches)
                transmitter!.Submit();
            else
            {
                env.Log("signal done");
                env.Exit(0);
            }
        });
        transmitter = new SignalTransmitter(env, handler);
        transmitter.Submit();
    }
}

/// <summary>A dataspace of <c>size</c> bytes: allocate, attach, fill every byte, detach and free, per iteration.</summary>
internal static class Dataspace
{
    public static void Run(Env env, int batches, int iterations, ulong size)
    {
        byte value = 0;
        Component.Measure(env, "dataspace", batches, iterations, () =>
        {
            using var ds = new AttachedRamDataspace(env, size);
            ds.Span.Fill(++value);
        });
        env.Log("dataspace done");
        env.Exit(0);
    }
}
