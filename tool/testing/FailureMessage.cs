using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Framework.Testing;

/// <summary>
/// Verify's machine-readable failure text (<c>Directory:</c>, <c>New:</c>/<c>NotEqual:</c>,
/// <c>Received:</c>/<c>Verified:</c>), with an inline diff as the compare result, as Verify.DiffPlex does.
/// </summary>
internal static class FailureMessage
{
    /// <summary>Unchanged lines kept around each change; longer unchanged runs are collapsed.</summary>
    private const int Context = 3;

    public static string Build(SnapshotPaths paths, string? verified, string received, string? note)
    {
        var kind = verified is null ? "New" : "NotEqual";
        var receivedName = Path.GetFileName(paths.Received);
        var verifiedName = Path.GetFileName(paths.Verified);
        var builder = new StringBuilder();
        builder.Append("Directory: ").Append(paths.Directory).Append('\n');
        builder.Append(kind).Append(":\n");
        builder.Append("  - Received: ").Append(receivedName).Append('\n');
        builder.Append("    Verified: ").Append(verifiedName).Append('\n');
        builder.Append('\n');
        builder.Append("FileContent:\n\n");
        builder.Append(kind).Append(":\n\n");
        builder.Append("Received: ").Append(receivedName).Append('\n');
        builder.Append("Verified: ").Append(verifiedName).Append('\n');
        builder.Append("Compare Result (- verified, + received):\n");
        builder.Append(Diff(verified ?? string.Empty, received));
        if (note is not null)
            builder.Append("\n\n").Append(note);
        return builder.ToString();
    }

    /// <summary>
    /// A line diff with "+ ", "- " and "  " prefixes. Whitespace is significant: DiffPlex ignores it
    /// by default, which would hide indentation changes in configs.
    /// </summary>
    public static string Diff(string verified, string received)
    {
        // DiffPlex 1.4.4 has no static InlineDiffBuilder.Diff; the instance API is equivalent.
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(verified, received, ignoreWhitespace: false);
        var lines = model.Lines.Where(l => l.Type != ChangeType.Imaginary).ToList();
        var output = new List<string>();
        for (var i = 0; i < lines.Count;)
        {
            if (lines[i].Type != ChangeType.Unchanged)
            {
                output.Add((lines[i].Type == ChangeType.Deleted ? "- " : "+ ") + lines[i].Text);
                i++;
                continue;
            }
            var end = i;
            while (end < lines.Count && lines[end].Type == ChangeType.Unchanged)
                end++;
            var keepBefore = i == 0 ? 0 : Context;           // context after the previous change
            var keepAfter = end == lines.Count ? 0 : Context; // context before the next change
            if (end - i > keepBefore + keepAfter + 1)
            {
                output.AddRange(lines.Skip(i).Take(keepBefore).Select(l => "  " + l.Text));
                output.Add($"  ... {end - i - keepBefore - keepAfter} unchanged lines ...");
                output.AddRange(lines.Skip(end - keepAfter).Take(keepAfter).Select(l => "  " + l.Text));
            }
            else
            {
                output.AddRange(lines.Skip(i).Take(end - i).Select(l => "  " + l.Text));
            }
            i = end;
        }
        return string.Join('\n', output);
    }
}
