namespace Framework.Core.Verifier;

/// <summary>Why the verifier refuses something: the rule it breaks.</summary>
public enum Rule
{
    /// <summary>Reflection and dynamic code: System.Reflection, Activator, Emit, expression trees, dynamic, assembly loading.</summary>
    Reflection,

    /// <summary>Process-wide mutable state: AppContext, Environment, AppDomain, GC, shared pools, the intern pool.</summary>
    ProcessState,

    /// <summary>The component's own static state (the ImageState rule): a writable static or a static array or collection.</summary>
    StaticState,

    /// <summary>Unsafe code: pointers, raw memory access, MemoryMarshal, Unsafe, Marshal, GCHandle.</summary>
    Unsafe,

    /// <summary>Native code: P/Invoke, NativeLibrary, function pointers.</summary>
    Interop,

    /// <summary>Host threads, timers, the thread pool, tasks, host locks, finalizers.</summary>
    HostThreads,

    /// <summary>The wall clock and unseeded randomness.</summary>
    Clock,

    /// <summary>Ambient authority: files, sockets, processes, the console.</summary>
    AmbientAuthority,

    /// <summary>A part of the BCL that the allow-list does not name (and no other rule explains).</summary>
    NotAllowed,

    /// <summary>Code that changes how the image is loaded or what it may access: module initializers, IgnoresAccessChecksTo, a reserved assembly name.</summary>
    Loading,

    /// <summary>A referenced assembly that is neither the framework, the BCL nor a library in ROM.</summary>
    Reference,

    /// <summary>Bytes that are no readable .NET image, or IL the verifier cannot follow.</summary>
    Malformed,
}

/// <summary>How rules are written in messages and in Refusals.txt.</summary>
internal static class RuleNames
{
    public static string Name(this Rule rule) => rule switch
    {
        Rule.Reflection => "reflection",
        Rule.ProcessState => "process-state",
        Rule.StaticState => "static-state",
        Rule.Unsafe => "unsafe",
        Rule.Interop => "interop",
        Rule.HostThreads => "host-threads",
        Rule.Clock => "clock",
        Rule.AmbientAuthority => "ambient-authority",
        Rule.NotAllowed => "not-allowed",
        Rule.Loading => "loading",
        Rule.Reference => "reference",
        Rule.Malformed => "malformed",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static bool TryParse(string name, out Rule rule)
    {
        foreach (var candidate in Enum.GetValues<Rule>())
        {
            if (candidate.Name() == name)
            {
                rule = candidate;
                return true;
            }
        }
        rule = default;
        return false;
    }
}
