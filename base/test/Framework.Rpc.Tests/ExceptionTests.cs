namespace Framework.Rpc.Tests;

[TestFixture]
public sealed class ExceptionTests
{
    private Fixture _world = null!;
    private ThrowerTarget _target = null!;
    private IThrower.Client _thrower = null!;

    [SetUp]
    public void SetUp()
    {
        _world = new Fixture();
        _target = new ThrowerTarget();
        _thrower = new IThrower.Client(_world.Serve<IThrower>(_target, IThrower.Dispatch));
    }

    [TearDown]
    public void NoBufferLeaks()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_world.Client.Outstanding, Is.Zero);
            Assert.That(_world.Server.Outstanding, Is.Zero);
        }
    }

    private int ReplyCode(int opcode, int argument)
    {
        var request = new MessageBuffer(256);
        var writer = new RpcWriter(request, opcode);
        writer.WriteInt32(argument);
        var reply = new MessageBuffer(256);
        IThrower.Dispatch(_target, request, reply, _world.Server);
        return new RpcReader(reply, null).ReadInt32();
    }

    [Test]
    public void DeclaredExceptionsBecomeGenodeCodes()
    {
        // Four declared types: the first gets ExceptionBase - 4, the last ExceptionBase - 1.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ReplyCode(0, 0), Is.EqualTo(-1004));
            Assert.That(ReplyCode(0, 1), Is.EqualTo(-1003));
            Assert.That(ReplyCode(0, 2), Is.EqualTo(-1002));
            Assert.That(ReplyCode(0, 3), Is.EqualTo(-1001));
            Assert.That(RpcExceptions.Code(1, 4), Is.EqualTo(-1004));
            Assert.That(RpcExceptions.Code(4, 4), Is.EqualTo(-1001));
        }
    }

    [Test]
    public void DeclaredExceptionCrossesWithItsMessage()
    {
        var error = Assert.Throws<QuotaExceededException>(() => _thrower.Act(0));
        Assert.That(error.Message, Is.EqualTo("quota of 4096 bytes exceeded"));
    }

    [Test]
    public void ExceptionWithoutMessageConstructorIsDefaultConstructed()
    {
        var error = Assert.Throws<NotFoundException>(() => _thrower.Act(1));
        Assert.That(error.Message, Is.EqualTo("not found (client default)"));
    }

    [Test]
    public void DerivedExceptionDeclaredFirstIsNotMistakenForItsBase()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => _thrower.Act(2), Throws.TypeOf<StrictlyDeniedException>().With.Message.EqualTo("strictly denied"));
            Assert.That(() => _thrower.Act(3), Throws.TypeOf<DeniedException>().With.Message.EqualTo("denied"));
        }
    }

    [Test]
    public void ExceptionCodesAreCountedPerFunction()
    {
        int value = 0;
        var error = Assert.Throws<QuotaExceededException>(() => _thrower.Out(out value, fail: true));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Is.EqualTo("no value"));
            _thrower.Out(out value, fail: false);
            Assert.That(value, Is.EqualTo(42));
        }
    }

    [Test]
    public void SuccessfulCallReturnsNormally() => Assert.That(_thrower.Act(99), Is.EqualTo(99));

    [Test]
    public void UndeclaredExceptionPropagatesOutOfDispatch()
    {
        var request = new MessageBuffer(64);
        _ = new RpcWriter(request, 1);
        var reply = new MessageBuffer(64);
        Assert.That(() => IThrower.Dispatch(_target, request, reply, _world.Server),
            Throws.InvalidOperationException.With.Message.EqualTo("crash"));
    }

    [Test]
    public void UndeclaredExceptionReachesTheClientAsServerFault()
    {
        var error = Assert.Throws<RpcException>(() => _thrower.Act(4));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo(RpcCodes.ServerFault));
            Assert.That(error.Message, Does.Contain("IThrower.Act").And.Contain("ServerFault"));
            Assert.That(_world.ServerEp.LastFault, Is.TypeOf<InvalidOperationException>());
        }
    }

    [Test]
    public void InvalidOpcodeThrowsRpcExceptionOnTheClient()
    {
        // A client of the derived interface calls Third() on an object that serves only the base.
        var baseCap = _world.Serve<IBaseService>(new BaseTarget(), IBaseService.Dispatch);
        var derived = new IDerivedService.Client(baseCap.Untyped.Cast<IDerivedService>());
        var error = Assert.Throws<RpcException>(() => derived.Third());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo(RpcCodes.InvalidOpcode));
            Assert.That(error.Message, Does.Contain("IDerivedService.Third").And.Contain("InvalidOpcode"));
            Assert.That(error.RemoteMessage, Does.Contain("IBaseService has no opcode 2"));
            Assert.That(derived.First(), Is.EqualTo(10), "the shared opcodes still work");
        }
    }

    [Test]
    public void TruncatedRequestGetsMalformedReplyNamingTheMethod()
    {
        var request = new MessageBuffer(64);
        var writer = new RpcWriter(request, 0);
        writer.WriteInt16(7); // Act needs four bytes
        var reply = new MessageBuffer(256);
        IThrower.Dispatch(_target, request, reply, _world.Server);
        var reader = new RpcReader(reply, null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.ReadInt32(), Is.EqualTo(RpcCodes.MalformedRequest));
            Assert.That(reader.ReadString(), Is.EqualTo("malformed request for Framework.Rpc.Tests.IThrower.Act: message truncated: needed 4 bytes at offset 4, have 2"));
        }
    }

    [Test]
    public void TrailingBytesAreMalformed()
    {
        var request = new MessageBuffer(64);
        var writer = new RpcWriter(request, 0);
        writer.WriteInt32(5);
        writer.WriteByte(1);
        var reply = new MessageBuffer(256);
        IThrower.Dispatch(_target, request, reply, _world.Server);
        var reader = new RpcReader(reply, null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.ReadInt32(), Is.EqualTo(RpcCodes.MalformedRequest));
            Assert.That(reader.ReadString(), Does.Contain("Act").And.Contain("1 unexpected trailing bytes"));
        }
    }

    [Test]
    public void EmptyRequestIsMalformed()
    {
        var reply = new MessageBuffer(256);
        IThrower.Dispatch(_target, new MessageBuffer(64), reply, _world.Server);
        Assert.That(new RpcReader(reply, null).ReadInt32(), Is.EqualTo(RpcCodes.MalformedRequest));
    }

    [Test]
    public void SameBufferForRequestAndReplyIsRefused()
    {
        var buffer = new MessageBuffer(64);
        new RpcWriter(buffer, 0).WriteInt32(1);
        Assert.That(() => IThrower.Dispatch(_target, buffer, buffer, _world.Server), Throws.ArgumentException);
    }

    [Test]
    public void MalformedReplyPropagatesToTheCaller()
    {
        // A server that replies "ok" without the promised int result.
        var liar = new LoopbackPort("liar");
        var kernelObject = new KernelObject(liar, 1, (request, reply) => _ = new RpcWriter(reply, RpcCodes.Ok));
        var cap = _world.Client.Grant(new Capability(liar, liar.Install(kernelObject)));
        var client = new IThrower.Client(cap.Cast<IThrower>());
        Assert.That(() => client.Act(1), Throws.TypeOf<RpcMessageFormatException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void UnknownReplyCodeIsAnRpcException()
    {
        var odd = new LoopbackPort("odd");
        var kernelObject = new KernelObject(odd, 1, (request, reply) => _ = new RpcWriter(reply, -1999));
        var cap = _world.Client.Grant(new Capability(odd, odd.Install(kernelObject)));
        var error = Assert.Throws<RpcException>(() => new IThrower.Client(cap.Cast<IThrower>()).Act(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo(-1999));
            Assert.That(error.RemoteMessage, Is.Null);
        }
    }

    [Test]
    public void LongExceptionMessagesAreShortenedToFit()
    {
        var reply = new MessageBuffer(4096);
        var port = new LoopbackPort("small", maxMessageBytes: 64);
        RpcExceptions.WriteDeclared(reply, port, -1001, new DeniedException(new string('ü', 100)));
        var reader = new RpcReader(reply, null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.ReadInt32(), Is.EqualTo(-1001));
            Assert.That(reader.ReadString(), Does.EndWith("...").And.StartWith("üüü"));
            Assert.That(reply.Length, Is.LessThanOrEqualTo(64));
        }
    }
}
