namespace Framework.Tool.Tcl;

/// <summary>
/// A script error surfaced to the host. It names the file and line of the innermost command that failed
/// (for syntax errors: where the unclosed construct started), and carries Tcl's errorInfo stack.
/// </summary>
public sealed class TclException : Exception
{
    public TclException()
        : this("Tcl error")
    {
    }

    public TclException(string message)
        : this(message, null, 0, message, "NONE")
    {
    }

    public TclException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorInfo = message;
        ErrorCode = "NONE";
    }

    public TclException(string message, string? fileName, int line, string errorInfo, string errorCode)
        : base(message)
    {
        FileName = fileName;
        Line = line;
        ErrorInfo = errorInfo;
        ErrorCode = errorCode;
    }

    /// <summary>The file whose command failed, or null when the script was evaluated without a file name.</summary>
    public string? FileName { get; }

    /// <summary>The 1-based line of the failing command within <see cref="FileName"/>; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Tcl's errorInfo: the message followed by "while executing ..." and the call chain.</summary>
    public string ErrorInfo { get; }

    /// <summary>Tcl's errorCode ("NONE" unless the script set one).</summary>
    public string ErrorCode { get; }

    /// <summary>"file:line: message", the form a run tool prints.</summary>
    public string Location => FileName is null ? $"line {Line}" : $"{FileName}:{Line}";

    public override string ToString() => $"{Location}: {Message}{Environment.NewLine}{ErrorInfo}";
}

/// <summary>
/// Thrown by <c>exit</c> to unwind every script level (catch does not stop it, as in tclsh). The
/// top-level <see cref="TclInterpreter.Evaluate"/> turns it into a <see cref="TclOutcome"/>; host
/// commands may throw it themselves to end the script with a code.
/// </summary>
public sealed class TclExitException : Exception
{
    public TclExitException()
        : this(0)
    {
    }

    public TclExitException(int exitCode)
        : base($"exit {exitCode}")
    {
        ExitCode = exitCode;
    }

    public TclExitException(string message)
        : base(message)
    {
    }

    public TclExitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; }
}
