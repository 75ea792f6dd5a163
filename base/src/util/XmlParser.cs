namespace Framework.Util;

/// <summary>
/// Parses one XML node eagerly into an immutable <see cref="XmlNode"/> tree, reporting the first
/// problem with its position.
/// </summary>
/// <remarks>
/// Follows Genode's Xml_node where its behaviour is visible to configurations:
/// <list type="bullet">
/// <item>whitespace, comments and <c>&lt;?...?&gt;</c> before the node are skipped, anything after it is ignored;</item>
/// <item>attribute values must be double-quoted and a backslash has no special meaning in them;</item>
/// <item>text between sub-nodes is allowed and ignored for the sub-node structure;</item>
/// <item>a double quote in content opens a string that must be closed by the next double quote,
/// because Genode's tokenizer scans content that way (its xml_node test expects a node with an
/// unfinished string to be invalid). Markup inside such a string is not interpreted.</item>
/// </list>
/// Unlike Genode, which only checks that the node's own end tag matches, every nested end tag must
/// match: a config checker is better served by an error at the first mismatch than by a silently
/// invisible sub-node.
/// </remarks>
internal sealed class XmlParser
{
    // Deeper nesting is certainly a mistake, and recursion must not overflow the stack.
    private const int MaxDepth = 256;

    private readonly XmlSource _source;
    private readonly string _text;
    private int _pos;

    private XmlParser(XmlSource source)
    {
        _source = source;
        // Text parsed from a whole string is scanned in place rather than copied.
        _text = System.Runtime.InteropServices.MemoryMarshal.TryGetString(source.Text, out string? whole, out int start, out int length)
                && start == 0 && length == whole.Length
            ? whole
            : source.Text.ToString();
    }

    public static XmlNode Parse(ReadOnlyMemory<char> text)
    {
        var parser = new XmlParser(new XmlSource(text));
        parser.SkipProlog();
        if (parser._pos >= parser._text.Length)
            throw parser.Error(parser._pos, "no XML node found");
        if (parser._text[parser._pos] != '<' || !IsNameStart(parser.CharAt(parser._pos + 1)))
            throw parser.Error(parser._pos, $"expected '<' and a tag name, found {Describe(parser._text[parser._pos])}");
        return parser.ParseElement(0);
    }

    private char CharAt(int i) => i < _text.Length ? _text[i] : '\0';

    private bool At(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private XmlSyntaxException Error(int offset, string reason) =>
        new(reason, _source.LineOf(offset), _source.ColumnOf(offset));

    private static string Describe(char c) => c switch
    {
        '\0' => "end of input",
        '\n' => "line break",
        _ => $"'{c}'",
    };

    internal static bool IsNameStart(char c) => Token.IsLetter(c) || c == '_' || c == ':';

    private static bool IsNameChar(char c) => IsNameStart(c) || c == '-' || c == '.' || Token.IsDigit(c);

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && Token.IsWhitespace(_text[_pos]))
            _pos++;
    }

    private void SkipProlog()
    {
        while (true)
        {
            SkipWhitespace();
            if (At("<!--"))
                SkipComment();
            else if (At("<?"))
                SkipDelimited("<?", "?>", "processing instruction");
            else
                return;
        }
    }

    private void SkipComment() => SkipDelimited("<!--", "-->", "comment");

    private void SkipDelimited(string open, string close, string what)
    {
        int start = _pos;
        int end = _text.IndexOf(close, _pos + open.Length, StringComparison.Ordinal);
        if (end < 0)
            throw Error(start, $"unterminated {what} ('{open}' without '{close}')");
        _pos = end + close.Length;
    }

    private string ParseName(string context)
    {
        int start = _pos;
        if (!IsNameStart(CharAt(_pos)))
            throw Error(_pos, $"expected {context}, found {Describe(CharAt(_pos))}");
        while (IsNameChar(CharAt(_pos)))
            _pos++;
        return _text[start.._pos];
    }

    private XmlNode ParseElement(int depth)
    {
        int start = _pos;
        if (depth >= MaxDepth)
            throw Error(start, $"nodes nested deeper than {MaxDepth} levels");
        _pos++; // '<'
        string type = ParseName("a tag name after '<'");
        var attributes = new List<XmlAttribute>();

        while (true)
        {
            SkipWhitespace();
            char c = CharAt(_pos);
            if (c == '>')
            {
                _pos++;
                break;
            }
            if (c == '/')
            {
                if (CharAt(_pos + 1) != '>')
                    throw Error(_pos, $"expected '>' after '/' in tag <{type}>");
                _pos += 2;
                return new XmlNode(_source, start, _pos, type, -1, -1, [.. attributes], []);
            }
            if (IsNameStart(c))
            {
                attributes.Add(ParseAttribute());
                continue;
            }
            if (_pos >= _text.Length)
                throw Error(_pos, $"unclosed start tag <{type}> opened at {_source.PositionOf(start)}");
            throw Error(_pos, $"unexpected {Describe(c)} in start tag <{type}>");
        }

        int contentStart = _pos;
        var subNodes = new List<XmlNode>();
        while (true)
        {
            if (_pos >= _text.Length)
                throw Error(_pos, $"unclosed <{type}> opened at {_source.PositionOf(start)}");

            char c = _text[_pos];
            if (c == '"')
            {
                int close = _text.IndexOf('"', _pos + 1);
                if (close < 0)
                    throw Error(_pos, $"unterminated string in content of <{type}> opened at {_source.PositionOf(start)}");
                _pos = close + 1;
                continue;
            }
            if (c != '<')
            {
                _pos++;
                continue;
            }
            if (At("<!--"))
            {
                SkipComment();
                continue;
            }
            if (At("<![CDATA["))
            {
                SkipDelimited("<![CDATA[", "]]>", "CDATA section");
                continue;
            }
            if (At("<?"))
            {
                SkipDelimited("<?", "?>", "processing instruction");
                continue;
            }
            if (At("</"))
            {
                int endTag = _pos;
                _pos += 2;
                string endType = ParseName("a tag name after '</'");
                SkipWhitespace();
                if (CharAt(_pos) != '>')
                    throw Error(_pos, $"expected '>' to close end tag </{endType}>, found {Describe(CharAt(_pos))}");
                _pos++;
                if (endType != type)
                    throw Error(endTag, $"mismatched end tag </{endType}>, expected </{type}> for <{type}> opened at {_source.PositionOf(start)}");
                return new XmlNode(_source, start, _pos, type, contentStart, endTag, [.. attributes], [.. subNodes]);
            }
            if (IsNameStart(CharAt(_pos + 1)))
            {
                subNodes.Add(ParseElement(depth + 1));
                continue;
            }
            throw Error(_pos, $"expected a tag name after '<', found {Describe(CharAt(_pos + 1))}");
        }
    }

    private XmlAttribute ParseAttribute()
    {
        int start = _pos;
        string name = ParseName("an attribute name");
        SkipWhitespace();
        if (CharAt(_pos) != '=')
            throw Error(_pos, $"expected '=' after attribute '{name}', found {Describe(CharAt(_pos))}");
        _pos++;
        SkipWhitespace();
        char quote = CharAt(_pos);
        if (quote == '\'')
            throw Error(_pos, $"value of attribute '{name}' must be enclosed in double quotes");
        if (quote != '"')
            throw Error(_pos, $"expected '\"' to start the value of attribute '{name}', found {Describe(quote)}");
        int close = _text.IndexOf('"', _pos + 1);
        if (close < 0)
            throw Error(_pos, $"unterminated value of attribute '{name}'");
        string raw = _text[(_pos + 1)..close];
        _pos = close + 1;
        return new XmlAttribute(_source, start, name, raw);
    }
}
