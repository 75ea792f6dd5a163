using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Framework.Os.PacketStream;

/// <summary>
/// Genode's <c>Packet_descriptor_queue</c>: a ring buffer of descriptors in the shared region,
/// one producer and one consumer, one slot always kept free (so a queue of N slots holds N - 1).
/// </summary>
/// <remarks>
/// Layout: head index (written by the producer), tail index (written by the consumer), then the
/// slots. Each side keeps its own index privately and only publishes it, so a peer that
/// overwrites it changes nothing; the peer's index is read from the region and checked before
/// use. A slot is copied out once and then decoded, so a peer changing it later cannot change
/// what was validated. Indices are published with release semantics after the slot is written
/// and read with acquire semantics before the slot is read, which makes the queue safe for a
/// producer and a consumer on different threads.
/// </remarks>
internal sealed class PacketDescriptorQueue<TDescriptor> where TDescriptor : struct, IPacketDescriptor<TDescriptor>
{
    public enum Role { Producer, Consumer }

    private const int HeadOffset = 0;
    private const int TailOffset = 4;
    private const int SlotsOffset = 8;

    private readonly Memory<byte> _queue;
    private readonly int _size;
    private readonly string _name;
    private int _own; // head for the producer, tail for the consumer

    public PacketDescriptorQueue(Memory<byte> region, long offset, int size, Role role, string name)
    {
        _size = size;
        _name = name;
        _queue = region.Slice((int)offset, (int)PacketStreamLayout.QueueBytes(size, TDescriptor.EncodedSize));
        if (role == Role.Producer)
        {
            _queue.Span[SlotsOffset..].Clear();
            Publish(HeadOffset, 0);
        }
        else
            Publish(TailOffset, 0);
    }

    // ---- producer -----------------------------------------------------------------------------

    /// <summary>True if the producer can add (false also if the consumer's index is corrupt).</summary>
    public bool ProducerReady => ReadPeer(TailOffset, out int tail) && (_own + 1) % _size != tail;

    /// <summary>Adds a descriptor; <paramref name="wasEmpty"/> tells whether this made the queue non-empty.</summary>
    public PacketStreamResult Add(in TDescriptor descriptor, out bool wasEmpty)
    {
        wasEmpty = false;
        if (!ReadPeer(TailOffset, out int tail))
            return Corrupt("tail", tail);
        if ((_own + 1) % _size == tail)
            return new PacketStreamResult(PacketStreamStatus.QueueFull);
        descriptor.Encode(Slot(_own));
        wasEmpty = _own == tail;
        _own = (_own + 1) % _size;
        Publish(HeadOffset, _own);
        return PacketStreamResult.Ok;
    }

    // ---- consumer -----------------------------------------------------------------------------

    /// <summary>True if the consumer can take (false also if the producer's index is corrupt).</summary>
    public bool ConsumerReady => ReadPeer(HeadOffset, out int head) && head != _own;

    /// <summary>Takes a descriptor; <paramref name="wasFull"/> tells whether the queue was full before.</summary>
    public PacketStreamResult Get(out TDescriptor descriptor, out bool wasFull)
    {
        descriptor = default;
        wasFull = false;
        if (!ReadPeer(HeadOffset, out int head))
            return Corrupt("head", head);
        if (head == _own)
            return new PacketStreamResult(PacketStreamStatus.QueueEmpty);
        wasFull = (head + 1) % _size == _own;
        Span<byte> copy = stackalloc byte[TDescriptor.EncodedSize];
        Slot(_own).CopyTo(copy);
        descriptor = TDescriptor.Decode(copy);
        _own = (_own + 1) % _size;
        Publish(TailOffset, _own);
        return PacketStreamResult.Ok;
    }

    // ---- the shared words ---------------------------------------------------------------------------

    private Span<byte> Slot(int index) =>
        _queue.Span.Slice(SlotsOffset + index * TDescriptor.EncodedSize, TDescriptor.EncodedSize);

    private bool ReadPeer(int at, out int index)
    {
        ref byte word = ref MemoryMarshal.GetReference(_queue.Span[at..]);
        int raw = Volatile.Read(ref Unsafe.As<byte, int>(ref word));
        index = BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
        return (uint)index < (uint)_size;
    }

    private void Publish(int at, int index)
    {
        ref byte word = ref MemoryMarshal.GetReference(_queue.Span[at..]);
        Volatile.Write(ref Unsafe.As<byte, int>(ref word), BitConverter.IsLittleEndian ? index : BinaryPrimitives.ReverseEndianness(index));
    }

    private PacketStreamResult Corrupt(string which, int value) =>
        new(PacketStreamStatus.CorruptQueue, $"{_name} queue: {which} index {value} outside 0..{_size - 1}");
}
