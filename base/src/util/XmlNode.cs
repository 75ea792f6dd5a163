using System.Diagnostics.CodeAnalysis;

namespace Framework.Util;

/// <summary>
/// A read-only XML node in the shape of Genode's <c>Xml_node</c>: parsed and validated as a whole
/// on construction, then navigated by type. Attribute reads never throw; they fall back to the
/// caller's default when an attribute is missing or does not parse.
/// </summary>
/// <remarks>
/// Nodes keep the text they were parsed from, so <see cref="RawText"/> and
/// <see cref="DiffersFrom"/> work on the original characters (Genode detects configuration
/// changes by this comparison). Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class XmlNode
{
    private readonly XmlSource _source;
    private readonly int _start;
    private readonly int _end;
    private readonly int _contentStart;
    private readonly int _contentEnd;
    private readonly XmlAttribute[] _attributes;
    private readonly XmlNode[] _subNodes;

    /// <summary>Parses <paramref name="text"/>. Throws <see cref="XmlSyntaxException"/> if it is malformed.</summary>
    public XmlNode(string text) : this(Parse(text.AsMemory()))
    {
    }

    /// <summary>Parses <paramref name="text"/>. Throws <see cref="XmlSyntaxException"/> if it is malformed.</summary>
    public XmlNode(ReadOnlyMemory<char> text) : this(Parse(text))
    {
    }

    private XmlNode(XmlNode parsed)
    {
        _source = parsed._source;
        _start = parsed._start;
        _end = parsed._end;
        _contentStart = parsed._contentStart;
        _contentEnd = parsed._contentEnd;
        _attributes = parsed._attributes;
        _subNodes = parsed._subNodes;
        Type = parsed.Type;
    }

    internal XmlNode(XmlSource source, int start, int end, string type, int contentStart, int contentEnd,
                     XmlAttribute[] attributes, XmlNode[] subNodes)
    {
        _source = source;
        _start = start;
        _end = end;
        Type = type;
        _contentStart = contentStart;
        _contentEnd = contentEnd;
        _attributes = attributes;
        _subNodes = subNodes;
    }

    /// <summary>The node <c>&lt;empty/&gt;</c>, Genode's stand-in for "no node".</summary>
    public static XmlNode Empty { get; } = Parse("<empty/>");

    public static XmlNode Parse(string text) => XmlParser.Parse(text.AsMemory());

    public static XmlNode Parse(ReadOnlyMemory<char> text) => XmlParser.Parse(text);

    public static bool TryParse(string text, [NotNullWhen(true)] out XmlNode? node, out XmlSyntaxException? error)
    {
        try
        {
            node = XmlParser.Parse(text.AsMemory());
            error = null;
            return true;
        }
        catch (XmlSyntaxException e)
        {
            node = null;
            error = e;
            return false;
        }
    }

    /// <summary>The tag name.</summary>
    public string Type { get; }

    public bool HasType(string type) => Type == type;

    /// <summary>1-based line of the node's '&lt;' in the parsed text.</summary>
    public int Line => _source.LineOf(_start);

    /// <summary>1-based column of the node's '&lt;' in the parsed text.</summary>
    public int Column => _source.ColumnOf(_start);

    /// <summary>The node's text from its '&lt;' to the end of its end tag.</summary>
    public ReadOnlyMemory<char> RawMemory => _source.Text[_start.._end];

    public string RawText => RawMemory.ToString();

    /// <summary>True for a node written with start and end tag, false for <c>&lt;x/&gt;</c>.</summary>
    public bool HasContent => _contentStart >= 0 && _contentEnd > _contentStart;

    /// <summary>Everything between start and end tag, undecoded (empty for <c>&lt;x/&gt;</c>).</summary>
    public string RawContent => RawContentMemory.ToString();

    public ReadOnlyMemory<char> RawContentMemory =>
        _contentStart < 0 ? ReadOnlyMemory<char>.Empty : _source.Text[_contentStart.._contentEnd];

    /// <summary>The content with XML entities decoded.</summary>
    public string DecodedContent => XmlEntities.Decode(RawContentMemory.Span);

    /// <summary>
    /// Writes the decoded content into <paramref name="destination"/>, truncated to its length,
    /// and returns the number of characters written.
    /// </summary>
    public int CopyDecodedContent(Span<char> destination) =>
        XmlEntities.Decode(RawContentMemory.Span, destination);

    /// <summary>
    /// Calls <paramref name="fn"/> with each decoded line of a leaf node's content and whether it
    /// is the last one. Nodes with sub-nodes or without content have no lines.
    /// </summary>
    public void ForEachQuotedLine(Action<string, bool> fn)
    {
        if (_subNodes.Length > 0 || !HasContent)
            return;
        var content = RawContentMemory.Span;
        while (true)
        {
            int newline = content.IndexOf('\n');
            if (newline < 0)
            {
                fn(XmlEntities.Decode(content), true);
                return;
            }
            fn(XmlEntities.Decode(content[..newline]), false);
            content = content[(newline + 1)..];
        }
    }

    // --- attributes ---

    public IReadOnlyList<XmlAttribute> Attributes => _attributes;

    public bool HasAttribute(string name) => FindAttribute(name) is not null;

    public void ForEachAttribute(Action<XmlAttribute> fn)
    {
        foreach (var attribute in _attributes)
            fn(attribute);
    }

    /// <summary>The first attribute called <paramref name="name"/>, or null.</summary>
    public XmlAttribute? FindAttribute(string name)
    {
        foreach (var attribute in _attributes)
        {
            if (attribute.Name == name)
                return attribute;
        }
        return null;
    }

    /// <summary>
    /// The value of attribute <paramref name="name"/>, converted to the type of
    /// <paramref name="defaultValue"/>, or <paramref name="defaultValue"/> if the attribute is
    /// missing or does not parse as a whole.
    /// </summary>
    /// <remarks>
    /// Supported: string (entity-decoded), bool (yes/true/on, no/false/off), int, long, uint,
    /// ulong, ushort, byte (decimal or 0x-hex, integers also accept a K/M/G suffix), double, float
    /// and <see cref="NumberOfBytes"/>. Other types throw <see cref="NotSupportedException"/>,
    /// which is a programming error rather than a property of the input.
    /// </remarks>
    public T Attribute<T>(string name, T defaultValue)
    {
        var attribute = FindAttribute(name);
        if (attribute is null)
            return defaultValue;
        return XmlValue.TryConvert(attribute.Value, out T value) ? value : defaultValue;
    }

    // --- sub-nodes ---

    public int NumSubNodes => _subNodes.Length;

    public IReadOnlyList<XmlNode> SubNodes => _subNodes;

    public IEnumerable<XmlNode> SubNodesOfType(string type)
    {
        foreach (var node in _subNodes)
        {
            if (node.Type == type)
                yield return node;
        }
    }

    /// <summary>The first sub-node of type <paramref name="type"/>, or null.</summary>
    public XmlNode? FindSubNode(string type)
    {
        foreach (var node in _subNodes)
        {
            if (node.Type == type)
                return node;
        }
        return null;
    }

    public bool HasSubNode(string type) => FindSubNode(type) is not null;

    /// <summary>Calls <paramref name="fn"/> with the first sub-node of <paramref name="type"/>, else <paramref name="missing"/>.</summary>
    public void WithSubNode(string type, Action<XmlNode> fn, Action missing)
    {
        var node = FindSubNode(type);
        if (node is null)
            missing();
        else
            fn(node);
    }

    public TResult WithSubNode<TResult>(string type, Func<XmlNode, TResult> fn, Func<TResult> missing)
    {
        var node = FindSubNode(type);
        return node is null ? missing() : fn(node);
    }

    /// <summary>Calls <paramref name="fn"/> with the sub-node at <paramref name="index"/>, else <paramref name="missing"/>.</summary>
    public void WithSubNode(int index, Action<XmlNode> fn, Action missing)
    {
        if (index >= 0 && index < _subNodes.Length)
            fn(_subNodes[index]);
        else
            missing();
    }

    public void WithOptionalSubNode(string type, Action<XmlNode> fn)
    {
        var node = FindSubNode(type);
        if (node is not null)
            fn(node);
    }

    public void ForEachSubNode(Action<XmlNode> fn)
    {
        foreach (var node in _subNodes)
            fn(node);
    }

    public void ForEachSubNode(string type, Action<XmlNode> fn)
    {
        foreach (var node in _subNodes)
        {
            if (node.Type == type)
                fn(node);
        }
    }

    // --- comparison ---

    /// <summary>True unless both nodes consist of exactly the same characters.</summary>
    public bool DiffersFrom(XmlNode? other) =>
        other is null || !RawMemory.Span.SequenceEqual(other.RawMemory.Span);

    public override string ToString() => RawText;
}
