using Framework.Base.Kernel;
using Framework.Rpc;

namespace Framework.Kernel.Native.Platform.Tests;

/// <summary>Scheduling, IRQs, capability spaces and revocation of the hosted native kernel.</summary>
public sealed class KernelObjectTests
{
    [Test]
    public void Higher_priority_threads_run_first_and_equal_ones_round_robin()
    {
        var k = new NativePlatform();
        var pd = k.CreatePd("p", 16);
        var order = new List<string>();
        Action Worker(string name) => () =>
        {
            for (var i = 0; i < 2; i++)
            {
                order.Add($"{name}{i}");
                k.Yield();
            }
        };
        k.StartThread(k.CreateThread(pd, "low", 1, Worker("low")));
        k.StartThread(k.CreateThread(pd, "a", 3, Worker("a")));
        k.StartThread(k.CreateThread(pd, "b", 3, Worker("b")));
        k.Run(ulong.MaxValue);
        Assert.That(order, Is.EqualTo(new[] { "a0", "b0", "a1", "b1", "low0", "low1" }));
    }

    [Test]
    public void A_woken_higher_priority_thread_preempts_the_waker()
    {
        var k = new NativePlatform();
        var pd = k.CreatePd("p", 16);
        var order = new List<string>();
        var sem = 0;
        k.StartThread(k.CreateThread(pd, "high", 5, () =>
        {
            k.SemDown(pd, sem, 0);
            order.Add("high woke");
        }));
        k.StartThread(k.CreateThread(pd, "low", 1, () =>
        {
            order.Add("low before up");
            k.SemUp(pd, sem);
            order.Add("low after up");
        }));
        sem = k.InstallSemaphoreCap(pd, k.CreateSemaphore(pd, 0));
        k.Run(ulong.MaxValue);
        Assert.That(order, Is.EqualTo(new[] { "low before up", "high woke", "low after up" }));
    }

    [Test]
    public void Irq_wakes_its_waiter_or_stays_pending()
    {
        var k = new NativePlatform();
        var pd = k.CreatePd("driver", 16);
        var irq = k.InstallIrqCap(pd, k.CreateIrq(4));
        var log = new List<string>();
        k.StartThread(k.CreateThread(pd, "irq", 1, () =>
        {
            for (var i = 0; i < 2; i++)
            {
                k.WaitIrq(pd, irq);
                log.Add($"irq {i} at {k.Now}");
            }
        }));
        Assert.That(k.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        k.RaiseIrq(4);
        k.RaiseIrq(4);
        k.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "irq 0 at 0", "irq 1 at 0" }));
    }

    [Test]
    public void Paused_threads_do_not_run_until_resumed()
    {
        var k = new NativePlatform();
        var pd = k.CreatePd("p", 16);
        var log = new List<string>();
        var t = k.CreateThread(pd, "worker", 1, () => log.Add("ran"));
        k.PauseThread(t);
        k.StartThread(t);
        k.Run(ulong.MaxValue);
        Assert.That(log, Is.Empty);
        k.ResumeThread(t);
        k.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "ran" }));
    }

    [Test]
    public void Delegating_the_same_capability_many_times_uses_one_slot()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 64);
        var ep = k.CreateEndpoint(server);
        var obj = k.MintObject(ep, 5);
        var first = k.InstallObjectCap(client, obj);
        var used = k.CapSlotsUsed(client);
        for (var i = 0; i < 10_000; i++)
            Assert.That(k.InstallObjectCap(client, obj), Is.EqualTo(first));
        Assert.That(k.CapSlotsUsed(client), Is.EqualTo(used));
    }

    [Test]
    public void A_revoked_object_is_invalid_everywhere_before_its_slot_is_reused()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 64);
        var ep = k.CreateEndpoint(server);
        var obj = k.MintObject(ep, 5);
        var stale = k.InstallObjectCap(client, obj);
        k.RevokeObject(obj);
        Assert.That(k.IdentifyObject(client, stale, out _, out _), Is.False);

        // The kernel recycles the object record; the old selector must not name the new object.
        var reused = k.MintObject(ep, 6);
        Assert.That(reused, Is.EqualTo(obj), "the record is recycled");
        var fresh = k.InstallObjectCap(client, reused);
        Assert.That(fresh, Is.Not.EqualTo(stale));
        Assert.That(k.IdentifyObject(client, stale, out _, out _), Is.False);
        Assert.That(k.IdentifyObject(client, fresh, out _, out var badge), Is.True);
        Assert.That(badge, Is.EqualTo(6UL));
    }

    [Test]
    public void Capabilities_travel_translated_and_invalid_ones_arrive_invalid()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 64);
        var ep = k.CreateEndpoint(server);
        var toServer = k.InstallObjectCap(client, k.MintObject(ep, 1));
        var gift = k.InstallObjectCap(client, k.MintObject(ep, 2));
        var received = new List<(int Selector, ulong Badge)>();
        k.StartThread(k.CreateThread(server, "ep", 1, () =>
        {
            var rcv = new MessageBuffer(64);
            var info = k.ReplyAndWait(ep, null, rcv);
            for (var i = 0; i < rcv.CapCount; i++)
            {
                var known = k.IdentifyObject(server, rcv.Caps[i], out _, out var b);
                received.Add((rcv.Caps[i], known ? b : 0));
            }
            var reply = new MessageBuffer(64) { Length = 4 };
            k.ReplyAndWait(ep, reply, rcv);
        }));
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            var msg = new MessageBuffer(64) { Length = 4, CapCount = 2 };
            msg.Caps[0] = gift;
            msg.Caps[1] = 777;
            Assert.That(k.PortOf(client).Call(toServer, msg), Is.EqualTo(IpcStatus.Ok));
        }));
        k.Run(ulong.MaxValue);
        Assert.That(received, Has.Count.EqualTo(2));
        Assert.That(received[0].Badge, Is.EqualTo(2UL), "the gift names the same object in the server's space");
        Assert.That(received[1].Selector, Is.Zero, "a selector the client does not hold arrives invalid");
    }

    [Test]
    public void Oversized_messages_are_refused_before_anything_moves()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 64);
        var ep = k.CreateEndpoint(server);
        var sel = k.InstallObjectCap(client, k.MintObject(ep, 1));
        IpcStatus status = default;
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            var msg = new MessageBuffer(k.MaxMessageBytes + 64) { Length = k.MaxMessageBytes + 1 };
            status = k.PortOf(client).Call(sel, msg);
        }));
        k.Run(ulong.MaxValue);
        Assert.That(status, Is.EqualTo(IpcStatus.MessageTooLarge));
    }

    [Test]
    public void Slots_of_revoked_objects_are_reclaimed_when_the_space_fills()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 64);
        var ep = k.CreateEndpoint(server);
        // A session per round: minted, delegated, revoked. Without reclamation the 48 dynamic
        // slots of the client would run out after 48 rounds.
        var last = 0;
        for (var round = 0; round < 1000; round++)
        {
            var obj = k.MintObject(ep, (ulong)round);
            last = k.InstallObjectCap(client, obj);
            Assert.That(k.IdentifyObject(client, last, out _, out var badge) && badge == (ulong)round, Is.True, $"round {round}");
            k.RevokeObject(obj);
        }
        Assert.That(k.CapSlotsUsed(client), Is.LessThanOrEqualTo(64));
        Assert.That(k.IdentifyObject(client, last, out _, out _), Is.False);
    }

    [Test]
    public void Lookups_stay_fast_under_delegation_churn()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64);
        var client = k.CreatePd("client", 4096);
        var ep = k.CreateEndpoint(server);
        var keep = k.InstallObjectCap(client, k.MintObject(ep, 1));
        for (var round = 0; round < 20_000; round++)
        {
            var obj = k.MintObject(ep, 2);
            var sel = k.InstallObjectCap(client, obj);
            k.DeleteCap(client, sel);
            k.RevokeObject(obj);
        }
        Assert.That(k.IdentifyObject(client, keep, out _, out var badge) && badge == 1, Is.True);
    }
}
