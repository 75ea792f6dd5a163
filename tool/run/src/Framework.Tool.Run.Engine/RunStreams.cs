using System.Text;

namespace Framework.Tool.Run;

/// <summary>
/// The run's standard and error streams: captured for <see cref="RunScriptResult"/> and, when given,
/// passed through to the console as they are written, so a person sees the log live.
/// </summary>
internal sealed class RunStreams : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public RunStreams(TextWriter? consoleOut, TextWriter? consoleError)
    {
        // Log lines arrive on kernel threads while the host thread waits; one writer at a time.
        Out = TextWriter.Synchronized(new TeeWriter(_out, consoleOut));
        Error = TextWriter.Synchronized(new TeeWriter(_error, consoleError));
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public string CapturedOut => _out.ToString();

    public string CapturedError => _error.ToString();

    public void Flush()
    {
        Out.Flush();
        Error.Flush();
    }

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
    }

    private sealed class TeeWriter(TextWriter capture, TextWriter? console) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            capture.Write(value);
            console?.Write(value);
        }

        public override void Write(string? value)
        {
            capture.Write(value);
            console?.Write(value);
        }

        public override void WriteLine(string? value)
        {
            // Newlines are '\n' whatever the host, so captured output compares the same everywhere.
            capture.Write(value);
            capture.Write('\n');
            console?.Write(value + "\n");
            console?.Flush();
        }

        public override void WriteLine()
        {
            capture.Write('\n');
            console?.Write('\n');
            console?.Flush();
        }

        public override void Flush() => console?.Flush();
    }
}
