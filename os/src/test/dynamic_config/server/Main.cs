using System.Text;
using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Test.DynamicConfig;

/// <summary>
/// The ROM every client gets: <c>&lt;config&gt;&lt;counter&gt;N&lt;/counter&gt;&lt;/config&gt;</c>. New content
/// goes into a background dataspace; <see cref="Dataspace"/> swaps it into the foreground, so a
/// client never sees a half-written version.
/// </summary>
internal sealed class RomSession(Env env) : IRomSession, IDisposable
{
    private AttachedRamDataspace? _foreground;
    private AttachedRamDataspace? _background;
    private Capability _sigh;

    public void Publish(int counter)
    {
        var text = Encoding.UTF8.GetBytes(XmlGenerator.Generate("config", g => g.Node("counter", () => g.AppendContent(counter))));
        _background?.Dispose();
        _background = new AttachedRamDataspace(env, (ulong)text.Length + 1);
        text.CopyTo(_background.Span);
        if (_sigh.IsValid)
            new SignalTransmitter(env, _sigh).Submit();
    }

    public Capability<IDataspace> Dataspace()
    {
        if (_background is not null)
        {
            _foreground?.Dispose();
            _foreground = _background;
            _background = null;
        }
        return _foreground?.Cap ?? Capability<IDataspace>.Invalid;
    }

    // Every version comes in a new dataspace: the client fetches it with Dataspace().
    public bool Update() => false;

    public void Sigh(Capability context) => _sigh = context;

    public void Dispose()
    {
        _foreground?.Dispose();
        _background?.Dispose();
    }
}

internal sealed class RomRoot(Env env, Server server) : RootComponent<IRomSession>(env, IRomSession.Dispatch)
{
    protected override IRomSession CreateSession(string args, SessionLabel label) => server.Open();

    protected override void DestroySession(IRomSession session) => server.Close((RomSession)session);
}

/// <summary>Counts from -1 upward every 250 ms and publishes each value to every open session.</summary>
internal sealed class Server
{
    private readonly Env _env;
    private readonly List<RomSession> _sessions = [];
    private readonly TimerConnection _timer;
    private readonly SignalHandler _tick;
    private int _counter = -1;

    public Server(Env env)
    {
        _env = env;
        _timer = new TimerConnection(env);
        _tick = new SignalHandler(env.Ep, Tick);
        _timer.Sigh(_tick);
        _timer.TriggerPeriodic(250_000);
        env.Announce(IRomSession.ServiceName, env.Ep.Manage((IRoot)new RomRoot(env, this)));
    }

    public RomSession Open()
    {
        var session = new RomSession(_env);
        session.Publish(_counter);
        _sessions.Add(session);
        return session;
    }

    public void Close(RomSession session)
    {
        _sessions.Remove(session);
        session.Dispose();
    }

    private void Tick()
    {
        _counter++;
        foreach (var session in _sessions)
            session.Publish(_counter);
    }
}

public static class Component
{
    public static void Construct(Env env) => _ = new Server(env);
}
