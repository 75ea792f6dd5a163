using Framework.Rpc;

namespace Framework.Kernel.Native.Platform.Tests;

/// <summary>The client side of the adding servers these tests run.</summary>
internal static class Calls
{
    /// <summary>Sends opcode 0 and <paramref name="a"/>, <paramref name="b"/>; returns the int the server replies with.</summary>
    public static int Add(Capability cap, int a, int b)
    {
        var msg = cap.Port!.Rent();
        try
        {
            var w = new RpcWriter(msg, 0);
            w.WriteInt32(a);
            w.WriteInt32(b);
            cap.Call(msg);
            var r = new RpcReader(msg, cap.Port);
            Assert.That(r.ReadInt32(), Is.Zero);
            return r.ReadInt32();
        }
        finally
        {
            cap.Port.Return(msg);
        }
    }
}
