using System.Runtime;

namespace Internal.Runtime;

/// <summary>
/// Interface calls without the runtime's dispatch maps: the image registers, for each type that
/// implements an interface, the code of each interface slot (taken from a delegate to the
/// implementing method), and the dispatch stub looks the pair (receiver type, slot) up here.
/// Every type of the image implements at most one interface, so the receiver's type and the slot
/// name the method. The slot comes from the cell block's terminator, as ilc lays cells out.
/// </summary>
internal static unsafe class InterfaceDispatch
{
    private const int Capacity = 64;

    // Primitive statics only (see Allocator): a table in kernel object memory.
    private static ulong* s_table;
    private static int s_count;

    /// <summary>Registers the code of interface slot <paramref name="slot"/> for the type of <paramref name="instance"/>.</summary>
    public static void Register(object instance, int slot, System.Delegate implementation)
    {
        if (s_table == null)
        {
            s_table = (ulong*)Allocator.Allocate(Capacity * 3 * 8);
        }

        if (s_count == Capacity)
        {
            Framework.Kernel.Native.PcUefi.Arch.Panic.Halt("interface dispatch table full");
        }

        s_table[(s_count * 3) + 0] = (ulong)instance.m_pMethodTable;
        s_table[(s_count * 3) + 1] = (ulong)slot;
        s_table[(s_count * 3) + 2] = (ulong)implementation._functionPointer;
        s_count++;
    }

    private struct Cell
    {
#pragma warning disable CS0649 // laid out by ilc
        public ulong Stub;
        public ulong Cache;
#pragma warning restore CS0649
    }

    [RuntimeExport("ResolveInterfaceCall")]
    private static ulong ResolveInterfaceCall(object? receiver, Cell* cell)
    {
        if (receiver == null)
        {
            Framework.Kernel.Native.PcUefi.Arch.Panic.Halt("interface call on null");
            return 0;
        }

        Cell* terminator = cell;
        while (terminator->Stub != 0)
        {
            terminator++;
        }

        ulong slot = terminator->Cache & 0xFFFF;
        ulong type = (ulong)receiver.m_pMethodTable;
        for (int i = 0; i < s_count; i++)
        {
            if (s_table[i * 3] == type && s_table[(i * 3) + 1] == slot)
            {
                return s_table[(i * 3) + 2];
            }
        }

        Framework.Kernel.Native.PcUefi.Arch.Serial.Write("interface slot ");
        Framework.Kernel.Native.PcUefi.Arch.Serial.WriteDecimal(slot);
        Framework.Kernel.Native.PcUefi.Arch.Panic.Halt(": no implementation registered");
        return 0;
    }
}
