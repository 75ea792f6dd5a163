using System.Text;

namespace Framework.Rpc.Tests;

[TestFixture]
public sealed class MarshallingTests
{
    private Fixture _world = null!;
    private EchoTarget _target = null!;
    private IEcho.Client _echo = null!;

    [SetUp]
    public void SetUp()
    {
        _world = new Fixture();
        _target = new EchoTarget();
        _echo = new IEcho.Client(_world.Serve<IEcho>(_target, IEcho.Dispatch));
    }

    [TearDown]
    public void NoBufferLeaks()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_world.Client.Outstanding, Is.Zero, "client buffers not returned");
            Assert.That(_world.Server.Outstanding, Is.Zero, "server buffers not returned");
        }
    }

    [Test]
    public void IntegralTypesRoundTripIncludingExtremes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.Bool(true), Is.True);
            Assert.That(_echo.Bool(false), Is.False);
            Assert.That(_echo.Byte(byte.MaxValue), Is.EqualTo(byte.MaxValue));
            Assert.That(_echo.SByte(sbyte.MinValue), Is.EqualTo(sbyte.MinValue));
            Assert.That(_echo.Int16(short.MinValue), Is.EqualTo(short.MinValue));
            Assert.That(_echo.UInt16(ushort.MaxValue), Is.EqualTo(ushort.MaxValue));
            Assert.That(_echo.Int32(int.MinValue), Is.EqualTo(int.MinValue));
            Assert.That(_echo.UInt32(uint.MaxValue), Is.EqualTo(uint.MaxValue));
            Assert.That(_echo.Int64(long.MinValue), Is.EqualTo(long.MinValue));
            Assert.That(_echo.UInt64(ulong.MaxValue), Is.EqualTo(ulong.MaxValue));
            Assert.That(_echo.Char('\uFFFF'), Is.EqualTo('\uFFFF'));
            Assert.That(_echo.Char('ß'), Is.EqualTo('ß'));
        }
    }

    [Test]
    public void FloatingPointRoundTripsBitExact()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.Single(float.Epsilon), Is.EqualTo(float.Epsilon));
            Assert.That(_echo.Single(float.NegativeInfinity), Is.EqualTo(float.NegativeInfinity));
            Assert.That(float.IsNaN(_echo.Single(float.NaN)), Is.True);
            Assert.That(_echo.Double(Math.PI), Is.EqualTo(Math.PI));
            Assert.That(BitConverter.DoubleToInt64Bits(_echo.Double(-0.0)), Is.EqualTo(BitConverter.DoubleToInt64Bits(-0.0)));
        }
    }

    [Test]
    public void EnumsTravelByTheirUnderlyingType()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.Enum(Color.Blue), Is.EqualTo(Color.Blue));
            Assert.That(_echo.Enum((Color)12345), Is.EqualTo((Color)12345), "undefined values pass unchanged");
            Assert.That(_echo.TinyEnum(Tiny.Max), Is.EqualTo(Tiny.Max));
            Assert.That(_echo.HugeEnum(Huge.Big), Is.EqualTo(Huge.Big));
        }
    }

    [TestCase("")]
    [TestCase("plain ascii")]
    [TestCase("Grüße, 世界 — 🚀🧵")]
    public void StringsRoundTripAsUtf8(string text)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.String(text), Is.EqualTo(text));
            Assert.That(_echo.Text(text), Is.EqualTo(text));
        }
    }

    [Test]
    public void NullStringAndNullArrayRoundTrip()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.String(null), Is.Null);
            Assert.That(_echo.Bytes(null), Is.Null);
            Assert.That(_echo.Bytes([]), Is.Empty);
        }
    }

    [Test]
    public void NullForNonNullableStringIsRejectedAsMalformed()
    {
        // The nullable annotation is part of the contract: a null that sneaks past it (here via
        // the null-forgiving operator) is refused by the server rather than handed to the target.
        var error = Assert.Throws<RpcException>(() => _echo.Text(null!));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo(RpcCodes.MalformedRequest));
            Assert.That(error.Message, Does.Contain("Text").And.Contain("null received for non-nullable parameter 'value'"));
            Assert.That(_target.Calls, Is.Zero);
        }
    }

    [Test]
    public void ByteArraysAndMemoryRoundTrip()
    {
        var data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.Bytes(data), Is.EqualTo(data));
            Assert.That(_echo.Memory(data).ToArray(), Is.EqualTo(data));
            Assert.That(_target.LastMemory, Is.EqualTo(data));
            Assert.That(_echo.Memory(ReadOnlyMemory<byte>.Empty).Length, Is.Zero);
        }
    }

    [Test]
    public void ClientResultMemoryOutlivesTheBuffer()
    {
        var first = _echo.Memory(new byte[] { 1, 2, 3 });
        _echo.Memory(new byte[] { 9, 9, 9 });
        Assert.That(first.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void MaxSizePayloadFitsExactly()
    {
        // Request: opcode (4) + length (4) + payload; reply: code (4) + length (4) + payload.
        var payload = new byte[Fixture.MaxMessage - 8];
        Random.Shared.NextBytes(payload);
        Assert.That(_echo.Bytes(payload), Is.EqualTo(payload));
    }

    [Test]
    public void OneByteOverTheLimitOverflowsBeforeSending()
    {
        var payload = new byte[Fixture.MaxMessage - 7];
        var error = Assert.Throws<RpcMessageOverflowException>(() => _echo.Bytes(payload));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Is.EqualTo($"RPC message of {Fixture.MaxMessage + 1} bytes exceeds the {Fixture.MaxMessage}-byte IPC buffer"));
            Assert.That(error.Needed, Is.EqualTo(Fixture.MaxMessage + 1));
            Assert.That(error.Limit, Is.EqualTo(Fixture.MaxMessage));
            Assert.That(_world.Client.CallsDelivered, Is.Zero, "nothing was sent");
            Assert.That(_target.Calls, Is.Zero);
        }
    }

    [Test]
    public void OversizeUnicodeStringCountsUtf8Bytes()
    {
        // 400 three-byte characters: 1200 UTF-8 bytes, though only 400 chars.
        var text = new string('€', 400);
        var error = Assert.Throws<RpcMessageOverflowException>(() => _echo.String(text));
        Assert.That(error.Message, Does.Contain("RPC message of 1208 bytes exceeds the 1024-byte IPC buffer"));
    }

    [Test]
    public void UnmanagedStructsTravelAsRawBytes()
    {
        var point = new Point { X = -5, Y = long.MaxValue, Flag = true, Letter = 'λ' };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_echo.Struct(point), Is.EqualTo(point));
            Assert.That(_echo.StructIn(in point), Is.EqualTo(point));
        }
    }

    [Test]
    public void ManyArgumentsKeepTheirOrder()
    {
        var sum = _echo.Mixed(1, -2, 300, 40000, -5, 6u, 7L, 8UL, flag: true);
        Assert.That(sum, Is.EqualTo(1 - 2 + 300 + 40000 - 5 + 6 + 7 + 8));
    }

    [Test]
    public void VoidFunctionWithoutArguments()
    {
        _echo.Nothing();
        Assert.That(_target.Calls, Is.EqualTo(1));
    }

    [Test]
    public void OutAndRefParametersAreWrittenBack()
    {
        string? text = "ref";
        var point = new Point { X = 10 };
        var result = _echo.Directions(5, ref text, out var doubled, ref point, out var copy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(6));
            Assert.That(text, Is.EqualTo("ref!"));
            Assert.That(doubled, Is.EqualTo(10));
            Assert.That(point.X, Is.EqualTo(15));
            Assert.That(copy, Is.EqualTo(Encoding.UTF8.GetBytes("ref!")));
        }
    }

    [Test]
    public void RefNullTravelsBothWays()
    {
        string? text = null;
        var point = default(Point);
        _echo.Directions(1, ref text, out _, ref point, out _);
        Assert.That(text, Is.EqualTo("was null"));
    }

    [Test]
    public void OutParametersAreNotSent()
    {
        // Directions sends plain (4) + text (4 + 3) + point; the out parameters add nothing.
        var request = new MessageBuffer(256);
        var writer = new RpcWriter(request, 23);
        writer.WriteInt32(1);
        writer.WriteString("abc");
        writer.WriteStruct(default(Point));
        var reply = new MessageBuffer(256);
        IEcho.Dispatch(_target, request, reply, _world.Server);
        var reader = new RpcReader(reply, _world.Server);
        Assert.That(reader.ReadInt32(), Is.EqualTo(RpcCodes.Ok));
    }

    [Test]
    public void WireLayoutIsOpcodeThenLittleEndianArguments()
    {
        var request = new MessageBuffer(64);
        var writer = new RpcWriter(request, 5);
        writer.WriteInt32(0x01020304);
        Assert.That(request.Payload.ToArray(), Is.EqualTo(new byte[] { 5, 0, 0, 0, 4, 3, 2, 1 }));

        var reply = new MessageBuffer(64);
        IEcho.Dispatch(_target, request, reply, _world.Server);
        Assert.That(reply.Payload.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 0, 4, 3, 2, 1 }));
    }

    [Test]
    public void ServiceNameIsEmitted()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(IEcho.ServiceName, Is.EqualTo("Echo"));
            Assert.That(IThrower.ServiceName, Is.EqualTo("Thrower"));
            Assert.That(IDerivedService.ServiceName, Is.EqualTo("Derived"));
            Assert.That(IBaseService.ServiceName, Is.EqualTo("Base"));
        }
    }

    [Test]
    public void NestedInterfaceWorksThroughTheManageExtension()
    {
        var cap = _world.Client.Grant(_world.ServerEp.Manage((Outer.INested)new NestedTarget()));
        Assert.That(new Outer.INested.Client(cap).Hello("nested"), Is.EqualTo("hello nested"));
    }
}
