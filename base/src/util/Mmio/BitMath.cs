namespace Framework.Util.Registers;

/// <summary>
/// The arithmetic of Genode's register framework, done in 64 bits and truncated to the access
/// width afterwards. C++ truncates to <c>access_t</c> the same way; shifts by 64 or more, which C#
/// would take modulo 64 (and C++ leaves undefined), give 0 here: a field entirely beyond the
/// register reads 0 and is not written.
/// </summary>
internal static class BitMath
{
    public static ulong Mask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;

    public static ulong ShiftLeft(ulong value, int shift) => shift >= 64 ? 0 : value << shift;

    public static ulong ShiftRight(ulong value, int shift) => shift >= 64 ? 0 : value >> shift;

    /// <summary>Keeps the low <paramref name="width"/> bits (the truncation to <c>access_t</c>).</summary>
    public static ulong Truncate(ulong value, int width) => value & Mask(width);

    /// <summary>Log2 of an access or item width, or -1 if it is not a power of two.</summary>
    public static int Log2(int width) =>
        width > 0 && (width & (width - 1)) == 0 ? System.Numerics.BitOperations.Log2((uint)width) : -1;

    /// <summary>The access width of T in bits; only byte, ushort, uint and ulong are registers.</summary>
    public static int AccessWidthOf<T>()
    {
        if (typeof(T) == typeof(byte)) return 8;
        if (typeof(T) == typeof(ushort)) return 16;
        if (typeof(T) == typeof(uint)) return 32;
        if (typeof(T) == typeof(ulong)) return 64;
        throw new ArgumentException($"{typeof(T).Name} is no register access type (byte, ushort, uint or ulong)");
    }
}
