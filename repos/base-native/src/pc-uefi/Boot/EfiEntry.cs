using System.Runtime;
using Framework.Kernel.Native.Memory;
using Framework.Kernel.Native.PcUefi.Arch;
using Framework.Kernel.Native.PcUefi.Components;
using Framework.Kernel.Native.Selftest;

namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>
/// The image's entry point (lld-link /entry:EfiMain): takes the firmware memory map, leaves boot
/// services, carves the kernel object memory, builds the PMM, paging, GDT/IDT and the timer,
/// then runs the scenario QEMU names (selftest, hello or kernel-fault) and powers off.
/// </summary>
internal static unsafe class EfiEntry
{
    /// <summary>The region every kernel object (managed <c>new</c>) comes from: taken from RAM at boot.</summary>
    private const ulong KernelHeapBytes = 24UL << 20;

    [RuntimeExport("EfiMain")]
    private static ulong EfiMain(nint imageHandle, EfiSystemTable* systemTable)
    {
        ulong entryTsc = Cpu.ReadTsc();
        Serial.Init();
        Serial.Write("pc-uefi: native kernel, UEFI entry\n");

        // 1. The firmware memory map, then leave boot services (retry if the map changed).
        EfiBootServices* bs = systemTable->BootServices;
        ulong bufferPhys = 0;
        if (bs->AllocatePages(0, (int)EfiMemoryType.LoaderData, 16, &bufferPhys) != 0)
        {
            Panic.Halt("no memory for the memory map");
        }

        var buffer = (byte*)bufferPhys;
        ulong mapSize = 0, mapKey = 0, descriptorSize = 0;
        uint version = 0;
        bool exited = false;
        for (int attempt = 0; attempt < 8 && !exited; attempt++)
        {
            mapSize = 16 * 4096;
            if (bs->GetMemoryMap(&mapSize, buffer, &mapKey, &descriptorSize, &version) != 0)
            {
                continue;
            }

            exited = bs->ExitBootServices(imageHandle, mapKey) == 0;
        }

        if (!exited)
        {
            Panic.Halt("ExitBootServices failed");
        }

        Cpu.DisableInterrupts();
        Serial.Write("pc-uefi: left boot services\n");
        int count = (int)(mapSize / descriptorSize);

        // 2. Kernel object memory: the first KernelHeapBytes of the largest conventional region.
        ulong heapBase = 0, largest = 0, ramTop = 0;
        for (int i = 0; i < count; i++)
        {
            var d = (EfiMemoryDescriptor*)(buffer + ((ulong)i * descriptorSize));
            ulong bytes = d->NumberOfPages << 12;
            if (d->Type == EfiMemoryType.Conventional && bytes > largest && d->PhysicalStart >= 0x10_0000)
            {
                largest = bytes;
                heapBase = d->PhysicalStart;
            }

            if (d->Type == EfiMemoryType.Conventional && d->PhysicalStart + bytes > ramTop)
            {
                ramTop = d->PhysicalStart + bytes;
            }
        }

        if (largest < KernelHeapBytes * 2)
        {
            Panic.Halt("not enough RAM for the kernel object memory");
        }

        Internal.Runtime.MemoryOps.Fill((byte*)heapBase, 0, (nuint)KernelHeapBytes);
        Internal.Runtime.Allocator.Init((byte*)heapBase, KernelHeapBytes);

        // 3. The PMM over the firmware map: conventional RAM is usable, the kernel heap and the
        //    loader's memory (image, boot stack) belong to the kernel, the rest stays reserved.
        var map = new MemoryMapEntry[count + 1];
        for (int i = 0; i < count; i++)
        {
            var d = (EfiMemoryDescriptor*)(buffer + ((ulong)i * descriptorSize));
            MemoryKind kind = d->Type switch
            {
                EfiMemoryType.Conventional => MemoryKind.Usable,
                EfiMemoryType.LoaderCode or EfiMemoryType.LoaderData => MemoryKind.Kernel,
                EfiMemoryType.Mmio or EfiMemoryType.MmioPortSpace => MemoryKind.Mmio,
                _ => MemoryKind.Reserved,
            };
            map[i] = new MemoryMapEntry(d->PhysicalStart, d->NumberOfPages << 12, kind);
        }

        map[count] = new MemoryMapEntry(heapBase, KernelHeapBytes, MemoryKind.Kernel);
        if (PhysicalMemoryManager.Create(map, out PhysicalMemoryManager? pmm) != SyscallStatus.Ok || pmm == null)
        {
            Panic.Halt("cannot build the physical memory manager");
            return 1;
        }

        Serial.Write("pc-uefi: pmm: ");
        Serial.WriteDecimal(pmm.FreePages);
        Serial.Write(" free pages, kernel object memory ");
        Serial.WriteDecimal(KernelHeapBytes >> 20);
        Serial.Write(" MiB at ");
        Serial.WriteHex(heapBase);
        Serial.Write("\n");

        // 4. Our own page tables (the image readable by user mode), GDT, TSS, IDT, timer.
        byte* image = Cpu.ImageBase();
        uint sizeOfImage = *(uint*)(image + *(int*)(image + 0x3C) + 4 + 20 + 56);
        var paging = new Paging(pmm, (ulong)image, Page.AlignUp((ulong)image + sizeOfImage), ramTop);
        Cpu.ClearSmepSmap();
        Cpu.ClearWriteProtect();
        Cpu.WriteCr3(paging.KernelRoot);
        SyscallResult tables = pmm.Allocate(2, 12);
        SyscallResult panicStack = pmm.Allocate(4, 12);
        if (!tables.IsSuccess || !panicStack.IsSuccess)
        {
            Panic.Halt("no memory for descriptor tables");
        }

        Internal.Runtime.MemoryOps.Fill((byte*)tables.Value, 0, 8192);
        var descriptors = new Descriptors((byte*)tables.Value, panicStack.Value + 0x4000);
        descriptors.Load();
        Serial.Write("pc-uefi: paging, GDT, TSS, IDT loaded; image ");
        Serial.WriteHex((ulong)image);
        Serial.Write(" (");
        Serial.WriteDecimal(sizeOfImage);
        Serial.Write(" bytes)\n");

        // 5. The kernel core, unchanged from the hosted build, over this machine's HAL.
        var config = new KernelConfig
        {
            MaxThreads = 64,
            MaxPds = 32,
            MaxEndpoints = 64,
            MaxObjects = 1024,
            MaxSignalContexts = 256,
            MaxSemaphores = 256,
            MaxIrqs = 64,
            MaxMessageBytes = Machine.MessageBytes,
        };
        var cpu = new PcCpu(pmm, descriptors, config.MaxThreads, paging.KernelRoot);
        var kernel = new NativeKernel(cpu, config);
        const ulong tickMicroseconds = 10_000;
        var machine = new Machine(kernel, cpu, pmm, paging, config, tickMicroseconds);
        machine.MakeCurrent();
        var log = new SerialLog();
        InterfaceTable.Register(cpu, machine, log);
        Apic.Init(625_000); // 10 ms at QEMU's 1 GHz APIC clock divided by 16
        Serial.Write("pc-uefi: kernel up, ");
        Serial.WriteDecimal(Internal.Runtime.Allocator.AllocatedBytes);
        Serial.Write(" bytes of kernel objects, ");
        Serial.WriteDecimal(Cpu.ReadTsc() - entryTsc);
        Serial.Write(" TSC cycles since entry\n");

        // 6. The scenario.
        byte* name = stackalloc byte[32];
        int length = FwCfg.ReadFile("opt/genode/scenario", name, 32);
        bool ok;
        if (Is(name, length, "hello"))
        {
            ok = HelloScenario.Run(machine);
        }
        else if (Is(name, length, "kernel-fault"))
        {
            Serial.Write("pc-uefi: reading address 0x8 in the kernel\n");
            var p = (ulong*)8;
            Serial.WriteHex(*p);
            ok = false;
        }
        else
        {
            ok = RunSelftests(machine, pmm, log);
        }

        ulong cycles = Cpu.ReadTsc() - entryTsc;
        ulong perMillisecond = TscPerMillisecond(machine);
        Serial.Write("pc-uefi: ");
        Serial.WriteDecimal(cycles);
        Serial.Write(" TSC cycles from entry to the end of the scenario (");
        Serial.WriteDecimal(perMillisecond == 0 ? 0 : cycles / perMillisecond);
        Serial.Write(" ms at ");
        Serial.WriteDecimal(perMillisecond / 1000);
        Serial.Write(" MHz, measured against 10 APIC timer ticks)\n");
        Serial.Write(ok ? "pc-uefi: done\n" : "pc-uefi: done, with failures\n");
        Cpu.ExitEmulator(ok ? (byte)0 : (byte)1);
        return 0;
    }

    private static bool RunSelftests(Machine machine, PhysicalMemoryManager pmm, SerialLog log)
    {
        SelftestSuite[] core = SelftestRegistry.CreateDefault();
        var suites = new SelftestSuite[core.Length + 1];
        for (int i = 0; i < core.Length; i++)
        {
            suites[i] = core[i];
        }

        suites[core.Length] = new PlatformSelftests(machine).Suite();
        var context = new SelftestContext(log, pmm, machine);
        return SelftestRunner.Run(suites, null, context) == SyscallStatus.Ok;
    }

    /// <summary>TSC cycles per millisecond, timed over ten 10 ms ticks of the APIC timer (0 if it does not tick).</summary>
    private static ulong TscPerMillisecond(Machine machine)
    {
        ulong start = machine.Ticks;
        for (int i = 0; i < 100 && machine.Ticks == start; i++)
        {
            Cpu.WaitForInterrupt();
        }

        ulong t0 = Cpu.ReadTsc();
        ulong first = machine.Ticks;
        for (int i = 0; i < 1000 && machine.Ticks < first + 10; i++)
        {
            Cpu.WaitForInterrupt();
        }

        return machine.Ticks >= first + 10 ? (Cpu.ReadTsc() - t0) / 100 : 0;
    }

    private static bool Is(byte* text, int length, string expected)
    {
        if (length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (text[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }
}
