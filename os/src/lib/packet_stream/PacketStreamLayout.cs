namespace Framework.Os.PacketStream;

/// <summary>
/// How one shared region is divided (Genode's <c>Packet_stream_base</c>): the submit queue at
/// offset 0, the acknowledgement queue after it, and the bulk buffer for payloads in the rest.
/// Source and sink compute the same layout from the same parameters.
/// </summary>
/// <remarks>
/// A queue occupies an 8-byte header (head and tail index, 32 bits each, little-endian) and
/// <c>QueueSize</c> descriptor slots, rounded up to a multiple of 8 bytes.
/// </remarks>
public sealed record PacketStreamLayout
{
    /// <summary>Most slots a queue may have (Block uses 256).</summary>
    public const int MaxQueueSize = 1 << 16;

    private PacketStreamLayout(int submitQueueSize, int ackQueueSize, int descriptorSize, long regionSize)
    {
        SubmitQueueSize = submitQueueSize;
        AckQueueSize = ackQueueSize;
        DescriptorSize = descriptorSize;
        RegionSize = regionSize;
        AckQueueOffset = QueueBytes(submitQueueSize, descriptorSize);
        BulkBufferOffset = AckQueueOffset + QueueBytes(ackQueueSize, descriptorSize);
        BulkBufferSize = regionSize - BulkBufferOffset;
    }

    public int SubmitQueueSize { get; }
    public int AckQueueSize { get; }
    public int DescriptorSize { get; }
    public long RegionSize { get; }

    public long SubmitQueueOffset => 0;
    public long AckQueueOffset { get; }
    public long BulkBufferOffset { get; }
    public long BulkBufferSize { get; }

    /// <summary>Bytes a queue of <paramref name="slots"/> descriptors occupies.</summary>
    public static long QueueBytes(int slots, int descriptorSize) => (8L + (long)slots * descriptorSize + 7) & ~7L;

    /// <summary>
    /// The layout for a region of <paramref name="regionSize"/> bytes, or false with the reason:
    /// queue sizes outside 2..<see cref="MaxQueueSize"/> (one slot is always kept free, so a queue
    /// of 2 holds one descriptor), or a region too small to leave a bulk buffer (Genode's
    /// <c>Transport_dataspace_too_small</c>).
    /// </summary>
    public static bool TryCreate<TDescriptor>(long regionSize, int submitQueueSize, int ackQueueSize,
        out PacketStreamLayout layout, out string error)
        where TDescriptor : struct, IPacketDescriptor<TDescriptor>
    {
        layout = null!;
        error = "";
        foreach (var (name, size) in new[] { ("submit", submitQueueSize), ("acknowledgement", ackQueueSize) })
            if (size is < 2 or > MaxQueueSize)
            {
                error = $"{name} queue size {size} outside 2..{MaxQueueSize}";
                return false;
            }
        var candidate = new PacketStreamLayout(submitQueueSize, ackQueueSize, TDescriptor.EncodedSize, regionSize);
        if (candidate.BulkBufferSize <= 0)
        {
            error = $"transport region too small: {regionSize} bytes, the queues alone take {candidate.BulkBufferOffset}";
            return false;
        }
        layout = candidate;
        return true;
    }

    /// <summary>
    /// Genode's <c>packet_valid</c>, without its overflow: the payload lies entirely in the bulk
    /// buffer and is not empty. Returns null if valid, else why not.
    /// </summary>
    public string? CheckPacket(long offset, ulong size)
    {
        long end = BulkBufferOffset + BulkBufferSize;
        if (size == 0)
            return $"packet offset 0x{offset:x} has size 0";
        if (offset < BulkBufferOffset || offset >= end)
            return $"packet offset 0x{offset:x} (size 0x{size:x}) lies outside the bulk buffer [0x{BulkBufferOffset:x}, 0x{end:x})";
        if (size > (ulong)(end - offset))
            return $"packet offset 0x{offset:x} size 0x{size:x} ends past the bulk buffer [0x{BulkBufferOffset:x}, 0x{end:x})";
        return null;
    }
}
