using System.Numerics;

namespace Framework.Util.Registers;

/// <summary>
/// Genode's <c>Mmio::Register_array&lt;OFFSET, ACCESS_WIDTH, ITEMS, ITEM_WIDTH&gt;</c>: <see cref="Items"/>
/// equally structured items of <see cref="ItemWidth"/> bits each, packed from <see cref="Offset"/>
/// on and accessed through words of the width of <typeparamref name="T"/>.
/// </summary>
/// <remarks>
/// Item <c>i</c> lies in the access word at <c>Offset + (i * ItemWidth / AccessWidth) * AccessWidth/8</c>,
/// at bit <c>(i * ItemWidth) % AccessWidth</c>. An item narrower than the access word is written by a
/// read-modify-write of that word; an index beyond <see cref="MaxIndex"/> reads 0 and is not written;
/// a value wider than an item is masked.
/// <para>
/// 12.02 requires <c>ItemWidth</c> to be a power of two from 1 to 64 (its <c>Divisor</c>
/// specialisations); it does not check that it is at most the access width, which is required here.
/// 12.02 (up to 13.02) placed items as wide as the access word at <c>OFFSET + (index &lt;&lt;
/// log2(ITEM_WIDTH))</c>, bits taken for bytes; that bug, fixed in 13.05, is not reproduced.
/// </para>
/// </remarks>
public readonly struct MmioRegisterArray<T> where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    public MmioRegisterArray(long offset, int items, int itemWidth)
    {
        if (offset < 0)
            throw new ArgumentOutOfRangeException(nameof(offset), $"register array offset {offset} is negative");
        if (items < 1)
            throw new ArgumentOutOfRangeException(nameof(items), $"register array of {items} items");
        int accessWidth = BitMath.AccessWidthOf<T>();
        if (BitMath.Log2(itemWidth) < 0 || itemWidth > accessWidth)
            throw new ArgumentOutOfRangeException(nameof(itemWidth),
                $"item width {itemWidth} is no power of two from 1 to the access width {accessWidth}");
        Offset = offset;
        Items = items;
        ItemWidth = itemWidth;
    }

    public long Offset { get; }
    public int Items { get; }
    public int ItemWidth { get; }
    public int AccessWidth => BitMath.AccessWidthOf<T>();

    /// <summary>Genode's MAX_INDEX.</summary>
    public int MaxIndex => Items - 1;

    /// <summary>Genode's ITEM_MASK.</summary>
    public T ItemMask => BitMath.Narrow<T>(BitMath.Mask(ItemWidth));

    /// <summary>A bitfield within each item (Genode's nested <c>Bitfield</c> with <c>Compound_array</c>).</summary>
    public MmioArrayBitfield<T> Bitfield(int shift, int width) => new(this, new Bitfield<T>(shift, width));

    /// <summary>
    /// Genode's <c>access_dest</c>: the byte offset of the access word holding item
    /// <paramref name="index"/> and the item's shift within it.
    /// </summary>
    public (long Offset, int Shift) AccessDestination(int index)
    {
        long bitOffset = (long)index * ItemWidth;
        long wordOffset = (bitOffset >> 3) & ~(long)(AccessWidth / 8 - 1);
        return (Offset + wordOffset, (int)(bitOffset - (wordOffset << 3)));
    }

    public override string ToString() => $"Register_array<0x{Offset:x},{AccessWidth},{Items},{ItemWidth}>";
}

/// <summary>A bitfield within each item of a <see cref="MmioRegisterArray{T}"/>.</summary>
public readonly struct MmioArrayBitfield<T> where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    public MmioArrayBitfield(MmioRegisterArray<T> array, Bitfield<T> field)
    {
        Array = array;
        Field = field;
    }

    /// <summary>Genode's <c>Compound_array</c>.</summary>
    public MmioRegisterArray<T> Array { get; }

    public Bitfield<T> Field { get; }

    public T Bits(T value) => Field.Bits(value);
    public T Get(T item) => Field.Get(item);

    public override string ToString() => $"{Array}::Bitfield<{Field.Shift},{Field.Width}>";
}
