namespace System;

/// <summary>Block copies between arrays of primitives (the kernel's IPC copy uses it).</summary>
public static class Buffer
{
    /// <summary>Copies <paramref name="count"/> bytes; both arrays must be byte arrays here.</summary>
    public static unsafe void BlockCopy(Array src, int srcOffset, Array dst, int dstOffset, int count)
    {
        byte[] from = Runtime.CompilerServices.Unsafe.As<byte[]>(src);
        byte[] to = Runtime.CompilerServices.Unsafe.As<byte[]>(dst);
        if (srcOffset < 0 || dstOffset < 0 || count < 0 || count > from.Length - srcOffset || count > to.Length - dstOffset)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        if (count == 0)
        {
            return;
        }

        fixed (byte* s = &from[srcOffset])
        fixed (byte* d = &to[dstOffset])
        {
            Internal.Runtime.MemoryOps.Move(d, s, (nuint)count);
        }
    }

    /// <summary>ilc's helper for copying structs with references (no collector: a plain move).</summary>
    internal static unsafe void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount)
    {
        fixed (byte* d = &destination)
        fixed (byte* s = &source)
        {
            Internal.Runtime.MemoryOps.Move(d, s, byteCount);
        }
    }
}
