using System.Buffers.Binary;
using System.Text;

namespace Framework.Os.Acpi.Aml;

/// <summary>
/// Step 2 of ATARE ("route"): for a Device, its bdf from <c>_SEG</c>/<c>_BBN</c>/<c>_ADR</c>
/// (integer Name objects only; anything else counts as 0, as in 12.02), then its <c>_PRT</c>:
/// (a) direct form - the <c>_PRT</c> body's packages of four elements; (b) named-package form -
/// every NameString in the <c>_PRT</c> body resolved relative to the device, and the body of
/// each object it names scanned as in (a). A four-element package of integers is a direct route
/// (GSI = fourth element); one whose third element is a NameString is a link-device route.
/// </summary>
/// <remarks>
/// Name resolution: <c>\</c> names are absolute; <c>^</c> names climb from the device (the
/// <c>_PRT</c> method's scope is the device, so one <c>^</c> means the device); other names are
/// tried at the device and each ancestor up to the root, every match counting (12.02 compares
/// the concatenated names with 0, 1, 2... trailing device segments dropped, which is the same
/// for prefix-less names). Each object is scanned once and its result shared.
/// </remarks>
internal static class PrtExtractor
{
    public static uint Seg(string s) => BinaryPrimitives.ReadUInt32LittleEndian(Encoding.ASCII.GetBytes(s));

    private static readonly uint s_adr = Seg("_ADR");
    private static readonly uint s_bbn = Seg("_BBN");
    private static readonly uint s_seg = Seg("_SEG");
    private static readonly uint s_prt = Seg("_PRT");

    public static RoutedDevice? Route(Element device, NamespaceNode root, StepBudget budget)
    {
        budget.Take(4);
        var prt = device.Node.Child(s_prt)?.Latest;
        if (prt is null)
            return null;
        uint adr = Value(device.Node, s_adr);
        uint bbn = Value(device.Node, s_bbn);
        uint seg = Value(device.Node, s_seg);
        uint bdf = (seg << 16) | (bbn << 8) | ((adr >> 16) << 3) | (adr & 0xFFFF);

        var sources = new List<PrtSource>();
        var seen = new HashSet<Element>();
        Add(prt, "_PRT body");
        ReadOnlySpan<byte> b = prt.Table.Bytes;
        int pos = prt.BodyStart;
        while (pos < prt.End && !budget.Exhausted)
        {
            long steps = 0;
            bool named = AmlBytes.TryReadNameString(b, pos, prt.End, false, out var name, ref steps);
            budget.Take(steps);
            if (!named)
            {
                pos++;
                continue;
            }
            foreach (var target in Resolve(b, name, device.Node, root, budget))
                Add(target, "named by _PRT");
            pos += name.Length;
        }
        return new RoutedDevice(device.Node.Path, bdf, adr, bbn, seg, prt.Node.Path, sources);

        void Add(Element e, string kind)
        {
            if (!seen.Add(e))
                return;
            e.Scanned ??= Scan(e, kind, budget);
            if (!e.Scanned.IsEmpty)
                sources.Add(e.Scanned);
        }
    }

    /// <summary>The integer a Name object <paramref name="segment"/> under <paramref name="scope"/> is initialised with, else 0.</summary>
    private static uint Value(NamespaceNode scope, uint segment)
    {
        var e = scope.Child(segment)?.Latest;
        if (e is null || e.Kind != ElementKind.Name)
            return 0;
        return AmlBytes.TryReadInteger(e.Table.Bytes, e.BodyStart, e.Table.Bytes.Length, out uint v, out _) ? v : 0;
    }

    private static List<Element> Resolve(ReadOnlySpan<byte> b, in NameString name, NamespaceNode device, NamespaceNode root, StepBudget budget)
    {
        var found = new List<Element>();
        if (name.Root || name.ParentPrefixes > 0)
        {
            var start = name.Root ? root : device;
            for (int i = 1; i < name.ParentPrefixes && start.Parent is not null; i++)
                start = start.Parent;
            budget.Take(name.ParentPrefixes + 1);
            if (Walk(b, name, start, budget)?.Latest is { } e)
                found.Add(e);
            return found;
        }
        for (var scope = device; scope is not null; scope = scope.Parent)
        {
            if (Walk(b, name, scope, budget)?.Latest is { } e)
                found.Add(e);
        }
        return found;
    }

    private static NamespaceNode? Walk(ReadOnlySpan<byte> b, in NameString name, NamespaceNode start, StepBudget budget)
    {
        var node = start;
        budget.Take(name.SegmentCount + 1);
        for (int i = 0; i < name.SegmentCount && node is not null; i++)
            node = node.Child(AmlBytes.Segment(b, name, i));
        return node;
    }

    /// <summary>
    /// Finds the routing packages in <paramref name="e"/>'s body: PackageOp, a valid PkgLength
    /// that stays inside the table, NumElements 4, and four elements inside the package - integers
    /// (direct) or integer, integer, NameString, integer (link). The scan continues behind a
    /// recognised package and one byte further otherwise, so it also finds packages nested in a
    /// larger one (the entries of <c>Package (0x7C) {...}</c>).
    /// </summary>
    private static PrtSource Scan(Element e, string kind, StepBudget budget)
    {
        ReadOnlySpan<byte> b = e.Table.Bytes;
        var routes = new List<PciRoute>();
        var links = new List<LinkRoute>();
        int pos = e.BodyStart;
        while (pos < e.End && budget.Take(1))
        {
            if (b[pos] == AmlBytes.PackageOp && TryPackage(b, pos, routes, links, budget, out int next))
                pos = next;
            else
                pos++;
        }
        return new PrtSource(e.Node.Path, kind, e.Table.Where, e.Offset, routes, links);
    }

    private static bool TryPackage(ReadOnlySpan<byte> b, int pos, List<PciRoute> routes, List<LinkRoute> links, StepBudget budget, out int end)
    {
        end = 0;
        if (!AmlBytes.TryReadPkgLength(b, pos + 1, out int length, out int lengthBytes))
            return false;
        end = pos + 1 + length;
        int count = pos + 1 + lengthBytes;
        if (end > b.Length || count >= end || b[count] != 4)
            return false;
        int p = count + 1;
        if (!AmlBytes.TryReadInteger(b, p, end, out uint address, out int n))
            return false;
        p += n;
        if (!AmlBytes.TryReadInteger(b, p, end, out uint pin, out n))
            return false;
        p += n;
        if (AmlBytes.TryReadInteger(b, p, end, out _, out n))
        {
            if (!AmlBytes.TryReadInteger(b, p + n, end, out uint gsi, out _))
                return false;
            routes.Add(new PciRoute(address, pin, gsi));
            return true;
        }
        long steps = 0;
        bool named = AmlBytes.TryReadNameString(b, p, end, false, out var link, ref steps);
        budget.Take(steps);
        if (!named || !AmlBytes.TryReadInteger(b, p + link.Length, end, out uint index, out _))
            return false;
        links.Add(new LinkRoute(address, pin, Text(b, p, link.Length), index));
        return true;
    }

    /// <summary>A NameString as iasl writes it: "\" and "^" kept, segments joined with '.'.</summary>
    private static string Text(ReadOnlySpan<byte> b, int pos, int length)
    {
        long ignored = 0;
        AmlBytes.TryReadNameString(b, pos, pos + length, false, out var n, ref ignored);
        var sb = new StringBuilder();
        if (n.Root)
            sb.Append('\\');
        sb.Append('^', n.ParentPrefixes);
        for (int i = 0; i < n.SegmentCount; i++)
        {
            if (i > 0)
                sb.Append('.');
            sb.Append(Encoding.ASCII.GetString(b.Slice(n.SegmentsOffset + (4 * i), 4)));
        }
        return sb.ToString();
    }
}
