using Framework.Kernel.Native.Hal;

namespace Framework.Kernel.Native.Tests;

/// <summary>
/// The kernel core allocates nothing after boot when core supplies the memory of its objects
/// (<see cref="PdMemory"/>): measured with the runtime's own allocation counter around a workload
/// of syscalls. The booted image checks the same with its object allocator (selftest pc/syscalls_allocate_nothing).
/// </summary>
[TestFixture]
public sealed class KernelAllocationTests
{
    /// <summary>A HAL for syscalls made by the idle thread: none of them may switch.</summary>
    private sealed class IdleOnlyCpu : IHalCpu
    {
        public void Switch(int from, int to, bool fromIsDead) => throw new InvalidOperationException($"unexpected switch {from} -> {to}");

        public void Release(int thread)
        {
        }

        public bool CanLend(int thread) => false;

        public void Lend(int from, int to) => throw new InvalidOperationException("unexpected lend");
    }

    private static NativeKernel NewKernel() => new(new IdleOnlyCpu(), new KernelConfig { MaxThreads = 64, MaxPds = 16, MaxObjects = 256 });

    /// <summary>Returns how many syscalls failed (no assertion inside: NUnit's constraints allocate).</summary>
    private static int Workload(NativeKernel k, PdMemory a, PdMemory b, int rounds)
    {
        int failures = 0;
        for (int round = 0; round < rounds; round++)
        {
            var pd = (int)k.CreatePd(a).Value;
            var pd2 = (int)k.CreatePd(b).Value;
            var endpoint = (int)k.CreateEndpoint(pd).Value;
            var obj = (int)k.MintObject(endpoint, (ulong)round).Value;
            var sel = (int)k.InstallCap(pd2, CapKind.Object, obj).Value;
            failures += k.Map(pd2, 0x10_0000, 0x20_0000, 8, true).IsSuccess ? 0 : 1;
            failures += k.TranslateRange(pd2, 0x10_0000, 0x8000, true).IsSuccess ? 0 : 1;
            failures += k.Unmap(pd2, 0x10_0000, 8).IsSuccess ? 0 : 1;
            var thread = (int)k.CreateThread(pd2, 1).Value;
            k.StartThread(thread);
            var sem = (int)k.CreateSemaphore(pd, 1).Value;
            var signal = (int)k.CreateSignalContext(endpoint, 7).Value;
            k.SubmitContext(signal, 1);
            k.RevokeObject(obj);
            k.DeleteCap(pd2, sel);
            k.DestroySemaphore(sem);
            k.KillThread(thread);
            k.ReapThread(thread);
            failures += k.DestroyPd(pd2).IsSuccess() ? 0 : 1;
            failures += k.DestroyPd(pd).IsSuccess() ? 0 : 1;
        }

        return failures;
    }

    [Test]
    public void Syscalls_on_core_supplied_memory_allocate_nothing()
    {
        NativeKernel k = NewKernel();
        var a = new PdMemory(64, 64);
        var b = new PdMemory(64, 64);
        Assert.That(Workload(k, a, b, 5), Is.Zero); // warm up: JIT, first use of the tables
        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = Workload(k, a, b, 200);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(failures, Is.Zero);
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void The_measure_sees_the_convenience_overload_allocate()
    {
        NativeKernel k = NewKernel();
        k.DestroyPd((int)k.CreatePd(16, 64).Value);
        long before = GC.GetAllocatedBytesForCurrentThread();
        k.DestroyPd((int)k.CreatePd(16, 64).Value);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.GreaterThan(0), "CreatePd(int, int) allocates its PdMemory for core");
    }

    [Test]
    public void Memory_goes_back_to_core_and_backs_the_next_domain_emptied()
    {
        NativeKernel k = NewKernel();
        var memory = new PdMemory(32, 16);
        var pd = (int)k.CreatePd(memory).Value;
        Assert.That(memory.InUse, Is.True);
        Assert.That(k.MemoryOf(pd), Is.SameAs(memory));
        Assert.That(k.CreatePd(memory).Status, Is.EqualTo(SyscallStatus.BadState), "one memory backs one live domain");
        var endpoint = (int)k.CreateEndpoint(pd).Value;
        k.InstallCap(pd, CapKind.Object, (int)k.MintObject(endpoint, 1).Value);
        k.Map(pd, 0x10_0000, 0x20_0000, 4, true);
        k.DestroyPd(pd);
        Assert.That(memory.InUse, Is.False);

        var again = (int)k.CreatePd(memory).Value;
        Assert.That(k.CapSlotsUsed(again), Is.Zero);
        Assert.That(k.MappedPages(again), Is.Zero);
    }

    [Test]
    public void A_core_supplied_table_too_small_for_a_chunk_reports_out_of_slots()
    {
        NativeKernel k = NewKernel();
        var pd = (int)k.CreatePd(new PdMemory(16, 16)).Value;
        SyscallResult result = k.Map(pd, 0x10_0000, 0x20_0000, 64, true);
        Assert.That(result.Status, Is.EqualTo(SyscallStatus.OutOfSlots), "the kernel does not grow memory core supplied");
        var legacy = (int)k.CreatePd(16, 16).Value;
        Assert.That(k.Map(legacy, 0x10_0000, 0x20_0000, 64, true).IsSuccess, "the convenience overload still grows its own table");
    }
}
