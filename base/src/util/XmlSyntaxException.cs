namespace Framework.Util;

/// <summary>Malformed XML, with the 1-based position where the parser noticed the problem.</summary>
public sealed class XmlSyntaxException : FormatException
{
    public XmlSyntaxException(string reason, int line, int column)
        : base($"{line}:{column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the position (e.g. "unclosed &lt;start&gt; opened at 3:5").</summary>
    public string Reason { get; }

    public int Line { get; }
    public int Column { get; }
}
