using System.Globalization;

namespace Framework.Tool.Tcl;

internal enum ExprKind
{
    Int,
    Double,
    String,
}

/// <summary>
/// An operand: a number or a string. Values that came from strings keep their text, because Tcl compares
/// "0x10" eq "16" as strings and returns a lone operand unchanged.
/// </summary>
internal readonly struct ExprValue
{
    private ExprValue(ExprKind kind, long i, double d, string? s)
    {
        Kind = kind;
        Int = i;
        Double = d;
        Text = s;
    }

    public ExprKind Kind { get; }

    public long Int { get; }

    public double Double { get; }

    public string? Text { get; }

    public bool IsNumeric => Kind != ExprKind.String;

    public double AsDouble => Kind == ExprKind.Int ? Int : Double;

    public static ExprValue FromInt(long value) => new(ExprKind.Int, value, 0, null);

    public static ExprValue FromDouble(double value) => new(ExprKind.Double, 0, value, null);

    public static ExprValue FromBool(bool value) => FromInt(value ? 1 : 0);

    public static ExprValue FromString(string text)
    {
        if (TclConvert.TryParseInt(text, out var i))
        {
            return new ExprValue(ExprKind.Int, i, 0, text);
        }

        if (TclConvert.TryParseDouble(text, out var d))
        {
            return new ExprValue(ExprKind.Double, 0, d, text);
        }

        return new ExprValue(ExprKind.String, 0, 0, text);
    }

    public override string ToString() => Text ?? (Kind == ExprKind.Int ? TclConvert.FormatInt(Int) : TclConvert.FormatDouble(Double));
}

internal enum ExprOp
{
    Neg, Plus, BitNot, Not,
    Pow, Mul, Div, Mod, Add, Sub, Shl, Shr, Lt, Gt, Le, Ge, Eq, Ne, StrEq, StrNe, In, Ni, BitAnd, BitXor, BitOr, And, Or,
}

internal abstract class ExprNode;

internal sealed class LiteralExpr(ExprValue value) : ExprNode
{
    public ExprValue Value { get; } = value;
}

/// <summary>A $var, [cmd] or "quoted" operand: substituted at evaluation time, then read as a number if it looks like one.</summary>
internal sealed class WordExpr(WordNode word) : ExprNode
{
    public WordNode Word { get; } = word;
}

internal sealed class UnaryExpr(ExprOp op, ExprNode operand) : ExprNode
{
    public ExprOp Op { get; } = op;

    public ExprNode Operand { get; } = operand;
}

internal sealed class BinaryExpr(ExprOp op, ExprNode left, ExprNode right) : ExprNode
{
    public ExprOp Op { get; } = op;

    public ExprNode Left { get; } = left;

    public ExprNode Right { get; } = right;
}

internal sealed class TernaryExpr(ExprNode condition, ExprNode then, ExprNode otherwise) : ExprNode
{
    public ExprNode Condition { get; } = condition;

    public ExprNode Then { get; } = then;

    public ExprNode Otherwise { get; } = otherwise;
}

internal sealed class FuncExpr(string name, ExprNode[] args) : ExprNode
{
    public string Name { get; } = name;

    public ExprNode[] Args { get; } = args;
}

/// <summary>Recursive-descent parser for Tcl expressions with Tcl's precedence table.</summary>
internal sealed class TclExprParser
{
    private readonly string _text;
    private readonly TclParser _words;

    private TclExprParser(string text)
    {
        _text = text;
        _words = new TclParser(text);
    }

    private int Pos
    {
        get => _words.Pos;
        set => _words.Pos = value;
    }

    /// <summary>Parses an expression; throws <see cref="TclResultException"/> carrying a Tcl syntax error.</summary>
    public static ExprNode Parse(string text)
    {
        var parser = new TclExprParser(text);
        try
        {
            var node = parser.ParseTernary();
            parser.SkipSpace();
            if (parser.Pos < text.Length)
            {
                throw parser.Error($"extra tokens at end of expression");
            }

            return node;
        }
        catch (TclSyntaxException e)
        {
            throw new TclResultException(TclResult.Error(e.Message));
        }
    }

    private TclResultException Error(string detail) =>
        new(TclResult.Error($"syntax error in expression \"{_text}\": {detail}"));

    private void SkipSpace()
    {
        while (Pos < _text.Length && char.IsWhiteSpace(_text[Pos]))
        {
            Pos++;
        }
    }

    private ExprNode ParseTernary()
    {
        var condition = ParseBinary(1);
        SkipSpace();
        if (Pos < _text.Length && _text[Pos] == '?')
        {
            Pos++;
            var then = ParseTernary();
            SkipSpace();
            if (Pos >= _text.Length || _text[Pos] != ':')
            {
                throw Error("missing \":\" in ternary operator");
            }

            Pos++;
            var otherwise = ParseTernary();
            return new TernaryExpr(condition, then, otherwise);
        }

        return condition;
    }

    private static int Precedence(ExprOp op) => op switch
    {
        ExprOp.Or => 1,
        ExprOp.And => 2,
        ExprOp.BitOr => 3,
        ExprOp.BitXor => 4,
        ExprOp.BitAnd => 5,
        ExprOp.In or ExprOp.Ni => 6,
        ExprOp.StrEq or ExprOp.StrNe => 7,
        ExprOp.Eq or ExprOp.Ne => 8,
        ExprOp.Lt or ExprOp.Gt or ExprOp.Le or ExprOp.Ge => 9,
        ExprOp.Shl or ExprOp.Shr => 10,
        ExprOp.Add or ExprOp.Sub => 11,
        ExprOp.Mul or ExprOp.Div or ExprOp.Mod => 12,
        ExprOp.Pow => 13,
        _ => 0,
    };

    private ExprNode ParseBinary(int minPrecedence)
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            var start = Pos;
            if (!TryReadBinaryOp(out var op) || Precedence(op) < minPrecedence)
            {
                Pos = start;
                return left;
            }

            var precedence = Precedence(op);

            // ** is right-associative; everything else is left-associative.
            var right = ParseBinary(op == ExprOp.Pow ? precedence : precedence + 1);
            left = new BinaryExpr(op, left, right);
        }
    }

    private bool TryReadBinaryOp(out ExprOp op)
    {
        op = default;
        if (Pos >= _text.Length)
        {
            return false;
        }

        var c = _text[Pos];
        var next = Pos + 1 < _text.Length ? _text[Pos + 1] : '\0';
        (op, var length) = (c, next) switch
        {
            ('*', '*') => (ExprOp.Pow, 2),
            ('*', _) => (ExprOp.Mul, 1),
            ('/', _) => (ExprOp.Div, 1),
            ('%', _) => (ExprOp.Mod, 1),
            ('+', _) => (ExprOp.Add, 1),
            ('-', _) => (ExprOp.Sub, 1),
            ('<', '<') => (ExprOp.Shl, 2),
            ('>', '>') => (ExprOp.Shr, 2),
            ('<', '=') => (ExprOp.Le, 2),
            ('>', '=') => (ExprOp.Ge, 2),
            ('<', _) => (ExprOp.Lt, 1),
            ('>', _) => (ExprOp.Gt, 1),
            ('=', '=') => (ExprOp.Eq, 2),
            ('!', '=') => (ExprOp.Ne, 2),
            ('&', '&') => (ExprOp.And, 2),
            ('|', '|') => (ExprOp.Or, 2),
            ('&', _) => (ExprOp.BitAnd, 1),
            ('|', _) => (ExprOp.BitOr, 1),
            ('^', _) => (ExprOp.BitXor, 1),
            ('e', 'q') => (ExprOp.StrEq, 2),
            ('n', 'e') => (ExprOp.StrNe, 2),
            ('i', 'n') => (ExprOp.In, 2),
            ('n', 'i') => (ExprOp.Ni, 2),
            _ => (default(ExprOp), 0),
        };

        if (length == 0)
        {
            return false;
        }

        // Word operators must not run into an identifier ("eq" in "equal" is a bareword).
        if (char.IsAsciiLetter(c) && Pos + 2 < _text.Length && (char.IsAsciiLetterOrDigit(_text[Pos + 2]) || _text[Pos + 2] == '_'))
        {
            return false;
        }

        Pos += length;
        return true;
    }

    private ExprNode ParseUnary()
    {
        SkipSpace();
        if (Pos >= _text.Length)
        {
            throw Error("premature end of expression");
        }

        ExprOp? op = _text[Pos] switch
        {
            '-' => ExprOp.Neg,
            '+' => ExprOp.Plus,
            '~' => ExprOp.BitNot,
            '!' => ExprOp.Not,
            _ => null,
        };
        if (op is { } unary)
        {
            Pos++;
            return new UnaryExpr(unary, ParseUnary());
        }

        return ParsePrimary();
    }

    private ExprNode ParsePrimary()
    {
        var c = _text[Pos];
        switch (c)
        {
            case '(':
            {
                Pos++;
                var inner = ParseTernary();
                SkipSpace();
                if (Pos >= _text.Length || _text[Pos] != ')')
                {
                    throw Error("looking for close parenthesis");
                }

                Pos++;
                return inner;
            }

            case '$':
            {
                var variable = _words.ParseDollar() ?? throw Error("invalid character \"$\"");
                return new WordExpr(new WordNode([variable], false, 1));
            }

            case '[':
                return new WordExpr(new WordNode([new CommandPart(_words.ParseBracket())], false, 1));
            case '"':
            {
                var line = _words.LineAt(Pos);
                Pos++;
                var parts = _words.ParseParts(TclParser.PartsMode.Quoted, nested: false, line);
                var word = new WordNode(parts, false, line);
                return word.Literal is { } literal ? new LiteralExpr(ExprValue.FromString(literal)) : new WordExpr(word);
            }

            case '{':
                return new LiteralExpr(ExprValue.FromString(_words.ParseBraced()));
        }

        if (char.IsAsciiDigit(c) || (c == '.' && Pos + 1 < _text.Length && char.IsAsciiDigit(_text[Pos + 1])))
        {
            return ParseNumber();
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = Pos;
            while (Pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[Pos]) || _text[Pos] == '_' || _text[Pos] == ':'))
            {
                Pos++;
            }

            var name = _text[start..Pos];
            SkipSpace();
            if (Pos < _text.Length && _text[Pos] == '(')
            {
                Pos++;
                var args = new List<ExprNode>();
                SkipSpace();
                if (Pos < _text.Length && _text[Pos] == ')')
                {
                    Pos++;
                }
                else
                {
                    while (true)
                    {
                        args.Add(ParseTernary());
                        SkipSpace();
                        if (Pos < _text.Length && _text[Pos] == ',')
                        {
                            Pos++;
                            continue;
                        }

                        if (Pos < _text.Length && _text[Pos] == ')')
                        {
                            Pos++;
                            break;
                        }

                        throw Error("missing close parenthesis at end of function call");
                    }
                }

                return new FuncExpr(name.TrimStart(':'), [.. args]);
            }

            if (TclConvert.TryParseBool(name, out _) || name is "Inf" or "NaN" or "inf" or "nan")
            {
                return new LiteralExpr(ExprValue.FromString(name));
            }

            throw new TclResultException(TclResult.Error($"invalid bareword \"{name}\""));
        }

        throw Error($"character not legal in expressions");
    }

    private LiteralExpr ParseNumber()
    {
        var start = Pos;
        if (_text[Pos] == '0' && Pos + 1 < _text.Length && _text[Pos + 1] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            Pos += 2;
            while (Pos < _text.Length && char.IsAsciiHexDigit(_text[Pos]))
            {
                Pos++;
            }
        }
        else
        {
            while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos]))
            {
                Pos++;
            }

            if (Pos < _text.Length && _text[Pos] == '.')
            {
                Pos++;
                while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos]))
                {
                    Pos++;
                }
            }

            if (Pos < _text.Length && _text[Pos] is 'e' or 'E')
            {
                var save = Pos;
                Pos++;
                if (Pos < _text.Length && _text[Pos] is '+' or '-')
                {
                    Pos++;
                }

                if (Pos < _text.Length && char.IsAsciiDigit(_text[Pos]))
                {
                    while (Pos < _text.Length && char.IsAsciiDigit(_text[Pos]))
                    {
                        Pos++;
                    }
                }
                else
                {
                    Pos = save;
                }
            }
        }

        var token = _text[start..Pos];
        if (TclConvert.TryParseInt(token, out var i))
        {
            return new LiteralExpr(ExprValue.FromInt(i));
        }

        if (TclConvert.TryParseDouble(token, out var d))
        {
            return new LiteralExpr(ExprValue.FromDouble(d));
        }

        throw new TclResultException(TclResult.Error($"expected integer but got \"{token}\"" + (token.StartsWith('0') ? " (looks like invalid octal number)" : string.Empty)));
    }
}

public sealed partial class TclInterpreter
{
    internal ExprNode GetExpr(string text)
    {
        if (!_exprCache.TryGetValue(text, out var node))
        {
            node = TclExprParser.Parse(text);
            if (_exprCache.Count >= CacheLimit)
            {
                _exprCache.Clear();
            }

            _exprCache[text] = node;
        }

        return node;
    }

    /// <summary>Evaluates an expression; <paramref name="lineBase"/> is the file line where its text starts.</summary>
    internal TclResult EvalExpression(string text, int lineBase)
    {
        try
        {
            return TclResult.Ok(EvalExpr(GetExpr(text), lineBase).ToString());
        }
        catch (TclResultException e)
        {
            return e.Result;
        }
    }

    /// <summary>Evaluates a condition (if, while, for): the expression's value read as a boolean.</summary>
    internal TclResult EvalCondition(ExprNode node, int lineBase, out bool value)
    {
        value = false;
        try
        {
            value = ToBool(EvalExpr(node, lineBase));
            return TclResult.Empty;
        }
        catch (TclResultException e)
        {
            return e.Result;
        }
    }

    internal TclResult ParseExpr(string text, out ExprNode? node)
    {
        try
        {
            node = GetExpr(text);
            return TclResult.Empty;
        }
        catch (TclResultException e)
        {
            node = null;
            return e.Result;
        }
    }

    private static TclResultException ExprError(string message) => new(TclResult.Error(message));

    private static string OpName(ExprOp op) => op switch
    {
        ExprOp.Neg or ExprOp.Sub => "-",
        ExprOp.Plus or ExprOp.Add => "+",
        ExprOp.BitNot => "~",
        ExprOp.Not => "!",
        ExprOp.Pow => "**",
        ExprOp.Mul => "*",
        ExprOp.Div => "/",
        ExprOp.Mod => "%",
        ExprOp.Shl => "<<",
        ExprOp.Shr => ">>",
        ExprOp.BitAnd => "&",
        ExprOp.BitOr => "|",
        ExprOp.BitXor => "^",
        _ => op.ToString(),
    };

    private static ExprValue Numeric(ExprValue v, ExprOp op)
    {
        if (v.IsNumeric)
        {
            return v;
        }

        throw ExprError($"can't use non-numeric string \"{v.Text}\" as operand of \"{OpName(op)}\"");
    }

    private static long IntOperand(ExprValue v, ExprOp op)
    {
        v = Numeric(v, op);
        if (v.Kind == ExprKind.Double)
        {
            throw ExprError($"can't use floating-point value \"{v}\" as operand of \"{OpName(op)}\"");
        }

        return v.Int;
    }

    private static bool ToBool(ExprValue v)
    {
        return v.Kind switch
        {
            ExprKind.Int => v.Int != 0,
            ExprKind.Double => v.Double != 0,
            _ => TclConvert.TryParseBool(v.Text!, out var b) ? b : throw ExprError($"expected boolean value but got \"{v.Text}\""),
        };
    }

    private ExprValue EvalExpr(ExprNode node, int lineBase)
    {
        switch (node)
        {
            case LiteralExpr literal:
                return literal.Value;
            case WordExpr word:
            {
                var result = SubstWord(word.Word, lineBase);
                if (result.Code != TclCode.Ok)
                {
                    throw new TclResultException(result);
                }

                return ExprValue.FromString(result.Value);
            }

            case UnaryExpr unary:
                return EvalUnary(unary.Op, EvalExpr(unary.Operand, lineBase));
            case TernaryExpr ternary:
                return ToBool(EvalExpr(ternary.Condition, lineBase)) ? EvalExpr(ternary.Then, lineBase) : EvalExpr(ternary.Otherwise, lineBase);
            case BinaryExpr binary when binary.Op == ExprOp.And:
                return ExprValue.FromBool(ToBool(EvalExpr(binary.Left, lineBase)) && ToBool(EvalExpr(binary.Right, lineBase)));
            case BinaryExpr binary when binary.Op == ExprOp.Or:
                return ExprValue.FromBool(ToBool(EvalExpr(binary.Left, lineBase)) || ToBool(EvalExpr(binary.Right, lineBase)));
            case BinaryExpr binary:
                return EvalBinary(binary.Op, EvalExpr(binary.Left, lineBase), EvalExpr(binary.Right, lineBase));
            case FuncExpr func:
            {
                var args = new ExprValue[func.Args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = EvalExpr(func.Args[i], lineBase);
                }

                return TclExprFunctions.Call(func.Name, args);
            }

            default:
                throw new InvalidOperationException("unknown expression node");
        }
    }

    private static ExprValue EvalUnary(ExprOp op, ExprValue v)
    {
        switch (op)
        {
            case ExprOp.Not:
                return ExprValue.FromBool(!ToBool(v));
            case ExprOp.BitNot:
                return ExprValue.FromInt(~IntOperand(v, op));
            case ExprOp.Neg:
                v = Numeric(v, op);
                return v.Kind == ExprKind.Int ? ExprValue.FromInt(unchecked(-v.Int)) : ExprValue.FromDouble(-v.Double);
            default:
                v = Numeric(v, op);
                return v.Kind == ExprKind.Int ? ExprValue.FromInt(v.Int) : ExprValue.FromDouble(v.Double);
        }
    }

    private static ExprValue EvalBinary(ExprOp op, ExprValue a, ExprValue b)
    {
        switch (op)
        {
            case ExprOp.StrEq:
                return ExprValue.FromBool(a.ToString() == b.ToString());
            case ExprOp.StrNe:
                return ExprValue.FromBool(a.ToString() != b.ToString());
            case ExprOp.In or ExprOp.Ni:
            {
                if (!TclList.TryParse(b.ToString(), out var items, out var error))
                {
                    throw ExprError(error!);
                }

                return ExprValue.FromBool(items.Contains(a.ToString()) == (op == ExprOp.In));
            }

            case ExprOp.Eq or ExprOp.Ne or ExprOp.Lt or ExprOp.Gt or ExprOp.Le or ExprOp.Ge:
            {
                int cmp;
                if (a.IsNumeric && b.IsNumeric)
                {
                    cmp = a.Kind == ExprKind.Int && b.Kind == ExprKind.Int ? a.Int.CompareTo(b.Int) : a.AsDouble.CompareTo(b.AsDouble);
                    if (double.IsNaN(a.AsDouble) || double.IsNaN(b.AsDouble))
                    {
                        return ExprValue.FromBool(op == ExprOp.Ne);
                    }
                }
                else
                {
                    cmp = string.CompareOrdinal(a.ToString(), b.ToString());
                }

                return ExprValue.FromBool(op switch
                {
                    ExprOp.Eq => cmp == 0,
                    ExprOp.Ne => cmp != 0,
                    ExprOp.Lt => cmp < 0,
                    ExprOp.Gt => cmp > 0,
                    ExprOp.Le => cmp <= 0,
                    _ => cmp >= 0,
                });
            }

            case ExprOp.BitAnd:
                return ExprValue.FromInt(IntOperand(a, op) & IntOperand(b, op));
            case ExprOp.BitOr:
                return ExprValue.FromInt(IntOperand(a, op) | IntOperand(b, op));
            case ExprOp.BitXor:
                return ExprValue.FromInt(IntOperand(a, op) ^ IntOperand(b, op));
            case ExprOp.Mod:
            {
                var x = IntOperand(a, op);
                var y = IntOperand(b, op);
                if (y == 0)
                {
                    throw new TclResultException(TclResult.Error("divide by zero"));
                }

                if (y == -1)
                {
                    return ExprValue.FromInt(0);
                }

                // Tcl's remainder takes the sign of the divisor.
                var r = x % y;
                if (r != 0 && (r < 0) != (y < 0))
                {
                    r += y;
                }

                return ExprValue.FromInt(r);
            }

            case ExprOp.Shl or ExprOp.Shr:
            {
                var x = IntOperand(a, op);
                var y = IntOperand(b, op);
                if (y < 0)
                {
                    throw ExprError("negative shift argument");
                }

                if (op == ExprOp.Shl)
                {
                    return ExprValue.FromInt(y >= 64 ? 0 : x << (int)y);
                }

                return ExprValue.FromInt(y >= 64 ? (x < 0 ? -1 : 0) : x >> (int)y);
            }
        }

        a = Numeric(a, op);
        b = Numeric(b, op);
        if (a.Kind == ExprKind.Int && b.Kind == ExprKind.Int)
        {
            var x = a.Int;
            var y = b.Int;
            switch (op)
            {
                case ExprOp.Add: return ExprValue.FromInt(unchecked(x + y));
                case ExprOp.Sub: return ExprValue.FromInt(unchecked(x - y));
                case ExprOp.Mul: return ExprValue.FromInt(unchecked(x * y));
                case ExprOp.Div:
                {
                    if (y == 0)
                    {
                        throw new TclResultException(TclResult.Error("divide by zero"));
                    }

                    if (y == -1)
                    {
                        return ExprValue.FromInt(unchecked(-x));
                    }

                    // Tcl rounds integer division towards negative infinity.
                    var q = x / y;
                    if (x % y != 0 && (x < 0) != (y < 0))
                    {
                        q--;
                    }

                    return ExprValue.FromInt(q);
                }

                case ExprOp.Pow:
                    return ExprValue.FromInt(IntPow(x, y));
            }
        }

        var dx = a.AsDouble;
        var dy = b.AsDouble;
        return op switch
        {
            ExprOp.Add => ExprValue.FromDouble(dx + dy),
            ExprOp.Sub => ExprValue.FromDouble(dx - dy),
            ExprOp.Mul => ExprValue.FromDouble(dx * dy),
            ExprOp.Div => ExprValue.FromDouble(dx / dy),
            ExprOp.Pow => ExprValue.FromDouble(Math.Pow(dx, dy)),
            _ => throw new InvalidOperationException($"operator {op}"),
        };
    }

    private static long IntPow(long x, long y)
    {
        if (y < 0)
        {
            return x switch
            {
                0 => throw ExprError("exponentiation of zero by negative power"),
                1 => 1,
                -1 => (y & 1) == 0 ? 1 : -1,
                _ => 0,
            };
        }

        long result = 1;
        while (y > 0)
        {
            if ((y & 1) != 0)
            {
                result = unchecked(result * x);
            }

            x = unchecked(x * x);
            y >>= 1;
        }

        return result;
    }
}

/// <summary>The math functions of expr.</summary>
internal static class TclExprFunctions
{
    public static ExprValue Call(string name, ExprValue[] args)
    {
        switch (name)
        {
            case "abs":
            {
                var v = One(name, args);
                return v.Kind == ExprKind.Int ? ExprValue.FromInt(Math.Abs(v.Int)) : ExprValue.FromDouble(Math.Abs(v.Double));
            }

            case "int" or "wide" or "entier":
            {
                var v = One(name, args);
                return v.Kind == ExprKind.Int ? ExprValue.FromInt(v.Int) : ExprValue.FromInt(ToLong(Math.Truncate(v.Double)));
            }

            case "double":
                return ExprValue.FromDouble(One(name, args).AsDouble);
            case "round":
            {
                var v = One(name, args);
                return v.Kind == ExprKind.Int ? ExprValue.FromInt(v.Int) : ExprValue.FromInt(ToLong(Math.Round(v.Double, MidpointRounding.AwayFromZero)));
            }

            case "bool":
            {
                var v = Arity(name, args, 1)[0];
                var text = v.ToString();
                return TclConvert.TryParseBool(text, out var b) ? ExprValue.FromBool(b) : throw new TclResultException(TclResult.Error($"expected boolean value but got \"{text}\""));
            }

            case "min" or "max":
            {
                if (args.Length == 0)
                {
                    throw new TclResultException(TclResult.Error($"too few arguments to math function \"{name}\""));
                }

                var best = Num(name, args[0]);
                foreach (var arg in args.Skip(1))
                {
                    var v = Num(name, arg);
                    if (name == "min" ? v.AsDouble < best.AsDouble : v.AsDouble > best.AsDouble)
                    {
                        best = v;
                    }
                }

                return best.Kind == ExprKind.Int ? ExprValue.FromInt(best.Int) : ExprValue.FromDouble(best.Double);
            }

            case "floor": return ExprValue.FromDouble(Math.Floor(One(name, args).AsDouble));
            case "ceil": return ExprValue.FromDouble(Math.Ceiling(One(name, args).AsDouble));
            case "sqrt": return ExprValue.FromDouble(Math.Sqrt(One(name, args).AsDouble));
            case "exp": return ExprValue.FromDouble(Math.Exp(One(name, args).AsDouble));
            case "log": return ExprValue.FromDouble(Math.Log(One(name, args).AsDouble));
            case "log10": return ExprValue.FromDouble(Math.Log10(One(name, args).AsDouble));
            case "sin": return ExprValue.FromDouble(Math.Sin(One(name, args).AsDouble));
            case "cos": return ExprValue.FromDouble(Math.Cos(One(name, args).AsDouble));
            case "tan": return ExprValue.FromDouble(Math.Tan(One(name, args).AsDouble));
            case "asin": return ExprValue.FromDouble(Math.Asin(One(name, args).AsDouble));
            case "acos": return ExprValue.FromDouble(Math.Acos(One(name, args).AsDouble));
            case "atan": return ExprValue.FromDouble(Math.Atan(One(name, args).AsDouble));
            case "pow": { var a = Two(name, args); return ExprValue.FromDouble(Math.Pow(a.X.AsDouble, a.Y.AsDouble)); }
            case "atan2": { var a = Two(name, args); return ExprValue.FromDouble(Math.Atan2(a.X.AsDouble, a.Y.AsDouble)); }
            case "fmod": { var a = Two(name, args); return ExprValue.FromDouble(a.X.AsDouble % a.Y.AsDouble); }
            case "hypot": { var a = Two(name, args); return ExprValue.FromDouble(Math.Sqrt((a.X.AsDouble * a.X.AsDouble) + (a.Y.AsDouble * a.Y.AsDouble))); }
            default:
                throw new TclResultException(TclResult.Error($"invalid command name \"tcl::mathfunc::{name}\""));
        }
    }

    private static long ToLong(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new TclResultException(TclResult.Error("integer value too large to represent"));
        }

        return d >= long.MaxValue ? long.MaxValue : d <= long.MinValue ? long.MinValue : (long)d;
    }

    private static ExprValue[] Arity(string name, ExprValue[] args, int count)
    {
        if (args.Length < count)
        {
            throw new TclResultException(TclResult.Error($"too few arguments to math function \"{name}\""));
        }

        if (args.Length > count)
        {
            throw new TclResultException(TclResult.Error($"too many arguments to math function \"{name}\""));
        }

        return args;
    }

    private static ExprValue Num(string name, ExprValue v) =>
        v.IsNumeric ? v : throw new TclResultException(TclResult.Error($"expected floating-point number but got \"{v.Text}\""));

    private static ExprValue One(string name, ExprValue[] args) => Num(name, Arity(name, args, 1)[0]);

    private static (ExprValue X, ExprValue Y) Two(string name, ExprValue[] args)
    {
        Arity(name, args, 2);
        return (Num(name, args[0]), Num(name, args[1]));
    }
}
