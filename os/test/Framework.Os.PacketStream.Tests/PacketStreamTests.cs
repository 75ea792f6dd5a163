using System.Buffers.Binary;
using Framework.Os.PacketStream;

namespace Framework.Os.PacketStream.Tests;

[TestFixture]
public sealed class PacketStreamTests
{
    private sealed class Recorder : IPacketStreamSignalSink
    {
        public List<PacketStreamSignal> Signals { get; } = [];
        public void Submit(PacketStreamSignal signal) => Signals.Add(signal);
    }

    private static (PacketStreamSource<PacketDescriptor> Source, PacketStreamSink<PacketDescriptor> Sink, Recorder ToSink, Recorder ToSource, byte[] Region)
        Stream(int regionSize = 4096, int queueSize = 8)
    {
        Assert.That(PacketStreamLayout.TryCreate<PacketDescriptor>(regionSize, queueSize, queueSize, out var layout, out string error), Is.True, error);
        var region = new byte[regionSize];
        var toSink = new Recorder();
        var toSource = new Recorder();
        return (new(region, layout, toSink), new(region, layout, toSource), toSink, toSource, region);
    }

    [Test]
    public void The_region_is_submit_queue_then_ack_queue_then_bulk_buffer()
    {
        Assert.That(PacketStreamLayout.TryCreate<BlockPacketDescriptor>(128 * 1024 + 3 * 4096, 256, 256, out var layout, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.SubmitQueueOffset, Is.Zero);
            Assert.That(layout.AckQueueOffset, Is.EqualTo(8 + 256 * 40));
            Assert.That(layout.BulkBufferOffset, Is.EqualTo(2 * (8 + 256 * 40)));
            Assert.That(layout.BulkBufferSize, Is.EqualTo(128 * 1024 + 3 * 4096 - 2 * (8 + 256 * 40)));
        }
    }

    [Test]
    public void A_region_without_room_for_a_bulk_buffer_or_odd_queue_sizes_are_refused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PacketStreamLayout.TryCreate<PacketDescriptor>(2 * (8 + 64 * 16), 64, 64, out _, out string e1), Is.False);
            Assert.That(e1, Is.EqualTo("transport region too small: 2064 bytes, the queues alone take 2064"));
            Assert.That(PacketStreamLayout.TryCreate<PacketDescriptor>(4096, 1, 64, out _, out string e2), Is.False);
            Assert.That(e2, Is.EqualTo("submit queue size 1 outside 2..65536"));
            Assert.That(PacketStreamLayout.TryCreate<PacketDescriptor>(4096, 64, 1 << 20, out _, out string e3), Is.False);
            Assert.That(e3, Does.StartWith("acknowledgement queue size 1048576"));
        }
    }

    [Test]
    public void A_packet_goes_to_the_sink_and_comes_back_acknowledged()
    {
        var (source, sink, toSink, toSource, _) = Stream();
        ulong free = source.BulkBufferAvail;
        Assert.That(source.TryAllocPacket(100, out var packet).IsOk, Is.True);
        Assert.That(source.TryGetContent(packet, out var content).IsOk, Is.True);
        "hello, sink"u8.CopyTo(content.Span);
        Assert.That(source.TrySubmitPacket(packet).IsOk, Is.True);

        Assert.That(sink.PacketAvail, Is.True);
        Assert.That(sink.TryGetPacket(out var received).IsOk, Is.True);
        Assert.That(received, Is.EqualTo(packet));
        Assert.That(sink.TryGetContent(received, out var seen).IsOk, Is.True);
        Assert.That(seen.Span[..11].SequenceEqual("hello, sink"u8), Is.True);
        Assert.That(sink.TryAcknowledgePacket(received).IsOk, Is.True);

        Assert.That(source.AckAvail, Is.True);
        Assert.That(source.TryGetAckedPacket(out var acked).IsOk, Is.True);
        Assert.That(source.ReleasePacket(acked).IsOk, Is.True);
        Assert.That(source.BulkBufferAvail, Is.EqualTo(free));
        Assert.That(toSink.Signals, Is.EqualTo(new[] { PacketStreamSignal.PacketAvail }));
        Assert.That(toSource.Signals, Is.EqualTo(new[] { PacketStreamSignal.AckAvail }));
    }

    [Test]
    public void One_slot_stays_free_and_the_four_signals_mark_the_corner_cases()
    {
        var (source, sink, toSink, toSource, _) = Stream(queueSize: 4);
        var packets = new PacketDescriptor[4];
        for (int i = 0; i < 4; i++)
            Assert.That(source.TryAllocPacket(16, out packets[i]).IsOk, Is.True);

        for (int i = 0; i < 3; i++)
            Assert.That(source.TrySubmitPacket(packets[i]).IsOk, Is.True, $"packet {i}");
        Assert.That(source.ReadyToSubmit, Is.False);
        Assert.That(source.TrySubmitPacket(packets[3]).Status, Is.EqualTo(PacketStreamStatus.QueueFull));
        Assert.That(toSink.Signals, Is.EqualTo(new[] { PacketStreamSignal.PacketAvail }), "only the first submit found the queue empty");

        Assert.That(sink.TryGetPacket(out var p0).IsOk, Is.True);
        Assert.That(toSource.Signals, Is.EqualTo(new[] { PacketStreamSignal.ReadyToSubmit }), "taken from a full queue");
        Assert.That(source.TrySubmitPacket(packets[3]).IsOk, Is.True);

        // acknowledgements: three fit, the fourth waits for ready_to_ack
        Assert.That(sink.TryGetPacket(out var p1).IsOk, Is.True);
        Assert.That(sink.TryGetPacket(out var p2).IsOk, Is.True);
        Assert.That(sink.TryGetPacket(out var p3).IsOk, Is.True);
        Assert.That(sink.TryGetPacket(out _).Status, Is.EqualTo(PacketStreamStatus.QueueEmpty));
        Assert.That(sink.TryAcknowledgePacket(p0).IsOk && sink.TryAcknowledgePacket(p1).IsOk && sink.TryAcknowledgePacket(p2).IsOk, Is.True);
        Assert.That(sink.ReadyToAck, Is.False);
        Assert.That(sink.TryAcknowledgePacket(p3).Status, Is.EqualTo(PacketStreamStatus.QueueFull));
        // the second ready_to_submit: p1 was taken from a queue full again after the fourth submit
        Assert.That(toSource.Signals, Is.EqualTo(new[] { PacketStreamSignal.ReadyToSubmit, PacketStreamSignal.ReadyToSubmit, PacketStreamSignal.AckAvail }));

        Assert.That(source.TryGetAckedPacket(out var a0).IsOk, Is.True);
        Assert.That(a0, Is.EqualTo(packets[0]));
        Assert.That(toSink.Signals, Is.EqualTo(new[] { PacketStreamSignal.PacketAvail, PacketStreamSignal.ReadyToAck }));
        Assert.That(sink.TryAcknowledgePacket(p3).IsOk, Is.True);
        Assert.That(source.TryGetAckedPacket(out _).IsOk, Is.True);
        Assert.That(source.TryGetAckedPacket(out _).IsOk, Is.True);
        Assert.That(source.TryGetAckedPacket(out var a3).IsOk, Is.True);
        Assert.That(a3, Is.EqualTo(packets[3]));
        Assert.That(source.TryGetAckedPacket(out _).Status, Is.EqualTo(PacketStreamStatus.QueueEmpty));
    }

    [Test]
    public void Allocation_fails_when_the_bulk_buffer_is_full()
    {
        var (source, _, _, _, _) = Stream(regionSize: 1024, queueSize: 4);
        long bulk = source.BulkBufferSize;
        Assert.That(source.TryAllocPacket((ulong)bulk, out var all).IsOk, Is.True);
        var result = source.TryAllocPacket(1, out _);
        Assert.That(result.Status, Is.EqualTo(PacketStreamStatus.AllocFailed));
        Assert.That(result.Error, Does.Contain($"bulk buffer of {bulk} bytes (0 free)"));
        Assert.That(source.ReleasePacket(all).IsOk, Is.True);
        Assert.That(source.TryAllocPacket(1, out _).IsOk, Is.True);
    }

    /// <summary>Overwrites the descriptor in a submit-queue slot, as a hostile source would after submitting.</summary>
    private static void Forge(byte[] region, int slot, long offset, ulong size)
    {
        BinaryPrimitives.WriteInt64LittleEndian(region.AsSpan(8 + slot * 16), offset);
        BinaryPrimitives.WriteUInt64LittleEndian(region.AsSpan(16 + slot * 16), size);
    }

    [TestCase(0L, 16UL, "submitted packet offset 0x0 (size 0x10) lies outside the bulk buffer [0x110, 0x1000)")]
    [TestCase(-8L, 16UL, "submitted packet offset 0xfffffffffffffff8 (size 0x10) lies outside the bulk buffer [0x110, 0x1000)")]
    [TestCase(0x1000L, 1UL, "submitted packet offset 0x1000 (size 0x1) lies outside the bulk buffer [0x110, 0x1000)")]
    [TestCase(0xff0L, 0x20UL, "submitted packet offset 0xff0 size 0x20 ends past the bulk buffer [0x110, 0x1000)")]
    [TestCase(0x200L, ulong.MaxValue, "submitted packet offset 0x200 size 0xffffffffffffffff ends past the bulk buffer [0x110, 0x1000)")]
    [TestCase(0x200L, 0UL, "submitted packet offset 0x200 has size 0")]
    public void A_packet_outside_the_bulk_buffer_is_refused_and_the_stream_goes_on(long offset, ulong size, string message)
    {
        var (source, sink, _, _, region) = Stream();
        Assert.That(source.TryAllocPacket(16, out var first).IsOk && source.TrySubmitPacket(first).IsOk, Is.True);
        Forge(region, slot: 0, offset, size);
        var result = sink.TryGetPacket(out var bad);
        Assert.That(result.Status, Is.EqualTo(PacketStreamStatus.InvalidPacket));
        Assert.That(result.Error, Is.EqualTo(message));
        Assert.That(bad, Is.EqualTo(new PacketDescriptor(offset, size)), "returned for the log, never dereferenced");
        Assert.That(sink.TryGetContent(bad, out var none).Status, Is.EqualTo(PacketStreamStatus.InvalidPacket));
        Assert.That(none.IsEmpty, Is.True);

        // The stream goes on with the next packet.
        Assert.That(source.TryAllocPacket(32, out var good).IsOk && source.TrySubmitPacket(good).IsOk, Is.True);
        Assert.That(sink.TryGetPacket(out var got).IsOk, Is.True);
        Assert.That(got, Is.EqualTo(good));
    }

    [Test]
    public void A_corrupt_queue_index_from_the_other_side_is_reported_not_used()
    {
        var (source, sink, _, _, region) = Stream();
        BinaryPrimitives.WriteInt32LittleEndian(region, 12345); // the source's head
        Assert.That(sink.PacketAvail, Is.False);
        var result = sink.TryGetPacket(out _);
        Assert.That(result.Status, Is.EqualTo(PacketStreamStatus.CorruptQueue));
        Assert.That(result.Error, Is.EqualTo("submit queue: head index 12345 outside 0..7"));

        BinaryPrimitives.WriteInt32LittleEndian(region.AsSpan(4), -1); // the sink's tail, as the source reads it
        Assert.That(source.ReadyToSubmit, Is.False);
        Assert.That(source.TryAllocPacket(8, out var p).IsOk, Is.True);
        Assert.That(source.TrySubmitPacket(p).Error, Is.EqualTo("submit queue: tail index -1 outside 0..7"));
    }

    [Test]
    public void A_side_ignores_what_the_other_writes_over_its_own_index()
    {
        var (source, sink, _, _, region) = Stream();
        Assert.That(source.TryAllocPacket(8, out var p).IsOk && source.TrySubmitPacket(p).IsOk, Is.True);
        BinaryPrimitives.WriteInt32LittleEndian(region.AsSpan(4), 1); // forge the sink's tail as if it had taken the packet
        Assert.That(sink.TryGetPacket(out var got).IsOk, Is.True, "the sink's own tail is private");
        Assert.That(got, Is.EqualTo(p));
    }

    [Test]
    public void Acknowledgements_that_are_not_packets_of_the_source_are_refused()
    {
        var (source, sink, _, _, _) = Stream();
        Assert.That(source.TryAllocPacket(64, out var real).IsOk, Is.True);
        var inside = new PacketDescriptor(real.Offset + 8, 8);
        var resized = new PacketDescriptor(real.Offset, 32);
        Assert.That(sink.TryAcknowledgePacket(inside).IsOk && sink.TryAcknowledgePacket(resized).IsOk, Is.True);

        var r1 = source.TryGetAckedPacket(out _);
        Assert.That(r1.Status, Is.EqualTo(PacketStreamStatus.InvalidPacket));
        Assert.That(r1.Error, Is.EqualTo($"acknowledged packet offset 0x{real.Offset + 8:x} size 0x8 is no packet allocated by this source"));
        Assert.That(source.TryGetAckedPacket(out _).Status, Is.EqualTo(PacketStreamStatus.InvalidPacket));
        Assert.That(source.ReleasePacket(inside).IsOk, Is.False, "a release must name the packet exactly");
        Assert.That(source.ReleasePacket(real).IsOk, Is.True);
        Assert.That(source.ReleasePacket(real).IsOk, Is.False, "a second release is refused");
    }

    [Test]
    public void Block_descriptors_carry_the_request_through_the_queues()
    {
        Assert.That(PacketStreamLayout.TryCreate<BlockPacketDescriptor>(64 * 1024, 16, 16, out var layout, out _), Is.True);
        var region = new byte[64 * 1024];
        var source = new PacketStreamSource<BlockPacketDescriptor>(region, layout, new Recorder());
        var sink = new PacketStreamSink<BlockPacketDescriptor>(region, layout, new Recorder());

        Assert.That(source.TryAllocPacket(4 * 512, out var raw).IsOk, Is.True);
        Assert.That(raw.Offset % 2048, Is.Zero, "Block packets are 2 KiB aligned");
        var request = new BlockPacketDescriptor(raw.Packet, BlockOpcode.Write, blockNumber: 0x1_0000_0001, blockCount: 4);
        Assert.That(source.TrySubmitPacket(request).IsOk, Is.True);
        Assert.That(sink.TryGetPacket(out var got).IsOk, Is.True);
        Assert.That(got, Is.EqualTo(request));
        Assert.That(got.KnownOperation, Is.True);
        Assert.That(sink.TryAcknowledgePacket(got.WithSuccess(true)).IsOk, Is.True);
        Assert.That(source.TryGetAckedPacket(out var acked).IsOk, Is.True);
        Assert.That(acked.Succeeded, Is.True);
        Assert.That(acked.Operation, Is.EqualTo(BlockOpcode.Write));
        Assert.That(acked.BlockNumber, Is.EqualTo(0x1_0000_0001UL));
        Assert.That(source.ReleasePacket(acked).IsOk, Is.True);

        var odd = BlockPacketDescriptor.Decode(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        Assert.That(odd.KnownOperation, Is.False);
    }
}
