using Framework.Base;
using Framework.Rpc;

namespace Hello;

/// <summary>The Hello session: the RPC interface of the hello tutorial.</summary>
[RpcInterface("Hello")]
public partial interface IHelloSession
{
    [Rpc(0)]
    void SayHello();

    [Rpc(1)]
    int Add(int a, int b);
}

/// <summary>A connection to a Hello service.</summary>
public sealed class HelloConnection(Env env, string label = "")
    : IDisposable
{
    private readonly Connection<IHelloSession> _connection =
        new(env, IHelloSession.ServiceName, cap => new IHelloSession.Client(cap), label, ramQuota: 4096);

    public void SayHello() => _connection.Session.SayHello();

    public int Add(int a, int b) => _connection.Session.Add(a, b);

    public void Dispose() => _connection.Dispose();
}
