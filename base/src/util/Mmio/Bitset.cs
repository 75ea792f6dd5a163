namespace Framework.Util.Registers;

/// <summary>
/// Genode's <c>Bitset_2&lt;BITS_0, BITS_1&gt;</c> (added after 12.02): one value whose low
/// <c>PartWidth</c> bits live in <see cref="Part0"/> and whose next bits live in
/// <see cref="Part1"/>, which may be registers, bitfields or bitsets, in the same register or in
/// different ones. Reading reads both parts; writing writes both (each by its own access).
/// </summary>
/// <remarks>
/// The static <c>bits</c>/<c>get</c>/<c>set</c> of Genode's bitsets, for parts that lie in one
/// register, are <see cref="Bits"/>, <see cref="Get"/> and <see cref="Set"/> here. Values are
/// <c>ulong</c> (Genode uses the smallest unsigned type holding the bitset's width).
/// </remarks>
public readonly struct Bitset2<T0, T1> : IBitsetPart
    where T0 : struct, IBitsetPart
    where T1 : struct, IBitsetPart
{
    public Bitset2(T0 part0, T1 part1)
    {
        if (part0.PartWidth + part1.PartWidth > 64)
            throw new ArgumentException($"bitset of {part0.PartWidth} + {part1.PartWidth} bits is wider than 64 bits");
        Part0 = part0;
        Part1 = part1;
    }

    /// <summary>The least significant part (Genode's <c>Bits_0</c>).</summary>
    public T0 Part0 { get; }

    /// <summary>The more significant part (Genode's <c>Bits_1</c>).</summary>
    public T1 Part1 { get; }

    /// <summary>Genode's WIDTH.</summary>
    public int Width => Part0.PartWidth + Part1.PartWidth;

    /// <summary>A register value with the bitset set to <paramref name="value"/> and all else 0.</summary>
    public ulong Bits(ulong value) => Part0.BitsOfValue(value) | Part1.BitsOfValue(BitMath.ShiftRight(value, Part0.PartWidth));

    /// <summary>The bitset's value within register value <paramref name="reg"/>.</summary>
    public ulong Get(ulong reg) => Part0.GetFromValue(reg) | BitMath.ShiftLeft(Part1.GetFromValue(reg), Part0.PartWidth);

    /// <summary>Sets the bitset within register value <paramref name="reg"/> to <paramref name="value"/>.</summary>
    public void Set(ref ulong reg, ulong value) => reg = Part1.ClearInValue(Part0.ClearInValue(reg)) | Bits(value);

    int IBitsetPart.PartWidth => Width;
    long IBitsetPart.RegisterOffset => Part0.RegisterOffset == Part1.RegisterOffset ? Part0.RegisterOffset : -1;
    ulong IBitsetPart.ReadPart(Mmio mmio) => Part0.ReadPart(mmio) | BitMath.ShiftLeft(Part1.ReadPart(mmio), Part0.PartWidth);

    void IBitsetPart.WritePart(Mmio mmio, ulong value)
    {
        Part0.WritePart(mmio, BitMath.Truncate(value, Part0.PartWidth));
        Part1.WritePart(mmio, BitMath.ShiftRight(value, Part0.PartWidth));
    }

    ulong IBitsetPart.BitsOfValue(ulong value) => Bits(value);
    ulong IBitsetPart.GetFromValue(ulong reg) => Get(reg);
    ulong IBitsetPart.ClearInValue(ulong reg) => Part1.ClearInValue(Part0.ClearInValue(reg));

    public override string ToString() => $"Bitset_2<{Part0}, {Part1}>";
}

/// <summary>
/// Genode's <c>Bitset_3&lt;BITS_0, BITS_1, BITS_2&gt;</c>: like <see cref="Bitset2{T0,T1}"/> with a
/// third, most significant part; it behaves as <c>Bitset_2&lt;Bitset_2&lt;BITS_0, BITS_1&gt;, BITS_2&gt;</c>.
/// </summary>
public readonly struct Bitset3<T0, T1, T2> : IBitsetPart
    where T0 : struct, IBitsetPart
    where T1 : struct, IBitsetPart
    where T2 : struct, IBitsetPart
{
    private readonly Bitset2<Bitset2<T0, T1>, T2> _whole;

    public Bitset3(T0 part0, T1 part1, T2 part2) => _whole = new(new(part0, part1), part2);

    public T0 Part0 => _whole.Part0.Part0;
    public T1 Part1 => _whole.Part0.Part1;
    public T2 Part2 => _whole.Part1;

    public int Width => _whole.Width;

    /// <inheritdoc cref="Bitset2{T0,T1}.Bits"/>
    public ulong Bits(ulong value) => _whole.Bits(value);

    /// <inheritdoc cref="Bitset2{T0,T1}.Get"/>
    public ulong Get(ulong reg) => _whole.Get(reg);

    /// <inheritdoc cref="Bitset2{T0,T1}.Set"/>
    public void Set(ref ulong reg, ulong value) => _whole.Set(ref reg, value);

    int IBitsetPart.PartWidth => Width;
    long IBitsetPart.RegisterOffset => ((IBitsetPart)_whole).RegisterOffset;
    ulong IBitsetPart.ReadPart(Mmio mmio) => Read(_whole, mmio);
    void IBitsetPart.WritePart(Mmio mmio, ulong value) => Write(_whole, mmio, value);
    ulong IBitsetPart.BitsOfValue(ulong value) => _whole.Bits(value);
    ulong IBitsetPart.GetFromValue(ulong reg) => _whole.Get(reg);
    ulong IBitsetPart.ClearInValue(ulong reg) => Clear(_whole, reg);

    // Generic helpers call the inner bitset's explicit implementation without boxing it.
    private static ulong Read<TPart>(TPart part, Mmio mmio) where TPart : struct, IBitsetPart => part.ReadPart(mmio);
    private static void Write<TPart>(TPart part, Mmio mmio, ulong value) where TPart : struct, IBitsetPart => part.WritePart(mmio, value);
    private static ulong Clear<TPart>(TPart part, ulong reg) where TPart : struct, IBitsetPart => part.ClearInValue(reg);

    public override string ToString() => $"Bitset_3<{Part0}, {Part1}, {Part2}>";
}
