namespace Framework.Util;

/// <summary>Token classes of Genode's tokenizer (<c>util/token.h</c>).</summary>
internal enum TokenType
{
    SingleChar,
    Number,
    Ident,
    String,
    Whitespace,
    End,
}

/// <summary>
/// Genode's tokenizer with the <c>Scanner_policy_identifier_with_underline</c> policy: groups
/// characters into numbers, identifiers (letters and '_', digits after the first character),
/// double-quoted strings (<c>\"</c> does not end a string), whitespace runs and single characters.
/// </summary>
/// <remarks>
/// Session argument strings are scanned with it, and the xml_node conformance test prints its
/// tokens. A string that lacks its closing quote yields an <see cref="TokenType.End"/> token, as in
/// Genode, which makes everything after it invisible.
/// </remarks>
internal readonly struct Token
{
    private readonly string _text;

    public Token(string text, int start = 0)
    {
        _text = text;
        Start = start;
        (Type, Length) = Scan(text, start);
    }

    public int Start { get; }
    public int Length { get; }
    public TokenType Type { get; }

    public bool IsValid => Length > 0;

    public string Text => _text.Substring(Start, Length);

    /// <summary>The character at <paramref name="index"/> within the token, or '\0' outside it.</summary>
    public char this[int index] => index >= 0 && index < Length ? _text[Start + index] : '\0';

    public Token Next() => new(_text, Start + Length);

    public Token EatWhitespace() => Type == TokenType.Whitespace ? Next() : this;

    internal static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
    internal static bool IsDigit(char c) => c is >= '0' and <= '9';
    internal static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';
    private static bool IsIdentChar(char c, int i) => IsLetter(c) || c == '_' || (i > 0 && IsDigit(c));

    private static (TokenType, int) Scan(string s, int start)
    {
        if (start >= s.Length || s[start] == '\0')
            return (TokenType.End, 0);

        char c = s[start];
        if (IsIdentChar(c, 0))
            return (TokenType.Ident, Run(s, start, IsIdentChar));
        if (IsDigit(c))
            return (TokenType.Number, Run(s, start, (ch, _) => IsDigit(ch)));
        if (IsWhitespace(c))
            return (TokenType.Whitespace, Run(s, start, (ch, _) => IsWhitespace(ch)));
        if (c == '"')
        {
            int len = QuotedLength(s, start);
            return len == 0 ? (TokenType.End, 0) : (TokenType.String, len);
        }
        return (TokenType.SingleChar, 1);
    }

    private static int Run(string s, int start, Func<char, int, bool> accept)
    {
        int i = 0;
        while (start + i < s.Length && accept(s[start + i], i))
            i++;
        return i;
    }

    /// <summary>Length including both quotes, or 0 if the string is not terminated.</summary>
    private static int QuotedLength(string s, int start)
    {
        for (int i = start + 1; i < s.Length && s[i] != '\0'; i++)
        {
            if (s[i] == '"' && s[i - 1] != '\\')
                return i - start + 1;
        }
        return 0;
    }
}
