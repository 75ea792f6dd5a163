using System.Numerics;
using System.Runtime.CompilerServices;

namespace Framework.Util.Registers;

/// <summary>
/// Genode's <c>Mmio</c> (12.02 <c>util/mmio.h</c>): typed access to the registers of a region of
/// memory-mapped I/O. A driver derives from it and declares its registers, bitfields and register
/// arrays as <c>static readonly</c> values; <c>Read</c> and <c>Write</c> then access exactly the
/// declared width at the declared offset, read-modify-write where only part of a word changes.
/// </summary>
/// <remarks>
/// Argument order follows Genode: <c>Write(register, value)</c>, <c>Write(array, value, index)</c>.
/// Nothing here allocates or reflects: register descriptions are small structs, and the generic
/// methods are specialised per access type by the JIT.
/// </remarks>
public class Mmio
{
    private readonly IMmioRegion _region;

    public Mmio(IMmioRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        _region = region;
    }

    /// <summary>The region accessed (Genode's <c>base</c>).</summary>
    public IMmioRegion Region => _region;

    // ---- whole registers -------------------------------------------------------------------

    /// <summary>Reads the whole register.</summary>
    public T Read<T>(MmioRegister<T> register) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> =>
        ReadRaw<T>(register.Offset);

    public void Write(MmioRegister<byte> register, byte value) => WriteRegister(register, value);
    public void Write(MmioRegister<ushort> register, ushort value) => WriteRegister(register, value);
    public void Write(MmioRegister<uint> register, uint value) => WriteRegister(register, value);
    public void Write(MmioRegister<ulong> register, ulong value) => WriteRegister(register, value);

    /// <summary>Writes the whole register (the generic form of <c>Write</c>).</summary>
    public void WriteRegister<T>(MmioRegister<T> register, T value) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> =>
        WriteRaw(register.Offset, value);

    // ---- bitfields of registers ------------------------------------------------------------

    /// <summary>Reads the register and returns the field's value.</summary>
    public T Read<T>(MmioBitfield<T> bitfield) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> =>
        bitfield.Field.Get(ReadRaw<T>(bitfield.Register.Offset));

    public void Write(MmioBitfield<byte> bitfield, byte value) => WriteBitfield(bitfield, value);
    public void Write(MmioBitfield<ushort> bitfield, ushort value) => WriteBitfield(bitfield, value);
    public void Write(MmioBitfield<uint> bitfield, uint value) => WriteBitfield(bitfield, value);
    public void Write(MmioBitfield<ulong> bitfield, ulong value) => WriteBitfield(bitfield, value);

    /// <summary>Read-modify-write of the register: the field becomes <paramref name="value"/> (masked), the rest stays.</summary>
    public void WriteBitfield<T>(MmioBitfield<T> bitfield, T value) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        T reg = ReadRaw<T>(bitfield.Register.Offset);
        bitfield.Field.Set(ref reg, value);
        WriteRaw(bitfield.Register.Offset, reg);
    }

    // ---- items of register arrays ----------------------------------------------------------

    /// <summary>Reads item <paramref name="index"/>; 0 for an index beyond the array.</summary>
    public T Read<T>(MmioRegisterArray<T> array, int index) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if ((uint)index >= (uint)array.Items)
            return T.Zero;
        if (array.ItemWidth == array.AccessWidth)
            return ReadRaw<T>(array.Offset + (long)index * (array.AccessWidth / 8));
        var (offset, shift) = array.AccessDestination(index);
        ulong word = BitMath.Widen(ReadRaw<T>(offset));
        return BitMath.Narrow<T>((word >> shift) & BitMath.Mask(array.ItemWidth));
    }

    public void Write(MmioRegisterArray<byte> array, byte value, int index) => WriteItem(array, value, index);
    public void Write(MmioRegisterArray<ushort> array, ushort value, int index) => WriteItem(array, value, index);
    public void Write(MmioRegisterArray<uint> array, uint value, int index) => WriteItem(array, value, index);
    public void Write(MmioRegisterArray<ulong> array, ulong value, int index) => WriteItem(array, value, index);

    /// <summary>
    /// Writes item <paramref name="index"/> (masked to the item width; a read-modify-write of the
    /// access word if the item is narrower); an index beyond the array is ignored.
    /// </summary>
    public void WriteItem<T>(MmioRegisterArray<T> array, T value, int index) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if ((uint)index >= (uint)array.Items)
            return;
        if (array.ItemWidth == array.AccessWidth)
        {
            WriteRaw(array.Offset + (long)index * (array.AccessWidth / 8), value);
            return;
        }
        var (offset, shift) = array.AccessDestination(index);
        ulong mask = BitMath.Mask(array.ItemWidth);
        ulong word = BitMath.Widen(ReadRaw<T>(offset));
        word &= ~(mask << shift);
        word |= (BitMath.Widen(value) & mask) << shift;
        WriteRaw(offset, BitMath.Narrow<T>(word));
    }

    // ---- bitfields of register-array items ---------------------------------------------------

    /// <summary>The field's value in item <paramref name="index"/>; 0 for an index beyond the array.</summary>
    public T Read<T>(MmioArrayBitfield<T> bitfield, int index) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> =>
        bitfield.Field.Get(Read(bitfield.Array, index));

    public void Write(MmioArrayBitfield<byte> bitfield, byte value, int index) => WriteItemBitfield(bitfield, value, index);
    public void Write(MmioArrayBitfield<ushort> bitfield, ushort value, int index) => WriteItemBitfield(bitfield, value, index);
    public void Write(MmioArrayBitfield<uint> bitfield, uint value, int index) => WriteItemBitfield(bitfield, value, index);
    public void Write(MmioArrayBitfield<ulong> bitfield, ulong value, int index) => WriteItemBitfield(bitfield, value, index);

    /// <summary>
    /// Read-modify-write of item <paramref name="index"/>: the field becomes <paramref name="value"/>;
    /// field bits beyond the item width are lost (the item is masked), as in 12.02.
    /// </summary>
    public void WriteItemBitfield<T>(MmioArrayBitfield<T> bitfield, T value, int index) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        T item = Read(bitfield.Array, index);
        bitfield.Field.Set(ref item, value);
        WriteItem(bitfield.Array, item, index);
    }

    // ---- bitsets -----------------------------------------------------------------------------

    /// <summary>Reads both parts and joins them, <see cref="Bitset2{T0,T1}.Part0"/> in the low bits.</summary>
    public ulong Read<T0, T1>(Bitset2<T0, T1> bitset) where T0 : struct, IBitsetPart where T1 : struct, IBitsetPart =>
        ReadPart(bitset);

    /// <summary>Writes both parts, each by its own access.</summary>
    public void Write<T0, T1>(Bitset2<T0, T1> bitset, ulong value) where T0 : struct, IBitsetPart where T1 : struct, IBitsetPart =>
        WritePart(bitset, value);

    public ulong Read<T0, T1, T2>(Bitset3<T0, T1, T2> bitset)
        where T0 : struct, IBitsetPart where T1 : struct, IBitsetPart where T2 : struct, IBitsetPart => ReadPart(bitset);

    public void Write<T0, T1, T2>(Bitset3<T0, T1, T2> bitset, ulong value)
        where T0 : struct, IBitsetPart where T1 : struct, IBitsetPart where T2 : struct, IBitsetPart => WritePart(bitset, value);

    private ulong ReadPart<TPart>(TPart part) where TPart : struct, IBitsetPart => part.ReadPart(this);

    private void WritePart<TPart>(TPart part, ulong value) where TPart : struct, IBitsetPart => part.WritePart(this, value);

    // ---- the accesses --------------------------------------------------------------------------

    // typeof(T) comparisons are constants in the JIT's specialisation for each access type, so
    // each of these compiles to the one region call of that width.
    private T ReadRaw<T>(long offset) where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            byte v = _region.Read8(offset);
            return Unsafe.As<byte, T>(ref v);
        }
        if (typeof(T) == typeof(ushort))
        {
            ushort v = _region.Read16(offset);
            return Unsafe.As<ushort, T>(ref v);
        }
        if (typeof(T) == typeof(uint))
        {
            uint v = _region.Read32(offset);
            return Unsafe.As<uint, T>(ref v);
        }
        if (typeof(T) == typeof(ulong))
        {
            ulong v = _region.Read64(offset);
            return Unsafe.As<ulong, T>(ref v);
        }
        throw new ArgumentException($"{typeof(T).Name} is no register access type");
    }

    private void WriteRaw<T>(long offset, T value) where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
            _region.Write8(offset, Unsafe.As<T, byte>(ref value));
        else if (typeof(T) == typeof(ushort))
            _region.Write16(offset, Unsafe.As<T, ushort>(ref value));
        else if (typeof(T) == typeof(uint))
            _region.Write32(offset, Unsafe.As<T, uint>(ref value));
        else if (typeof(T) == typeof(ulong))
            _region.Write64(offset, Unsafe.As<T, ulong>(ref value));
        else
            throw new ArgumentException($"{typeof(T).Name} is no register access type");
    }
}
