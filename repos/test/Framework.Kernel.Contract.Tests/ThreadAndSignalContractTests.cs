using Framework.Platform;
using Framework.Rpc;

namespace Framework.Kernel.Contract.Tests;

/// <summary>Signals, semaphores, virtual time, IRQs, thread control and memory translation, on every backend.</summary>
[TestFixtureSource(typeof(Backend), nameof(Backend.Names))]
public sealed class ThreadAndSignalContractTests(string backend)
{
    private Machine _m = null!;
    private IKernelPlatform K => _m.Kernel;
    private IHostMachine Host => _m.Host;

    [SetUp]
    public void Boot() => _m = Backend.Boot(backend);

    [Test]
    public void Signals_never_block_the_sender_and_coalesce_until_handled()
    {
        var server = K.CreatePd("server", 64, 256);
        var client = K.CreatePd("client", 64, 256);
        var log = new List<string>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, Backend.Adder(K, log));
        var context = K.CreateSignalContext(ep, 7);
        var cap = K.DelegateSignal(client, context);
        // The client submits five times before the server ever waits: one delivery, count 5.
        K.StartThread(K.CreateThread(client, "main", 2, () =>
        {
            for (var i = 0; i < 5; i++)
                Assert.That(K.Submit(client, cap, 1), Is.True);
            log.Add("submitted");
        }));
        K.StartThread(thread);
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "submitted", "signal imprint=7 count=5" }));
    }

    [Test]
    public void A_freed_signal_context_takes_no_more_submits()
    {
        var server = K.CreatePd("server", 64, 256);
        var client = K.CreatePd("client", 64, 256);
        var log = new List<string>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, Backend.Adder(K, log));
        var context = K.CreateSignalContext(ep, 3);
        var cap = K.DelegateSignal(client, context);
        K.FreeSignalContext(context);
        var accepted = true;
        K.StartThread(K.CreateThread(client, "main", 1, () => accepted = K.Submit(client, cap, 1)));
        K.StartThread(thread);
        Host.Run(ulong.MaxValue);
        Assert.That(accepted, Is.False);
        Assert.That(log, Is.Empty);
    }

    [Test]
    public void Ten_thousand_signals_take_no_capability_slots()
    {
        var server = K.CreatePd("server", 64, 256);
        var client = K.CreatePd("client", 64, 256);
        var log = new List<string>();
        var (thread, ep) = K.CreateServer(server, "ep", 1, Backend.Adder(K, log));
        var cap = K.DelegateSignal(client, K.CreateSignalContext(ep, 1));
        int before = 0, after = 0;
        K.StartThread(thread);
        K.StartThread(K.CreateThread(client, "main", 1, () =>
        {
            before = K.CapSlotsUsed(server) + K.CapSlotsUsed(client);
            for (var i = 0; i < 10_000; i++)
            {
                K.Submit(client, cap, 1);
                K.Yield();
            }
            after = K.CapSlotsUsed(server) + K.CapSlotsUsed(client);
        }));
        Host.Run(ulong.MaxValue);
        Assert.That(after, Is.EqualTo(before));
        Assert.That(log, Is.Not.Empty);
    }

    [Test]
    public void Virtual_time_jumps_to_the_next_timeout()
    {
        var pd = K.CreatePd("sleeper", 16, 256);
        var log = new List<string>();
        var sem = K.DelegateSemaphore(pd, K.CreateSemaphore(pd, 0));
        K.StartThread(K.CreateThread(pd, "main", 1, () =>
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(K.SemaphoreDown(pd, sem, 10_000_000), Is.False);
                log.Add($"woke at {K.Now}");
            }
        }));
        Assert.That(Host.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        Assert.That(log, Is.EqualTo(new[] { "woke at 10000000", "woke at 20000000", "woke at 30000000" }));
    }

    [Test]
    public void A_semaphore_up_wakes_its_waiter()
    {
        var pd = K.CreatePd("p", 16, 256);
        var log = new List<string>();
        var sem = K.DelegateSemaphore(pd, K.CreateSemaphore(pd, 0));
        K.StartThread(K.CreateThread(pd, "waiter", 1, () =>
        {
            Assert.That(K.SemaphoreDown(pd, sem, 0), Is.True);
            log.Add("woke");
        }));
        K.StartThread(K.CreateThread(pd, "waker", 1, () =>
        {
            log.Add("up");
            K.SemaphoreUp(pd, sem);
        }));
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "up", "woke" }));
    }

    [Test]
    public void An_irq_wakes_its_waiter_or_stays_pending()
    {
        var pd = K.CreatePd("driver", 16, 256);
        var irq = K.DelegateIrq(pd, K.CreateIrq(4));
        var log = new List<string>();
        K.StartThread(K.CreateThread(pd, "irq", 1, () =>
        {
            for (var i = 0; i < 2; i++)
            {
                K.WaitIrq(pd, irq);
                log.Add($"irq {i} at {K.Now}");
            }
        }));
        Assert.That(Host.Run(ulong.MaxValue), Is.EqualTo(KernelRunResult.Idle));
        K.RaiseIrq(4);
        K.RaiseIrq(4);
        Host.Run(ulong.MaxValue);
        Assert.That(log, Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(log[0], Is.EqualTo("irq 0 at 0"));
    }

    [Test]
    public void A_paused_thread_does_not_run_until_resumed()
    {
        var pd = K.CreatePd("p", 16, 256);
        var log = new List<string>();
        var t = K.CreateThread(pd, "worker", 1, () => log.Add("ran"));
        K.PauseThread(t);
        K.StartThread(t);
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.Empty);
        Assert.That(K.IsPaused(t), Is.True);
        K.ResumeThread(t);
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "ran" }));
    }

    [Test]
    public void Mapped_pages_translate_and_unmapped_ones_fault()
    {
        var pd = K.CreatePd("p", 16, 256);
        Assert.That(K.Ram.TryAllocate(0x3000, out var phys), Is.True);
        K.Map(pd, 0x4000_0000, phys, 0x2000, writable: true);
        Assert.That(K.Translate(pd, 0x4000_0010, 16, write: true, out var at), Is.EqualTo(Translation.Mapped));
        Assert.That(at, Is.EqualTo(phys + 0x10));
        Assert.That(K.Translate(pd, 0x4000_2000, 1, write: false, out var fault), Is.EqualTo(Translation.Fault));
        Assert.That(fault, Is.EqualTo(0x4000_2000UL));
        K.Unmap(pd, 0x4000_0000, 0x2000);
        Assert.That(K.Translate(pd, 0x4000_0010, 16, write: false, out _), Is.EqualTo(Translation.Fault));
    }

    [Test]
    public void A_read_only_mapping_faults_on_write()
    {
        var pd = K.CreatePd("p", 16, 256);
        Assert.That(K.Ram.TryAllocate(0x1000, out var phys), Is.True);
        K.Map(pd, 0x5000_0000, phys, 0x1000, writable: false);
        Assert.That(K.Translate(pd, 0x5000_0000, 4, write: false, out _), Is.EqualTo(Translation.Mapped));
        Assert.That(K.Translate(pd, 0x5000_0000, 4, write: true, out _), Is.EqualTo(Translation.Fault));
    }

    [Test]
    public void A_fault_reaches_the_pager_and_the_faulter_resumes_when_resolved()
    {
        var core = K.CreatePd("core", 64, 256);
        var app = K.CreatePd("app", 16, 256);
        Assert.That(K.Ram.TryAllocate(0x1000, out var phys), Is.True);
        var log = new List<string>();
        var (pagerThread, ep) = K.CreateServer(core, "pager", 1, e => () =>
        {
            var receive = new MessageBuffer(K.Info.MaxMessageBytes);
            K.Serve(e, receive, info =>
            {
                if (info.Kind != ReceiveKind.Fault)
                    return null;
                log.Add($"fault at 0x{info.FaultAddress:x} write={info.FaultWrite} badge={info.Badge}");
                var token = K.DeferReply();
                K.Map(app, info.FaultAddress & ~0xfffUL, phys, 0x1000, writable: true);
                K.ReplyDeferred(token, null);
                return null;
            });
        });
        var pager = K.MintObject(ep, 77);
        var worker = K.CreateThread(app, "worker", 1, () =>
        {
            while (K.Translate(app, 0x6000_0008, 8, write: true, out _) != Translation.Mapped)
                Assert.That(K.Fault(0x6000_0008, write: true), Is.True);
            log.Add("resolved");
        });
        K.SetPager(worker, pager);
        K.StartThread(pagerThread);
        K.StartThread(worker);
        Host.Run(ulong.MaxValue);
        Assert.That(log, Is.EqualTo(new[] { "fault at 0x60000008 write=True badge=77", "resolved" }));
    }
}
