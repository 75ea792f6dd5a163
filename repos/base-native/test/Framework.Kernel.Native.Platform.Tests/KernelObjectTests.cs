using Framework.Platform;
using Framework.Rpc;

namespace Framework.Kernel.Native.Platform.Tests;

/// <summary>
/// What the native kernel does beyond the contract every backend keeps
/// (repos/test/Framework.Kernel.Contract.Tests): its scheduler and how its capability spaces reuse slots.
/// </summary>
public sealed class KernelObjectTests
{
    [Test]
    public void Higher_priority_threads_run_first_and_equal_ones_round_robin()
    {
        var k = new NativePlatform();
        var pd = k.CreatePd("p", 16, 256);
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
        var pd = k.CreatePd("p", 16, 256);
        var order = new List<string>();
        var sem = k.DelegateSemaphore(pd, k.CreateSemaphore(pd, 0));
        k.StartThread(k.CreateThread(pd, "high", 5, () =>
        {
            k.SemaphoreDown(pd, sem, 0);
            order.Add("high woke");
        }));
        k.StartThread(k.CreateThread(pd, "low", 1, () =>
        {
            order.Add("low before up");
            k.SemaphoreUp(pd, sem);
            order.Add("low after up");
        }));
        k.Run(ulong.MaxValue);
        Assert.That(order, Is.EqualTo(new[] { "low before up", "high woke", "low after up" }));
    }

    private static (NativePlatform K, PdHandle Server, PdHandle Client, EndpointHandle Ep) TwoPds()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64, 256);
        var client = k.CreatePd("client", 4096, 256);
        var ep = k.CreateEndpoint(k.CreateThread(server, "ep", 1, () => { }));
        return (k, server, client, ep);
    }

    [Test]
    public void A_recycled_object_record_gets_a_new_selector()
    {
        var (k, _, client, ep) = TwoPds();
        var obj = k.MintObject(ep, 5);
        var stale = k.Delegate(client, obj);
        k.RevokeObject(obj);
        var reused = k.MintObject(ep, 6);
        Assert.That(reused, Is.EqualTo(obj), "the record is recycled");
        var fresh = k.Delegate(client, reused);
        Assert.That(fresh, Is.Not.EqualTo(stale));
        Assert.That(k.Identify(client, stale, out _, out _), Is.False);
    }

    [Test]
    public void A_selector_the_sender_does_not_hold_arrives_invalid()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64, 256);
        var client = k.CreatePd("client", 64, 256);
        var received = new List<KernelCapability>();
        var serverThread = default(ThreadHandle);
        var ep = default(EndpointHandle);
        serverThread = k.CreateThread(server, "ep", 1, () =>
        {
            var rcv = new MessageBuffer(64);
            k.ReplyAndWait(ep, null, rcv);
            for (var i = 0; i < rcv.CapCount; i++)
                received.Add(rcv.Caps[i]);
            k.ReplyAndWait(ep, new MessageBuffer(64) { Length = 4 }, rcv);
        });
        ep = k.CreateEndpoint(serverThread);
        var toServer = k.Delegate(client, k.MintObject(ep, 1));
        k.StartThread(serverThread);
        k.StartThread(k.CreateThread(client, "main", 1, () =>
        {
            var msg = new MessageBuffer(64) { Length = 4, CapCount = 1 };
            msg.Caps[0] = new KernelCapability(777);
            Assert.That(k.PortOf(client).Call(toServer, msg), Is.EqualTo(IpcStatus.Ok));
        }));
        k.Run(ulong.MaxValue);
        Assert.That(received, Is.EqualTo(new[] { KernelCapability.Invalid }));
    }

    [Test]
    public void Slots_of_revoked_objects_are_reclaimed_when_the_space_fills()
    {
        var k = new NativePlatform();
        var server = k.CreatePd("server", 64, 256);
        var client = k.CreatePd("client", 64, 256);
        var ep = k.CreateEndpoint(k.CreateThread(server, "ep", 1, () => { }));
        // A session per round: minted, delegated, revoked. Without reclamation the 48 dynamic
        // slots of the client would run out after 48 rounds.
        var last = KernelCapability.Invalid;
        for (var round = 0; round < 1000; round++)
        {
            var obj = k.MintObject(ep, (ulong)round);
            last = k.Delegate(client, obj);
            Assert.That(k.Identify(client, last, out _, out var badge) && badge == (ulong)round, Is.True, $"round {round}");
            k.RevokeObject(obj);
        }
        Assert.That(k.CapSlotsUsed(client), Is.LessThanOrEqualTo(64));
        Assert.That(k.Identify(client, last, out _, out _), Is.False);
    }

    [Test]
    public void Lookups_stay_fast_under_delegation_churn()
    {
        var (k, _, client, ep) = TwoPds();
        var keep = k.Delegate(client, k.MintObject(ep, 1));
        for (var round = 0; round < 20_000; round++)
        {
            var obj = k.MintObject(ep, 2);
            var cap = k.Delegate(client, obj);
            k.DeleteCap(client, cap);
            k.RevokeObject(obj);
        }
        Assert.That(k.Identify(client, keep, out _, out var badge) && badge == 1, Is.True);
    }
}
