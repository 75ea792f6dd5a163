using System.Text;

namespace Framework.Rpc.Tests;

/// <summary>RpcWriter/RpcReader directly: the wire format and its error reports.</summary>
[TestFixture]
public sealed class WireTests
{
    [Test]
    public void EveryTypeRoundTripsThroughWriterAndReader()
    {
        var buffer = new MessageBuffer(256);
        var writer = new RpcWriter(buffer, 9);
        writer.WriteSByte(-1);
        writer.WriteInt16(-2);
        writer.WriteUInt16(3);
        writer.WriteChar('Ω');
        writer.WriteSingle(1.5f);
        writer.WriteDouble(-2.25);
        writer.WriteByteArray(null);
        writer.WriteByteArray([7]);
        writer.WriteMemory(new byte[] { 8, 9 });
        writer.WriteStruct(new Point { X = 3 });

        var reader = new RpcReader(buffer, null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.ReadInt32(), Is.EqualTo(9));
            Assert.That(reader.ReadSByte(), Is.EqualTo(-1));
            Assert.That(reader.ReadInt16(), Is.EqualTo(-2));
            Assert.That(reader.ReadUInt16(), Is.EqualTo(3));
            Assert.That(reader.ReadChar(), Is.EqualTo('Ω'));
            Assert.That(reader.ReadSingle(), Is.EqualTo(1.5f));
            Assert.That(reader.ReadDouble(), Is.EqualTo(-2.25));
            Assert.That(reader.ReadByteArray(), Is.Null);
            Assert.That(reader.ReadByteArray(), Is.EqualTo(new byte[] { 7 }));
            Assert.That(reader.ReadMemory().ToArray(), Is.EqualTo(new byte[] { 8, 9 }));
            Assert.That(reader.ReadStruct<Point>().X, Is.EqualTo(3));
            Assert.That(reader.Remaining, Is.Zero);
        }
        reader.EnsureEnd();
    }

    [Test]
    public void MemoryViewSharesTheMessageBytes()
    {
        var buffer = new MessageBuffer(64);
        new RpcWriter(buffer, 0).WriteBytes([1, 2, 3]);
        var reader = new RpcReader(buffer, null);
        reader.ReadInt32();
        var view = reader.ReadMemoryView();
        buffer.Data[8] = 42;
        Assert.That(view.Span[0], Is.EqualTo(42));
    }

    [Test]
    public void InvalidUtf8IsReportedNotReplaced()
    {
        var buffer = new MessageBuffer(64);
        new RpcWriter(buffer, 0).WriteBytes([0xC3, 0x28]); // same layout as a string
        var reader = new RpcReader(buffer, null);
        reader.ReadInt32();
        try
        {
            reader.ReadString();
            Assert.Fail("expected RpcMessageFormatException");
        }
        catch (RpcMessageFormatException e)
        {
            Assert.That(e.Message, Does.StartWith("invalid UTF-8 in string at offset 8"));
        }
    }

    [Test]
    public void HugeLengthIsTruncationNotOverflow()
    {
        var buffer = new MessageBuffer(64);
        new RpcWriter(buffer, 0).WriteInt32(int.MaxValue);
        var reader = new RpcReader(buffer, null);
        reader.ReadInt32();
        try
        {
            reader.ReadBytes();
            Assert.Fail("expected RpcMessageFormatException");
        }
        catch (RpcMessageFormatException e)
        {
            Assert.That(e.Message, Is.EqualTo($"message truncated: needed {int.MaxValue} bytes at offset 8, have 0"));
        }
    }

    [Test]
    public void CapabilityOverflowLeavesTheListIntact()
    {
        var port = new LoopbackPort("p");
        var buffer = new MessageBuffer(16);
        var writer = new RpcWriter(buffer, 0);
        writer.WriteInt64(0);
        writer.WriteInt32(0); // the buffer is now full
        var threw = false;
        try
        {
            writer.WriteCapability(new Capability(port, new KernelCapability(5)));
        }
        catch (RpcMessageOverflowException)
        {
            threw = true;
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(threw, Is.True);
            Assert.That(buffer.CapCount, Is.Zero, "a capability whose index did not fit is not carried");
        }
    }

    [Test]
    public void WriterLimitIsTheSmallerOfLimitAndCapacity()
    {
        var buffer = new MessageBuffer(32);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new RpcWriter(buffer, 0, 1024).Limit, Is.EqualTo(32));
            Assert.That(new RpcWriter(buffer, 0, 20).Limit, Is.EqualTo(20));
        }
    }

    [Test]
    public void DescribeNamesTheCodes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RpcExceptions.Describe(RpcCodes.InvalidOpcode), Is.EqualTo("InvalidOpcode"));
            Assert.That(RpcExceptions.Describe(RpcCodes.InvalidObject), Is.EqualTo("InvalidObject"));
            Assert.That(RpcExceptions.Describe(-1003), Is.EqualTo("undeclared exception"));
            Assert.That(RpcExceptions.Describe(-5), Is.EqualTo("unknown code"));
        }
    }

    [Test]
    public void ErrorMessagesNeverSplitSurrogatePairs()
    {
        var reply = new MessageBuffer(64);
        RpcExceptions.WriteError(reply, new LoopbackPort("p", maxMessageBytes: 24), -1, string.Concat(Enumerable.Repeat("🚀", 20)));
        var reader = new RpcReader(reply, null);
        reader.ReadInt32();
        var text = reader.ReadString()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Is.EqualTo("🚀🚀🚀..."));
            Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(16));
        }
    }
}
