using System.Buffers.Binary;

namespace Framework.Os.PacketStream;

/// <summary>
/// Genode's default <c>Packet_descriptor</c>: a payload range of the shared region, as an offset
/// from the region's start (not from the bulk buffer's) and a size. Encoded as two little-endian
/// 64-bit words.
/// </summary>
public readonly record struct PacketDescriptor(long Offset, ulong Size) : IPacketDescriptor<PacketDescriptor>
{
    public static int EncodedSize => 16;

    /// <summary>Genode's default: byte alignment.</summary>
    public static int PacketAlignment => 0;

    /// <summary>Genode's <c>valid()</c>: a descriptor of size 0 is the invalid descriptor.</summary>
    public bool Valid => Size != 0;

    public static PacketDescriptor ForRange(long offset, ulong size) => new(offset, size);

    public static PacketDescriptor Decode(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    public void Encode(Span<byte> bytes)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], Size);
    }

    public override string ToString() => $"packet offset 0x{Offset:x} size 0x{Size:x}";
}
