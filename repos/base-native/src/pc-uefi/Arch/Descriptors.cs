namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>
/// The GDT (kernel code 0x08, kernel data 0x10, user data 0x18, user code 0x20, TSS 0x28), the TSS
/// whose RSP0 is the kernel stack of the thread that runs, and the IDT. All three live in one page
/// the PMM handed out at boot.
/// </summary>
internal sealed unsafe class Descriptors
{
    public const ushort KernelCode = 0x08;
    public const ushort TssSelector = 0x28;

    private readonly ulong* _gdt;
    private readonly byte* _tss;
    private readonly ulong* _idt;

    /// <param name="page">Three zeroed pages: GDT and TSS in the first, the IDT (4 KiB) in the second.</param>
    /// <param name="panicStack">Top of the stack a double fault switches to (IST1).</param>
    public Descriptors(byte* page, ulong panicStack)
    {
        _gdt = (ulong*)page;
        _tss = page + 256;
        _idt = (ulong*)(page + 4096);

        _gdt[1] = 0x00AF9A000000FFFF; // kernel code, 64-bit
        _gdt[2] = 0x00CF92000000FFFF; // kernel data
        _gdt[3] = 0x00CFF2000000FFFF; // user data, DPL 3
        _gdt[4] = 0x00AFFA000000FFFF; // user code, 64-bit, DPL 3
        var tss = (ulong)_tss;
        const ulong limit = 103;
        _gdt[5] = limit | ((tss & 0xFFFFFF) << 16) | (0x89UL << 40) | (((tss >> 24) & 0xFF) << 56);
        _gdt[6] = tss >> 32;
        *(ulong*)(_tss + 36) = panicStack; // IST1
        *(ushort*)(_tss + 102) = 104; // no I/O permission bitmap

        // Gates for every stub in the trap table; 0x80 (the syscall gate) may be used from ring 3.
        ulong* table = Cpu.TrapTable();
        for (int i = 0; table[i * 2] != ulong.MaxValue; i++)
        {
            ulong vector = table[i * 2];
            ulong entry = table[(i * 2) + 1];
            ulong dpl = vector == 0x80 ? 3UL : 0UL;
            ulong ist = vector == 8 ? 1UL : 0UL;
            _idt[vector * 2] = (entry & 0xFFFF) | ((ulong)KernelCode << 16) | (ist << 32)
                | ((0x8EUL | (dpl << 5)) << 40) | (((entry >> 16) & 0xFFFF) << 48);
            _idt[(vector * 2) + 1] = entry >> 32;
        }
    }

    public void Load()
    {
        byte* gdtr = stackalloc byte[10];
        *(ushort*)gdtr = (7 * 8) - 1;
        *(ulong*)(gdtr + 2) = (ulong)_gdt;
        Cpu.LoadGdt(gdtr, TssSelector);
        byte* idtr = stackalloc byte[10];
        *(ushort*)idtr = 4095;
        *(ulong*)(idtr + 2) = (ulong)_idt;
        Cpu.LoadIdt(idtr);
    }

    /// <summary>The stack the CPU switches to when a trap comes from ring 3.</summary>
    public void SetKernelStack(ulong top) => *(ulong*)(_tss + 4) = top;
}
