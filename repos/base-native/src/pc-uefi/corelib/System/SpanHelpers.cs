namespace System;

/// <summary>The block helpers ilc's code calls for cpblk/initblk and struct copies.</summary>
internal static unsafe class SpanHelpers
{
    internal static void Memmove(ref byte destination, ref byte source, nuint length)
    {
        fixed (byte* d = &destination)
        fixed (byte* s = &source)
        {
            Internal.Runtime.MemoryOps.Move(d, s, length);
        }
    }

    internal static void ClearWithoutReferences(ref byte b, nuint byteLength)
    {
        fixed (byte* p = &b)
        {
            Internal.Runtime.MemoryOps.Fill(p, 0, byteLength);
        }
    }

    internal static void ClearWithReferences(ref nint ip, nuint pointerSizeLength)
    {
        fixed (nint* p = &ip)
        {
            Internal.Runtime.MemoryOps.Fill((byte*)p, 0, pointerSizeLength * 8);
        }
    }

    internal static void Fill(ref byte destination, nuint length, byte value)
    {
        fixed (byte* d = &destination)
        {
            Internal.Runtime.MemoryOps.Fill(d, value, length);
        }
    }
}
