using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Base;

/// <summary>
/// An open session: the client stub plus the duty to close it. Disposing closes the session at
/// the parent, which returns the donated quota (Genode's Connection).
/// </summary>
public sealed class Connection<T> : IDisposable where T : class
{
    private readonly Env _env;
    private bool _closed;

    /// <param name="client">Builds the client stub, typically <c>c =&gt; new IFoo.Client(c)</c>.</param>
    public Connection(Env env, string serviceName, Func<Capability<T>, T> client, string label = "",
        ulong ramQuota = 4096, string extraArgs = "")
    {
        _env = env;
        Cap = env.Session<T>(serviceName, label, ramQuota, extraArgs);
        Session = client(Cap);
    }

    public Capability<T> Cap { get; }

    /// <summary>The client stub: call the session's functions through it.</summary>
    public T Session { get; }

    /// <summary>Donates more RAM quota to the session.</summary>
    public void Upgrade(ulong ramQuota) => _env.Parent.Upgrade(Cap, $"ram_quota={ramQuota}");

    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        _env.Parent.Close(Cap);
    }
}
