namespace Framework.Tool.Tcl;

/// <summary>The completion code of a Tcl command, with Tcl's numeric values (TCL_OK .. TCL_CONTINUE).</summary>
public enum TclCode
{
    Ok = 0,
    Error = 1,
    Return = 2,
    Break = 3,
    Continue = 4,
}

/// <summary>
/// What a command returns: a completion code and a string value. Tcl uses result codes rather than
/// exceptions for break, continue and return, because loops hit them all the time.
/// </summary>
public readonly struct TclResult : IEquatable<TclResult>
{
    private readonly string? _value;

    public TclResult(TclCode code, string value)
    {
        Code = code;
        _value = value;
    }

    public TclCode Code { get; }

    /// <summary>The result string; for <see cref="TclCode.Error"/> the error message.</summary>
    public string Value => _value ?? string.Empty;

    public bool IsOk => Code == TclCode.Ok;

    public static TclResult Empty => default;

    public static TclResult Ok(string value = "") => new(TclCode.Ok, value);

    public static TclResult Error(string message) => new(TclCode.Error, message);

    public static TclResult Break => new(TclCode.Break, string.Empty);

    public static TclResult Continue => new(TclCode.Continue, string.Empty);

    public static TclResult FromBool(bool value) => new(TclCode.Ok, value ? "1" : "0");

    public static TclResult FromInt(long value) => new(TclCode.Ok, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public bool Equals(TclResult other) => Code == other.Code && Value == other.Value;

    public override bool Equals(object? obj) => obj is TclResult other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Code, Value);

    public override string ToString() => Code == TclCode.Ok ? Value : $"{Code}: {Value}";

    public static bool operator ==(TclResult left, TclResult right) => left.Equals(right);

    public static bool operator !=(TclResult left, TclResult right) => !left.Equals(right);
}

/// <summary>A command implemented by the host. <paramref name="args"/>[0] is the command name, as in Tcl's C API.</summary>
public delegate TclResult TclCommand(TclInterpreter interpreter, IReadOnlyList<string> args);

/// <summary>How a top-level evaluation ended: normally with a result, or through <c>exit</c>.</summary>
public sealed record TclOutcome(string Result, bool Exited, int ExitCode)
{
    public static TclOutcome Completed(string result) => new(result, false, 0);

    public static TclOutcome Exit(int code) => new(string.Empty, true, code);
}
