using System.Globalization;
using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>A piece of a word: literal text, a variable reference or a command substitution.</summary>
internal abstract class WordPart;

internal sealed class TextPart(string text) : WordPart
{
    public string Text { get; } = text;
}

/// <summary><c>$name</c>, <c>${name}</c> or <c>$name(index)</c>; the index is itself a substituted word.</summary>
internal sealed class VariablePart(string name, WordNode? index) : WordPart
{
    public string Name { get; } = name;

    public WordNode? Index { get; } = index;
}

internal sealed class CommandPart(ScriptNode script) : WordPart
{
    public ScriptNode Script { get; } = script;
}

/// <summary>One word of a command. Lines are relative to the text the parser was given (1-based).</summary>
internal sealed class WordNode(WordPart[] parts, bool expand, int line)
{
    public WordPart[] Parts { get; } = parts;

    /// <summary>The word's value when it needs no substitution (braced words, plain text), so evaluation skips it.</summary>
    public string? Literal { get; } = parts.Length == 0 ? string.Empty : parts.Length == 1 && parts[0] is TextPart t ? t.Text : null;

    /// <summary>The word was prefixed by <c>{*}</c>.</summary>
    public bool Expand { get; } = expand;

    public int Line { get; } = line;
}

internal sealed class CommandNode(WordNode[] words, int line, string text)
{
    public WordNode[] Words { get; } = words;

    public int Line { get; } = line;

    /// <summary>The command's source text, quoted by errorInfo.</summary>
    public string Text { get; } = text;
}

/// <summary>
/// A parsed script. A syntax error does not discard the commands before it: Tcl runs a script command by
/// command, so those still execute and the error is raised when evaluation reaches it.
/// </summary>
internal sealed class ScriptNode(CommandNode[] commands, string? syntaxError, int syntaxErrorLine)
{
    public CommandNode[] Commands { get; } = commands;

    public string? SyntaxError { get; } = syntaxError;

    public int SyntaxErrorLine { get; } = syntaxErrorLine;
}

internal sealed class TclSyntaxException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Parser for Tcl's twelve syntax rules. It turns text into nodes once, so procedure bodies and loop
/// bodies are not re-scanned on every execution.
/// </summary>
internal sealed class TclParser
{
    private readonly string _text;
    private readonly int[] _lineStarts;

    private readonly Action<string, int[]>? _onFold;
    private readonly int[]? _folds;

    /// <param name="text">The script text.</param>
    /// <param name="folds">
    /// Offsets in <paramref name="text"/> where a backslash-newline was folded into a space when the text
    /// was a braced word; they count as line starts so that lines still match the file.
    /// </param>
    /// <param name="onFold">Told about braced words in which this parse folds backslash-newlines.</param>
    public TclParser(string text, int[]? folds = null, Action<string, int[]>? onFold = null)
    {
        _text = text;
        _onFold = onFold;
        _folds = folds;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        if (folds is not null)
        {
            starts.AddRange(folds);
            starts.Sort();
        }

        _lineStarts = [.. starts];
    }

    public int Pos { get; set; }

    public string Text => _text;

    public static ScriptNode ParseScript(string text, int[]? folds = null, Action<string, int[]>? onFold = null)
    {
        var parser = new TclParser(text, folds, onFold);
        var commands = new List<CommandNode>();
        try
        {
            parser.ParseCommands(commands, nested: false);
            return new ScriptNode([.. commands], null, 0);
        }
        catch (TclSyntaxException e)
        {
            return new ScriptNode([.. commands], e.Message, e.Line);
        }
    }

    /// <summary>Parses text as the body of a double-quoted word without the quotes (for <c>subst</c>).</summary>
    public static WordNode ParseSubst(string text)
    {
        var parser = new TclParser(text);
        var parts = parser.ParseParts(PartsMode.Subst, nested: false);
        return new WordNode(parts, false, 1);
    }

    public int LineAt(int pos)
    {
        var index = Array.BinarySearch(_lineStarts, pos);
        return index >= 0 ? index + 1 : ~index;
    }

    private bool AtEnd => Pos >= _text.Length;

    private char Cur => _text[Pos];

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\v' or '\f';

    private bool AtBackslashNewline => Pos + 1 < _text.Length && _text[Pos] == '\\' && _text[Pos + 1] == '\n';

    private void ParseCommands(List<CommandNode> commands, bool nested)
    {
        while (true)
        {
            // Between commands: whitespace, newlines and semicolons separate, nothing else happens.
            while (!AtEnd && (IsSpace(Cur) || Cur == '\n' || Cur == ';' || AtBackslashNewline))
            {
                Pos += AtBackslashNewline ? 2 : 1;
            }

            if (AtEnd)
            {
                return;
            }

            if (nested && Cur == ']')
            {
                return;
            }

            if (Cur == '#')
            {
                SkipComment();
                continue;
            }

            var command = ParseCommand(nested);
            if (command is not null)
            {
                commands.Add(command);
            }
        }
    }

    private void SkipComment()
    {
        while (!AtEnd && Cur != '\n')
        {
            // A backslash-newline continues the comment onto the next line.
            Pos += Cur == '\\' && Pos + 1 < _text.Length ? 2 : 1;
        }
    }

    private CommandNode? ParseCommand(bool nested)
    {
        var start = Pos;
        var words = new List<WordNode>();
        var end = Pos;
        while (true)
        {
            while (!AtEnd && (IsSpace(Cur) || AtBackslashNewline))
            {
                Pos += AtBackslashNewline ? 2 : 1;
            }

            if (AtEnd || Cur == '\n' || Cur == ';' || (nested && Cur == ']'))
            {
                break;
            }

            words.Add(ParseWord(nested));
            end = Pos;
        }

        if (words.Count == 0)
        {
            return null;
        }

        return new CommandNode([.. words], LineAt(start), _text[start..end]);
    }

    private bool AtWordEnd(bool nested) =>
        AtEnd || IsSpace(Cur) || Cur == '\n' || Cur == ';' || (nested && Cur == ']') || AtBackslashNewline;

    private WordNode ParseWord(bool nested)
    {
        var line = LineAt(Pos);
        var expand = false;
        if (string.CompareOrdinal(_text, Pos, "{*}", 0, 3) == 0 && Pos + 3 < _text.Length && !AtWordEndAt(Pos + 3, nested))
        {
            expand = true;
            Pos += 3;
        }

        WordPart[] parts;
        if (Cur == '{')
        {
            parts = [new TextPart(ParseBraced())];
            if (!AtWordEnd(nested))
            {
                throw new TclSyntaxException("extra characters after close-brace", LineAt(Pos));
            }
        }
        else if (Cur == '"')
        {
            var quoteLine = LineAt(Pos);
            Pos++;
            parts = ParseParts(PartsMode.Quoted, nested, quoteLine);
            if (!AtWordEnd(nested))
            {
                throw new TclSyntaxException("extra characters after close-quote", LineAt(Pos));
            }
        }
        else
        {
            parts = ParseParts(PartsMode.Bare, nested);
        }

        return new WordNode(parts, expand, line);
    }

    private bool AtWordEndAt(int pos, bool nested)
    {
        var saved = Pos;
        Pos = pos;
        var result = AtWordEnd(nested);
        Pos = saved;
        return result;
    }

    /// <summary>Reads a braced word at <see cref="Pos"/> ('{'): no substitution except backslash-newline.</summary>
    public string ParseBraced()
    {
        var startLine = LineAt(Pos);
        Pos++;
        var depth = 1;
        var start = Pos;
        StringBuilder? sb = null;
        List<int>? folds = null;

        // Source position to result position after each fold, to carry the text's own folds into the word.
        List<(int Source, int Result)>? segments = null;
        var chunk = start;
        while (true)
        {
            if (AtEnd)
            {
                throw new TclSyntaxException("missing close-brace", startLine);
            }

            var c = Cur;
            if (c == '\\')
            {
                if (Pos + 1 < _text.Length && _text[Pos + 1] == '\n')
                {
                    // Backslash-newline plus the following blanks becomes one space even inside braces.
                    sb ??= new StringBuilder();
                    sb.Append(_text, chunk, Pos - chunk).Append(' ');
                    (folds ??= []).Add(sb.Length);
                    Pos += 2;
                    while (!AtEnd && (Cur == ' ' || Cur == '\t'))
                    {
                        Pos++;
                    }

                    chunk = Pos;
                    (segments ??= [(start, 0)]).Add((Pos, sb.Length));
                    continue;
                }

                Pos = Math.Min(Pos + 2, _text.Length);
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
                if (depth == 0)
                {
                    string result;
                    if (sb is null)
                    {
                        result = _text[start..Pos];
                    }
                    else
                    {
                        sb.Append(_text, chunk, Pos - chunk);
                        result = sb.ToString();
                    }

                    if (_folds is not null)
                    {
                        foreach (var fold in _folds)
                        {
                            if (fold > start && fold <= Pos)
                            {
                                var segment = segments?.LastOrDefault(x => x.Source <= fold) ?? (start, 0);
                                (folds ??= []).Add(segment.Result + (fold - segment.Source));
                            }
                        }
                    }

                    if (folds is not null)
                    {
                        folds.Sort();
                        _onFold?.Invoke(result, [.. folds]);
                    }

                    Pos++;
                    return result;
                }
            }

            Pos++;
        }
    }

    internal enum PartsMode
    {
        Bare,
        Quoted,
        Index,
        Subst,
    }

    /// <summary>Reads text with $, [ and \ substitution until the end of the word in the given mode.</summary>
    public WordPart[] ParseParts(PartsMode mode, bool nested, int openLine = 0)
    {
        var parts = new List<WordPart>();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                if (mode == PartsMode.Quoted)
                {
                    throw new TclSyntaxException("missing \"", openLine);
                }

                if (mode == PartsMode.Index)
                {
                    throw new TclSyntaxException("missing )", openLine);
                }

                break;
            }

            var c = Cur;
            if (mode == PartsMode.Bare && (IsSpace(c) || c == '\n' || c == ';' || (nested && c == ']') || AtBackslashNewline))
            {
                break;
            }

            if (mode == PartsMode.Quoted && c == '"')
            {
                Pos++;
                break;
            }

            if (mode == PartsMode.Index && c == ')')
            {
                Pos++;
                break;
            }

            if (c == '\\')
            {
                AppendBackslash(sb);
            }
            else if (c == '$')
            {
                var part = ParseDollar();
                if (part is null)
                {
                    sb.Append('$');
                }
                else
                {
                    Flush(parts, sb);
                    parts.Add(part);
                }
            }
            else if (c == '[')
            {
                Flush(parts, sb);
                parts.Add(new CommandPart(ParseBracket()));
            }
            else
            {
                sb.Append(c);
                Pos++;
            }
        }

        Flush(parts, sb);
        return [.. parts];
    }

    private static void Flush(List<WordPart> parts, StringBuilder sb)
    {
        if (sb.Length > 0)
        {
            parts.Add(new TextPart(sb.ToString()));
            sb.Clear();
        }
    }

    /// <summary>Reads a command substitution at <see cref="Pos"/> ('[') through its matching ']'.</summary>
    public ScriptNode ParseBracket()
    {
        var openLine = LineAt(Pos);
        Pos++;
        var commands = new List<CommandNode>();
        ParseCommands(commands, nested: true);
        if (AtEnd)
        {
            throw new TclSyntaxException("missing close-bracket", openLine);
        }

        Pos++;
        return new ScriptNode([.. commands], null, 0);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Reads a variable reference at <see cref="Pos"/> ('$'); null (and Pos past '$') when no name follows.</summary>
    public VariablePart? ParseDollar()
    {
        var dollarLine = LineAt(Pos);
        Pos++;
        if (AtEnd)
        {
            return null;
        }

        if (Cur == '{')
        {
            var close = _text.IndexOf('}', Pos + 1);
            if (close < 0)
            {
                throw new TclSyntaxException("missing close-brace for variable name", dollarLine);
            }

            var braced = _text[(Pos + 1)..close];
            Pos = close + 1;
            return new VariablePart(braced, null);
        }

        var start = Pos;
        while (!AtEnd)
        {
            if (IsNameChar(Cur))
            {
                Pos++;
            }
            else if (Cur == ':' && Pos + 1 < _text.Length && _text[Pos + 1] == ':')
            {
                Pos += 2;
                while (!AtEnd && Cur == ':')
                {
                    Pos++;
                }
            }
            else
            {
                break;
            }
        }

        var name = _text[start..Pos];
        if (!AtEnd && Cur == '(')
        {
            var parenLine = LineAt(Pos);
            Pos++;
            var indexParts = ParseParts(PartsMode.Index, nested: false, parenLine);
            return new VariablePart(name, new WordNode(indexParts, false, parenLine));
        }

        if (name.Length == 0)
        {
            return null;
        }

        return new VariablePart(name, null);
    }

    private void AppendBackslash(StringBuilder sb)
    {
        Pos++;
        if (AtEnd)
        {
            sb.Append('\\');
            return;
        }

        Pos += Backslash(_text, Pos, sb);
    }

    /// <summary>
    /// Decodes one backslash sequence whose character after the backslash is at <paramref name="pos"/>;
    /// appends the result and returns how many characters after the backslash it consumed.
    /// </summary>
    public static int Backslash(string text, int pos, StringBuilder sb)
    {
        var c = text[pos];
        switch (c)
        {
            case 'a': sb.Append('\a'); return 1;
            case 'b': sb.Append('\b'); return 1;
            case 'f': sb.Append('\f'); return 1;
            case 'n': sb.Append('\n'); return 1;
            case 'r': sb.Append('\r'); return 1;
            case 't': sb.Append('\t'); return 1;
            case 'v': sb.Append('\v'); return 1;
            case '\n':
            {
                var n = 1;
                while (pos + n < text.Length && (text[pos + n] == ' ' || text[pos + n] == '\t'))
                {
                    n++;
                }

                sb.Append(' ');
                return n;
            }

            case 'x':
                return HexEscape(text, pos, 2, sb);
            case 'u':
                return HexEscape(text, pos, 4, sb);
            case 'U':
                return HexEscape(text, pos, 8, sb);
            default:
                if (c is >= '0' and <= '7')
                {
                    var n = 0;
                    var value = 0;
                    while (n < 3 && pos + n < text.Length && text[pos + n] is >= '0' and <= '7')
                    {
                        value = (value * 8) + (text[pos + n] - '0');
                        n++;
                    }

                    sb.Append((char)(value & 0xff));
                    return n;
                }

                sb.Append(c);
                return 1;
        }
    }

    private static int HexEscape(string text, int pos, int maxDigits, StringBuilder sb)
    {
        var n = 0;
        var value = 0;
        while (n < maxDigits && pos + 1 + n < text.Length && char.IsAsciiHexDigit(text[pos + 1 + n]))
        {
            value = (value * 16) + int.Parse(text.AsSpan(pos + 1 + n, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            n++;
        }

        if (n == 0)
        {
            // "\x" without digits is just "x".
            sb.Append(text[pos]);
            return 1;
        }

        if (maxDigits == 2)
        {
            value &= 0xff;
        }

        if (value > 0xffff)
        {
            sb.Append(char.ConvertFromUtf32(Math.Min(value, 0x10ffff)));
        }
        else
        {
            sb.Append((char)value);
        }

        return n + 1;
    }
}
