using Framework.Os.PacketStream;

namespace Framework.Os.PacketStream.Tests;

/// <summary>
/// Seeded random interleavings of source and sink operations (allocate, submit, take, acknowledge,
/// take back, release) against a model: packets arrive in submission order with the bytes written,
/// signals come exactly at the corner cases, and the bulk buffer is whole again at the end.
/// Then the same stream between two host threads.
/// </summary>
[TestFixture]
public sealed class PacketStreamRandomTests
{
    private sealed class Counter : IPacketStreamSignalSink
    {
        public int[] Counts { get; } = new int[4];
        public void Submit(PacketStreamSignal signal) => Counts[(int)signal]++;
    }

    [Test]
    public void Random_interleavings_keep_order_content_and_space([Values(1, 2, 3, 4, 5, 6, 7, 8)] int seed)
    {
        var rng = new Random(seed);
        int queue = rng.Next(2, 9);
        Assert.That(PacketStreamLayout.TryCreate<PacketDescriptor>(8192, queue, rng.Next(2, 9), out var layout, out _), Is.True);
        var region = new byte[8192];
        var toSink = new Counter();
        var toSource = new Counter();
        var source = new PacketStreamSource<PacketDescriptor>(region, layout, toSink);
        var sink = new PacketStreamSink<PacketDescriptor>(region, layout, toSource);
        ulong free = source.BulkBufferAvail;

        var allocated = new List<PacketDescriptor>();
        var inSubmit = new Queue<PacketDescriptor>();
        var atSink = new List<PacketDescriptor>();
        var inAck = new Queue<PacketDescriptor>();
        int ops = 0, delivered = 0, expectPacketAvail = 0, expectReadyToSubmit = 0, expectAckAvail = 0, expectReadyToAck = 0;

        for (int step = 0; step < 4000; step++, ops++)
        {
            switch (rng.Next(6))
            {
                case 0:
                    if (source.TryAllocPacket((ulong)rng.Next(1, 400), out var p).IsOk)
                    {
                        source.TryGetContent(p, out var c);
                        for (int i = 0; i < c.Length; i++) c.Span[i] = (byte)(p.Offset + i + seed);
                        allocated.Add(p);
                    }
                    break;
                case 1:
                    if (allocated.Count > 0)
                    {
                        var s = allocated[0];
                        var r = source.TrySubmitPacket(s);
                        Assert.That(r.Status, Is.EqualTo(inSubmit.Count == queue - 1 ? PacketStreamStatus.QueueFull : PacketStreamStatus.Ok));
                        if (r.IsOk)
                        {
                            if (inSubmit.Count == 0) expectPacketAvail++;
                            inSubmit.Enqueue(s);
                            allocated.RemoveAt(0);
                        }
                    }
                    break;
                case 2:
                {
                    bool wasFull = inSubmit.Count == queue - 1;
                    var r = sink.TryGetPacket(out var g);
                    if (inSubmit.Count == 0)
                    {
                        Assert.That(r.Status, Is.EqualTo(PacketStreamStatus.QueueEmpty));
                        break;
                    }
                    Assert.That(r.IsOk, Is.True, r.ToString());
                    Assert.That(g, Is.EqualTo(inSubmit.Dequeue()));
                    sink.TryGetContent(g, out var c);
                    for (int i = 0; i < c.Length; i++)
                        Assert.That(c.Span[i], Is.EqualTo((byte)(g.Offset + i + seed)));
                    if (wasFull) expectReadyToSubmit++;
                    atSink.Add(g);
                    delivered++;
                    break;
                }
                case 3:
                    if (atSink.Count > 0)
                    {
                        var a = atSink[0];
                        var r = sink.TryAcknowledgePacket(a);
                        Assert.That(r.Status, Is.EqualTo(inAck.Count == layout.AckQueueSize - 1 ? PacketStreamStatus.QueueFull : PacketStreamStatus.Ok));
                        if (r.IsOk)
                        {
                            if (inAck.Count == 0) expectAckAvail++;
                            inAck.Enqueue(a);
                            atSink.RemoveAt(0);
                        }
                    }
                    break;
                default:
                {
                    bool wasFull = inAck.Count == layout.AckQueueSize - 1;
                    var r = source.TryGetAckedPacket(out var a);
                    if (inAck.Count == 0)
                    {
                        Assert.That(r.Status, Is.EqualTo(PacketStreamStatus.QueueEmpty));
                        break;
                    }
                    Assert.That(a, Is.EqualTo(inAck.Dequeue()));
                    if (wasFull) expectReadyToAck++;
                    Assert.That(source.ReleasePacket(a).IsOk, Is.True);
                    break;
                }
            }
        }

        Assert.That(toSink.Counts[(int)PacketStreamSignal.PacketAvail], Is.EqualTo(expectPacketAvail));
        Assert.That(toSink.Counts[(int)PacketStreamSignal.ReadyToAck], Is.EqualTo(expectReadyToAck));
        Assert.That(toSource.Counts[(int)PacketStreamSignal.ReadyToSubmit], Is.EqualTo(expectReadyToSubmit));
        Assert.That(toSource.Counts[(int)PacketStreamSignal.AckAvail], Is.EqualTo(expectAckAvail));
        foreach (var p in allocated.Concat(inSubmit).Concat(atSink).Concat(inAck))
            source.ReleasePacket(p);
        Assert.That(source.BulkBufferAvail, Is.EqualTo(free), "every byte back");
        TestContext.Out.WriteLine($"seed {seed}: {ops} operations, {delivered} packets delivered, queues {queue}/{layout.AckQueueSize}");
    }

    [Test]
    public void A_source_and_a_sink_on_two_threads_exchange_100000_packets_in_order()
    {
        Assert.That(PacketStreamLayout.TryCreate<PacketDescriptor>(64 * 1024, 32, 32, out var layout, out _), Is.True);
        var region = new byte[64 * 1024];
        var source = new PacketStreamSource<PacketDescriptor>(region, layout, new Counter());
        var sink = new PacketStreamSink<PacketDescriptor>(region, layout, new Counter());
        const int count = 100_000;
        string? sinkError = null;

        var sinkThread = new Thread(() =>
        {
            int next = 0;
            var spin = new SpinWait();
            while (next < count && sinkError is null)
            {
                var r = sink.TryGetPacket(out var p);
                if (r.Status == PacketStreamStatus.QueueEmpty) { spin.SpinOnce(); continue; }
                sink.TryGetContent(p, out var c);
                int value = BitConverter.ToInt32(c.Span);
                if (!r.IsOk || value != next) sinkError = $"packet {next}: {r} value {value}";
                while (!sink.TryAcknowledgePacket(p).IsOk) spin.SpinOnce();
                next++;
            }
        });
        sinkThread.Start();

        int sent = 0, released = 0;
        var wait = new SpinWait();
        while (released < count && sinkError is null)
        {
            bool progress = false;
            if (sent < count && source.ReadyToSubmit && source.TryAllocPacket(64, out var p).IsOk)
            {
                source.TryGetContent(p, out var c);
                BitConverter.TryWriteBytes(c.Span, sent);
                Assert.That(source.TrySubmitPacket(p).IsOk, Is.True);
                sent++;
                progress = true;
            }
            if (source.TryGetAckedPacket(out var a).IsOk)
            {
                Assert.That(source.ReleasePacket(a).IsOk, Is.True);
                released++;
                progress = true;
            }
            if (!progress) wait.SpinOnce();
        }
        Assert.That(sinkThread.Join(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(sinkError, Is.Null);
        Assert.That(source.BulkBufferAvail, Is.EqualTo((ulong)layout.BulkBufferSize));
    }
}
