using System.Globalization;

namespace Framework.Os.Acpi;

/// <summary>
/// A Device with a <c>_PRT</c>: its absolute path, the bdf built from its <c>_SEG</c>,
/// <c>_BBN</c> and <c>_ADR</c> names (seg &lt;&lt; 16 | bbn &lt;&lt; 8 | (adr &gt;&gt; 16) &lt;&lt; 3 | (adr &amp; 0xFFFF),
/// as 12.02 builds it), and the sources its routes came from.
/// </summary>
public sealed record RoutedDevice(string Path, uint Bdf, uint Adr, uint Bbn, uint Seg, string PrtPath, IReadOnlyList<PrtSource> Sources)
{
    public IEnumerable<PciRoute> Routes => Sources.SelectMany(s => s.Routes);

    public IEnumerable<LinkRoute> Links => Sources.SelectMany(s => s.Links);

    public string BdfText => string.Create(CultureInfo.InvariantCulture, $"{Bdf >> 8:x2}:{(Bdf >> 3) & 0x1F:x2}.{Bdf & 7}");
}
