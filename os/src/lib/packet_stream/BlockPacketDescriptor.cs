using System.Buffers.Binary;

namespace Framework.Os.PacketStream;

/// <summary>Genode's <c>Block::Packet_descriptor::Opcode</c>.</summary>
public enum BlockOpcode
{
    Read = 0,
    Write = 1,
}

/// <summary>
/// Genode's <c>Block::Packet_descriptor</c>: the packet (payload range) plus the request: operation,
/// first block, number of blocks, and the success bit the server sets before acknowledging.
/// Payloads are 2 KiB aligned (<c>PACKET_ALIGNMENT = 11</c>). Encoded as offset, size, opcode
/// (32 bits), success (32 bits), block number, block count, all little-endian: 40 bytes.
/// </summary>
/// <remarks>
/// A descriptor read from the shared queue may carry any opcode; <see cref="KnownOperation"/>
/// tells whether it is one of the two defined, and servers refuse the others.
/// </remarks>
public readonly record struct BlockPacketDescriptor(
    PacketDescriptor Packet, BlockOpcode Operation, ulong BlockNumber, ulong BlockCount, bool Succeeded)
    : IPacketDescriptor<BlockPacketDescriptor>
{
    /// <summary>Genode's <c>Packet_descriptor(p, op, blk_nr, blk_count = 1)</c>.</summary>
    public BlockPacketDescriptor(PacketDescriptor packet, BlockOpcode operation, ulong blockNumber, ulong blockCount = 1)
        : this(packet, operation, blockNumber, blockCount, Succeeded: false) { }

    public static int EncodedSize => 40;

    public static int PacketAlignment => 11;

    public long Offset => Packet.Offset;
    public ulong Size => Packet.Size;

    public bool KnownOperation => Operation is BlockOpcode.Read or BlockOpcode.Write;

    /// <summary>The same request with the success bit set as given (Genode's <c>succeeded(bool)</c>).</summary>
    public BlockPacketDescriptor WithSuccess(bool succeeded) => this with { Succeeded = succeeded };

    public static BlockPacketDescriptor ForRange(long offset, ulong size) =>
        new(new PacketDescriptor(offset, size), BlockOpcode.Read, 0, 0, false);

    public static BlockPacketDescriptor Decode(ReadOnlySpan<byte> bytes) => new(
        PacketDescriptor.Decode(bytes),
        (BlockOpcode)BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]) != 0);

    public void Encode(Span<byte> bytes)
    {
        Packet.Encode(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[16..], (int)Operation);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[20..], Succeeded ? 1u : 0u);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], BlockNumber);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[32..], BlockCount);
    }

    public override string ToString() =>
        $"{Packet} {Operation} block {BlockNumber} count {BlockCount}{(Succeeded ? " succeeded" : "")}";
}
