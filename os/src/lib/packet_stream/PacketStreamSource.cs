using Framework.Util;

namespace Framework.Os.PacketStream;

/// <summary>
/// Genode's <c>Packet_stream_source</c>: the side that allocates payload space in the bulk buffer,
/// fills it, submits descriptors, takes acknowledged ones back and releases their space.
/// </summary>
/// <remarks>
/// Nothing blocks: where Genode's source would wait (submit queue full, no acknowledgement), the
/// operation returns <see cref="PacketStreamStatus.QueueFull"/> or <see cref="PacketStreamStatus.QueueEmpty"/>,
/// and the caller waits for <see cref="PacketStreamSignal.ReadyToSubmit"/> or
/// <see cref="PacketStreamSignal.AckAvail"/>. Signals to the sink go to the given sink callback.
/// Descriptors coming back from the sink are checked (in the bulk buffer, and exactly a packet
/// this source allocated and has not released) before anything uses them.
/// </remarks>
public sealed class PacketStreamSource<TDescriptor> where TDescriptor : struct, IPacketDescriptor<TDescriptor>
{
    private readonly Memory<byte> _region;
    private readonly IPacketStreamSignalSink _toSink;
    private readonly AllocatorAvl _packetAlloc;
    private readonly PacketDescriptorQueue<TDescriptor> _submitQueue;
    private readonly PacketDescriptorQueue<TDescriptor> _ackQueue;

    /// <param name="region">the shared region, exactly <see cref="PacketStreamLayout.RegionSize"/> bytes, 8-byte aligned</param>
    /// <param name="layout">from <see cref="PacketStreamLayout.TryCreate{TDescriptor}"/> with the same descriptor type</param>
    /// <param name="toSink">receives <see cref="PacketStreamSignal.PacketAvail"/> and <see cref="PacketStreamSignal.ReadyToAck"/></param>
    /// <param name="maxPackets">bound of packets allocated at once (the allocator's meta data)</param>
    public PacketStreamSource(Memory<byte> region, PacketStreamLayout layout, IPacketStreamSignalSink toSink, int maxPackets = 1024)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(toSink);
        if (region.Length != layout.RegionSize || layout.DescriptorSize != TDescriptor.EncodedSize)
            throw new ArgumentException($"region of {region.Length} bytes and {typeof(TDescriptor).Name} do not match the layout ({layout.RegionSize} bytes, descriptors of {layout.DescriptorSize})");
        _region = region;
        Layout = layout;
        _toSink = toSink;
        _submitQueue = new(region, layout.SubmitQueueOffset, layout.SubmitQueueSize, PacketDescriptorQueue<TDescriptor>.Role.Producer, "submit");
        _ackQueue = new(region, layout.AckQueueOffset, layout.AckQueueSize, PacketDescriptorQueue<TDescriptor>.Role.Consumer, "acknowledgement");

        // Each packet is a used block with at most one free block beside it.
        _packetAlloc = new AllocatorAvl(maxBlocks: 2 * Math.Max(maxPackets, 1) + 3);
        _packetAlloc.AddRange((ulong)layout.BulkBufferOffset, (ulong)layout.BulkBufferSize);
    }

    public PacketStreamLayout Layout { get; }

    /// <summary>Genode's <c>bulk_buffer_size()</c>.</summary>
    public long BulkBufferSize => Layout.BulkBufferSize;

    /// <summary>Free bytes in the bulk buffer.</summary>
    public ulong BulkBufferAvail => _packetAlloc.Avail();

    /// <summary>Genode's <c>alloc_packet(size)</c> with the descriptor type's alignment.</summary>
    public PacketStreamResult TryAllocPacket(ulong size, out TDescriptor packet) =>
        TryAllocPacket(size, TDescriptor.PacketAlignment, out packet);

    /// <summary>Allocates <paramref name="size"/> bytes of payload, 2^<paramref name="alignLog2"/>-aligned.</summary>
    public PacketStreamResult TryAllocPacket(ulong size, int alignLog2, out TDescriptor packet)
    {
        packet = default;
        if (!_packetAlloc.TryAllocAligned(size, alignLog2, out ulong offset))
            return new(PacketStreamStatus.AllocFailed,
                $"no {size} bytes ({1L << Math.Clamp(alignLog2, 0, 62)}-aligned) free in the bulk buffer of {BulkBufferSize} bytes ({BulkBufferAvail} free)");
        packet = TDescriptor.ForRange((long)offset, size);
        return PacketStreamResult.Ok;
    }

    /// <summary>The payload of <paramref name="packet"/>, if it lies in the bulk buffer (Genode's <c>packet_content</c>).</summary>
    public PacketStreamResult TryGetContent(in TDescriptor packet, out Memory<byte> content)
    {
        content = Memory<byte>.Empty;
        if (Layout.CheckPacket(packet.Offset, packet.Size) is { } why)
            return new(PacketStreamStatus.InvalidPacket, why);
        content = _region.Slice((int)packet.Offset, (int)packet.Size);
        return PacketStreamResult.Ok;
    }

    /// <summary>Genode's <c>ready_to_submit()</c>: the submit queue has room.</summary>
    public bool ReadyToSubmit => _submitQueue.ProducerReady;

    /// <summary>Genode's <c>submit_packet</c>: signals <see cref="PacketStreamSignal.PacketAvail"/> if the queue was empty.</summary>
    public PacketStreamResult TrySubmitPacket(in TDescriptor packet)
    {
        if (Layout.CheckPacket(packet.Offset, packet.Size) is { } why)
            return new(PacketStreamStatus.InvalidPacket, why);
        var result = _submitQueue.Add(packet, out bool wasEmpty);
        if (result.IsOk && wasEmpty)
            _toSink.Submit(PacketStreamSignal.PacketAvail);
        return result;
    }

    /// <summary>Genode's <c>ack_avail()</c>.</summary>
    public bool AckAvail => _ackQueue.ConsumerReady;

    /// <summary>
    /// Genode's <c>get_acked_packet</c>: signals <see cref="PacketStreamSignal.ReadyToAck"/> if the
    /// queue was full. A descriptor that is not a packet of this source is refused
    /// (<see cref="PacketStreamStatus.InvalidPacket"/>; it is taken off the queue and returned for the log).
    /// </summary>
    public PacketStreamResult TryGetAckedPacket(out TDescriptor packet)
    {
        var result = _ackQueue.Get(out packet, out bool wasFull);
        if (result.IsOk && wasFull)
            _toSink.Submit(PacketStreamSignal.ReadyToAck);
        if (!result.IsOk)
            return result;
        return CheckOwnPacket(packet, "acknowledged");
    }

    /// <summary>Genode's <c>release_packet</c>: frees the payload of a packet this source allocated.</summary>
    public PacketStreamResult ReleasePacket(in TDescriptor packet)
    {
        var check = CheckOwnPacket(packet, "released");
        if (check.IsOk)
            _packetAlloc.Free((ulong)packet.Offset);
        return check;
    }

    private PacketStreamResult CheckOwnPacket(in TDescriptor packet, string what)
    {
        if (Layout.CheckPacket(packet.Offset, packet.Size) is { } why)
            return new(PacketStreamStatus.InvalidPacket, $"{what} {why}");
        if (!_packetAlloc.TrySizeAt((ulong)packet.Offset, out ulong size) || size != packet.Size)
            return new(PacketStreamStatus.InvalidPacket,
                $"{what} packet offset 0x{packet.Offset:x} size 0x{packet.Size:x} is no packet allocated by this source");
        return PacketStreamResult.Ok;
    }
}
