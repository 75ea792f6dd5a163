namespace Framework.Tool.Tcl.Tests;

/// <summary>Creates interpreters whose output is captured, so tests can look at what puts wrote.</summary>
internal sealed class TclTestHost
{
    public TclTestHost(bool allowExec = false, string? baseDirectory = null)
    {
        Interpreter = new TclInterpreter(new TclInterpreterOptions
        {
            Output = Output,
            ErrorOutput = ErrorOutput,
            AllowExec = allowExec,
            BaseDirectory = baseDirectory ?? Environment.CurrentDirectory,
        });
    }

    public StringWriter Output { get; } = new() { NewLine = "\n" };

    public StringWriter ErrorOutput { get; } = new() { NewLine = "\n" };

    public TclInterpreter Interpreter { get; }

    public string Eval(string script, string? fileName = null) => Interpreter.Evaluate(script, fileName).Result;

    /// <summary>Evaluates a one-off script in a fresh interpreter.</summary>
    public static string Run(string script, bool withDictGet = false)
    {
        var host = new TclTestHost();
        if (withDictGet)
        {
            // A tiny stand-in for "dict get $opts -code", which this interpreter does not provide.
            host.Interpreter.RegisterCommand("dict_get", (_, a) =>
            {
                var items = TclList.Parse(a[1]);
                return TclResult.Ok(items[items.ToList().IndexOf("-code") + 1]);
            });
        }

        return host.Eval(script);
    }

    /// <summary>Evaluates a script that must fail and returns the exception.</summary>
    public static TclException Fail(string script, string? fileName = null)
    {
        var host = new TclTestHost();
        return Assert.Throws<TclException>(() => host.Eval(script, fileName))!;
    }
}
