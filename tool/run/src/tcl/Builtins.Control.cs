using System.Globalization;
using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>Control flow, procedures, frames, evaluation and error commands.</summary>
public sealed partial class TclInterpreter
{
    internal static TclResult WrongArgs(string usage) => TclResult.Error($"wrong # args: should be \"{usage}\"");

    private void Register(string name, TclCommand command) => _commands[name] = new CommandEntry(command, null);

    private void RegisterBuiltins()
    {
        Register("if", CmdIf);
        Register("while", CmdWhile);
        Register("for", CmdFor);
        Register("foreach", CmdForeach);
        Register("break", (_, a) => a.Count == 1 ? TclResult.Break : WrongArgs("break"));
        Register("continue", (_, a) => a.Count == 1 ? TclResult.Continue : WrongArgs("continue"));
        Register("proc", CmdProc);
        Register("return", CmdReturn);
        Register("global", CmdGlobal);
        Register("upvar", CmdUpvar);
        Register("uplevel", CmdUplevel);
        Register("catch", CmdCatch);
        Register("error", CmdError);
        Register("eval", CmdEval);
        Register("exit", CmdExit);
        Register("switch", CmdSwitch);
        Register("source", CmdSource);
        Register("info", CmdInfo);
        Register("rename", CmdRename);
        Register("expr", CmdExpr);
        Register("subst", CmdSubst);
        RegisterVariableCommands();
        RegisterListCommands();
        RegisterStringCommands();
        RegisterHostCommands();
    }

    private TclResult CmdExpr(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("expr arg ?arg ...?");
        }

        var text = a.Count == 2 ? a[1] : string.Join(' ', a.Skip(1));
        return EvalExpression(text, ArgLine(1));
    }

    private TclResult Condition(string text, int argIndex, out bool value)
    {
        value = false;
        var parsed = ParseExpr(text, out var node);
        return parsed.Code != TclCode.Ok ? parsed : EvalCondition(node!, ArgLine(argIndex), out value);
    }

    private TclResult CmdIf(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var i = 1;
        while (true)
        {
            if (i >= a.Count)
            {
                return WrongArgs("if expr1 ?then? body1 elseif expr2 ?then? body2 elseif ... ?else? ?bodyN?");
            }

            var result = Condition(a[i], i, out var condition);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }

            i++;
            if (i < a.Count && a[i] == "then")
            {
                i++;
            }

            if (i >= a.Count)
            {
                return TclResult.Error($"wrong # args: no script following \"{a[i - 1]}\" argument");
            }

            if (condition)
            {
                return EvalBody(a[i], i, "\"if\" then script");
            }

            i++;
            if (i >= a.Count)
            {
                return TclResult.Empty;
            }

            if (a[i] == "elseif")
            {
                i++;
                continue;
            }

            if (a[i] == "else")
            {
                i++;
                if (i >= a.Count)
                {
                    return TclResult.Error("wrong # args: no script following \"else\" argument");
                }
            }

            if (i != a.Count - 1)
            {
                return TclResult.Error("wrong # args: extra words after \"else\" clause in \"if\" command");
            }

            return EvalBody(a[i], i, "\"if\" else script");
        }
    }

    private TclResult CmdWhile(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 3)
        {
            return WrongArgs("while test command");
        }

        var parsed = ParseExpr(a[1], out var test);
        if (parsed.Code != TclCode.Ok)
        {
            return parsed;
        }

        var testLine = ArgLine(1);
        var bodyLine = ArgLine(2);
        var body = GetScript(a[2]);
        while (true)
        {
            var result = EvalCondition(test!, testLine, out var go);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }

            if (!go)
            {
                return TclResult.Empty;
            }

            result = EvalParsedBody(body, bodyLine, "\"while\" body");
            if (result.Code == TclCode.Break)
            {
                return TclResult.Empty;
            }

            if (result.Code is not (TclCode.Ok or TclCode.Continue))
            {
                return result;
            }
        }
    }

    private TclResult CmdFor(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 5)
        {
            return WrongArgs("for start test next command");
        }

        var result = EvalBody(a[1], 1, "\"for\" initial command");
        if (result.Code != TclCode.Ok)
        {
            return result;
        }

        var parsed = ParseExpr(a[2], out var test);
        if (parsed.Code != TclCode.Ok)
        {
            return parsed;
        }

        var testLine = ArgLine(2);
        var nextLine = ArgLine(3);
        var bodyLine = ArgLine(4);
        var next = GetScript(a[3]);
        var body = GetScript(a[4]);
        while (true)
        {
            result = EvalCondition(test!, testLine, out var go);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }

            if (!go)
            {
                return TclResult.Empty;
            }

            result = EvalParsedBody(body, bodyLine, "\"for\" body");
            if (result.Code == TclCode.Break)
            {
                return TclResult.Empty;
            }

            if (result.Code is not (TclCode.Ok or TclCode.Continue))
            {
                return result;
            }

            result = EvalParsedBody(next, nextLine, "\"for\" loop-end command");
            if (result.Code != TclCode.Ok)
            {
                return result;
            }
        }
    }

    private TclResult CmdForeach(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 4 || a.Count % 2 != 0)
        {
            return WrongArgs("foreach varList list ?varList list ...? command");
        }

        var pairs = (a.Count - 2) / 2;
        var varLists = new List<string>[pairs];
        var valueLists = new List<string>[pairs];
        var iterations = 0;
        for (var p = 0; p < pairs; p++)
        {
            if (!TclList.TryParse(a[1 + (2 * p)], out varLists[p], out var error) || !TclList.TryParse(a[2 + (2 * p)], out valueLists[p], out error))
            {
                return TclResult.Error(error!);
            }

            if (varLists[p].Count == 0)
            {
                return TclResult.Error("foreach varlist is empty");
            }

            iterations = Math.Max(iterations, (valueLists[p].Count + varLists[p].Count - 1) / varLists[p].Count);
        }

        var bodyLine = ArgLine(a.Count - 1);
        var body = GetScript(a[^1]);
        for (var i = 0; i < iterations; i++)
        {
            for (var p = 0; p < pairs; p++)
            {
                var vars = varLists[p];
                for (var v = 0; v < vars.Count; v++)
                {
                    var k = (i * vars.Count) + v;
                    var set = WriteVar(vars[v], k < valueLists[p].Count ? valueLists[p][k] : string.Empty);
                    if (set.Code != TclCode.Ok)
                    {
                        return TclResult.Error($"couldn't set loop variable: \"{vars[v]}\"");
                    }
                }
            }

            var result = EvalParsedBody(body, bodyLine, "\"foreach\" body");
            if (result.Code == TclCode.Break)
            {
                break;
            }

            if (result.Code is not (TclCode.Ok or TclCode.Continue))
            {
                return result;
            }
        }

        return TclResult.Empty;
    }

    private TclResult CmdProc(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 4)
        {
            return WrongArgs("proc name args body");
        }

        if (!TclList.TryParse(a[2], out var specs, out var error))
        {
            return TclResult.Error(error!);
        }

        var parameters = new List<ProcParam>();
        foreach (var spec in specs)
        {
            if (!TclList.TryParse(spec, out var parts, out error))
            {
                return TclResult.Error(error!);
            }

            if (parts.Count is 0 or > 2)
            {
                return TclResult.Error(parts.Count == 0
                    ? $"argument with no name"
                    : $"too many fields in argument specifier \"{spec}\"");
            }

            parameters.Add(new ProcParam(parts[0], parts.Count == 2 ? parts[1] : null));
        }

        var name = NormalizeCommandName(a[1]);
        DefineProc(name, new TclProc(name, [.. parameters], a[3], _file, ArgLine(3)));
        return TclResult.Empty;
    }

    private static TclCode? ParseCode(string text) => text switch
    {
        "ok" => TclCode.Ok,
        "error" => TclCode.Error,
        "return" => TclCode.Return,
        "break" => TclCode.Break,
        "continue" => TclCode.Continue,
        _ => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (TclCode)n : null,
    };

    private TclResult CmdReturn(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var code = TclCode.Ok;
        var level = 1;
        string? errorInfo = null;
        string? errorCode = null;
        var optionCount = (a.Count - 1) % 2 == 0 ? a.Count - 1 : a.Count - 2;
        for (var i = 1; i < 1 + optionCount; i += 2)
        {
            switch (a[i])
            {
                case "-code":
                    if (ParseCode(a[i + 1]) is not { } parsed)
                    {
                        return TclResult.Error($"bad completion code \"{a[i + 1]}\": must be ok, error, return, break, continue, or an integer");
                    }

                    code = parsed;
                    break;
                case "-level":
                    if (!int.TryParse(a[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out level))
                    {
                        return TclResult.Error($"bad -level value: expected non-negative integer but got \"{a[i + 1]}\"");
                    }

                    break;
                case "-errorinfo":
                    errorInfo = a[i + 1];
                    break;
                case "-errorcode":
                    errorCode = a[i + 1];
                    break;
                case "-options" or "-errorline" or "-errorstack":
                    break;
                default:
                    return TclResult.Error($"bad option \"{a[i]}\": must be -code, -errorcode, -errorinfo, or -level");
            }
        }

        var value = (a.Count - 1) % 2 == 1 ? a[^1] : string.Empty;
        if (level == 0)
        {
            // "-level 0" completes right here with the given code.
            if (code == TclCode.Error)
            {
                StartError(value, errorInfo, errorCode);
            }

            return new TclResult(code, value);
        }

        SetReturnOptions(code, errorInfo, errorCode);
        return new TclResult(TclCode.Return, value);
    }

    private TclResult CmdGlobal(TclInterpreter interp, IReadOnlyList<string> a)
    {
        for (var i = 1; i < a.Count; i++)
        {
            var result = LinkGlobal(a[i]);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }
        }

        return TclResult.Empty;
    }

    private TclResult CmdUpvar(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var i = 1;
        var levelSpec = "1";
        if (a.Count > 1 && (a.Count - 1) % 2 == 1 && LooksLikeLevel(a[1]))
        {
            levelSpec = a[1];
            i = 2;
        }

        if (a.Count - i < 2 || (a.Count - i) % 2 != 0)
        {
            return WrongArgs("upvar ?level? otherVar localVar ?otherVar localVar ...?");
        }

        var target = ResolveLevel(levelSpec);
        if (target is null)
        {
            return TclResult.Error($"bad level \"{levelSpec}\"");
        }

        for (; i < a.Count; i += 2)
        {
            var result = LinkVar(target, a[i], a[i + 1]);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }
        }

        return TclResult.Empty;
    }

    private TclResult CmdUplevel(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var i = 1;
        var levelSpec = "1";
        if (a.Count > 2 && LooksLikeLevel(a[1]))
        {
            levelSpec = a[1];
            i = 2;
        }

        if (a.Count <= i)
        {
            return WrongArgs("uplevel ?level? command ?arg ...?");
        }

        var target = ResolveLevel(levelSpec);
        if (target is null)
        {
            return TclResult.Error($"bad level \"{levelSpec}\"");
        }

        var script = a.Count == i + 1 ? a[i] : Concat(a.Skip(i));
        var line = ArgLine(i);
        return WithFrame(target, () => EvalBodyAt(script, line, "\"uplevel\" body"));
    }

    private TclResult CmdCatch(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count is < 2 or > 4)
        {
            return WrongArgs("catch script ?resultVarName? ?optionVarName?");
        }

        var result = EvalBody(a[1], 1, null);
        var code = result.Code;
        var options = new List<string> { "-code", ((int)code).ToString(CultureInfo.InvariantCulture), "-level", "0" };
        if (code == TclCode.Error)
        {
            var info = ErrorInfoText;
            SetGlobal("errorInfo", info);
            SetGlobal("errorCode", ErrorCodeText);
            options.AddRange(["-errorcode", ErrorCodeText, "-errorinfo", info, "-errorline", (FailedLine - ArgLine(1) + 1).ToString(CultureInfo.InvariantCulture)]);
            ClearError();
        }
        else if (code == TclCode.Return)
        {
            SetReturnOptions(TclCode.Ok, null, null);
        }

        if (a.Count >= 3)
        {
            var set = WriteVar(a[2], result.Value);
            if (set.Code != TclCode.Ok)
            {
                return TclResult.Error($"couldn't save command result in variable");
            }
        }

        if (a.Count == 4)
        {
            var set = WriteVar(a[3], TclList.Format(options));
            if (set.Code != TclCode.Ok)
            {
                return TclResult.Error($"couldn't save return options in variable");
            }
        }

        return TclResult.FromInt((int)code);
    }

    private TclResult CmdError(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count is < 2 or > 4)
        {
            return WrongArgs("error message ?errorInfo? ?errorCode?");
        }

        StartError(a[1], a.Count >= 3 && a[2].Length > 0 ? a[2] : null, a.Count == 4 ? a[3] : null);
        return TclResult.Error(a[1]);
    }

    private TclResult CmdEval(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("eval arg ?arg ...?");
        }

        return a.Count == 2 ? EvalBody(a[1], 1, "\"eval\" body") : EvalBodyAt(Concat(a.Skip(1)), _commandLine, "\"eval\" body");
    }

    private TclResult CmdExit(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count > 2)
        {
            return WrongArgs("exit ?returnCode?");
        }

        var code = 0L;
        if (a.Count == 2 && !TclConvert.TryParseInt(a[1], out code))
        {
            return TclResult.Error($"expected integer but got \"{a[1]}\"");
        }

        throw new TclExitException((int)code);
    }

    private TclResult CmdSwitch(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var mode = "-exact";
        var nocase = false;
        var i = 1;
        for (; i < a.Count && a[i].StartsWith('-'); i++)
        {
            if (a[i] == "--")
            {
                i++;
                break;
            }

            switch (a[i])
            {
                case "-exact" or "-glob" or "-regexp":
                    mode = a[i];
                    break;
                case "-nocase":
                    nocase = true;
                    break;
                default:
                    // Not an option: this is the string being switched on.
                    goto doneOptions;
            }
        }

    doneOptions:
        if (a.Count - i < 2)
        {
            return WrongArgs("switch ?-option ...? string ?pattern body ...? ?default body?");
        }

        var subject = a[i++];
        List<string> arms;
        List<int> armLines;
        if (a.Count - i == 1)
        {
            var listLine = ArgLine(i);
            if (!TclList.TryParse(a[i], out arms, out var offsets, out var error))
            {
                return TclResult.Error(error!);
            }

            armLines = offsets.Select(o => listLine + o).ToList();
        }
        else
        {
            arms = a.Skip(i).ToList();
            armLines = Enumerable.Range(i, a.Count - i).Select(ArgLine).ToList();
        }

        if (arms.Count % 2 != 0)
        {
            return TclResult.Error("extra switch pattern with no body");
        }

        for (var k = 0; k < arms.Count; k += 2)
        {
            var pattern = arms[k];
            var isLast = k == arms.Count - 2;
            bool matched;
            if (isLast && pattern == "default")
            {
                matched = true;
            }
            else
            {
                switch (mode)
                {
                    case "-glob":
                        matched = TclGlob.Match(pattern, subject, nocase);
                        break;
                    case "-regexp":
                        var options = System.Text.RegularExpressions.RegexOptions.Singleline;
                        if (nocase)
                        {
                            options |= System.Text.RegularExpressions.RegexOptions.IgnoreCase;
                        }

                        matched = GetRegex(pattern, options).IsMatch(subject);
                        break;
                    default:
                        matched = nocase ? string.Equals(pattern, subject, StringComparison.OrdinalIgnoreCase) : pattern == subject;
                        break;
                }
            }

            if (!matched)
            {
                continue;
            }

            // A body of "-" falls through to the next arm's body.
            var b = k + 1;
            while (b < arms.Count && arms[b] == "-")
            {
                b += 2;
            }

            if (b >= arms.Count)
            {
                return TclResult.Error($"no body specified for pattern \"{pattern}\"");
            }

            return EvalBodyAt(arms[b], armLines[b], $"\"{arms[b - 1]}\" arm");
        }

        return TclResult.Empty;
    }

    private TclResult CmdSource(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var nameIndex = a.Count == 4 && a[1] == "-encoding" ? 3 : 1;
        if (a.Count != nameIndex + 1)
        {
            return WrongArgs("source ?-encoding name? fileName");
        }

        var name = a[nameIndex];
        var directory = _file is null ? string.Empty : Path.GetDirectoryName(_file) ?? string.Empty;
        var display = Path.IsPathRooted(name) ? name : Path.Combine(directory, name);
        var full = Path.Combine(Options.BaseDirectory, display);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TclResult.Error($"couldn't read file \"{name}\": no such file or directory");
        }

        var savedFile = _file;
        var savedInBody = _inBody;
        _file = display;

        // A sourced file runs command by command, like a top-level script.
        _inBody = false;
        TclResult result;
        try
        {
            result = EvalScript(GetScript(text), 1);
        }
        finally
        {
            _file = savedFile;
            _inBody = savedInBody;
        }

        if (result.Code == TclCode.Return)
        {
            result = CompleteReturn(result);
            if (result.Code == TclCode.Error && !_errorInProgress)
            {
                var code = _errorCode;
                FreshError(result.Value, _failedLine);
                _errorCode = code;
            }
        }

        if (result.Code == TclCode.Error)
        {
            _errorInfo.Append($"\n    (file \"{display}\" line {_failedLine})");
        }

        return result;
    }

    private TclResult CmdInfo(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("info subcommand ?arg ...?");
        }

        string Pattern() => a.Count > 2 ? a[2] : "*";
        IEnumerable<string> Filter(IEnumerable<string> names) => names.Where(n => TclGlob.Match(Pattern(), n)).Order(StringComparer.Ordinal);

        switch (a[1])
        {
            case "exists":
                return a.Count == 3 ? TclResult.FromBool(VariableExists(a[2])) : WrongArgs("info exists varName");
            case "procs":
                return TclResult.Ok(TclList.Format(Filter(CommandNames(procsOnly: true))));
            case "commands":
                return TclResult.Ok(TclList.Format(Filter(CommandNames(procsOnly: false))));
            case "vars" or "locals":
                return TclResult.Ok(TclList.Format(Filter(VisibleVarNames(globals: false))));
            case "globals":
                return TclResult.Ok(TclList.Format(Filter(VisibleVarNames(globals: true))));
            case "level":
                if (a.Count == 2)
                {
                    return TclResult.FromInt(CurrentLevel);
                }

                if (!int.TryParse(a[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var level))
                {
                    return TclResult.Error($"expected integer but got \"{a[2]}\"");
                }

                var invocation = FrameInvocation(level <= 0 ? CurrentLevel + level : level);
                return invocation is null ? TclResult.Error($"bad level \"{a[2]}\"") : TclResult.Ok(TclList.Format(invocation));
            case "body" or "args" or "default":
            {
                if (a.Count < 3 || !TryGetProc(a[2], out var proc))
                {
                    return TclResult.Error($"\"{(a.Count > 2 ? a[2] : string.Empty)}\" isn't a procedure");
                }

                if (a[1] == "body")
                {
                    return TclResult.Ok(proc!.Body);
                }

                if (a[1] == "args")
                {
                    return TclResult.Ok(TclList.Format(proc!.Parameters.Select(p => p.Name)));
                }

                if (a.Count != 5)
                {
                    return WrongArgs("info default procname arg varname");
                }

                var param = proc!.Parameters.FirstOrDefault(p => p.Name == a[3]);
                if (param is null)
                {
                    return TclResult.Error($"procedure \"{a[2]}\" doesn't have an argument \"{a[3]}\"");
                }

                WriteVar(a[4], param.Default ?? string.Empty);
                return TclResult.FromBool(param.Default is not null);
            }

            case "script":
                return TclResult.Ok(_file ?? string.Empty);
            case "tclversion":
                return TclResult.Ok("8.6");
            case "patchlevel":
                return TclResult.Ok("8.6.0");
            default:
                return TclResult.Error($"unknown or ambiguous subcommand \"{a[1]}\": must be args, body, commands, default, exists, globals, level, locals, patchlevel, procs, script, tclversion, or vars");
        }
    }

    private TclResult CmdRename(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 3)
        {
            return WrongArgs("rename oldName newName");
        }

        if (a[2].Length > 0 && HasCommand(a[2]))
        {
            return TclResult.Error($"can't rename to \"{a[2]}\": command already exists");
        }

        return RenameCommand(a[1], a[2]) ? TclResult.Empty : TclResult.Error($"can't {(a[2].Length == 0 ? "delete" : "rename")} \"{a[1]}\": command doesn't exist");
    }

    private TclResult CmdSubst(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 2)
        {
            return WrongArgs("subst string");
        }

        WordNode word;
        try
        {
            word = TclParser.ParseSubst(a[1]);
        }
        catch (TclSyntaxException e)
        {
            return TclResult.Error(e.Message);
        }

        return SubstWord(word, ArgLine(1));
    }

    /// <summary>Tcl's concat: trims each argument and joins the non-empty ones with single spaces.</summary>
    internal static string Concat(IEnumerable<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var trimmed = part.Trim(' ', '\t', '\n', '\r', '\v', '\f');
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(trimmed);
        }

        return sb.ToString();
    }
}
