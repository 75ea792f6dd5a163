using System.Text;
using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Rpc;

namespace Framework.Os.Init.Runtime;

// The os-level sessions init uses (Report, Timer) are confined to these small classes, so that
// init runs without Framework.Os.Api.dll as long as its config asks for neither a report nor a
// heartbeat.

/// <summary>init's "state" report: a Report session with its buffer attached.</summary>
internal sealed class StateReportSession : IDisposable
{
    private readonly Env _env;
    private readonly Connection<IReportSession> _connection;
    private readonly ulong _address;
    private readonly ulong _size;

    public StateReportSession(Env env, ulong bufferSize)
    {
        _env = env;
        _connection = new Connection<IReportSession>(env, IReportSession.ServiceName, c => new IReportSession.Client(c),
            "state", bufferSize + 8192, $"buffer_size={bufferSize}");
        var ds = _connection.Session.Dataspace();
        _size = new IDataspace.Client(ds).Size();
        _address = env.Rm.Attach(ds);
    }

    public ulong BufferSize => _size;

    /// <summary>Publishes <paramref name="text"/>; false if it does not fit the buffer.</summary>
    public bool Submit(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if ((ulong)bytes.Length + 1 > _size)
            return false;
        var span = _env.Rm.Span(_address, bytes.Length + 1);
        bytes.CopyTo(span);
        span[bytes.Length] = 0;
        _connection.Session.Submit((ulong)bytes.Length);
        return true;
    }

    public void Dispose()
    {
        _env.Rm.Detach(_address);
        _connection.Dispose();
    }
}

/// <summary>A Timer session whose timeout runs <c>handler</c> on init's entrypoint.</summary>
internal sealed class InitTimer : IDisposable
{
    private readonly Connection<ITimerSession> _connection;
    private readonly SignalHandler _signal;

    public InitTimer(Env env, string label, Action handler)
    {
        _connection = new Connection<ITimerSession>(env, ITimerSession.ServiceName, c => new ITimerSession.Client(c),
            label, 8192);
        _signal = new SignalHandler(env.Ep, handler);
        _connection.Session.Sigh(_signal);
    }

    public void Once(ulong ms) => _connection.Session.TriggerOnce(ms * 1000);

    public void Periodic(ulong ms) => _connection.Session.TriggerPeriodic(ms * 1000);

    public void Dispose()
    {
        _connection.Session.TriggerPeriodic(0);
        _signal.Dispose();
        _connection.Dispose();
    }

    /// <summary>Opens a timer, or returns null (with the reason) if no Timer service is reachable.</summary>
    public static InitTimer? TryOpen(Env env, string label, Action handler, out string? failure)
    {
        try
        {
            failure = null;
            return new InitTimer(env, label, handler);
        }
        catch (Exception e) when (e is ServiceDeniedException or InsufficientRamQuotaException or UnavailableException
            or RpcException or FileNotFoundException)
        {
            failure = e.Message;
            return null;
        }
    }
}
