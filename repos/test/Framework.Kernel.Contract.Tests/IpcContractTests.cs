using Framework.Platform;
using Framework.Rpc;

namespace Framework.Kernel.Contract.Tests;

/// <summary>Rendezvous, replies, capability transfer and message limits: what core's RPC relies on, on every backend.</summary>
[TestFixtureSource(typeof(Backend), nameof(Backend.Names))]
public sealed class IpcContractTests(string backend)
{
    private Machine _m = null!;
    private IKernelPlatform K => _m.Kernel;
    private IHostMachine Host => _m.Host;

    [SetUp]
    public void Boot() => _m = Backend.Boot(backend);

    private (PdHandle Server, PdHandle Client) TwoPds() =>
        (K.CreatePd("server", 64, 256), K.CreatePd("client", 64, 256));

    [Test]
    public void A_call_reaches_the_server_and_returns_its_reply()
    {
        var (server, client) = TwoPds();
        var log = new List<string>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, Backend.Adder(K, log));
        var cap = K.Delegate(client, K.MintObject(ep, 42));
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            var c = new Capability(K.PortOf(client), cap);
            for (var i = 0; i < 100; i++)
                log.Add($"{Backend.Add(c, i, 2 * i)}");
        }));

        Assert.That(Host.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Has.Count.EqualTo(100));
        Assert.That(log[10], Is.EqualTo("30"));
    }

    [Test]
    public void The_server_learns_which_object_was_called()
    {
        var (server, client) = TwoPds();
        var badges = new List<ulong>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, e => () =>
        {
            var receive = new MessageBuffer(K.Info.MaxMessageBytes);
            var reply = new MessageBuffer(K.Info.MaxMessageBytes) { Length = 4 };
            K.Serve(e, receive, info =>
            {
                badges.Add(info.Badge);
                return reply;
            });
        });
        var first = K.Delegate(client, K.MintObject(ep, 7));
        var second = K.Delegate(client, K.MintObject(ep, 9));
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            foreach (var cap in new[] { first, second, first })
                Assert.That(K.PortOf(client).Call(cap, Backend.Request(K, 4)), Is.EqualTo(IpcStatus.Ok));
        }));
        Host.Run(ulong.MaxValue);
        Assert.That(badges, Is.EqualTo(new[] { 7UL, 9UL, 7UL }));
    }

    [Test]
    public void Capabilities_travel_translated_and_unknown_ones_arrive_invalid()
    {
        var (server, client) = TwoPds();
        var received = new List<(KernelCapability Cap, ulong Badge)>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, e => () =>
        {
            var rcv = new MessageBuffer(K.Info.MaxMessageBytes);
            K.ReplyAndWait(e, null, rcv);
            for (var i = 0; i < rcv.CapCount; i++)
            {
                var known = K.Identify(server, rcv.Caps[i], out _, out var b);
                received.Add((rcv.Caps[i], known ? b : 0));
            }
            K.ReplyAndWait(e, new MessageBuffer(K.Info.MaxMessageBytes) { Length = 4 }, rcv);
        });
        var toServer = K.Delegate(client, K.MintObject(ep, 1));
        var gift = K.Delegate(client, K.MintObject(ep, 2));
        // Unused object IDs on every backend: a name the client was never given.
        var never = K.Delegate(server, K.MintObject(ep, 3));
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            var msg = Backend.Request(K, 4);
            msg.CapCount = 1;
            msg.Caps[0] = gift;
            Assert.That(K.PortOf(client).Call(toServer, msg), Is.EqualTo(IpcStatus.Ok));
        }));
        Host.Run(ulong.MaxValue);
        Assert.That(received, Has.Count.EqualTo(1));
        Assert.That(received[0].Badge, Is.EqualTo(2UL), "the gift names the same object in the server's space");
        Assert.That(never.IsValid, Is.True);
    }

    [Test]
    public void Delegating_one_object_many_times_takes_one_slot()
    {
        var (server, client) = TwoPds();
        var (_, ep) = K.CreateServer(server, "ep", 1, _ => () => { });
        var obj = K.MintObject(ep, 5);
        var first = K.Delegate(client, obj);
        var used = K.CapSlotsUsed(client);
        for (var i = 0; i < 10_000; i++)
            Assert.That(K.Delegate(client, obj), Is.EqualTo(first));
        Assert.That(K.CapSlotsUsed(client), Is.EqualTo(used));
    }

    [Test]
    public void A_revoked_object_is_unreachable_through_every_old_name()
    {
        var (server, client) = TwoPds();
        var (_, ep) = K.CreateServer(server, "ep", 1, _ => () => { });
        var obj = K.MintObject(ep, 5);
        var stale = K.Delegate(client, obj);
        var own = K.Delegate(server, obj);
        K.RevokeObject(obj);
        Assert.That(K.Identify(client, stale, out _, out _), Is.False);
        Assert.That(K.Identify(server, own, out _, out _), Is.False);
        // New objects may reuse the slot an old name pointed to (then the name is one of the
        // holder's own new capabilities), but never lead back to the revoked object.
        for (var i = 0; i < 40; i++)
        {
            var fresh = K.Delegate(client, K.MintObject(ep, 6));
            Assert.That(K.Identify(client, stale, out _, out var old) && old == 5, Is.False, $"round {i}: the revoked object came back");
            Assert.That(K.Identify(client, fresh, out _, out var badge) && badge == 6, Is.True);
        }
    }

    [Test]
    public void A_forged_capability_names_nothing_where_the_kernel_protects_them()
    {
        if (!K.Info.ProtectedCapabilities)
            Assert.Ignore($"{backend} names objects by global IDs; cap_integrity documents what forging does there");
        var (server, client) = TwoPds();
        var log = new List<string>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, Backend.Adder(K, log));
        var real = K.Delegate(server, K.MintObject(ep, 1));
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            // Every small value, and the server's own name for the object.
            var forged = Enumerable.Range(1, 1000).Select(v => new KernelCapability((ulong)v)).Append(real);
            foreach (var cap in forged)
            {
                var status = K.PortOf(client).Call(cap, Backend.Request(K, 12));
                if (status != IpcStatus.InvalidCapability)
                    log.Add($"{cap} answered {status}");
            }
        }));
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.Empty);
    }

    [Test]
    public void Messages_up_to_the_limit_arrive_whole_and_one_byte_more_is_refused()
    {
        var (server, client) = TwoPds();
        var sizes = new List<int>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, e => () =>
        {
            var receive = new MessageBuffer(K.Info.MaxMessageBytes);
            var reply = new MessageBuffer(K.Info.MaxMessageBytes);
            K.Serve(e, receive, _ =>
            {
                sizes.Add(receive.Length);
                receive.CopyTo(reply);
                return reply;
            });
        });
        var cap = K.Delegate(client, K.MintObject(ep, 1));
        var limit = K.Info.MaxMessageBytes;
        IpcStatus over = default;
        var echoed = true;
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            foreach (var size in new[] { 4, 8, 64, limit - 1, limit })
            {
                var msg = Backend.Request(K, size);
                for (var i = 0; i < size; i++)
                    msg.Data[i] = (byte)(i * 7 + size);
                Assert.That(K.PortOf(client).Call(cap, msg), Is.EqualTo(IpcStatus.Ok), $"{size} bytes");
                echoed &= msg.Length == size && msg.Data.AsSpan(0, size).ToArray().Select((b, i) => b == (byte)(i * 7 + size)).All(x => x);
            }
            var tooLarge = new MessageBuffer(limit + 64) { Length = limit + 1 };
            over = K.PortOf(client).Call(cap, tooLarge);
        }));
        Host.Run(ulong.MaxValue);
        Assert.That(sizes, Is.EqualTo(new[] { 4, 8, 64, limit - 1, limit }));
        Assert.That(echoed, Is.True, "the reply carried the same bytes back");
        Assert.That(over, Is.EqualTo(IpcStatus.MessageTooLarge));
    }

    [Test]
    public void Destroying_the_server_aborts_its_blocked_callers()
    {
        var (server, client) = TwoPds();
        var log = new List<string>();
        // The server thread never receives: the caller waits for it.
        var (_, ep) = K.CreateServer(server, "ep", 1, _ => () => { });
        var cap = K.Delegate(client, K.MintObject(ep, 1));
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            var status = K.PortOf(client).Call(cap, Backend.Request(K, 4));
            log.Add($"call returned {status}");
            status = K.PortOf(client).Call(cap, Backend.Request(K, 4));
            log.Add($"second call returned {status}");
        }));
        Assert.That(Host.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Is.Empty);
        K.DestroyPd(server);
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "call returned Aborted", "second call returned InvalidCapability" }));
    }

    [Test]
    public void A_deferred_reply_reaches_the_caller_later()
    {
        var (server, client) = TwoPds();
        var log = new List<string>();
        ulong token = 0;
        var (thread, ep) = K.CreateServer(server, "ep", 1, e => () =>
        {
            var receive = new MessageBuffer(K.Info.MaxMessageBytes);
            var reply = new MessageBuffer(K.Info.MaxMessageBytes);
            K.Serve(e, receive, info =>
            {
                if (info.Badge == 1)
                {
                    // Hold the first caller; answer it when the second one calls.
                    token = K.DeferReply();
                    log.Add("deferred");
                    return null;
                }
                var later = new MessageBuffer(K.Info.MaxMessageBytes);
                new RpcWriter(later, 0).WriteInt32(41);
                K.ReplyDeferred(token, later);
                new RpcWriter(reply, 0).WriteInt32(2);
                return reply;
            });
        });
        var held = K.Delegate(client, K.MintObject(ep, 1));
        var releaser = K.Delegate(client, K.MintObject(ep, 2));
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "first", 1, () =>
        {
            var msg = Backend.Request(K, 4);
            Assert.That(K.PortOf(client).Call(held, msg), Is.EqualTo(IpcStatus.Ok));
            var r = new RpcReader(msg, null);
            log.Add($"first got {r.ReadInt32()}/{r.ReadInt32()}");
        }));
        K.StartThread(K.CreateThread(client, "second", 1, () =>
        {
            var msg = Backend.Request(K, 4);
            Assert.That(K.PortOf(client).Call(releaser, msg), Is.EqualTo(IpcStatus.Ok));
            log.Add("second returned");
        }));
        Assert.That(Host.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Does.Contain("deferred").And.Contain("first got 0/41").And.Contain("second returned"));
    }

    [Test]
    public void The_same_scenario_gives_the_same_trace_twice()
    {
        List<string> RunOnce()
        {
            var m = Backend.Boot(backend);
            var k = m.Kernel;
            var trace = new List<string>();
            m.Host.SetTrace(trace.Add);
            var server = k.CreatePd("server", 64, 256);
            var client = k.CreatePd("client", 64, 256);
            var log = new List<string>();
            var (thread, ep) = k.CreateServer(server, "ep", 1, Backend.Adder(k, log));
            var cap = k.Delegate(client, k.MintObject(ep, 9));
            k.StartThread(thread);
            for (var c = 0; c < 3; c++)
            {
                k.StartThread(k.CreateThread(client, $"c{c}", 1, () =>
                {
                    var capability = new Capability(k.PortOf(client), cap);
                    for (var i = 0; i < 5; i++)
                        Backend.Add(capability, i, i);
                }));
            }
            m.Host.Run(ulong.MaxValue);
            return trace;
        }

        var first = RunOnce();
        Assert.That(first, Has.Count.GreaterThan(30));
        Assert.That(RunOnce(), Is.EqualTo(first));
    }
}
