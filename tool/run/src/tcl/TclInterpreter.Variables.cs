namespace Framework.Tool.Tcl;

public sealed partial class TclInterpreter
{
    /// <summary>Splits "a(k)" into array name and index; plain names have a null index.</summary>
    internal static (string Name, string? Index) SplitVarName(string name)
    {
        if (name.Length > 0 && name[^1] == ')')
        {
            var open = name.IndexOf('(', StringComparison.Ordinal);
            if (open > 0)
            {
                return (name[..open], name[(open + 1)..^1]);
            }
        }

        return (name, null);
    }

    /// <summary>The variable table a name refers to: "::x" is global, anything else is in the current frame.</summary>
    private Dictionary<string, TclVar> TableFor(ref string name)
    {
        if (name.StartsWith("::", StringComparison.Ordinal))
        {
            name = name[(name.LastIndexOf("::", StringComparison.Ordinal) + 2)..];
            return _global.Vars;
        }

        return _frame.Vars;
    }

    private TclVar? FindVar(string name)
    {
        var table = TableFor(ref name);
        return table.TryGetValue(name, out var v) ? v : null;
    }

    private TclVar GetOrCreateVar(string name)
    {
        var table = TableFor(ref name);
        if (!table.TryGetValue(name, out var v))
        {
            v = new TclVar();
            table[name] = v;
        }

        return v;
    }

    internal TclResult ReadVar(string name, string? index = null)
    {
        if (index is null)
        {
            (name, index) = SplitVarName(name);
        }

        var display = index is null ? name : $"{name}({index})";
        var v = FindVar(name);
        if (v is null || !v.Exists)
        {
            return TclResult.Error($"can't read \"{display}\": no such variable");
        }

        if (index is null)
        {
            return v.Value is not null ? TclResult.Ok(v.Value) : TclResult.Error($"can't read \"{display}\": variable is array");
        }

        if (v.Array is null)
        {
            return TclResult.Error($"can't read \"{display}\": variable isn't array");
        }

        return v.Array.TryGetValue(index, out var value) ? TclResult.Ok(value) : TclResult.Error($"can't read \"{display}\": no such element in array");
    }

    internal TclResult WriteVar(string name, string value, string? index = null)
    {
        if (index is null)
        {
            (name, index) = SplitVarName(name);
        }

        var v = GetOrCreateVar(name);
        if (index is null)
        {
            if (v.Array is not null)
            {
                return TclResult.Error($"can't set \"{name}\": variable is array");
            }

            v.Value = value;
            return TclResult.Ok(value);
        }

        if (v.Value is not null)
        {
            return TclResult.Error($"can't set \"{name}({index})\": variable isn't array");
        }

        v.Array ??= new Dictionary<string, string>(StringComparer.Ordinal);
        v.Array[index] = value;
        return TclResult.Ok(value);
    }

    internal TclResult UnsetVar(string name)
    {
        var (baseName, index) = SplitVarName(name);
        var v = FindVar(baseName);
        if (v is null || !v.Exists)
        {
            return TclResult.Error($"can't unset \"{name}\": no such variable");
        }

        if (index is null)
        {
            // The slot stays so that upvar/global links keep pointing at it, as in Tcl.
            v.Value = null;
            v.Array = null;
            return TclResult.Empty;
        }

        if (v.Array is null || !v.Array.Remove(index))
        {
            return TclResult.Error($"can't unset \"{name}\": no such element in array");
        }

        return TclResult.Empty;
    }

    internal bool IsArray(string name) => FindVar(name)?.Array is not null;

    internal Dictionary<string, string>? GetArray(string name) => FindVar(name)?.Array;

    internal TclResult MakeArray(string name)
    {
        var v = GetOrCreateVar(name);
        if (v.Value is not null)
        {
            return TclResult.Error($"can't array set \"{name}\": variable isn't array");
        }

        v.Array ??= new Dictionary<string, string>(StringComparer.Ordinal);
        return TclResult.Empty;
    }

    private void SetGlobal(string name, string value)
    {
        if (!_global.Vars.TryGetValue(name, out var v))
        {
            v = new TclVar();
            _global.Vars[name] = v;
        }

        if (v.Array is null)
        {
            v.Value = value;
        }
    }

    internal IEnumerable<string> VisibleVarNames(bool globals) =>
        (globals ? _global : _frame).Vars.Where(p => p.Value.Exists).Select(p => p.Key);

    internal int CurrentLevel => _frame.Level;

    internal IReadOnlyList<string>? FrameInvocation(int level)
    {
        for (var f = _frame; f is not null; f = f.Caller)
        {
            if (f.Level == level)
            {
                return f.Invocation;
            }
        }

        return null;
    }

    /// <summary>Resolves "N" (relative) or "#N" (absolute) to a frame, as uplevel and upvar do.</summary>
    internal CallFrame? ResolveLevel(string spec)
    {
        int target;
        if (spec.StartsWith('#'))
        {
            if (!int.TryParse(spec.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out target))
            {
                return null;
            }
        }
        else if (int.TryParse(spec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var relative))
        {
            target = _frame.Level - relative;
        }
        else
        {
            return null;
        }

        if (target < 0)
        {
            return null;
        }

        for (var f = _frame; f is not null; f = f.Caller)
        {
            if (f.Level == target)
            {
                return f;
            }
        }

        return target == 0 ? _global : null;
    }

    internal static bool LooksLikeLevel(string s) => s.Length > 0 && (s[0] == '#' || char.IsAsciiDigit(s[0]));

    /// <summary>Makes <paramref name="localName"/> in the current frame an alias of <paramref name="otherName"/> in <paramref name="target"/>.</summary>
    internal TclResult LinkVar(CallFrame target, string otherName, string localName)
    {
        if (SplitVarName(localName).Index is not null)
        {
            return TclResult.Error($"bad variable name \"{localName}\": can't create a scalar variable that looks like an array element");
        }

        if (SplitVarName(otherName).Index is not null)
        {
            return TclResult.Error($"upvar to array element \"{otherName}\" is not supported");
        }

        var table = target.Vars;
        if (otherName.StartsWith("::", StringComparison.Ordinal))
        {
            table = _global.Vars;
            otherName = otherName[(otherName.LastIndexOf("::", StringComparison.Ordinal) + 2)..];
        }

        if (!table.TryGetValue(otherName, out var v))
        {
            v = new TclVar();
            table[otherName] = v;
        }

        if (ReferenceEquals(table, _frame.Vars) && otherName == localName)
        {
            return TclResult.Empty;
        }

        _frame.Vars[localName] = v;
        return TclResult.Empty;
    }

    internal TclResult LinkGlobal(string name)
    {
        if (_frame == _global)
        {
            return TclResult.Empty;
        }

        var local = name.Contains("::", StringComparison.Ordinal) ? name[(name.LastIndexOf("::", StringComparison.Ordinal) + 2)..] : name;
        return LinkVar(_global, "::" + local, local);
    }

    internal TclResult WithFrame(CallFrame frame, Func<TclResult> action)
    {
        var saved = _frame;
        _frame = frame;
        try
        {
            return action();
        }
        finally
        {
            _frame = saved;
        }
    }
}
