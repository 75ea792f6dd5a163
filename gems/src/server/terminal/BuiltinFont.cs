namespace Framework.Gems.Terminal;

/// <summary>The font shipped inside this library (see Fonts/README.md and Fonts/LICENSE).</summary>
public static class BuiltinFont
{
    private const string Terminus16Resource = "Framework.Gems.Terminal.Fonts.Uni2-Terminus16.psf.gz";

    /// <summary>Terminus Font, 8x16 cells (SIL Open Font License 1.1). Parsed on every call; keep the result.</summary>
    public static PsfFont Terminus16()
    {
        using var stream = typeof(BuiltinFont).Assembly.GetManifestResourceStream(Terminus16Resource)
            ?? throw new InvalidOperationException($"resource {Terminus16Resource} missing from the assembly");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        if (!PsfFont.TryParse(bytes.ToArray(), out var font, out string error))
            throw new InvalidOperationException($"built-in font {Terminus16Resource}: {error}");
        return font!;
    }
}
