using Framework.Backends;
using Framework.Platform;
using Framework.Rpc;

namespace Framework.Kernel.Contract.Tests;

/// <summary>The backends of the registry, for <c>[TestFixtureSource]</c>, and helpers the contract tests share.</summary>
internal static class Backend
{
    public static IEnumerable<string> Names => KernelBackends.Names;

    public static Machine Boot(string name) => KernelBackends.Boot(name, new MachineOptions { RamBytes = 64UL << 20 });

    /// <summary>
    /// A thread and the endpoint it serves; <paramref name="body"/> gets the endpoint. The thread is
    /// not started, so objects can be minted on the endpoint first.
    /// </summary>
    public static (ThreadHandle Thread, EndpointHandle Endpoint) CreateServer(
        this IKernelPlatform k, PdHandle pd, string name, int priority, Func<EndpointHandle, Action> body)
    {
        Action? run = null;
        var thread = k.CreateThread(pd, name, priority, () => run!());
        var endpoint = k.CreateEndpoint(thread);
        run = body(endpoint);
        return (thread, endpoint);
    }

    /// <summary>A serve loop that adds the two ints of each request (plus the opcode) and logs signals.</summary>
    public static Func<EndpointHandle, Action> Adder(IKernelPlatform k, List<string> log) => ep => () =>
    {
        var receive = new MessageBuffer(k.Info.MaxMessageBytes);
        var reply = new MessageBuffer(k.Info.MaxMessageBytes);
        k.Serve(ep, receive, info =>
        {
            if (info.Kind == ReceiveKind.Signal)
            {
                log.Add($"signal imprint={info.Imprint} count={info.SignalCount}");
                return null;
            }
            if (info.Kind != ReceiveKind.Call)
                return null;
            var r = new RpcReader(receive, null);
            var opcode = r.ReadInt32();
            var sum = r.ReadInt32() + r.ReadInt32();
            new RpcWriter(reply, 0).WriteInt32(sum + opcode);
            return reply;
        });
    };

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

    /// <summary>A request of <paramref name="bytes"/> bytes of payload.</summary>
    public static MessageBuffer Request(IKernelPlatform k, int bytes) =>
        new(Math.Max(16, Math.Max(bytes, k.Info.MaxMessageBytes))) { Length = bytes };
}
