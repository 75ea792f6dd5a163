namespace Framework.Util;

/// <summary>
/// A session label: the chain of names a session request passed through, joined by
/// <see cref="Separator"/>, e.g. <c>init -> server -> client</c>.
/// </summary>
public readonly struct SessionLabel : IEquatable<SessionLabel>
{
    public const string Separator = " -> ";

    private readonly string? _value;

    public SessionLabel(string? value) => _value = value;

    public string Value => _value ?? "";

    public bool IsEmpty => Value.Length == 0;

    /// <summary>The part after the last separator (the whole label if there is none).</summary>
    public SessionLabel LastElement
    {
        get
        {
            int at = Value.LastIndexOf(Separator, StringComparison.Ordinal);
            return at < 0 ? this : new SessionLabel(Value[(at + Separator.Length)..]);
        }
    }

    /// <summary>The part before the last separator (empty if there is none).</summary>
    public SessionLabel Prefix
    {
        get
        {
            int at = Value.LastIndexOf(Separator, StringComparison.Ordinal);
            return at < 0 ? default : new SessionLabel(Value[..at]);
        }
    }

    /// <summary>
    /// Init's labeling rule for a request from child <paramref name="childName"/>: an empty label
    /// becomes the child's name, any other becomes <c>child -> label</c>.
    /// </summary>
    public SessionLabel Prefixed(string childName)
    {
        if (string.IsNullOrEmpty(childName))
            return this;
        return IsEmpty ? new SessionLabel(childName) : new SessionLabel(childName + Separator + Value);
    }

    /// <summary>The <c>label</c> argument of a session-argument string (empty if absent).</summary>
    public static SessionLabel FromArgs(string? args) => new(ArgString.FindArg(args, "label").StringValue(""));

    /// <summary>The label as a quoted session-argument value.</summary>
    public string ToArgValue() => ArgString.Quote(Value);

    public bool Equals(SessionLabel other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is SessionLabel other && Equals(other);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
    public static bool operator ==(SessionLabel a, SessionLabel b) => a.Equals(b);
    public static bool operator !=(SessionLabel a, SessionLabel b) => !a.Equals(b);
    public override string ToString() => Value;
}
