using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.PcUefi.Arch;

/// <summary>
/// 4-level x86-64 page tables. Every address space shares PML4 slot 0: the identity map of the
/// first 4 GiB (and of all RAM), supervisor-only except the kernel image, which user mode may read
/// and execute (user components are compiled into it, doc/baremetal.md). The first GiB is mapped
/// with 4 KiB pages so that page 0 stays unmapped (a null dereference faults) and the image's
/// pages can carry the user bit; the rest uses 2 MiB pages. User mappings start at
/// <see cref="UserBase"/> (PML4 slot 1), in tables of their own per address space.
/// </summary>
internal sealed unsafe class Paging
{
    /// <summary>The first user virtual address: PML4 slot 1 (512 GiB).</summary>
    public const ulong UserBase = 0x80_0000_0000;

    private const ulong Present = 1, Writable = 2, User = 4, WriteThrough = 8, CacheDisable = 16, Large = 0x80;
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

    private readonly PhysicalMemoryManager _pmm;
    private readonly ulong _identityPdpt;

    public Paging(PhysicalMemoryManager pmm, ulong imageStart, ulong imageEnd, ulong ramTop)
    {
        _pmm = pmm;
        _identityPdpt = NewTable();
        ulong gigabytes = (ramTop + (1UL << 30) - 1) >> 30;
        if (gigabytes < 4)
        {
            gigabytes = 4;
        }

        var pdpt = (ulong*)_identityPdpt;
        for (ulong g = 0; g < gigabytes && g < 512; g++)
        {
            ulong pd = NewTable();
            pdpt[g] = pd | Present | Writable | User;
            for (ulong m = 0; m < 512; m++)
            {
                ulong address = (g << 30) | (m << 21);
                if (g == 0)
                {
                    ulong pt = NewTable();
                    ((ulong*)pd)[m] = pt | Present | Writable | User;
                    for (ulong p = 0; p < 512; p++)
                    {
                        ulong page = address | (p << 12);
                        if (page == 0)
                        {
                            continue; // the null guard
                        }

                        bool image = page >= imageStart && page < imageEnd;
                        ((ulong*)pt)[p] = page | Present | (image ? User : Writable);
                    }
                }
                else
                {
                    bool mmio = address >= 0xFE00_0000 && address < 0x1_0000_0000;
                    ((ulong*)pd)[m] = address | Present | Writable | Large | (mmio ? CacheDisable | WriteThrough : 0);
                }
            }
        }

        KernelRoot = CreateRoot();
    }

    /// <summary>The address space of the kernel alone (the idle thread and kernel threads).</summary>
    public ulong KernelRoot { get; }

    /// <summary>A new top-level table sharing the kernel's identity map.</summary>
    public ulong CreateRoot()
    {
        ulong root = NewTable();
        ((ulong*)root)[0] = _identityPdpt | Present | Writable | User;
        return root;
    }

    /// <summary>Mirrors user mappings into hardware tables (the kernel core's AddressSpace holds the truth).</summary>
    public bool MapUser(ulong root, ulong virt, ulong phys, ulong pages, bool writable)
    {
        for (ulong i = 0; i < pages; i++)
        {
            ulong* pte = Walk(root, virt + (i << 12), true);
            if (pte == null)
            {
                return false;
            }

            *pte = (phys + (i << 12)) | Present | User | (writable ? Writable : 0);
            Cpu.InvalidatePage(virt + (i << 12));
        }

        return true;
    }

    private ulong* Walk(ulong root, ulong virt, bool create)
    {
        if (virt < UserBase || virt >= 0x8000_0000_0000)
        {
            return null;
        }

        var table = (ulong*)root;
        for (int shift = 39; shift > 12; shift -= 9)
        {
            ulong index = (virt >> shift) & 511;
            if ((table[index] & Present) == 0)
            {
                if (!create)
                {
                    return null;
                }

                table[index] = NewTable() | Present | Writable | User;
            }

            table = (ulong*)(table[index] & AddressMask);
        }

        return &table[(virt >> 12) & 511];
    }

    private ulong NewTable()
    {
        SyscallResult page = _pmm.Allocate(1, 12);
        if (!page.IsSuccess)
        {
            Panic.Halt("out of memory for page tables");
        }

        var words = (ulong*)page.Value;
        for (int i = 0; i < 512; i++)
        {
            words[i] = 0;
        }

        return page.Value;
    }
}
