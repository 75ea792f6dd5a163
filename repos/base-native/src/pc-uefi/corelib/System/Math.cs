namespace System;

/// <summary>
/// Conversion helpers ilc's code calls by name. The kernel subset uses no floating point; these
/// exist because the compiler resolves them, and halt on values out of range.
/// </summary>
public static class Math
{
    private static bool IsNaN(double v)
    {
        double w = v;
        return w != v;
    }

    private static void Overflow() => Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowOverflowException();

    internal static int ConvertToInt32Checked(double v)
    {
        if (!(v > -2147483649.0 && v < 2147483648.0))
        {
            Overflow();
        }

        return (int)v;
    }

    internal static uint ConvertToUInt32Checked(double v)
    {
        if (!(v > -1.0 && v < 4294967296.0))
        {
            Overflow();
        }

        return (uint)(long)v;
    }

    internal static long ConvertToInt64Checked(double v)
    {
        if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
        {
            Overflow();
        }

        return (long)v;
    }

    internal static ulong ConvertToUInt64Checked(double v)
    {
        if (!(v > -1.0 && v < 18446744073709551616.0))
        {
            Overflow();
        }

        return ConvertToUInt64(v);
    }

    internal static ulong ConvertToUInt64(double v)
    {
        const double two63 = 9223372036854775808.0;
        if (v >= two63)
        {
            return (ulong)(long)(v - two63) + 0x8000_0000_0000_0000UL;
        }

        return v > 0 ? (ulong)(long)v : 0;
    }

    internal static long ConvertToInt64(double v) => IsNaN(v) ? 0 : (long)v;

    internal static uint ConvertToUInt32(double v) => (uint)ConvertToUInt64(v);

    internal static int ConvertToInt32(double v) => IsNaN(v) ? 0 : (int)v;
}
