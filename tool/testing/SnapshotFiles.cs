using System.Text;

namespace Framework.Testing;

/// <summary>
/// Verify's text format: UTF-8 with a BOM, '\n' only, no trailing newline. Writing is strict;
/// reading tolerates a missing BOM or a final newline an editor added, but not a CR, because a CR
/// means git or an editor is rewriting snapshots and the next checkout would break again.
/// </summary>
internal static class SnapshotFiles
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="text"/>, which the scrubber pipeline already made canonical.</summary>
    public static void Write(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Built by hand: File.WriteAllText does not promise a preamble for empty content.
        File.WriteAllBytes(path, [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(text)]);
    }

    /// <summary>The verified text, or null when the file does not exist.</summary>
    public static VerifiedText? ReadVerified(string path)
    {
        if (!File.Exists(path))
            return null;
        var bytes = File.ReadAllBytes(path);
        var preamble = Utf8WithBom.Preamble;
        var body = bytes.AsSpan().StartsWith(preamble) ? bytes.AsSpan(preamble.Length) : bytes;
        string text;
        try
        {
            text = Utf8WithBom.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return new VerifiedText(string.Empty, "it is not valid UTF-8");
        }
        if (text.Contains('\r', StringComparison.Ordinal))
            return new VerifiedText(text, "it contains a carriage return ('\\r'); snapshot files must use LF line endings only");
        return new VerifiedText(text.TrimEnd('\n'), Problem: null);
    }

    public static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
            File.Delete(path);
    }
}

/// <summary>A verified file's text, or why it cannot be compared.</summary>
internal sealed record VerifiedText(string Text, string? Problem);
