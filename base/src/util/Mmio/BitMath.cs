using System.Runtime.CompilerServices;

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

    /// <summary>
    /// T to 64 bits, for T one of byte, ushort, uint and ulong. The typeof tests are constants in
    /// each specialisation, so this is one zero-extension (generic math's CreateTruncating is a call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Widen<T>(T value) where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref value);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref value);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref value);
        return Unsafe.As<T, ulong>(ref value);
    }

    /// <summary>64 bits truncated to T (byte, ushort, uint or ulong).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Narrow<T>(ulong value) where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) { byte b = (byte)value; return Unsafe.As<byte, T>(ref b); }
        if (typeof(T) == typeof(ushort)) { ushort u = (ushort)value; return Unsafe.As<ushort, T>(ref u); }
        if (typeof(T) == typeof(uint)) { uint u = (uint)value; return Unsafe.As<uint, T>(ref u); }
        return Unsafe.As<ulong, T>(ref value);
    }

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
