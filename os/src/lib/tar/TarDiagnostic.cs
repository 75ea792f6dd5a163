namespace Framework.Os.Tar;

public enum TarSeverity
{
    /// <summary>Reading went on: something was ignored or not reconstructed (a sparse file, an unknown pax record).</summary>
    Warning,

    /// <summary>Reading stopped here: the entries before it are valid, nothing after it was read.</summary>
    Error,
}

/// <summary>A finding while reading an archive, naming where: the byte offset of the header and, when known, the member.</summary>
public readonly record struct TarDiagnostic(TarSeverity Severity, long Offset, string? Member, string Message)
{
    public override string ToString() =>
        Member is null
            ? $"{(Severity == TarSeverity.Error ? "error" : "warning")}: offset 0x{Offset:x}: {Message}"
            : $"{(Severity == TarSeverity.Error ? "error" : "warning")}: offset 0x{Offset:x}, member '{Member}': {Message}";
}
