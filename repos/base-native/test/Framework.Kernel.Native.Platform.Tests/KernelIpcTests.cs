using Framework.Base.Kernel;
using Framework.Rpc;

namespace Framework.Kernel.Native.Platform.Tests;

/// <summary>The hosted native kernel under the IKernel interface: rendezvous, signals, time, death.</summary>
public sealed class KernelIpcTests
{
    private static (NativePlatform k, int server, int client, int ep) TwoPds()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 64);
        var ep = k.CreateEndpoint(server);
        return (k, server, client, ep);
    }

    /// <summary>A server loop that adds the two ints of each request.</summary>
    private static Action AddServer(NativePlatform k, int ep, List<string> log) => () =>
    {
        var receive = new MessageBuffer(k.MaxMessageBytes);
        var reply = new MessageBuffer(k.MaxMessageBytes);
        MessageBuffer? pending = null;
        while (true)
        {
            var info = k.ReplyAndWait(ep, pending, receive);
            if (info.Kind == ReceiveKind.Aborted)
                return;
            if (info.Kind == ReceiveKind.Signal)
            {
                log.Add($"signal imprint={info.Imprint} count={info.SignalCount}");
                pending = null;
                continue;
            }
            var r = new RpcReader(receive, null);
            var opcode = r.ReadInt32();
            var sum = r.ReadInt32() + r.ReadInt32();
            var w = new RpcWriter(reply, 0);
            w.WriteInt32(sum + opcode);
            pending = reply;
        }
    };

    [Test]
    public void Call_reaches_the_server_and_returns_its_reply()
    {
        var (k, server, client, ep) = TwoPds();
        var log = new List<string>();
        var obj = k.MintObject(ep, 42);
        var sel = k.InstallObjectCap(client, obj);
        k.StartThread(k.CreateThread(server, "ep", 1, AddServer(k, ep, log)));
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            var cap = new Capability(k.PortOf(client), sel);
            for (var i = 0; i < 100; i++)
                log.Add($"{Calls.Add(cap, i, 2 * i)}");
        }));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Has.Count.EqualTo(100));
        Assert.That(log[10], Is.EqualTo("30"));
    }

    [Test]
    public void A_forged_selector_names_nothing()
    {
        var (k, server, client, ep) = TwoPds();
        var log = new List<string>();
        k.MintObject(ep, 1);
        k.StartThread(k.CreateThread(server, "ep", 1, AddServer(k, ep, log)));
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            for (var sel = 1; sel < 64; sel++)
            {
                var status = k.PortOf(client).Call(sel, new MessageBuffer(64) { Length = 4 });
                if (status != IpcStatus.InvalidCapability)
                    log.Add($"selector {sel} answered {status}");
            }
        }));
        k.Run(ulong.MaxValue);
        Assert.That(log, Is.Empty);
    }

    [Test]
    public void Signals_never_block_and_coalesce_until_handled()
    {
        var (k, server, client, ep) = TwoPds();
        var log = new List<string>();
        var ctx = k.CreateSignalContext(ep, 7);
        var sel = k.InstallSignalCap(client, ctx);
        // The client submits five times before the server ever waits: one delivery, count 5.
        k.StartThread(k.CreateThread(client, "main", 2, () =>
        {
            for (var i = 0; i < 5; i++)
                Assert.That(k.Submit(client, sel, 1), Is.True);
            log.Add("submitted");
        }));
        k.StartThread(k.CreateThread(server, "ep", 1, AddServer(k, ep, log)));
        k.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "submitted", "signal imprint=7 count=5" }));
    }

    [Test]
    public void Virtual_time_jumps_to_the_next_timeout()
    {
        var k = new NativePlatform();
        var pd = k.CreatePd("sleeper", 16);
        var log = new List<string>();
        var sem = 0;
        k.StartThread(k.CreateThread(pd, "main", 1, () =>
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(k.SemDown(pd, sem, 10_000_000), Is.False);
                log.Add($"woke at {k.Now}");
            }
        }));
        sem = k.InstallSemaphoreCap(pd, k.CreateSemaphore(pd, 0));
        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Is.EqualTo(new[] { "woke at 10000000", "woke at 20000000", "woke at 30000000" }));
    }

    [Test]
    public void Destroying_the_server_aborts_its_blocked_callers()
    {
        var (k, server, client, ep) = TwoPds();
        var log = new List<string>();
        var sel = k.InstallObjectCap(client, k.MintObject(ep, 1));
        // The server never receives: the caller queues on the endpoint.
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            var status = k.PortOf(client).Call(sel, new MessageBuffer(64) { Length = 4 });
            log.Add($"call returned {status}");
            status = k.PortOf(client).Call(sel, new MessageBuffer(64) { Length = 4 });
            log.Add($"second call returned {status}");
        }));
        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Is.Empty);
        k.DestroyPd(server);
        k.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "call returned Aborted", "second call returned InvalidCapability" }));
    }

    [Test]
    public void Same_scenario_gives_the_same_trace_twice()
    {
        static List<string> RunOnce()
        {
            var (k, server, client, ep) = TwoPds();
            var trace = new List<string>();
            k.SetTrace(trace.Add);
            var log = new List<string>();
            var sel = k.InstallObjectCap(client, k.MintObject(ep, 9));
            k.StartThread(k.CreateThread(server, "ep", 1, AddServer(k, ep, log)));
            for (var c = 0; c < 3; c++)
            {
                k.StartThread(k.CreateThread(client, $"c{c}", 1, () =>
                {
                    var cap = new Capability(k.PortOf(client), sel);
                    for (var i = 0; i < 5; i++)
                        Calls.Add(cap, i, i);
                }));
            }
            k.Run(ulong.MaxValue);
            return trace;
        }

        var first = RunOnce();
        Assert.That(first, Has.Count.GreaterThan(30));
        Assert.That(RunOnce(), Is.EqualTo(first));
    }
}
