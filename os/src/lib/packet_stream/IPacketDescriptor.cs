namespace Framework.Os.PacketStream;

/// <summary>
/// What a packet descriptor type provides to the packet stream (the interface Genode's
/// <c>Packet_stream_policy</c> expects of its <c>PACKET_DESCRIPTOR</c>): the payload range, a fixed
/// encoding in the shared queues, and the alignment of payload allocations.
/// </summary>
public interface IPacketDescriptor<TSelf> where TSelf : struct, IPacketDescriptor<TSelf>
{
    /// <summary>Bytes of one descriptor in a queue slot.</summary>
    static abstract int EncodedSize { get; }

    /// <summary>Genode's <c>PACKET_ALIGNMENT</c>: log2 of the alignment of payload allocations.</summary>
    static abstract int PacketAlignment { get; }

    /// <summary>A descriptor for a freshly allocated payload range (other fields at their defaults).</summary>
    static abstract TSelf ForRange(long offset, ulong size);

    /// <summary>Decodes a descriptor; any bytes give some descriptor (validation is separate).</summary>
    static abstract TSelf Decode(ReadOnlySpan<byte> bytes);

    /// <summary>Offset of the payload from the start of the shared region.</summary>
    long Offset { get; }

    /// <summary>Size of the payload in bytes.</summary>
    ulong Size { get; }

    void Encode(Span<byte> bytes);
}
