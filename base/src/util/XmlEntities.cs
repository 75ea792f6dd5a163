using System.Globalization;
using System.Text;

namespace Framework.Util;

/// <summary>Encoding and decoding of the XML character entities Genode uses.</summary>
internal static class XmlEntities
{
    /// <summary>
    /// Decodes &amp;gt; &amp;lt; &amp;amp; &amp;quot; &amp;apos; and numeric references
    /// (&amp;#xNN; and &amp;#NN;). Unknown sequences pass through unchanged, as in Genode.
    /// </summary>
    public static string Decode(ReadOnlySpan<char> src)
    {
        if (src.IndexOf('&') < 0)
            return src.ToString();
        var sb = new StringBuilder(src.Length);
        while (!src.IsEmpty)
        {
            var (c, consumed) = DecodeOne(src);
            sb.Append(c);
            src = src[consumed..];
        }
        return sb.ToString();
    }

    /// <summary>Decodes into <paramref name="dst"/>, stopping when it is full.</summary>
    public static int Decode(ReadOnlySpan<char> src, Span<char> dst)
    {
        int written = 0;
        while (!src.IsEmpty && written < dst.Length)
        {
            var (c, consumed) = DecodeOne(src);
            dst[written++] = c;
            src = src[consumed..];
        }
        return written;
    }

    /// <summary>The character at the start of <paramref name="src"/> and its encoded length.</summary>
    private static (char, int) DecodeOne(ReadOnlySpan<char> src)
    {
        if (src[0] != '&')
            return (src[0], 1);
        if (src.StartsWith("&gt;")) return ('>', 4);
        if (src.StartsWith("&lt;")) return ('<', 4);
        if (src.StartsWith("&amp;")) return ('&', 5);
        if (src.StartsWith("&quot;")) return ('"', 6);
        if (src.StartsWith("&apos;")) return ('\'', 6);
        if (src.Length > 3 && src[1] == '#')
        {
            int end = src[..Math.Min(src.Length, 12)].IndexOf(';');
            if (end > 2)
            {
                bool hex = src[2] is 'x' or 'X';
                var digits = src[(hex ? 3 : 2)..end];
                var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
                if (!digits.IsEmpty && int.TryParse(digits, style, CultureInfo.InvariantCulture, out int code)
                    && code <= char.MaxValue)
                    return ((char)code, end + 1);
            }
        }
        return ('&', 1);
    }

    /// <summary>Genode's content sanitizing: NUL, &gt;, &lt;, &amp;, &quot; and &apos; become entities.</summary>
    public static void AppendSanitized(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\0': sb.Append("&#x00;"); break;
                case '>': sb.Append("&gt;"); break;
                case '<': sb.Append("&lt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    /// <summary>
    /// Escaping for attribute values: only what would break the attribute (NUL, &amp;, &lt;, &quot;).
    /// '&gt;' stays literal so that session labels such as "init -&gt; child" read as in Genode.
    /// </summary>
    public static void AppendAttributeValue(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\0': sb.Append("&#x00;"); break;
                case '<': sb.Append("&lt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
