namespace Framework.Tool.Tcl;

/// <summary>What the host lets a script touch: its output streams, a base directory, and whether it may start processes.</summary>
public sealed class TclInterpreterOptions
{
    /// <summary>Where <c>puts</c> without a channel (or with <c>stdout</c>) writes.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>Where <c>puts stderr</c> writes.</summary>
    public TextWriter ErrorOutput { get; init; } = TextWriter.Null;

    /// <summary>Relative paths of <c>file</c>, <c>exec</c> and top-level <c>source</c> resolve against this directory.</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>When false, <c>exec</c> fails with an error instead of starting a host process.</summary>
    public bool AllowExec { get; init; } = true;

    /// <summary>Nesting limit of evaluations, like Tcl's recursion limit, so runaway recursion is an error not a crash.</summary>
    public int MaxNestingDepth { get; init; } = 1000;
}
