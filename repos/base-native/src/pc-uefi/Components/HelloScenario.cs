using Framework.Kernel.Native.PcUefi.Arch;
using Framework.Kernel.Native.PcUefi.Boot;

namespace Framework.Kernel.Native.PcUefi.Components;

/// <summary>
/// Boots three user components, each in its own address space: hello_server, hello_client (which
/// calls the server through a capability) and an intruder. Then the idle loop runs them.
/// </summary>
internal static unsafe class HelloScenario
{
    public static bool Run(Machine m)
    {
        NativeKernel k = m.Kernel;
        int server = m.CreateUserPd("hello_server", new PdMemory(32, 64));
        int client = m.CreateUserPd("hello_client", new PdMemory(32, 64));
        int intruder = m.CreateUserPd("intruder", new PdMemory(32, 64));

        var endpoint = (int)k.CreateEndpoint(server).Value;
        var obj = (int)k.MintObject(endpoint, 0x4E110).Value;
        var selector = (int)k.InstallCap(client, CapKind.Object, obj).Value;
        // A second server thread inside the client's own address space, for the intra-space row.
        var localEndpoint = (int)k.CreateEndpoint(client).Value;
        var localObj = (int)k.MintObject(localEndpoint, 0x10CA1).Value;
        var localSelector = (int)k.InstallCap(client, CapKind.Object, localObj).Value;

        delegate*<ulong, void> serverMain = &HelloServer.Main;
        delegate*<ulong, void> clientMain = &HelloClient.Main;
        delegate*<ulong, void> intruderMain = &Intruder.Main;
        m.StartUserThread(server, 5, serverMain, (ulong)endpoint, 0);
        m.StartUserThread(client, 5, serverMain, (uint)localEndpoint | HelloServer.Quiet, 3);
        m.StartUserThread(client, 3, clientMain, (uint)selector | ((ulong)(uint)localSelector << 32), 1);
        // The target: a page of kernel memory (the kernel's own page tables live in such pages).
        m.StartUserThread(intruder, 3, intruderMain, m.Paging.KernelRoot, 2);

        ulong allocatedAtStart = Internal.Runtime.Allocator.AllocatedBytes;
        ulong switchesAtStart = m.Cpu.Switches;
        RunResult result = m.RunUntilIdle();
        ulong allocated = Internal.Runtime.Allocator.AllocatedBytes - allocatedAtStart;

        Serial.Write("[pc-uefi] all components blocked or gone (");
        Serial.WriteDecimal(m.Cpu.Switches - switchesAtStart);
        Serial.Write(" context switches, ");
        Serial.WriteDecimal(m.Ticks);
        Serial.Write(" timer ticks)\n");
        Serial.Write("[pc-uefi] kernel objects allocated while the components ran: ");
        Serial.WriteDecimal(allocated);
        Serial.Write(" bytes\n");
        return result == RunResult.Idle && allocated == 0;
    }
}
