namespace Framework.Core.Verifier;

/// <summary>
/// One thing the verifier refuses, and where: what a component author reads in the log.
/// </summary>
/// <param name="Component">The component being started (its label, e.g. "init -> evil").</param>
/// <param name="Image">The assembly the offending code is in: the component's binary or one of its ROM libraries.</param>
/// <param name="Location">Where: a method ("Evil.Component.Construct"), or "type X", "field X", "assembly X".</param>
/// <param name="Offset">The IL offset inside <paramref name="Location"/>'s body, if the violation is an instruction.</param>
/// <param name="Use">What the code does with the member: "calls", "reads", "names type", "declares", ...</param>
/// <param name="Member">The offending type, member or construct, as C# would name it.</param>
/// <param name="Rule">The rule it breaks.</param>
/// <param name="Explanation">One line: why the rule exists and what to do instead.</param>
public sealed record Violation(string Component, string Image, string Location, int? Offset, string Use, string Member, Rule Rule, string Explanation)
{
    /// <summary>True when the offending code is in a library the component loads, not in its binary.</summary>
    public bool InLibrary { get; init; }

    /// <summary>"init -> evil: Evil.Component.Construct at IL_0012 calls System.AppContext.SetData(string, object): ... [process-state]".</summary>
    public string Message
    {
        get
        {
            var where = Offset is { } offset ? $"{Location} at IL_{offset:x4}" : Location;
            var library = InLibrary ? $"library {Image}: " : "";
            var subject = Component.Length == 0 ? "" : Component + ": ";
            return $"{subject}{library}{where} {Use} {Member}: {Explanation} [{Rule.Name()}]";
        }
    }

    public override string ToString() => Message;
}
