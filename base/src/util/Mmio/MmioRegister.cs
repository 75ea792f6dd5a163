using System.Numerics;

namespace Framework.Util.Registers;

/// <summary>
/// Genode's <c>Mmio::Register&lt;OFFSET, ACCESS_WIDTH&gt;</c>: a register at byte offset
/// <see cref="Offset"/> of an MMIO region, accessed with exactly the width of
/// <typeparamref name="T"/> (byte, ushort, uint, ulong).
/// </summary>
/// <example>
/// <code>
/// static class Control
/// {
///     public static readonly MmioRegister&lt;byte&gt; Register = new(0x4);
///     public static readonly MmioBitfield&lt;byte&gt; Enable = Register.Bitfield(0, 1);
/// }
/// mmio.Write(Control.Enable, 1);
/// </code>
/// </example>
public readonly struct MmioRegister<T> : IBitsetPart where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    public MmioRegister(long offset)
    {
        if (offset < 0)
            throw new ArgumentOutOfRangeException(nameof(offset), $"register offset {offset} is negative");
        _ = BitMath.AccessWidthOf<T>(); // rejects access types other than 8, 16, 32 and 64 bits
        Offset = offset;
    }

    /// <summary>Genode's OFFSET: bytes from the region's base.</summary>
    public long Offset { get; }

    /// <summary>Genode's ACCESS_WIDTH in bits.</summary>
    public int AccessWidth => BitMath.AccessWidthOf<T>();

    /// <summary>A bitfield of this register (Genode's nested <c>Bitfield&lt;SHIFT, WIDTH&gt;</c>).</summary>
    public MmioBitfield<T> Bitfield(int shift, int width) => new(this, new Bitfield<T>(shift, width));

    int IBitsetPart.PartWidth => AccessWidth;
    long IBitsetPart.RegisterOffset => Offset;
    ulong IBitsetPart.ReadPart(Mmio mmio) => BitMath.Widen(mmio.Read(this));
    void IBitsetPart.WritePart(Mmio mmio, ulong value) => mmio.WriteRegister(this, BitMath.Narrow<T>(value));
    ulong IBitsetPart.BitsOfValue(ulong value) => BitMath.Truncate(value, AccessWidth);
    ulong IBitsetPart.GetFromValue(ulong reg) => BitMath.Truncate(reg, AccessWidth);
    ulong IBitsetPart.ClearInValue(ulong reg) => reg & ~BitMath.Mask(AccessWidth);

    public override string ToString() => $"Register<0x{Offset:x},{AccessWidth}>";
}

/// <summary>
/// Genode's <c>Mmio::Register&lt;...&gt;::Bitfield&lt;SHIFT, WIDTH&gt;</c>: a bitfield of an MMIO
/// register. Reading it reads the register; writing it is a read-modify-write of the register.
/// </summary>
public readonly struct MmioBitfield<T> : IBitsetPart where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    public MmioBitfield(MmioRegister<T> register, Bitfield<T> field)
    {
        Register = register;
        Field = field;
    }

    /// <summary>Genode's <c>Compound_reg</c>.</summary>
    public MmioRegister<T> Register { get; }

    /// <summary>The field on register values.</summary>
    public Bitfield<T> Field { get; }

    public int Shift => Field.Shift;
    public int Width => Field.Width;

    /// <inheritdoc cref="Bitfield{T}.Bits"/>
    public T Bits(T value) => Field.Bits(value);

    /// <inheritdoc cref="Bitfield{T}.Get"/>
    public T Get(T reg) => Field.Get(reg);

    /// <inheritdoc cref="Bitfield{T}.Clear"/>
    public void Clear(ref T reg) => Field.Clear(ref reg);

    /// <inheritdoc cref="Bitfield{T}.Set(ref T, T)"/>
    public void Set(ref T reg, T value) => Field.Set(ref reg, value);

    int IBitsetPart.PartWidth => Field.Width;
    long IBitsetPart.RegisterOffset => Register.Offset;
    ulong IBitsetPart.ReadPart(Mmio mmio) => BitMath.Widen(mmio.Read(this));
    void IBitsetPart.WritePart(Mmio mmio, ulong value) => mmio.WriteBitfield(this, BitMath.Narrow<T>(value));
    ulong IBitsetPart.BitsOfValue(ulong value) => BitMath.Truncate(Field.BitsOf(value), Register.AccessWidth);
    ulong IBitsetPart.GetFromValue(ulong reg) => Field.GetOf(BitMath.Truncate(reg, Register.AccessWidth));
    ulong IBitsetPart.ClearInValue(ulong reg) => reg & ~BitMath.Truncate(Field.BitsOf(ulong.MaxValue), Register.AccessWidth);

    public override string ToString() => $"{Register}::Bitfield<{Field.Shift},{Field.Width}>";
}
