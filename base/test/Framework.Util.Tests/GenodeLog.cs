using Framework.Util;

namespace Framework.Util.Tests;

/// <summary>
/// Records what a Genode component's <c>log()</c> calls would show on core's LOG: each message is
/// cut into session writes and printed line by line with the session label.
/// </summary>
internal sealed class GenodeLog(string label = "")
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public void Log(params ReadOnlySpan<object?> args)
    {
        foreach (string write in LogFormat.SessionWrites(LogFormat.Format(args)))
            _lines.AddRange(LogFormat.CoreLines(label, write));
    }

    /// <summary>A raw write on a LOG session with another label (Genode's <c>Log_connection::write</c>).</summary>
    public void Write(string sessionLabel, string text) => _lines.AddRange(LogFormat.CoreLines(sessionLabel, text));
}
