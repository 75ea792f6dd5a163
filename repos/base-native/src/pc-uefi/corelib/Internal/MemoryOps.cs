namespace Internal.Runtime;

/// <summary>Byte copies and fills for the core library; plain loops (the image has no vectorised helpers).</summary>
internal static unsafe class MemoryOps
{
    public static void Move(byte* dst, byte* src, nuint count)
    {
        if (dst == src || count == 0)
        {
            return;
        }

        if (dst < src || dst >= src + count)
        {
            // Forward: 8 bytes at a time while both stay in range, then the tail.
            nuint i = 0;
            for (; i + 8 <= count; i += 8)
            {
                *(ulong*)(dst + i) = *(ulong*)(src + i);
            }

            for (; i < count; i++)
            {
                dst[i] = src[i];
            }
        }
        else
        {
            // Overlapping with dst above src: backwards.
            nuint i = count;
            while (i > 0)
            {
                i--;
                dst[i] = src[i];
            }
        }
    }

    public static void Fill(byte* dst, byte value, nuint count)
    {
        for (nuint i = 0; i < count; i++)
        {
            dst[i] = value;
        }
    }
}
