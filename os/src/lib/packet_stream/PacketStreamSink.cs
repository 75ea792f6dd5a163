namespace Framework.Os.PacketStream;

/// <summary>
/// Genode's <c>Packet_stream_sink</c>: the side that takes submitted descriptors, processes their
/// payload and acknowledges them.
/// </summary>
/// <remarks>
/// Every descriptor taken from the submit queue is checked against the bulk buffer before its
/// payload can be reached: one outside it (or of size 0) is refused with
/// <see cref="PacketStreamStatus.InvalidPacket"/> and a message naming offset, size and the bulk
/// buffer's bounds; it is off the queue then, and returned so the caller can log it or
/// acknowledge it as failed. (Genode 12.02 drops such packets silently, and its check can overflow.)
/// </remarks>
public sealed class PacketStreamSink<TDescriptor> where TDescriptor : struct, IPacketDescriptor<TDescriptor>
{
    private readonly Memory<byte> _region;
    private readonly IPacketStreamSignalSink _toSource;
    private readonly PacketDescriptorQueue<TDescriptor> _submitQueue;
    private readonly PacketDescriptorQueue<TDescriptor> _ackQueue;

    /// <param name="toSource">receives <see cref="PacketStreamSignal.ReadyToSubmit"/> and <see cref="PacketStreamSignal.AckAvail"/></param>
    public PacketStreamSink(Memory<byte> region, PacketStreamLayout layout, IPacketStreamSignalSink toSource)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(toSource);
        if (region.Length != layout.RegionSize || layout.DescriptorSize != TDescriptor.EncodedSize)
            throw new ArgumentException($"region of {region.Length} bytes and {typeof(TDescriptor).Name} do not match the layout ({layout.RegionSize} bytes, descriptors of {layout.DescriptorSize})");
        _region = region;
        Layout = layout;
        _toSource = toSource;
        _submitQueue = new(region, layout.SubmitQueueOffset, layout.SubmitQueueSize, PacketDescriptorQueue<TDescriptor>.Role.Consumer, "submit");
        _ackQueue = new(region, layout.AckQueueOffset, layout.AckQueueSize, PacketDescriptorQueue<TDescriptor>.Role.Producer, "acknowledgement");
    }

    public PacketStreamLayout Layout { get; }

    /// <summary>Genode's <c>packet_avail()</c>.</summary>
    public bool PacketAvail => _submitQueue.ConsumerReady;

    /// <summary>Genode's <c>packet_valid</c>: the payload lies entirely in the bulk buffer.</summary>
    public bool PacketValid(in TDescriptor packet) => Layout.CheckPacket(packet.Offset, packet.Size) is null;

    /// <summary>
    /// Genode's <c>get_packet</c>: signals <see cref="PacketStreamSignal.ReadyToSubmit"/> if the
    /// queue was full; refuses a descriptor outside the bulk buffer.
    /// </summary>
    public PacketStreamResult TryGetPacket(out TDescriptor packet)
    {
        var result = _submitQueue.Get(out packet, out bool wasFull);
        if (result.IsOk && wasFull)
            _toSource.Submit(PacketStreamSignal.ReadyToSubmit);
        if (result.IsOk && Layout.CheckPacket(packet.Offset, packet.Size) is { } why)
            return new(PacketStreamStatus.InvalidPacket, "submitted " + why);
        return result;
    }

    /// <summary>The payload of a packet, if it lies in the bulk buffer.</summary>
    public PacketStreamResult TryGetContent(in TDescriptor packet, out Memory<byte> content)
    {
        content = Memory<byte>.Empty;
        if (Layout.CheckPacket(packet.Offset, packet.Size) is { } why)
            return new(PacketStreamStatus.InvalidPacket, why);
        content = _region.Slice((int)packet.Offset, (int)packet.Size);
        return PacketStreamResult.Ok;
    }

    /// <summary>Genode's <c>ready_to_ack()</c>.</summary>
    public bool ReadyToAck => _ackQueue.ProducerReady;

    /// <summary>Genode's <c>acknowledge_packet</c>: signals <see cref="PacketStreamSignal.AckAvail"/> if the queue was empty.</summary>
    public PacketStreamResult TryAcknowledgePacket(in TDescriptor packet)
    {
        var result = _ackQueue.Add(packet, out bool wasEmpty);
        if (result.IsOk && wasEmpty)
            _toSource.Submit(PacketStreamSignal.AckAvail);
        return result;
    }
}
