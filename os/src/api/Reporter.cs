using System.Text;
using Framework.Base;
using Framework.Util;

namespace Framework.Os.Api;

/// <summary>
/// Publishes XML reports through a Report session (Genode's Reporter). The session is open only
/// while <see cref="Enabled"/>; reports generated while disabled are dropped, as in Genode.
/// </summary>
public sealed class Reporter : IDisposable
{
    /// <summary>Buffer size of a report session unless asked otherwise.</summary>
    public const ulong DefaultBufferSize = 4096;

    private readonly Env _env;
    private Connection<IReportSession>? _connection;
    private AttachedDataspace? _buffer;

    /// <param name="nodeType">Type of the report's top-level node, e.g. <c>state</c>.</param>
    /// <param name="label">Session label, which names the report; defaults to <paramref name="nodeType"/>.</param>
    public Reporter(Env env, string nodeType, string? label = null, ulong bufferSize = DefaultBufferSize)
    {
        _env = env;
        NodeType = nodeType;
        Label = label ?? nodeType;
        BufferSize = bufferSize;
    }

    public string NodeType { get; }
    public string Label { get; }
    public ulong BufferSize { get; private set; }

    /// <summary>Opens (true) or closes (false) the report session.</summary>
    public bool Enabled
    {
        get => _connection is not null;
        set
        {
            if (value == Enabled)
                return;
            if (value)
                Open();
            else
                Close();
        }
    }

    private void Open()
    {
        // The server allocates the buffer from the donated quota; the rest covers its bookkeeping.
        var connection = new Connection<IReportSession>(_env, IReportSession.ServiceName, c => new IReportSession.Client(c),
            Label, BufferSize + 8192, $"buffer_size={BufferSize}");
        try
        {
            _buffer = new AttachedDataspace(_env, connection.Session.Dataspace());
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _connection = connection;
    }

    private void Close()
    {
        _buffer?.Dispose();
        _buffer = null;
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// Generates a report whose top-level node is <see cref="NodeType"/> and submits it; false if
    /// the reporter is disabled. Throws <see cref="ReportBufferExceededException"/> if it does not fit.
    /// </summary>
    public bool Generate(Action<XmlGenerator> content)
    {
        if (_connection is null || _buffer is null)
            return false;
        var result = XmlGenerator.Generate(checked((int)_buffer.Size), NodeType, content);
        if (result.Exceeded)
            throw new ReportBufferExceededException($"report \"{Label}\" exceeds its buffer of {_buffer.Size} bytes");
        Submit(result.Text);
        return true;
    }

    /// <summary>Submits <paramref name="text"/> as it is; false if the reporter is disabled.</summary>
    public bool Report(string text)
    {
        if (_connection is null || _buffer is null)
            return false;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if ((ulong)bytes + 1 > _buffer.Size)
            throw new ReportBufferExceededException($"report \"{Label}\" exceeds its buffer of {_buffer.Size} bytes");
        Submit(text);
        return true;
    }

    /// <summary>Submits an empty report, which clears the ROM module's content.</summary>
    public void Clear()
    {
        if (_connection is not null)
            _connection.Session.Submit(0);
    }

    private void Submit(string text)
    {
        var span = _buffer!.Span;
        var length = Encoding.UTF8.GetBytes(text, span);
        span[length] = 0;
        _connection!.Session.Submit((ulong)length);
    }

    /// <summary>Reopens the session with a buffer of <paramref name="bufferSize"/> bytes.</summary>
    public void Resize(ulong bufferSize)
    {
        var enabled = Enabled;
        Close();
        BufferSize = bufferSize;
        if (enabled)
            Open();
    }

    public void Dispose() => Close();
}

/// <summary>
/// A <see cref="Reporter"/> that grows its buffer (doubling, reopening the session) instead of
/// failing when a report does not fit (Genode's Expanding_reporter). Always enabled.
/// </summary>
public sealed class ExpandingReporter : IDisposable
{
    private readonly Reporter _reporter;

    public ExpandingReporter(Env env, string nodeType, string? label = null, ulong initialBufferSize = Reporter.DefaultBufferSize)
    {
        _reporter = new Reporter(env, nodeType, label, initialBufferSize) { Enabled = true };
    }

    public ulong BufferSize => _reporter.BufferSize;

    public void Generate(Action<XmlGenerator> content)
    {
        while (true)
        {
            try
            {
                _reporter.Generate(content);
                return;
            }
            catch (ReportBufferExceededException)
            {
                _reporter.Resize(_reporter.BufferSize * 2);
            }
        }
    }

    public void Dispose() => _reporter.Dispose();
}

/// <summary>A report did not fit the session's buffer.</summary>
public sealed class ReportBufferExceededException(string message) : Exception(message);

/// <summary>A dataspace someone else allocated (e.g. a session's buffer), attached for our lifetime.</summary>
internal sealed class AttachedDataspace : IDisposable
{
    private readonly Env _env;
    private bool _disposed;

    public AttachedDataspace(Env env, Framework.Rpc.Capability<Framework.Base.Session.IDataspace> ds)
    {
        _env = env;
        Size = new Framework.Base.Session.IDataspace.Client(ds).Size();
        Address = env.Rm.Attach(ds);
    }

    public ulong Address { get; }
    public ulong Size { get; }
    public Span<byte> Span => _env.Rm.Span(Address, checked((int)Size));

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _env.Rm.Detach(Address);
    }
}
