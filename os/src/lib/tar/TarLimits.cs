namespace Framework.Os.Tar;

/// <summary>Bounds on what one member's extension headers may take (hostile archives cannot make reading costly).</summary>
public sealed record TarLimits
{
    /// <summary>Longest GNU 'L'/'K' name record.</summary>
    public int MaxLongName { get; init; } = 64 * 1024;

    /// <summary>Largest pax extended header ('x', 'X', 'g').</summary>
    public int MaxPaxHeader { get; init; } = 1024 * 1024;

    /// <summary>Most extension headers (L, K, x, g, sparse extension blocks) before one member.</summary>
    public int MaxExtensionHeaders { get; init; } = 64;

    public static TarLimits Default { get; } = new();
}
