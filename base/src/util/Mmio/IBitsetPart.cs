namespace Framework.Util.Registers;

/// <summary>
/// What a part of a <see cref="Bitset2{T0,T1}"/> or <see cref="Bitset3{T0,T1,T2}"/> can be: an
/// MMIO register, a bitfield of one, or another bitset (Genode's <c>Bitset_2</c>/<c>Bitset_3</c>
/// take registers, bitfields and bitsets alike). Values are carried in 64 bits.
/// </summary>
/// <remarks>Implemented by the register structs of this namespace; not meant for others.</remarks>
public interface IBitsetPart
{
    /// <summary>Genode's BITFIELD_WIDTH: how many bits of the bitset value this part holds.</summary>
    int PartWidth { get; }

    /// <summary>Offset of the register this part lies in, or -1 for parts spread over several.</summary>
    long RegisterOffset { get; }

    /// <summary>Reads the part from the region.</summary>
    ulong ReadPart(Mmio mmio);

    /// <summary>Writes the low <see cref="PartWidth"/> bits of <paramref name="value"/> (more are masked away).</summary>
    void WritePart(Mmio mmio, ulong value);

    /// <summary>A register value with the part set to <paramref name="value"/> and all else 0.</summary>
    ulong BitsOfValue(ulong value);

    /// <summary>The part's value within register value <paramref name="reg"/>.</summary>
    ulong GetFromValue(ulong reg);

    /// <summary>Clears the part's bits in register value <paramref name="reg"/>.</summary>
    ulong ClearInValue(ulong reg);
}
