using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Framework.Tool.Tcl;

/// <summary>A variable slot. Frames share slots to implement upvar and global links.</summary>
internal sealed class TclVar
{
    public string? Value;
    public Dictionary<string, string>? Array;

    public bool Exists => Value is not null || Array is not null;
}

/// <summary>One procedure activation (or the global frame, level 0).</summary>
internal sealed class CallFrame(int level, CallFrame? caller, IReadOnlyList<string>? invocation)
{
    public Dictionary<string, TclVar> Vars { get; } = new(StringComparer.Ordinal);

    public int Level { get; } = level;

    /// <summary>The frame that was current when this one was created; uplevel and upvar walk this chain.</summary>
    public CallFrame? Caller { get; } = caller;

    /// <summary>The words of the procedure call, reported by <c>info level N</c>.</summary>
    public IReadOnlyList<string>? Invocation { get; } = invocation;
}

internal sealed record ProcParam(string Name, string? Default);

/// <summary>A procedure: its parameters, its body (parsed at first call, then reused) and where the body came from.</summary>
internal sealed class TclProc(string name, ProcParam[] parameters, string body, string? file, int lineBase)
{
    public string Name { get; } = name;

    public ProcParam[] Parameters { get; } = parameters;

    public string Body { get; } = body;

    public string? File { get; } = file;

    /// <summary>Absolute line of the body's first line in <see cref="File"/>.</summary>
    public int LineBase { get; } = lineBase;

    public ScriptNode? Parsed { get; set; }
}

internal sealed class CommandEntry(TclCommand? command, TclProc? proc)
{
    public TclCommand? Command { get; } = command;

    public TclProc? Proc { get; } = proc;
}

/// <summary>Carries a non-OK result out of deeply nested evaluation code (the expression evaluator).</summary>
internal sealed class TclResultException(TclResult result) : Exception(result.Value)
{
    public TclResult Result { get; } = result;
}

/// <summary>
/// A Tcl 8 interpreter. Scripts are parsed into nodes once and cached; commands return
/// <see cref="TclResult"/> codes; errors carry the file and line of the failing command.
/// </summary>
public sealed partial class TclInterpreter
{
    private const int CacheLimit = 4096;
    private const int ErrorTextLimit = 150;

    private readonly Dictionary<string, CommandEntry> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptNode> _scriptCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExprNode> _exprCache = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, RegexOptions), Regex> _regexCache = [];
    // Braced words whose backslash-newlines were folded, keyed by the very string the parser produced,
    // so a body evaluated later still reports the file's line numbers.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, int[]> _folds = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, ScriptNode> _foldedScripts = [];
    private readonly Action<string, int[]> _recordFolds;
    private readonly CallFrame _global;
    private CallFrame _frame;

    // Where evaluation currently is: the file of the running script, the absolute line of the running
    // command and the absolute lines of its argument words (for bodies passed as arguments).
    private string? _file;
    private int _commandLine = 1;
    private int[]? _argLines;
    private int _depth;
    private int _hostDepth;

    // True while evaluating a procedure or loop/branch body (what Tcl 8.6 byte-compiles), and whether
    // the running command is a control structure compiled away there.
    private bool _inBody;
    private bool _transparent;

    // errorInfo being built while an error unwinds, as in Tcl's ERR_IN_PROGRESS.
    private bool _errorInProgress;
    private readonly StringBuilder _errorInfo = new();
    private string _errorCode = "NONE";
    private bool _errorCodeSet;

    // Set when "error msg info" supplied errorInfo: the failing command itself is not added to it (ERR_ALREADY_LOGGED).
    private bool _errorAlreadyLogged;
    private string? _errorFile;
    private int _errorLine;

    // Absolute line of the command that failed at the script level being unwound (for "(procedure ... line N)").
    private int _failedLine;

    // Options of the pending "return" (Tcl keeps them in the interpreter too).
    private TclCode _returnCode = TclCode.Ok;
    private string? _returnErrorInfo;
    private string? _returnErrorCode;

    public TclInterpreter()
        : this(new TclInterpreterOptions())
    {
    }

    public TclInterpreter(TclInterpreterOptions options)
    {
        Options = options;
        _recordFolds = (text, folds) => _folds.AddOrUpdate(text, folds);
        _global = new CallFrame(0, null, null);
        _frame = _global;
        RegisterBuiltins();

        // Tcl's ::env array; run scripts read things like $env(HOME) from it.
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        _global.Vars["env"] = new TclVar { Array = env };
        _global.Vars["tcl_version"] = new TclVar { Value = "8.6" };
        _global.Vars["tcl_patchLevel"] = new TclVar { Value = "8.6.0" };
    }

    public TclInterpreterOptions Options { get; }

    /// <summary>The file of the script being evaluated (null for scripts evaluated without a name).</summary>
    public string? CurrentFile => _file;

    /// <summary>The absolute line of the command being executed.</summary>
    public int CurrentLine => _commandLine;

    /// <summary>Adds or replaces a command. Later registrations override earlier ones, like redefining a proc.</summary>
    public void RegisterCommand(string name, TclCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands[NormalizeCommandName(name)] = new CommandEntry(command, null);
    }

    public bool UnregisterCommand(string name) => _commands.Remove(NormalizeCommandName(name));

    public bool HasCommand(string name) => _commands.ContainsKey(NormalizeCommandName(name));

    /// <summary>
    /// Evaluates a script. At the outermost level it runs in the global frame; from inside a host command it
    /// runs in the caller's frame (like Tcl_Eval). Errors throw <see cref="TclException"/> naming
    /// <paramref name="fileName"/> and the failing line; <c>exit</c> returns an outcome with
    /// <see cref="TclOutcome.Exited"/> set (when nested, the exit keeps unwinding to the outermost call).
    /// </summary>
    public TclOutcome Evaluate(string script, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        var nested = _hostDepth > 0;
        var savedFile = _file;
        var savedLine = _commandLine;
        var savedArgLines = _argLines;
        var savedFrame = _frame;
        _hostDepth++;
        var savedInBody = _inBody;
        if (!nested)
        {
            _errorInProgress = false;
            _errorAlreadyLogged = false;
            _inBody = false;
            _transparent = false;
            _frame = _global;
            _depth = 0;
        }

        if (fileName is not null || !nested)
        {
            _file = fileName;
        }

        _argLines = null;
        try
        {
            var result = EvalScript(GetScript(script), 1);
            if (result.Code == TclCode.Return)
            {
                result = CompleteReturn(result);
                if (result.Code == TclCode.Error && !_errorInProgress)
                {
                    // No enclosing command will start errorInfo for a top-level "return -code error".
                    var code = _errorCode;
                    FreshError(result.Value, _failedLine);
                    _errorCode = code;
                }
            }

            if (result.Code is TclCode.Break or TclCode.Continue)
            {
                result = FreshError($"invoked \"{(result.Code == TclCode.Break ? "break" : "continue")}\" outside of a loop", _failedLine);
            }

            if (result.Code == TclCode.Error)
            {
                if (fileName is not null)
                {
                    _errorInfo.Append($"\n    (file \"{fileName}\" line {_failedLine})");
                }

                var errorInfo = _errorInfo.ToString();
                SetGlobal("errorInfo", errorInfo);
                SetGlobal("errorCode", _errorCode);
                _errorInProgress = false;
                throw new TclException(result.Value, _errorFile, _errorLine, errorInfo, _errorCode);
            }

            return TclOutcome.Completed(result.Value);
        }
        catch (TclExitException exit) when (!nested)
        {
            return TclOutcome.Exit(exit.ExitCode);
        }
        finally
        {
            _hostDepth--;
            _file = savedFile;
            _commandLine = savedLine;
            _argLines = savedArgLines;
            _frame = savedFrame;
            _inBody = savedInBody;
        }
    }

    /// <summary>Reads a file (relative to <see cref="TclInterpreterOptions.BaseDirectory"/>) and evaluates it under its name.</summary>
    public TclOutcome EvaluateFile(string path)
    {
        var text = File.ReadAllText(Path.Combine(Options.BaseDirectory, path));
        return Evaluate(text, path);
    }

    /// <summary>
    /// Evaluates a script from inside a host command without throwing: returns the Tcl result code, as
    /// Tcl_EvalObj does, so the command can pass break/continue/errors on.
    /// </summary>
    public TclResult Eval(string script) => EvalScript(GetScript(script), _commandLine);

    /// <summary>Evaluates a Tcl expression and returns its string value; throws <see cref="TclException"/> on error.</summary>
    public string EvaluateExpression(string expression)
    {
        var result = EvalExpression(expression, _commandLine);
        if (result.Code != TclCode.Ok)
        {
            _errorInProgress = false;
            throw new TclException(result.Value, _file, _commandLine, result.Value, "NONE");
        }

        return result.Value;
    }

    /// <summary>Reads a variable of the current frame (names starting with "::" are global); null when it does not exist.</summary>
    public string? GetVariable(string name)
    {
        var result = ReadVar(name);
        return result.Code == TclCode.Ok ? result.Value : null;
    }

    /// <summary>Sets a variable of the current frame (names starting with "::" are global; "a(k)" is an array element).</summary>
    public void SetVariable(string name, string value)
    {
        var result = WriteVar(name, value);
        if (result.Code != TclCode.Ok)
        {
            throw new TclException(result.Value);
        }
    }

    public bool UnsetVariable(string name) => UnsetVar(name).Code == TclCode.Ok;

    public bool VariableExists(string name) => ReadVar(name).Code == TclCode.Ok || IsArray(name);

    /// <summary>The global variable, whatever frame is current.</summary>
    public string? GetGlobalVariable(string name) => GetVariable("::" + name);

    public void SetGlobalVariable(string name, string value) => SetVariable("::" + name, value);

    // ---------------------------------------------------------------- evaluation

    internal ScriptNode GetScript(string text)
    {
        if (_scriptCache.TryGetValue(text, out var script))
        {
            return script;
        }

        if (_folds.TryGetValue(text, out var folds))
        {
            // A braced body that lost backslash-newlines: parse it with its own line map, cached per string.
            return _foldedScripts.GetValue(text, t => TclParser.ParseScript(t, folds, _recordFolds));
        }

        script = TclParser.ParseScript(text, null, _recordFolds);
        if (_scriptCache.Count >= CacheLimit)
        {
            // Generated scripts (eval in loops) would grow the cache without bound; start over instead.
            _scriptCache.Clear();
        }

        _scriptCache[text] = script;
        return script;
    }

    internal TclResult EvalScript(ScriptNode script, int lineBase)
    {
        var result = TclResult.Empty;
        foreach (var command in script.Commands)
        {
            result = EvalCommand(command, lineBase);
            if (result.Code != TclCode.Ok)
            {
                if (result.Code != TclCode.Error)
                {
                    // Remember where return/break/continue came from, for "outside of a loop" and "return -code error".
                    _failedLine = lineBase + command.Line - 1;
                }

                return result;
            }
        }

        if (script.SyntaxError is not null)
        {
            var line = lineBase + script.SyntaxErrorLine - 1;
            return FreshError(script.SyntaxError, line, withCommand: null);
        }

        return result;
    }

    private TclResult EvalCommand(CommandNode command, int lineBase)
    {
        var line = lineBase + command.Line - 1;
        if (_depth >= Options.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return CommandFailed(TclResult.Error("too many nested evaluations (infinite loop?)"), command, line);
        }

        _depth++;
        try
        {
            var words = command.Words;
            var args = new List<string>(words.Length);
            var argLines = new List<int>(words.Length);
            foreach (var word in words)
            {
                string value;
                if (word.Literal is not null)
                {
                    value = word.Literal;
                }
                else
                {
                    var saved = _commandLine;
                    _commandLine = line;
                    var substituted = SubstWord(word, lineBase);
                    _commandLine = saved;
                    if (substituted.Code != TclCode.Ok)
                    {
                        return substituted.Code == TclCode.Error ? CommandFailed(substituted, command, line) : substituted;
                    }

                    value = substituted.Value;
                }

                var wordLine = lineBase + word.Line - 1;
                if (word.Expand)
                {
                    if (!TclList.TryParse(value, out var items, out var error))
                    {
                        return CommandFailed(TclResult.Error(error!), command, line);
                    }

                    args.AddRange(items);
                    argLines.AddRange(Enumerable.Repeat(wordLine, items.Count));
                }
                else
                {
                    args.Add(value);
                    argLines.Add(wordLine);
                }
            }

            if (args.Count == 0)
            {
                return TclResult.Empty;
            }

            var savedLine = _commandLine;
            var savedArgLines = _argLines;
            var savedTransparent = _transparent;
            var transparent = _inBody && IsCompiledControl(args[0]);
            _commandLine = line;
            _argLines = [.. argLines];
            _transparent = transparent;
            TclResult result;
            try
            {
                result = Invoke(args);
            }
            finally
            {
                _commandLine = savedLine;
                _argLines = savedArgLines;
                _transparent = savedTransparent;
            }

            if (result.Code != TclCode.Error)
            {
                return result;
            }

            // Tcl 8.6 compiles control structures inside bodies inline, so they do not show in errorInfo
            // and the reported line stays that of the command inside them.
            return transparent && _errorInProgress && !_errorAlreadyLogged ? result : CommandFailed(result, command, line);
        }
        finally
        {
            _depth--;
        }
    }

    private TclResult CommandFailed(TclResult error, CommandNode command, int line)
    {
        if (_errorAlreadyLogged)
        {
            _errorAlreadyLogged = false;
        }
        else if (!_errorInProgress)
        {
            _errorInProgress = true;
            _errorInfo.Clear().Append(error.Value).Append("\n    while executing\n\"").Append(Abbreviate(command.Text)).Append('"');
            _errorFile = _file;
            _errorLine = line;
            if (!_errorCodeSet)
            {
                _errorCode = "NONE";
            }

            _errorCodeSet = false;
        }
        else
        {
            _errorInfo.Append("\n    invoked from within\n\"").Append(Abbreviate(command.Text)).Append('"');
        }

        _failedLine = line;
        return error;
    }

    /// <summary>Starts an error not tied to a command word list (syntax errors, errors raised at a known line).</summary>
    private TclResult FreshError(string message, int line, string? withCommand = null)
    {
        _errorInProgress = true;
        _errorInfo.Clear().Append(message);
        if (withCommand is not null)
        {
            _errorInfo.Append("\n    while executing\n\"").Append(Abbreviate(withCommand)).Append('"');
        }

        _errorFile = _file;
        _errorLine = line;
        _errorCode = "NONE";
        _errorCodeSet = false;
        _errorAlreadyLogged = false;
        _failedLine = line;
        return TclResult.Error(message);
    }

    private static string Abbreviate(string text) => text.Length <= ErrorTextLimit ? text : text[..ErrorTextLimit] + "...";

    internal TclResult SubstWord(WordNode word, int lineBase)
    {
        var parts = word.Parts;
        if (parts.Length == 1)
        {
            return SubstPart(parts[0], lineBase);
        }

        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var result = SubstPart(part, lineBase);
            if (result.Code != TclCode.Ok)
            {
                return result;
            }

            sb.Append(result.Value);
        }

        return TclResult.Ok(sb.ToString());
    }

    private TclResult SubstPart(WordPart part, int lineBase)
    {
        switch (part)
        {
            case TextPart text:
                return TclResult.Ok(text.Text);
            case VariablePart variable:
                if (variable.Index is null)
                {
                    return ReadVar(variable.Name);
                }

                var index = variable.Index.Literal is { } literal ? TclResult.Ok(literal) : SubstWord(variable.Index, lineBase);
                return index.Code != TclCode.Ok ? index : ReadVar(variable.Name, index.Value);
            case CommandPart command:
                return EvalScript(command.Script, lineBase);
            default:
                throw new InvalidOperationException("unknown word part");
        }
    }

    private static string NormalizeCommandName(string name) => name.StartsWith("::", StringComparison.Ordinal) ? name.TrimStart(':') : name;

    internal TclResult Invoke(IReadOnlyList<string> args)
    {
        var name = NormalizeCommandName(args[0]);
        if (!_commands.TryGetValue(name, out var entry))
        {
            if (_commands.TryGetValue("unknown", out var unknown) && name != "unknown")
            {
                var withUnknown = new List<string>(args.Count + 1) { "unknown" };
                withUnknown.AddRange(args);
                return InvokeEntry(unknown, withUnknown);
            }

            return TclResult.Error($"invalid command name \"{args[0]}\"");
        }

        return InvokeEntry(entry, args);
    }

    private TclResult InvokeEntry(CommandEntry entry, IReadOnlyList<string> args)
    {
        if (entry.Proc is not null)
        {
            return InvokeProc(entry.Proc, args);
        }

        try
        {
            return entry.Command!(this, args);
        }
        catch (TclResultException e)
        {
            return e.Result;
        }
        catch (TclException e)
        {
            // From a nested Evaluate (or thrown by host code): keep its stack so errorInfo stays complete.
            if (e.ErrorInfo != e.Message || e.FileName is not null)
            {
                _errorInProgress = true;
                _errorInfo.Clear().Append(e.ErrorInfo);
                _errorFile = e.FileName ?? _file;
                _errorLine = e.Line != 0 ? e.Line : _commandLine;
                _errorCode = e.ErrorCode;
            }

            return TclResult.Error(e.Message);
        }
        catch (TclExitException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or OverflowException or System.ComponentModel.Win32Exception or RegexMatchTimeoutException)
        {
            // Host failures become Tcl errors so scripts can catch them and the location gets reported.
            return TclResult.Error(e.Message);
        }
    }

    private TclResult InvokeProc(TclProc proc, IReadOnlyList<string> args)
    {
        var frame = new CallFrame(_frame.Level + 1, _frame, args);
        var parameters = proc.Parameters;
        var argc = args.Count - 1;
        var hasArgs = parameters.Length > 0 && parameters[^1].Name == "args";
        var fixedCount = hasArgs ? parameters.Length - 1 : parameters.Length;
        for (var i = 0; i < fixedCount; i++)
        {
            var p = parameters[i];
            string value;
            if (i < argc)
            {
                value = args[i + 1];
            }
            else if (p.Default is not null)
            {
                value = p.Default;
            }
            else
            {
                return WrongProcArgs(proc);
            }

            frame.Vars[p.Name] = new TclVar { Value = value };
        }

        if (hasArgs)
        {
            var rest = argc > fixedCount ? args.Skip(fixedCount + 1) : [];
            frame.Vars["args"] = new TclVar { Value = TclList.Format(rest) };
        }
        else if (argc > fixedCount)
        {
            return WrongProcArgs(proc);
        }

        proc.Parsed ??= GetScript(proc.Body);
        var savedFrame = _frame;
        var savedFile = _file;
        var savedInBody = _inBody;
        _frame = frame;
        _file = proc.File;
        _inBody = true;
        TclResult result;
        try
        {
            result = EvalScript(proc.Parsed, proc.LineBase);
        }
        finally
        {
            _frame = savedFrame;
            _file = savedFile;
            _inBody = savedInBody;
        }

        switch (result.Code)
        {
            case TclCode.Ok:
                return result;
            case TclCode.Return:
                // An error from "return -code error" is reported at the call, as Tcl does ("while executing \"f\"").
                return CompleteReturn(result);
            case TclCode.Error:
                _errorInfo.Append($"\n    (procedure \"{proc.Name}\" line {_failedLine - proc.LineBase + 1})");
                return result;
            default:
                return FreshError($"invoked \"{(result.Code == TclCode.Break ? "break" : "continue")}\" outside of a loop", _commandLine);
        }
    }

    private static TclResult WrongProcArgs(TclProc proc)
    {
        var sb = new StringBuilder("wrong # args: should be \"").Append(proc.Name);
        foreach (var p in proc.Parameters)
        {
            if (p.Name == "args" && ReferenceEquals(p, proc.Parameters[^1]))
            {
                sb.Append(" ?arg ...?");
            }
            else if (p.Default is not null)
            {
                sb.Append(" ?").Append(p.Name).Append('?');
            }
            else
            {
                sb.Append(' ').Append(p.Name);
            }
        }

        return TclResult.Error(sb.Append('"').ToString());
    }

    /// <summary>Turns a TCL_RETURN into the code requested by "return -code" (what a procedure or source returns).</summary>
    private TclResult CompleteReturn(TclResult result)
    {
        var code = _returnCode;
        _returnCode = TclCode.Ok;
        if (code == TclCode.Error)
        {
            // The enclosing command starts errorInfo unless -errorinfo supplied it.
            StartError(result.Value, _returnErrorInfo, _returnErrorCode);
        }

        _returnErrorInfo = null;
        _returnErrorCode = null;
        return new TclResult(code, result.Value);
    }

    /// <summary>Absolute line of argument word <paramref name="index"/> of the running command.</summary>
    internal int ArgLine(int index) => _argLines is { } lines && index < lines.Length ? lines[index] : _commandLine;

    /// <summary>
    /// Evaluates a script that was argument <paramref name="argIndex"/> of the running command, so its
    /// lines map onto the file; <paramref name="label"/> names the body in errorInfo ("\"if\" then script").
    /// </summary>
    internal TclResult EvalBody(string body, int argIndex, string? label) => EvalBodyAt(body, ArgLine(argIndex), label);

    internal TclResult EvalBodyAt(string body, int lineBase, string? label) => EvalParsedBody(GetScript(body), lineBase, label);

    /// <summary>Evaluates a body argument given its pre-parsed form (loops parse once, then run it many times).</summary>
    internal TclResult EvalParsedBody(ScriptNode body, int lineBase, string? label)
    {
        var savedInBody = _inBody;
        var transparent = _transparent;
        _inBody = true;
        TclResult result;
        try
        {
            result = EvalScript(body, lineBase);
        }
        finally
        {
            _inBody = savedInBody;
        }

        if (result.Code == TclCode.Error && label is not null && !transparent)
        {
            _errorInfo.Append($"\n    ({label} line {_failedLine - lineBase + 1})");
        }

        return result;
    }

    private static bool IsCompiledControl(string name) => name is "if" or "while" or "for" or "foreach" or "switch";

    internal void ClearError()
    {
        _errorInProgress = false;
        _errorAlreadyLogged = false;
    }

    internal string ErrorInfoText => _errorInfo.ToString();

    internal string ErrorCodeText => _errorCode;

    internal int FailedLine => _failedLine;

    /// <summary>Used by "error": starts errorInfo from a given text and errorCode.</summary>
    internal void StartError(string message, string? errorInfo, string? errorCode)
    {
        _errorInfo.Clear().Append(errorInfo ?? message);

        // Without errorInfo, CommandFailed writes "while executing" for the failing command itself.
        _errorInProgress = errorInfo is not null;
        _errorAlreadyLogged = errorInfo is not null;

        _errorCode = errorCode ?? "NONE";
        _errorCodeSet = true;
        _errorFile = _file;
        _errorLine = _commandLine;
    }

    internal void SetErrorCode(string code)
    {
        _errorCode = code;
        _errorCodeSet = true;
    }

    internal void SetReturnOptions(TclCode code, string? errorInfo, string? errorCode)
    {
        _returnCode = code;
        _returnErrorInfo = errorInfo;
        _returnErrorCode = errorCode;
    }

    internal void DefineProc(string name, TclProc proc) => _commands[NormalizeCommandName(name)] = new CommandEntry(null, proc);

    internal bool TryGetProc(string name, out TclProc? proc)
    {
        proc = _commands.TryGetValue(NormalizeCommandName(name), out var entry) ? entry.Proc : null;
        return proc is not null;
    }

    internal IEnumerable<string> CommandNames(bool procsOnly) =>
        _commands.Where(p => !procsOnly || p.Value.Proc is not null).Select(p => p.Key);

    internal bool RenameCommand(string from, string to)
    {
        if (!_commands.Remove(NormalizeCommandName(from), out var entry))
        {
            return false;
        }

        if (to.Length > 0)
        {
            _commands[NormalizeCommandName(to)] = entry;
        }

        return true;
    }

    internal Regex GetRegex(string pattern, RegexOptions options)
    {
        if (!_regexCache.TryGetValue((pattern, options), out var regex))
        {
            regex = new Regex(TclRegex.Translate(pattern, (options & RegexOptions.Multiline) != 0), options | RegexOptions.CultureInvariant);
            if (_regexCache.Count >= CacheLimit)
            {
                _regexCache.Clear();
            }

            _regexCache[(pattern, options)] = regex;
        }

        return regex;
    }
}
