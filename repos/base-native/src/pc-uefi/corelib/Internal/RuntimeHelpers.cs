using System;
using System.Runtime;

namespace Internal.Runtime;

/// <summary>
/// The helpers ilc's generated code calls besides allocation: write barriers (plain stores, there
/// is no collector to tell), array stores and the transitions to and from native code (no-ops
/// without a collector).
/// </summary>
internal static unsafe class WriteBarriers
{
    [RuntimeExport("RhpAssignRef")]
    private static void RhpAssignRef(void** dst, void* value) => *dst = value;

    [RuntimeExport("RhpCheckedAssignRef")]
    private static void RhpCheckedAssignRef(void** dst, void* value) => *dst = value;

    [RuntimeExport("RhBulkMoveWithWriteBarrier")]
    private static void RhBulkMoveWithWriteBarrier(byte* dst, byte* src, nuint count) => MemoryOps.Move(dst, src, count);

    [RuntimeExport("RhpReversePInvoke")]
    private static void RhpReversePInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpReversePInvokeReturn")]
    private static void RhpReversePInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpPInvoke")]
    private static void RhpPInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpPInvokeReturn")]
    private static void RhpPInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpFallbackFailFast")]
    private static void RhpFallbackFailFast() => Framework.Kernel.Native.PcUefi.Arch.Panic.Halt("runtime fail-fast");
}
