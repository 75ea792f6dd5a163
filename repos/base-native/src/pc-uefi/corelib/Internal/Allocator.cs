using System.Runtime;

namespace Internal.Runtime;

/// <summary>
/// The object allocator ilc's code calls for <c>new</c>: a bump pointer over one region of RAM that
/// the boot code takes from the PMM (<see cref="Framework.Kernel.Native.PcUefi.Boot.KernelHeap"/>).
/// There is no collector and no free: the kernel allocates its tables at boot and then only reuses
/// them (doc/baremetal.md). Memory comes zeroed, as the CLR promises for new objects.
/// </summary>
internal static unsafe class Allocator
{
    // The only mutable statics of the image: primitive fields live in the image's data section
    // (not in GC-static blocks, which nobody would allocate here), so they are safe.
    private static byte* s_next;
    private static byte* s_end;
    private static ulong s_allocated;

    /// <summary>Gives the allocator its region (zeroed by the caller). Called once, first thing at boot.</summary>
    public static void Init(byte* start, ulong size)
    {
        s_next = start;
        s_end = start + size;
    }

    /// <summary>Bytes handed out since boot: the bare-metal counterpart of GC.GetAllocatedBytesForCurrentThread.</summary>
    public static ulong AllocatedBytes => s_allocated;

    public static ulong FreeBytes => (ulong)(s_end - s_next);

    public static void* Allocate(ulong size)
    {
        size = (size + 7) & ~7UL;
        if (s_next == null || size > (ulong)(s_end - s_next))
        {
            Framework.Kernel.Native.PcUefi.Arch.Panic.Halt("out of kernel object memory");
        }

        byte* result = s_next;
        s_next += size;
        s_allocated += size;
        return result;
    }

    [RuntimeExport("RhpNewFast")]
    private static void* RhpNewFast(MethodTable* type)
    {
        var o = (MethodTable**)Allocate(type->BaseSize);
        *o = type;
        return o;
    }

    [RuntimeExport("RhpNewFinalizable")]
    private static void* RhpNewFinalizable(MethodTable* type) => RhpNewFast(type);

    [RuntimeExport("RhpNewArrayFast")]
    private static void* RhpNewArrayFast(MethodTable* type, nint length) => NewArray(type, length);

    [RuntimeExport("RhpNewPtrArrayFast")]
    private static void* RhpNewPtrArrayFast(MethodTable* type, nint length) => NewArray(type, length);

    [RuntimeExport("RhpNewArray")]
    private static void* RhpNewArray(MethodTable* type, nint length) => NewArray(type, length);

    private static void* NewArray(MethodTable* type, nint length)
    {
        if (length < 0 || length > 0x7FFF_FFC7)
        {
            Framework.Kernel.Native.PcUefi.Arch.Panic.Halt("array length out of range");
        }

        var o = (MethodTable**)Allocate(type->BaseSize + ((ulong)length * type->ComponentSize));
        *o = type;
        *(int*)(o + 1) = (int)length;
        return o;
    }
}
