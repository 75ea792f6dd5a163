using System.Text.RegularExpressions;
using Framework.Tool.Tcl;

namespace Framework.Tool.Run;

/// <summary>
/// A run script's Tcl (ARE) pattern as a .NET regex, with the interpreter's own translation.
/// Tcl's '.' matches newlines, hence Singleline.
/// </summary>
public static class TclPattern
{
    public static Regex ToRegex(string pattern)
    {
        try
        {
            return new Regex(Translate(pattern), RegexOptions.Singleline | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid regular expression {{{pattern}}}: {e.Message}", nameof(pattern), e);
        }
    }

    public static string Translate(string pattern) => TclRegex.Translate(pattern, lineMode: false);
}
