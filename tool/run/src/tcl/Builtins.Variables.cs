using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>Variable commands, arrays, and Genode's run-tool helpers append_if and lappend_if.</summary>
public sealed partial class TclInterpreter
{
    private void RegisterVariableCommands()
    {
        Register("set", CmdSet);
        Register("unset", CmdUnset);
        Register("append", CmdAppend);
        Register("lappend", CmdLappend);
        Register("incr", CmdIncr);
        Register("array", CmdArray);
        Register("append_if", CmdAppendIf);
        Register("lappend_if", CmdLappendIf);
    }

    private TclResult CmdSet(TclInterpreter interp, IReadOnlyList<string> a) => a.Count switch
    {
        2 => ReadVar(a[1]),
        3 => WriteVar(a[1], a[2]),
        _ => WrongArgs("set varName ?newValue?"),
    };

    private TclResult CmdUnset(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var complain = true;
        var i = 1;
        for (; i < a.Count; i++)
        {
            if (a[i] == "-nocomplain")
            {
                complain = false;
            }
            else if (a[i] == "--")
            {
                i++;
                break;
            }
            else
            {
                break;
            }
        }

        for (; i < a.Count; i++)
        {
            var result = UnsetVar(a[i]);
            if (result.Code != TclCode.Ok && complain)
            {
                return result;
            }
        }

        return TclResult.Empty;
    }

    private TclResult CmdAppend(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("append varName ?value ...?");
        }

        return AppendTo(a[1], a.Skip(2));
    }

    private TclResult AppendTo(string name, IEnumerable<string> values)
    {
        var current = ReadVar(name);
        var sb = new StringBuilder(current.Code == TclCode.Ok ? current.Value : string.Empty);
        if (current.Code != TclCode.Ok && IsArray(SplitVarName(name).Name) && SplitVarName(name).Index is null)
        {
            return TclResult.Error($"can't set \"{name}\": variable is array");
        }

        foreach (var value in values)
        {
            sb.Append(value);
        }

        return WriteVar(name, sb.ToString());
    }

    private TclResult CmdLappend(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 2)
        {
            return WrongArgs("lappend varName ?value ...?");
        }

        return LappendTo(a[1], a.Skip(2));
    }

    private TclResult LappendTo(string name, IEnumerable<string> values)
    {
        var current = ReadVar(name);
        var text = current.Code == TclCode.Ok ? current.Value : string.Empty;
        // Tcl 8.6 rebuilds the string from the list, so the result is always in canonical list form.
        if (!TclList.TryParse(text, out var items, out var error))
        {
            return TclResult.Error(error!);
        }

        items.AddRange(values);
        return WriteVar(name, TclList.Format(items));
    }

    private TclResult CmdIncr(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count is < 2 or > 3)
        {
            return WrongArgs("incr varName ?increment?");
        }

        long increment = 1;
        if (a.Count == 3 && !TclConvert.TryParseInt(a[2], out increment))
        {
            return TclResult.Error($"expected integer but got \"{a[2]}\"");
        }

        var current = ReadVar(a[1]);
        long value = 0;
        if (current.Code == TclCode.Ok && !TclConvert.TryParseInt(current.Value, out value))
        {
            return TclResult.Error($"expected integer but got \"{current.Value}\"");
        }

        return WriteVar(a[1], TclConvert.FormatInt(unchecked(value + increment)));
    }

    private TclResult CmdArray(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 3)
        {
            return WrongArgs("array subcommand arrayName ?arg ...?");
        }

        var name = a[2];
        var array = GetArray(name);
        string Pattern() => a.Count > 3 ? a[3] : "*";
        switch (a[1])
        {
            case "exists":
                return TclResult.FromBool(array is not null);
            case "size":
                return TclResult.FromInt(array?.Count ?? 0);
            case "names":
                return TclResult.Ok(array is null ? string.Empty : TclList.Format(array.Keys.Where(k => TclGlob.Match(Pattern(), k))));
            case "get":
            {
                if (array is null)
                {
                    return TclResult.Empty;
                }

                var items = new List<string>();
                foreach (var (key, value) in array)
                {
                    if (TclGlob.Match(Pattern(), key))
                    {
                        items.Add(key);
                        items.Add(value);
                    }
                }

                return TclResult.Ok(TclList.Format(items));
            }

            case "set":
            {
                if (a.Count != 4)
                {
                    return WrongArgs("array set arrayName list");
                }

                if (!TclList.TryParse(a[3], out var items, out var error))
                {
                    return TclResult.Error(error!);
                }

                if (items.Count % 2 != 0)
                {
                    return TclResult.Error("list must have an even number of elements");
                }

                var made = MakeArray(name);
                if (made.Code != TclCode.Ok)
                {
                    return made;
                }

                var target = GetArray(name)!;
                for (var i = 0; i < items.Count; i += 2)
                {
                    target[items[i]] = items[i + 1];
                }

                return TclResult.Empty;
            }

            case "unset":
            {
                if (array is null)
                {
                    return TclResult.Empty;
                }

                if (a.Count == 3)
                {
                    return UnsetVar(name);
                }

                foreach (var key in array.Keys.Where(k => TclGlob.Match(Pattern(), k)).ToList())
                {
                    array.Remove(key);
                }

                return TclResult.Empty;
            }

            default:
                return TclResult.Error($"unknown or ambiguous subcommand \"{a[1]}\": must be exists, get, names, set, size, or unset");
        }
    }

    /// <summary>Genode run tool: <c>append_if condition var string ...</c> appends when the condition (an expression) holds.</summary>
    private TclResult CmdAppendIf(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 3)
        {
            return WrongArgs("append_if condition var ?string ...?");
        }

        var result = Condition(a[1], 1, out var condition);
        if (result.Code != TclCode.Ok)
        {
            return result;
        }

        return condition ? AppendTo(a[2], a.Skip(3)) : TclResult.Empty;
    }

    /// <summary>Genode run tool: <c>lappend_if condition var item ...</c> adds list elements when the condition holds.</summary>
    private TclResult CmdLappendIf(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 3)
        {
            return WrongArgs("lappend_if condition var ?item ...?");
        }

        var result = Condition(a[1], 1, out var condition);
        if (result.Code != TclCode.Ok)
        {
            return result;
        }

        return condition ? LappendTo(a[2], a.Skip(3)) : TclResult.Empty;
    }
}
