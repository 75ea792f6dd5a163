namespace Framework.Rpc.Tests;

[TestFixture]
public sealed class CapabilityTests
{
    private Fixture _world = null!;
    private BrokerTarget _target = null!;
    private IBroker.Client _broker = null!;

    [SetUp]
    public void SetUp()
    {
        _world = new Fixture();
        _target = new BrokerTarget(_world.ServerEp);
        _broker = new IBroker.Client(_world.Serve<IBroker>(_target, IBroker.Dispatch));
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

    [Test]
    public void TypedCapabilityResultIsTranslatedIntoTheClientsSpace()
    {
        var session = _broker.Open("first");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.IsValid, Is.True);
            Assert.That(session.Port, Is.SameAs(_world.Client), "received capabilities belong to the receiver's port");
            Assert.That(session.Handle.Value, Is.GreaterThanOrEqualTo(100UL), "selector of the client's space, not the server's");
            Assert.That(new IEcho.Client(session).Int32(77), Is.EqualTo(77));
            Assert.That(_target.Opened, Is.EqualTo(new[] { "first" }));
        }
    }

    [Test]
    public void CapabilityArgumentReachesTheServerAndCanBeCalledBack()
    {
        // The client serves its own echo object; the broker calls it through the translated cap.
        var clientEcho = new EchoTarget();
        var own = _world.ClientEp.Manage((IEcho)clientEcho);
        var result = _broker.CallBack(own, 31);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(31));
            Assert.That(clientEcho.Calls, Is.EqualTo(1));
        }
    }

    [Test]
    public void UntypedCapabilitiesRoundTrip()
    {
        var echo = _broker.Open("x");
        var back = _broker.Untyped(echo);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Is.EqualTo(echo.Untyped), "the same object maps to the same selector");
            Assert.That(_broker.IsValid(echo), Is.True);
            Assert.That(new IEcho.Client(back.Cast<IEcho>()).Text("via untyped"), Is.EqualTo("via untyped"));
        }
    }

    [Test]
    public void InvalidCapabilityTravelsAsInvalid()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_broker.IsValid(Capability.Invalid), Is.False);
            Assert.That(_broker.Untyped(Capability.Invalid).IsValid, Is.False);
        }
    }

    [Test]
    public void RefAndOutCapabilities()
    {
        var echo = _broker.Open("mine");
        var swapped = echo;
        _broker.Swap(ref swapped, out var other);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(other, Is.EqualTo(echo.Untyped));
            Assert.That(swapped, Is.Not.EqualTo(echo));
            Assert.That(swapped.Port, Is.SameAs(_world.Client));
            Assert.That(_target.Opened, Is.EqualTo(new[] { "mine", "swapped" }));
        }
    }

    [Test]
    public void MoreThanMaxCapsOverflowsBeforeSending()
    {
        var caps = Enumerable.Range(0, MessageBuffer.MaxCaps + 1).Select(i => _broker.Open("c" + i).Untyped).ToArray();
        var delivered = _world.Client.CallsDelivered;
        var error = Assert.Throws<RpcMessageOverflowException>(() => _broker.Many(caps[0], caps[1], caps[2], caps[3], caps[4]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Does.Contain($"more than {MessageBuffer.MaxCaps} capabilities"));
            Assert.That(_world.Client.CallsDelivered, Is.EqualTo(delivered));
        }
    }

    [Test]
    public void InvalidCapabilitiesDoNotCountAgainstTheLimit()
    {
        var cap = _broker.Open("one").Untyped;
        Assert.That(_broker.Many(cap, cap, cap, cap, Capability.Invalid), Is.EqualTo(5));
    }

    [Test]
    public void CallingThroughAnInvalidCapabilityFailsWithoutRenting()
    {
        var client = new IEcho.Client(Capability<IEcho>.Invalid);
        var error = Assert.Throws<IpcException>(() => client.Nothing());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Status, Is.EqualTo(IpcStatus.InvalidCapability));
            Assert.That(error.Message, Does.Contain("IEcho.Nothing"));
        }
    }

    [Test]
    public void DissolvedObjectFailsAtTheKernelLevel()
    {
        var target = new EchoTarget();
        var cap = _world.Client.Grant(_world.ServerEp.Manage((IEcho)target));
        _world.ServerEp.Dissolve(target);
        var error = Assert.Throws<IpcException>(() => new IEcho.Client(cap).Nothing());
        Assert.That(error.Status, Is.EqualTo(IpcStatus.InvalidCapability));
    }

    [Test]
    public void CapabilityIndexOutOfRangeIsMalformed()
    {
        var request = new MessageBuffer(64);
        var writer = new RpcWriter(request, 2);
        writer.WriteInt32(3); // capability index 3, but the message carries none
        var reply = new MessageBuffer(256);
        IBroker.Dispatch(_target, request, reply, _world.Server);
        var reader = new RpcReader(reply, _world.Server);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.ReadInt32(), Is.EqualTo(RpcCodes.MalformedRequest));
            Assert.That(reader.ReadString(), Does.Contain("IsValid").And.Contain("capability index 3 out of range"));
        }
    }
}
