namespace Framework.Kernel.Native.Memory;

/// <summary>
/// Word-level helpers over a bitmap stored in a caller-owned <c>ulong[]</c>, bit <c>i</c> in word
/// <c>i / 64</c>. Written by hand instead of using System.Numerics so that the restricted core
/// library of the bare-metal build does not need to provide BitOperations.
/// </summary>
internal static class Bitmap
{
    public const ulong NotFound = ulong.MaxValue;

    public static bool Get(ulong[] bits, ulong index) => (bits[index >> 6] & (1UL << (int)(index & 63))) != 0;

    /// <summary>Sets or clears <paramref name="count"/> bits from <paramref name="first"/>.</summary>
    public static void SetRange(ulong[] bits, ulong first, ulong count, bool value)
    {
        ulong i = first;
        ulong end = first + count;
        while (i < end)
        {
            int bit = (int)(i & 63);
            ulong word = i >> 6;
            ulong take = 64 - (ulong)bit;
            if (take > end - i)
            {
                take = end - i;
            }

            ulong mask = take == 64 ? ulong.MaxValue : ((1UL << (int)take) - 1) << bit;
            if (value)
            {
                bits[word] |= mask;
            }
            else
            {
                bits[word] &= ~mask;
            }

            i += take;
        }
    }

    /// <summary>First index in [first, first+count) whose bit equals <paramref name="value"/>, or <see cref="NotFound"/>.</summary>
    public static ulong Find(ulong[] bits, ulong first, ulong count, bool value)
    {
        ulong i = first;
        ulong end = first + count;
        while (i < end)
        {
            int bit = (int)(i & 63);
            ulong word = bits[i >> 6];
            if (!value)
            {
                word = ~word;
            }

            // Only the bits at or above i in this word are candidates.
            word &= ulong.MaxValue << bit;
            if (word != 0)
            {
                ulong found = (i & ~63UL) + (ulong)TrailingZeros(word);
                return found < end ? found : NotFound;
            }

            i = (i & ~63UL) + 64;
        }

        return NotFound;
    }

    /// <summary>Number of set bits in [first, first+count).</summary>
    public static ulong Count(ulong[] bits, ulong first, ulong count)
    {
        ulong total = 0;
        ulong i = first;
        ulong end = first + count;
        while (i < end)
        {
            int bit = (int)(i & 63);
            ulong take = 64 - (ulong)bit;
            if (take > end - i)
            {
                take = end - i;
            }

            ulong mask = take == 64 ? ulong.MaxValue : ((1UL << (int)take) - 1) << bit;
            total += (ulong)PopCount(bits[i >> 6] & mask);
            i += take;
        }

        return total;
    }

    public static int PopCount(ulong v)
    {
        v -= (v >> 1) & 0x5555555555555555UL;
        v = (v & 0x3333333333333333UL) + ((v >> 2) & 0x3333333333333333UL);
        v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
        return (int)((v * 0x0101010101010101UL) >> 56);
    }

    public static int TrailingZeros(ulong v)
    {
        if (v == 0)
        {
            return 64;
        }

        int n = 0;
        while ((v & 1) == 0)
        {
            v >>= 1;
            n++;
        }

        return n;
    }

    /// <summary>floor(log2(v)) for v &gt; 0.</summary>
    public static int Log2Floor(ulong v)
    {
        int n = -1;
        while (v != 0)
        {
            v >>= 1;
            n++;
        }

        return n;
    }
}
