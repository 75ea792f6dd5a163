using Framework.Platform;
using Framework.Rpc;

namespace Framework.Kernel.Native.Platform.Tests;

/// <summary>
/// A call to a server waiting in its serve loop runs the server's handling on the caller's host
/// thread (HostedCpu.Lend). These tests pin what that must not change (replies, the kernel's
/// schedule and trace, fault and death semantics) and what it does (which host thread runs).
/// </summary>
public sealed class LentContextTests
{
    private sealed record Pds(NativePlatform K, PdHandle Server, PdHandle Client);

    private static Pds TwoPds()
    {
        var k = new NativePlatform();
        return new Pds(k, k.CreatePd("server", 64, 256), k.CreatePd("client", 64, 256));
    }

    /// <summary>A server thread (not started) and its endpoint; <paramref name="body"/> gets the endpoint.</summary>
    private static (ThreadHandle Thread, EndpointHandle Ep) Server(NativePlatform k, PdHandle pd, string name, int priority,
        Func<EndpointHandle, Action> body)
    {
        Action? run = null;
        var thread = k.CreateThread(pd, name, priority, () => run!());
        var ep = k.CreateEndpoint(thread);
        run = body(ep);
        return (thread, ep);
    }

    /// <summary>A serve loop whose handler adds the two ints of a request, after running <paramref name="inside"/>.</summary>
    private static Action Adder(NativePlatform k, EndpointHandle ep, Action<int>? inside = null) => () =>
    {
        var receive = new MessageBuffer(k.Info.MaxMessageBytes);
        var reply = new MessageBuffer(k.Info.MaxMessageBytes);
        k.Serve(ep, receive, info =>
        {
            if (info.Kind != ReceiveKind.Call)
                return null;
            var r = new RpcReader(receive, null);
            var sum = r.ReadInt32() + r.ReadInt32() + r.ReadInt32();
            inside?.Invoke(sum);
            new RpcWriter(reply, 0).WriteInt32(sum);
            return reply;
        });
    };

    /// <summary>The same server as a hand-written ReplyAndWait loop: the kernel never lends it a context.</summary>
    private static Action PlainAdder(NativePlatform k, EndpointHandle ep, Action<int>? inside = null) => () =>
    {
        var receive = new MessageBuffer(k.Info.MaxMessageBytes);
        var reply = new MessageBuffer(k.Info.MaxMessageBytes);
        MessageBuffer? pending = null;
        while (true)
        {
            var info = k.ReplyAndWait(ep, pending, receive);
            if (info.Kind == ReceiveKind.Aborted)
                return;
            var r = new RpcReader(receive, null);
            var sum = r.ReadInt32() + r.ReadInt32() + r.ReadInt32();
            inside?.Invoke(sum);
            new RpcWriter(reply, 0).WriteInt32(sum);
            pending = reply;
        }
    };

    /// <summary>Calls with the request of <see cref="Calls.Add"/> (1 + 2) and returns the IPC status, whatever the reply.</summary>
    private static IpcStatus CallRaw(NativePlatform k, PdHandle pd, KernelCapability selector)
    {
        var msg = k.PortOf(pd).Rent();
        var w = new RpcWriter(msg, 0);
        w.WriteInt32(1);
        w.WriteInt32(2);
        return k.PortOf(pd).Call(selector, msg);
    }

    /// <summary><see cref="Calls.Add"/> without assertions, which allocate.</summary>
    private static int AddQuietly(Capability cap, int a, int b)
    {
        var msg = cap.Port!.Rent();
        var w = new RpcWriter(msg, 0);
        w.WriteInt32(a);
        w.WriteInt32(b);
        cap.Call(msg);
        var r = new RpcReader(msg, cap.Port);
        var sum = r.ReadInt32() == 0 ? r.ReadInt32() : -1;
        cap.Port.Return(msg);
        return sum;
    }

    [Test]
    public void A_call_to_a_serving_thread_runs_on_the_callers_host_thread()
    {
        var (k, server, client) = TwoPds();
        var handlerThreads = new HashSet<int>();
        var clientThread = -1;
        var (st, ep) = Server(k, server, "ep", 1, e => Adder(k, e, _ => handlerThreads.Add(Environment.CurrentManagedThreadId)));
        var sel = k.Delegate(client, k.MintObject(ep, 1));
        k.StartThread(st);
        var sums = new List<int>();
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            clientThread = Environment.CurrentManagedThreadId;
            var cap = new Capability(k.PortOf(client), sel);
            for (var i = 0; i < 100; i++)
                sums.Add(Calls.Add(cap, i, 2 * i));
        }));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(sums, Is.EqualTo(Enumerable.Range(0, 100).Select(i => 3 * i)));
        Assert.That(handlerThreads, Is.EqualTo(new[] { clientThread }));
    }

    [Test]
    public void A_round_trip_on_a_lent_context_allocates_nothing()
    {
        // Client and server run on one host thread, so that thread's allocation counter sees the
        // whole path: stub-side buffers, kernel, platform, the server's dispatch and the reply.
        var (k, server, client) = TwoPds();
        var (st, ep) = Server(k, server, "ep", 1, e => Adder(k, e));
        var sel = k.Delegate(client, k.MintObject(ep, 1));
        k.StartThread(st);
        var allocated = new List<long>(12);
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            var cap = new Capability(k.PortOf(client), sel);
            var wrong = 0;
            // Rounds of 1,000 after a warm-up round (first calls fill pools).
            for (var round = 0; round < 12; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 1000; i++)
                    wrong += AddQuietly(cap, i, i) == 2 * i ? 0 : 1;
                if (round > 0)
                    allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.That(wrong, Is.Zero);
        }));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        // A per-call allocation, even of one byte, shows in every round. On a loaded machine the
        // runtime now and then allocates a few KiB on the thread by itself (seen: one round in
        // eleven, 3.5 KiB), which is not the path's doing.
        Assert.That(allocated.Count(a => a == 0), Is.GreaterThanOrEqualTo(9), string.Join(", ", allocated));
    }

    [Test]
    public void Lending_leaves_the_kernel_trace_unchanged()
    {
        // Two clients, a server, a second server the first one calls: the trace of the serve
        // loop (lent contexts) equals that of hand-written loops (host-thread switches only).
        static List<string> Trace(bool serveLoops)
        {
            var k = new NativePlatform();
            var trace = new List<string>();
            k.SetTrace(trace.Add);
            var a = k.CreatePd("a", 64, 256);
            var b = k.CreatePd("b", 64, 256);
            var bInA = KernelCapability.Invalid;
            void CallB(int sum) => Calls.Add(new Capability(k.PortOf(a), bInA), sum, 1);
            var (tb, epB) = Server(k, b, "b", 1, e => serveLoops ? Adder(k, e) : PlainAdder(k, e));
            var (ta, epA) = Server(k, a, "a", 1, e => serveLoops ? Adder(k, e, CallB) : PlainAdder(k, e, CallB));
            bInA = k.Delegate(a, k.MintObject(epB, 2));
            k.StartThread(tb);
            k.StartThread(ta);
            for (var c = 0; c < 2; c++)
            {
                var pd = k.CreatePd($"c{c}", 64, 256);
                var sel = k.Delegate(pd, k.MintObject(epA, 1));
                k.StartThread(k.CreateThread(pd, $"c{c}", 1, () =>
                {
                    for (var i = 0; i < 20; i++)
                        Calls.Add(new Capability(k.PortOf(pd), sel), i, i);
                }));
            }
            Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
            return trace;
        }

        var lent = Trace(serveLoops: true);
        Assert.That(lent.Count(l => l.Contains(" Call(", StringComparison.Ordinal)), Is.EqualTo(80));
        Assert.That(Trace(serveLoops: false), Is.EqualTo(lent));
    }

    [Test]
    public void Nested_calls_all_run_on_the_first_callers_host_thread()
    {
        var k = new NativePlatform();
        var a = k.CreatePd("a", 64, 256);
        var b = k.CreatePd("b", 64, 256);
        var c = k.CreatePd("client", 64, 256);
        var threads = new List<(string, int)>();
        var bInA = KernelCapability.Invalid;
        var (tb, epB) = Server(k, b, "b", 1, e => Adder(k, e, _ => threads.Add(("b", Environment.CurrentManagedThreadId))));
        var (ta, epA) = Server(k, a, "a", 1, e => Adder(k, e, sum =>
        {
            threads.Add(("a", Environment.CurrentManagedThreadId));
            Assert.That(Calls.Add(new Capability(k.PortOf(a), bInA), sum, 100), Is.EqualTo(sum + 100));
        }));
        bInA = k.Delegate(a, k.MintObject(epB, 2));
        var aInC = k.Delegate(c, k.MintObject(epA, 1));
        k.StartThread(tb);
        k.StartThread(ta);
        var result = 0;
        k.StartThread(k.CreateThread(c, "client", 1, () =>
        {
            threads.Add(("client", Environment.CurrentManagedThreadId));
            result = Calls.Add(new Capability(k.PortOf(c), aInC), 1, 2);
        }));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(result, Is.EqualTo(3));
        Assert.That(threads.Select(t => t.Item1), Is.EqualTo(new[] { "client", "a", "b" }));
        Assert.That(threads.Select(t => t.Item2).Distinct().Count(), Is.EqualTo(1), string.Join(", ", threads));
    }

    [Test]
    public void A_server_whose_next_request_is_queued_goes_on_on_its_own_host_thread()
    {
        // The server yields inside its first request, which lets the second client call; the
        // server is busy, so that call queues. When the server replies to the first client the
        // second request is there: it takes it at once and handles it on its own host thread.
        var (k, server, _) = TwoPds();
        var handlerThreads = new List<int>();
        var clientThreads = new int[2];
        var serverThread = -1;
        var (st, ep) = Server(k, server, "ep", 1, e => () =>
        {
            serverThread = Environment.CurrentManagedThreadId;
            Adder(k, e, _ =>
            {
                handlerThreads.Add(Environment.CurrentManagedThreadId);
                if (handlerThreads.Count == 1)
                    k.Yield();
            })();
        });
        k.StartThread(st);
        var results = new int[2];
        for (var i = 0; i < 2; i++)
        {
            var n = i;
            var pd = k.CreatePd($"c{n}", 64, 256);
            var sel = k.Delegate(pd, k.MintObject(ep, 1));
            k.StartThread(k.CreateThread(pd, $"c{n}", 1, () =>
            {
                clientThreads[n] = Environment.CurrentManagedThreadId;
                results[n] = Calls.Add(new Capability(k.PortOf(pd), sel), n, 10);
            }));
        }

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(results, Is.EqualTo(new[] { 10, 11 }));
        Assert.That(handlerThreads, Is.EqualTo(new[] { clientThreads[0], serverThread }));
    }

    [Test]
    public void Clients_contending_for_a_server_that_yields_all_get_their_answers()
    {
        // Lent turns, queued requests handled at home, and lending again right after, mixed:
        // the server yields inside every seventh request, which lets the other clients call.
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64, 256);
        var handled = 0;
        var (st, ep) = Server(k, server, "ep", 1, e => Adder(k, e, _ =>
        {
            if (++handled % 7 == 0)
                k.Yield();
        }));
        k.StartThread(st);
        var wrong = new int[3];
        for (var c = 0; c < 3; c++)
        {
            var n = c;
            var pd = k.CreatePd($"c{n}", 64, 256);
            var sel = k.Delegate(pd, k.MintObject(ep, 1));
            k.StartThread(k.CreateThread(pd, $"c{n}", 1, () =>
            {
                var cap = new Capability(k.PortOf(pd), sel);
                for (var i = 0; i < 3000; i++)
                    wrong[n] += AddQuietly(cap, i, n) == i + n ? 0 : 1;
            }));
        }

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(handled, Is.EqualTo(9000));
        Assert.That(wrong, Is.All.Zero);
    }

    [Test]
    public void An_exception_escaping_a_lent_handler_ends_the_server_on_its_own_thread()
    {
        var (k, server, client) = TwoPds();
        var (serverThread, ep) = Server(k, server, "ep", 1, e => Adder(k, e, _ => throw new InvalidOperationException("handler bug")));
        var sel = k.Delegate(client, k.MintObject(ep, 1));
        var crashes = new List<(ThreadHandle Thread, string Message)>();
        k.ThreadCrashed = (t, e) => crashes.Add((t, e.Message));
        k.StartThread(serverThread);
        IpcStatus? status = null;
        k.StartThread(k.CreateThread(client, "main", 1, () => status = CallRaw(k, client, sel)));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(crashes, Is.EqualTo(new[] { (serverThread, "handler bug") }));
        // The server's thread ended with the exception; its caller is aborted, not left blocked.
        Assert.That(status, Is.EqualTo(IpcStatus.Aborted));
        Assert.That(k.ThreadState(serverThread), Is.EqualTo(KernelThreadState.Dead));
    }

    [Test]
    public void Killing_a_server_blocked_on_a_lent_context_aborts_its_caller()
    {
        var (k, server, client) = TwoPds();
        var sem = k.DelegateSemaphore(server, k.CreateSemaphore(server, 0));
        var (serverThread, ep) = Server(k, server, "ep", 1, e => Adder(k, e, _ => k.SemaphoreDown(server, sem, 0)));
        var sel = k.Delegate(client, k.MintObject(ep, 1));
        k.StartThread(serverThread);
        IpcStatus? status = null;
        var log = new List<string>();
        k.ThreadCrashed = (t, e) => log.Add($"thread {t} crashed: {e}");
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            status = CallRaw(k, client, sel);
            log.Add($"client resumed: {status}");
        }));
        var killer = k.CreatePd("killer", 16, 256);
        k.StartThread(k.CreateThread(killer, "killer", 0, () =>
        {
            log.Add("killing the server");
            k.KillThread(serverThread);
        }));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Is.EqualTo(new[] { "killing the server", "client resumed: Aborted" }));
        Assert.That(k.ThreadState(serverThread), Is.EqualTo(KernelThreadState.Dead));
    }

    [Test]
    public void A_caller_answered_early_does_not_run_before_the_server_gave_its_context_back()
    {
        // The server defers the reply, answers it at once, then blocks on a semaphore that a third
        // thread raises. The caller is ready from the reply on, but its context is lent: it runs
        // only after the server is back at its wait.
        var (k, server, client) = TwoPds();
        var sem = k.DelegateSemaphore(server, k.CreateSemaphore(server, 0));
        var log = new List<string>();
        var reply = new MessageBuffer(k.Info.MaxMessageBytes);
        // The server runs first (highest priority) and waits in its serve loop when the client calls.
        var (st, ep) = Server(k, server, "ep", 3, e => () =>
        {
            var receive = new MessageBuffer(k.Info.MaxMessageBytes);
            k.Serve(e, receive, info =>
            {
                var token = k.DeferReply();
                new RpcWriter(reply, 0).WriteInt32(7);
                k.ReplyDeferred(token, reply);
                log.Add("server answered");
                k.SemaphoreDown(server, sem, 0);
                log.Add("server done");
                return null;
            });
        });
        var sel = k.Delegate(client, k.MintObject(ep, 1));
        k.StartThread(st);
        k.StartThread(k.CreateThread(client, "main", 2, () =>
        {
            var msg = k.PortOf(client).Rent();
            Assert.That(k.PortOf(client).Call(sel, msg), Is.EqualTo(IpcStatus.Ok));
            log.Add("client got the reply");
        }));
        k.StartThread(k.CreateThread(server, "raiser", 0, () =>
        {
            log.Add("raising");
            k.SemaphoreUp(server, sem);
        }));

        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Is.EqualTo(new[] { "server answered", "raising", "server done", "client got the reply" }));
    }
}
