namespace Framework.Os.Acpi.Aml;

/// <summary>
/// Step 1 of ATARE ("collect"): try every byte offset of a table's AML as the start of a
/// Device (0x5B 0x82), Scope (0x10) or Method (0x14) with a valid PkgLength and name, or of a
/// Name (0x08) with a valid name, and place each accepted element in the namespace under its
/// innermost enclosing Device/Scope/Method. After an element the scan continues behind its name,
/// so it descends into bodies.
/// </summary>
/// <remarks>
/// Differences from 12.02 (all documented in doc/acpi.md): the scan starts after the 36-byte
/// header; an element's extent ends where its PkgLength says (12.02 is one byte short); a
/// candidate whose PkgLength runs past the table's end is skipped (12.02 stops the whole table);
/// a candidate must lie inside its enclosing element (12.02 compares sizes only); <c>\</c> and
/// <c>^</c> prefixes are resolved in the namespace tree and <c>Scope (\)</c> opens the root; a
/// Name's extent is set by the next accepted element only (12.05, ATARE). Nesting and name depth
/// are bounded by <see cref="AmlLimits"/>: a deeper element is skipped with its whole body.
/// </remarks>
internal static class AtareScanner
{
    public const string PastEnd = "Device/Scope/Method whose PkgLength runs past the end of the table";
    public const string Overlaps = "Device/Scope/Method that extends past the end of its enclosing element";

    public static void Collect(AmlTable table, NamespaceNode root, List<Element> elements, AmlLimits limits, StepBudget budget,
        SkipLog skips, List<AcpiProblem> problems)
    {
        ReadOnlySpan<byte> b = table.Bytes;
        var open = new List<Element>();
        Element? pendingName = null;
        int pos = SdtHeader.Size;
        while (pos < b.Length)
        {
            if (!budget.Take(1))
            {
                problems.Add(new AcpiProblem(table.Where, pos,
                    $"AML scan stopped: step budget of {budget.Limit} exhausted; the rest of the table is not scanned"));
                break;
            }
            while (open.Count > 0 && open[^1].End <= pos)
                open.RemoveAt(open.Count - 1);

            ElementKind kind;
            int namePos;
            int end = b.Length;
            byte op = b[pos];
            if (op == AmlBytes.NameOp)
            {
                kind = ElementKind.Name;
                namePos = pos + 1;
            }
            else
            {
                int lengthPos;
                if (op == AmlBytes.ExtOpPrefix && pos + 1 < b.Length && b[pos + 1] == AmlBytes.DeviceOp)
                    (kind, lengthPos) = (ElementKind.Device, pos + 2);
                else if (op == AmlBytes.ScopeOp)
                    (kind, lengthPos) = (ElementKind.Scope, pos + 1);
                else if (op == AmlBytes.MethodOp)
                    (kind, lengthPos) = (ElementKind.Method, pos + 1);
                else
                {
                    pos++;
                    continue;
                }
                if (!AmlBytes.TryReadPkgLength(b, lengthPos, out int pkgLength, out int lengthBytes))
                {
                    pos++;
                    continue;
                }
                namePos = lengthPos + lengthBytes;
                end = lengthPos + pkgLength;
            }

            long nameSteps = 0;
            bool named = AmlBytes.TryReadNameString(b, namePos, b.Length, kind != ElementKind.Name, out var name, ref nameSteps);
            budget.Take(nameSteps);
            if (!named || (kind != ElementKind.Name && end < namePos + name.Length))
            {
                // No name, or a PkgLength too small to hold the element's own name: not an element.
                pos++;
                continue;
            }
            if (kind != ElementKind.Name)
            {
                if (end > b.Length)
                {
                    skips.Add(table, PastEnd, pos);
                    pos++;
                    continue;
                }
                if (open.Count > 0 && end > open[^1].End)
                {
                    skips.Add(table, Overlaps, pos);
                    pos++;
                    continue;
                }
                if (open.Count >= limits.MaxNesting)
                {
                    problems.Add(new AcpiProblem(table.Where, pos,
                        $"{kind} nested deeper than {limits.MaxNesting} levels: skipped with its body ({end - pos} bytes)"));
                    pos = end;
                    continue;
                }
            }

            var parent = open.Count > 0 ? open[^1].Node : root;
            var node = name.Root ? root : parent;
            for (int i = 0; i < name.ParentPrefixes && node.Parent is not null; i++)
                node = node.Parent;
            if (node.Depth + name.SegmentCount > limits.MaxNameSegments)
            {
                problems.Add(new AcpiProblem(table.Where, pos,
                    $"{kind}'s absolute name would have {node.Depth + name.SegmentCount} segments, more than {limits.MaxNameSegments}: skipped"
                    + (kind == ElementKind.Name ? "" : $" with its body ({end - pos} bytes)")));
                pos = kind == ElementKind.Name ? namePos + name.Length : end;
                continue;
            }
            budget.Take(name.SegmentCount);
            for (int i = 0; i < name.SegmentCount; i++)
                node = node.GetOrAddChild(AmlBytes.Segment(b, name, i));

            if (pendingName is not null)
            {
                pendingName.End = pos;
                pendingName = null;
            }
            var element = new Element(kind, table, pos, namePos + name.Length, end, node);
            node.Add(element);
            elements.Add(element);
            if (kind == ElementKind.Name)
                pendingName = element;
            else
                open.Add(element);
            pos = namePos + name.Length;
        }
    }
}
