using System.Buffers.Binary;
using System.Text;

namespace Framework.Rpc.Tests;

/// <summary>[MaxBytes] bounds: checked by the client before sending, by the server on receipt, and on results.</summary>
[TestFixture]
public sealed class BoundTests
{
    private Fixture _world = null!;
    private BoundedTarget _target = null!;
    private Capability<IBounded> _cap;

    [SetUp]
    public void SetUp()
    {
        _world = new Fixture();
        _target = new BoundedTarget();
        _cap = _world.Serve<IBounded>(_target, IBounded.Dispatch);
    }

    [Test]
    public void An_argument_within_its_bound_goes_through()
    {
        Assert.That(new IBounded.Client(_cap).Greet("a"), Is.EqualTo("hi a"));
    }

    [Test]
    public void An_argument_past_its_bound_is_refused_before_anything_is_sent()
    {
        var error = Assert.Throws<RpcArgumentTooLargeException>(() => new IBounded.Client(_cap).Greet("ünïcode"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Is.EqualTo("Framework.Rpc.Tests.IBounded.Greet: parameter 'name' is 9 bytes of UTF-8, at most 8 fit"));
            Assert.That(_world.Client.CallsDelivered, Is.Zero);
            Assert.That(_world.Client.Outstanding, Is.Zero, "the buffer went back to the pool");
        }
    }

    [Test]
    public void A_hand_made_request_past_the_bound_is_answered_as_malformed()
    {
        // A client that bypasses its stub: opcode 0, then a 9-byte string.
        var message = _world.Client.Rent();
        var w = new RpcWriter(message, 0);
        w.WriteString("123456789");
        _cap.Call(message);
        var code = BinaryPrimitives.ReadInt32LittleEndian(message.Data);
        var text = Encoding.UTF8.GetString(message.Data, 8, message.Length - 8);
        _world.Client.Return(message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(RpcCodes.MalformedRequest));
            Assert.That(text, Does.Contain("string of 9 bytes at offset 4 exceeds its bound of 8"));
            Assert.That(_target.Calls, Is.Zero, "the server's code never saw it");
        }
    }

    [Test]
    public void A_result_past_its_bound_is_a_server_fault_not_a_truncation()
    {
        Assert.That(() => new IBounded.Client(_cap).Greet("abc"),
            Throws.TypeOf<RpcException>().With.Message.Contains("ServerFault").And.Message.Contains(nameof(RpcArgumentTooLargeException)));
    }
}
