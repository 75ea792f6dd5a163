namespace Framework.Rpc.Tests;

/// <summary>A server component and a client component connected through the loopback kernel.</summary>
internal sealed class Fixture
{
    public const int MaxMessage = 1024;

    // Different selector ranges make a missing translation visible: a server selector used
    // unchanged in the client's space names nothing there.
    public LoopbackPort Server { get; } = new("server", MaxMessage, firstSelector: 1);
    public LoopbackPort Client { get; } = new("client", MaxMessage, firstSelector: 100);

    public LoopbackEntrypoint ServerEp { get; }
    public LoopbackEntrypoint ClientEp { get; }

    public Fixture()
    {
        ServerEp = new LoopbackEntrypoint(Server);
        ClientEp = new LoopbackEntrypoint(Client);
    }

    /// <summary>Serves <paramref name="target"/> on the server and gives the client a capability to it.</summary>
    public Capability<T> Serve<T>(T target, RpcDispatch<T> dispatch) where T : class =>
        Client.Grant(ServerEp.Manage(target, dispatch));
}
