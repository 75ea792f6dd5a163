using System.Text;

namespace Framework.Os.Acpi.Aml;

/// <summary>
/// One node of the ACPI namespace as ATARE rebuilds it from the element names. Absolute names
/// are paths in this tree (never copied strings), so the memory for names stays proportional to
/// the input even for deeply nested tables.
/// </summary>
internal sealed class NamespaceNode
{
    private Dictionary<uint, NamespaceNode>? _children;
    private List<Element>? _elements;

    private NamespaceNode(NamespaceNode? parent, uint segment)
    {
        Parent = parent;
        Segment = segment;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public static NamespaceNode NewRoot() => new(null, 0);

    public NamespaceNode? Parent { get; }

    public uint Segment { get; }

    /// <summary>Segments from the root ('\' has depth 0).</summary>
    public int Depth { get; }

    public IReadOnlyList<Element> Elements => (IReadOnlyList<Element>?)_elements ?? [];

    /// <summary>The most recently defined element of this name (12.02's list search finds it first).</summary>
    public Element? Latest => _elements is { Count: > 0 } e ? e[^1] : null;

    public NamespaceNode? Child(uint segment) => _children is not null && _children.TryGetValue(segment, out var c) ? c : null;

    public NamespaceNode GetOrAddChild(uint segment)
    {
        _children ??= [];
        if (!_children.TryGetValue(segment, out var c))
        {
            c = new NamespaceNode(this, segment);
            _children.Add(segment, c);
        }
        return c;
    }

    public void Add(Element e) => (_elements ??= []).Add(e);

    /// <summary>"\_SB_.PCI0.PRTA", the way iasl prints absolute paths.</summary>
    public string Path
    {
        get
        {
            if (Parent is null)
                return "\\";
            var segments = new List<uint>();
            for (var n = this; n.Parent is not null; n = n.Parent)
                segments.Add(n.Segment);
            var sb = new StringBuilder("\\");
            for (int i = segments.Count - 1; i >= 0; i--)
            {
                uint s = segments[i];
                for (int k = 0; k < 4; k++)
                    sb.Append((char)((s >> (8 * k)) & 0xFF));
                if (i > 0)
                    sb.Append('.');
            }
            return sb.ToString();
        }
    }
}
