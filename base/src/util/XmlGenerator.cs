using System.Text;

namespace Framework.Util;

/// <summary>Outcome of <see cref="XmlGenerator.Generate(int, string, Action{XmlGenerator})"/>.</summary>
public readonly struct XmlGenerateResult
{
    private XmlGenerateResult(string? text, int usedBytes)
    {
        Text = text ?? "";
        Exceeded = text is null;
        UsedBytes = usedBytes;
    }

    internal static XmlGenerateResult Ok(string text, int usedBytes) => new(text, usedBytes);

    internal static XmlGenerateResult BufferExceeded => new(null, 0);

    /// <summary>True if the XML did not fit the byte budget (Genode's Buffer_error::EXCEEDED).</summary>
    public bool Exceeded { get; }

    public bool Succeeded => !Exceeded;

    /// <summary>The generated XML, ending with a line break; empty if <see cref="Exceeded"/>.</summary>
    public string Text { get; }

    /// <summary>
    /// Bytes the XML occupies in a Genode buffer: its UTF-8 length plus the terminating NUL, as
    /// Genode's generator reports it.
    /// </summary>
    public int UsedBytes { get; }
}

/// <summary>
/// Genode's <c>Xml_generator</c>: builds XML through nested callbacks and prints it canonically,
/// one node per line, indented with one tab per level, attributes in the order they were added.
/// </summary>
/// <remarks>
/// If a node's callback throws, the node and everything it produced are removed and the exception
/// propagates, so a caller can catch it and carry on with a consistent document (Genode's
/// roll-back semantics). Attributes may be added after sub-nodes; they still go into the start tag.
/// </remarks>
public sealed class XmlGenerator
{
    /// <summary>State of one open node. Restored by value when a sub-node's callback throws.</summary>
    private sealed class Frame(Frame? parent, int indent, int attrOffset)
    {
        public Frame? Parent { get; } = parent;
        public int Indent { get; } = indent;
        public int AttrOffset { get; set; } = attrOffset;
        public bool HasContent { get; set; }
        public bool IsIndented { get; set; }
    }

    /// <summary>Thrown internally to stop generating once the byte budget is certainly exceeded.</summary>
    private sealed class BudgetExceededException : Exception;

    private readonly StringBuilder _out = new();
    private readonly int _budget;
    private Frame? _current;
    private bool _exceeded;

    private XmlGenerator(int budget) => _budget = budget;

    /// <summary>Generates a document whose root node is <paramref name="type"/>.</summary>
    public static string Generate(string type, Action<XmlGenerator> fn)
    {
        var g = new XmlGenerator(int.MaxValue);
        g.Node(type, () => fn(g));
        g._out.Append('\n');
        return g._out.ToString();
    }

    /// <summary>
    /// Generates a document into a budget of <paramref name="maxBytes"/> bytes (UTF-8 plus the
    /// terminating NUL), reporting <see cref="XmlGenerateResult.Exceeded"/> if it does not fit.
    /// Exceptions of <paramref name="fn"/> propagate.
    /// </summary>
    public static XmlGenerateResult Generate(int maxBytes, string type, Action<XmlGenerator> fn)
    {
        var g = new XmlGenerator(Math.Max(0, maxBytes));
        try
        {
            g.Node(type, () => fn(g));
            g._out.Append('\n');
        }
        catch (BudgetExceededException)
        {
            return XmlGenerateResult.BufferExceeded;
        }
        string text = g._out.ToString();
        int used = Encoding.UTF8.GetByteCount(text) + 1;
        // A callback may have swallowed the budget exception; the result is still too large.
        return g._exceeded || used > g._budget ? XmlGenerateResult.BufferExceeded : XmlGenerateResult.Ok(text, used);
    }

    private Frame Current => _current ?? throw new InvalidOperationException("no XML node is open");

    /// <summary>Checked after every write; characters are a lower bound of UTF-8 bytes.</summary>
    private void CheckBudget()
    {
        if (_out.Length + 1 > _budget)
        {
            _exceeded = true;
            throw new BudgetExceededException();
        }
    }

    /// <summary>Adds an empty sub-node.</summary>
    public void Node(string type) => Node(type, static () => { });

    /// <summary>Adds a sub-node whose attributes and content <paramref name="fn"/> produces.</summary>
    public void Node(string type, Action fn)
    {
        var parent = _current;
        int rollbackLength = _out.Length;
        bool parentHadContent = parent?.HasContent ?? false;
        bool parentWasIndented = parent?.IsIndented ?? false;

        if (parent is not null)
            OpenContent(parent, indented: true);

        int indent = parent is null ? 0 : parent.Indent + 1;
        _out.Append('\t', indent).Append('<').Append(type);
        var frame = new Frame(parent, indent, _out.Length);
        _current = frame;
        try
        {
            CheckBudget();
            fn();
        }
        catch
        {
            _out.Length = rollbackLength;
            _current = parent;
            if (parent is not null)
            {
                parent.HasContent = parentHadContent;
                parent.IsIndented = parentWasIndented;
            }
            throw;
        }
        _current = parent;

        if (frame.IsIndented)
            _out.Append('\n').Append('\t', indent);
        if (frame.HasContent)
            _out.Append("</").Append(type).Append('>');
        else
            _out.Append("/>");
        CheckBudget();
    }

    /// <summary>Closes the start tag on first content; sub-nodes start on a fresh line.</summary>
    private void OpenContent(Frame frame, bool indented)
    {
        if (!frame.HasContent)
            _out.Append('>');
        if (indented)
            _out.Append('\n');
        frame.HasContent = true;
        frame.IsIndented = indented;
    }

    private void InsertAttribute(string name, string escapedValue)
    {
        var frame = Current;
        string text = $" {name}=\"{escapedValue}\"";
        _out.Insert(frame.AttrOffset, text);
        frame.AttrOffset += text.Length;
        CheckBudget();
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        XmlEntities.AppendAttributeValue(sb, value);
        return sb.ToString();
    }

    public void Attribute(string name, string value) => InsertAttribute(name, Escape(value));

    public void Attribute(string name, bool value) => InsertAttribute(name, value ? "true" : "false");

    public void Attribute(string name, int value) => Attribute(name, (long)value);

    public void Attribute(string name, long value) => InsertAttribute(name, LogFormat.Format(value));

    public void Attribute(string name, uint value) => Attribute(name, (ulong)value);

    public void Attribute(string name, ulong value) => InsertAttribute(name, LogFormat.Format(value));

    /// <summary>Genode's double formatting, see <see cref="LogFormat.Double(double, int)"/>.</summary>
    public void Attribute(string name, double value) => InsertAttribute(name, LogFormat.Double(value));

    public void Attribute(string name, NumberOfBytes value) => InsertAttribute(name, value.ToString());

    /// <summary>Appends <paramref name="text"/> verbatim; the caller vouches that it is valid XML content.</summary>
    public void Append(string text)
    {
        OpenContent(Current, indented: false);
        _out.Append(text);
        CheckBudget();
    }

    /// <summary>Appends <paramref name="text"/> with NUL, &lt;, &gt;, &amp;, &quot; and &apos; replaced by entities.</summary>
    public void AppendSanitized(ReadOnlySpan<char> text)
    {
        OpenContent(Current, indented: false);
        XmlEntities.AppendSanitized(_out, text);
        CheckBudget();
    }

    public void AppendSanitized(string text) => AppendSanitized(text.AsSpan());

    /// <summary>Appends the arguments, formatted as by <see cref="LogFormat.Format"/>, sanitized.</summary>
    public void AppendContent(params ReadOnlySpan<object?> args) => AppendSanitized(LogFormat.Format(args));

    /// <summary>Copies all attributes of <paramref name="node"/> to the current node, unchanged.</summary>
    public void NodeAttributes(XmlNode node)
    {
        foreach (var attribute in node.Attributes)
            InsertAttribute(attribute.Name, attribute.RawValue);
    }

    /// <summary>
    /// Copies <paramref name="node"/> with its attributes and up to <paramref name="maxDepth"/>
    /// levels of nodes (1 copies the node alone). Returns false, leaving the deeper levels out,
    /// if the node is deeper.
    /// </summary>
    public bool AppendNode(XmlNode node, int maxDepth)
    {
        if (maxDepth <= 0)
            return false;
        bool complete = true;
        Node(node.Type, () =>
        {
            NodeAttributes(node);
            complete = AppendNodeContent(node, maxDepth);
        });
        return complete;
    }

    /// <summary>
    /// Copies the content of <paramref name="node"/> into the current node: its sub-nodes (each
    /// counting one level of <paramref name="maxDepth"/>), or for a leaf its text unchanged.
    /// </summary>
    public bool AppendNodeContent(XmlNode node, int maxDepth)
    {
        if (maxDepth <= 0)
            return false;
        if (node.NumSubNodes == 0)
        {
            if (node.HasContent)
                Append(node.RawContent);
            return true;
        }
        bool complete = true;
        foreach (var sub in node.SubNodes)
            complete &= AppendNode(sub, maxDepth - 1);
        return complete;
    }
}
