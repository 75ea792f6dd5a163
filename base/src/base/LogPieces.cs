using System.Text;

namespace Framework.Base;

/// <summary>Cuts LOG text into writes of bounded size.</summary>
internal static class LogPieces
{
    /// <summary>
    /// The text as it is, if it fits in <paramref name="maxBytes"/> UTF-8 bytes; otherwise its
    /// lines, each cut at character boundaries into pieces that fit.
    /// </summary>
    public static IEnumerable<string> Split(string text, int maxBytes)
    {
        if (text.Length <= maxBytes / 3 || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            yield return text;
            yield break;
        }
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            var start = 0;
            var bytes = 0;
            for (var i = 0; i < line.Length;)
            {
                var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
                if (bytes + size > maxBytes)
                {
                    yield return line[start..i];
                    start = i;
                    bytes = 0;
                }
                bytes += size;
                i += width;
            }
            yield return line[start..];
        }
    }
}
