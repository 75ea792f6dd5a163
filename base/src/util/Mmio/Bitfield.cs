using System.Numerics;

namespace Framework.Util.Registers;

/// <summary>
/// Genode's <c>Register&lt;ACCESS_WIDTH&gt;::Bitfield&lt;SHIFT, WIDTH&gt;</c>: a named bit range of a
/// register value of type <typeparamref name="T"/> (byte, ushort, uint or ulong for 8, 16, 32
/// and 64 bits), used on values (a CPU register, a descriptor word) or, through
/// <see cref="MmioBitfield{T}"/>, on a register of an MMIO region.
/// </summary>
/// <remarks>
/// Overflow semantics of 12.02 (all arithmetic is truncated to the access width): a value wider
/// than the field is masked (<c>Bits(7)</c> of a 1-bit field is 1); a field partly beyond the
/// register is read and written partly (<c>Bitfield&lt;6,8&gt;</c> of an 8-bit register is bits 6
/// and 7); a field entirely beyond it reads 0 and writing it changes nothing.
/// </remarks>
public readonly struct Bitfield<T> where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    private readonly byte _shift;
    private readonly byte _width;

    /// <param name="shift">position of the field's lowest bit (0 or more; beyond the register is allowed)</param>
    /// <param name="width">bits of the field, 1 to 64</param>
    public Bitfield(int shift, int width)
    {
        _ = BitMath.AccessWidthOf<T>(); // rejects access types other than 8, 16, 32 and 64 bits
        if (shift is < 0 or > 127)
            throw new ArgumentOutOfRangeException(nameof(shift), $"bitfield shift {shift} outside 0..127");
        if (width is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(width), $"bitfield width {width} outside 1..64");
        _shift = (byte)shift;
        _width = (byte)width;
    }

    /// <summary>Genode's SHIFT.</summary>
    public int Shift => _shift;

    /// <summary>Genode's WIDTH (as declared; the part inside the register may be narrower).</summary>
    public int Width => _width;

    /// <summary>Genode's MASK: the unshifted field mask, truncated to the access width.</summary>
    public T Mask => BitMath.Narrow<T>(BitMath.Mask(_width));

    /// <summary>Genode's REG_MASK: the field's bits within the register.</summary>
    public T RegMask => BitMath.Narrow<T>(BitMath.ShiftLeft(BitMath.Mask(_width), _shift));

    /// <summary>Genode's CLEAR_MASK: every bit of the register but the field's.</summary>
    public T ClearMask => ~RegMask;

    /// <summary>A register value with this field set to <paramref name="value"/> and all else 0, for or-ing several fields into one write.</summary>
    public T Bits(T value) => BitMath.Narrow<T>(BitsOf(BitMath.Widen(value)));

    /// <summary>This field's value in <paramref name="reg"/>.</summary>
    public T Get(T reg) => BitMath.Narrow<T>(GetOf(BitMath.Widen(reg)));

    /// <summary>Sets this field of <paramref name="reg"/> to 0.</summary>
    public void Clear(ref T reg) => reg &= ClearMask;

    /// <summary>Sets this field of <paramref name="reg"/> to <paramref name="value"/> (masked to the field).</summary>
    public void Set(ref T reg, T value)
    {
        Clear(ref reg);
        reg |= Bits(value);
    }

    /// <summary>Sets every bit of this field (Genode's default argument <c>~0</c>).</summary>
    public void Set(ref T reg) => Set(ref reg, T.AllBitsSet);

    internal ulong BitsOf(ulong value) => BitMath.ShiftLeft(value & BitMath.Mask(_width), _shift);

    internal ulong GetOf(ulong reg) => BitMath.ShiftRight(reg, _shift) & BitMath.Mask(_width);

    public override string ToString() => $"Bitfield<{_shift},{_width}> of {BitMath.AccessWidthOf<T>()}-bit register";
}
