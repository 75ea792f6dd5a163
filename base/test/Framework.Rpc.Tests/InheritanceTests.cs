namespace Framework.Rpc.Tests;

[TestFixture]
public sealed class InheritanceTests
{
    [Test]
    public void DerivedClientCallsInheritedAndOwnFunctions()
    {
        var world = new Fixture();
        var client = new IDerivedService.Client(world.Serve<IDerivedService>(new DerivedTarget(), IDerivedService.Dispatch));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.First(), Is.EqualTo(1));
            Assert.That(client.Second(4), Is.EqualTo(8));
            Assert.That(client.Third(), Is.EqualTo(3));
            Assert.That(client, Is.InstanceOf<IBaseService>());
        }
    }

    [Test]
    public void InheritedFunctionsKeepTheirOpcodes()
    {
        // A base-interface client talking to a derived object: opcodes 0 and 1 mean the same.
        var world = new Fixture();
        var derivedCap = world.Serve<IDerivedService>(new DerivedTarget(), IDerivedService.Dispatch);
        var asBase = new IBaseService.Client(derivedCap.Untyped.Cast<IBaseService>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(asBase.First(), Is.EqualTo(1));
            Assert.That(asBase.Second(21), Is.EqualTo(42));
        }
    }

    [Test]
    public void DerivedDispatchServesTheBaseOpcodeOnTheWire()
    {
        var request = new MessageBuffer(64);
        new RpcWriter(request, 1).WriteInt32(5);
        var reply = new MessageBuffer(64);
        IDerivedService.Dispatch(new DerivedTarget(), request, reply, new LoopbackPort("p"));
        Assert.That(reply.Payload.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 0, 10, 0, 0, 0 }));
    }

    [Test]
    public void ManageExtensionPicksTheMostDerivedInterface()
    {
        var world = new Fixture();
        IDerivedService target = new DerivedTarget();
        Capability<IDerivedService> cap = world.ServerEp.Manage(target);
        Assert.That(new IDerivedService.Client(world.Client.Grant(cap)).Third(), Is.EqualTo(3));
    }
}
