using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Selftest;

/// <summary>Where selftest output goes (the serial port in the kernel, a buffer in unit tests).</summary>
/// <remarks>
/// <see cref="Write"/> appends text; the runner ends every line with "\n" itself. Output is written
/// in fragments of literals rather than formatted strings because the bare-metal core library has
/// no string formatting and no concatenation worth relying on.
/// </remarks>
public interface ISelftestLog
{
    void Write(string text);
}

/// <summary>One test: returns Ok to pass, Unavailable to report a skip, anything else to fail.</summary>
public delegate SyscallStatus SelftestFunction(SelftestContext context);

/// <summary>A named test. Register instance methods: a static method group would make the compiler
/// cache the delegate in a mutable static field, which the kernel subset forbids.</summary>
public readonly struct SelftestCase
{
    public SelftestCase(string name, SelftestFunction run)
    {
        Name = name;
        Run = run;
    }

    public string Name { get; }
    public SelftestFunction Run { get; }
}

/// <summary>A named group of tests, selectable on the kernel command line (kernel.selftest.suite=name).</summary>
public sealed class SelftestSuite
{
    public SelftestSuite(string name, SelftestCase[] cases)
    {
        Name = name;
        Cases = cases;
    }

    public string Name { get; }
    public SelftestCase[] Cases { get; }
}

/// <summary>What a test sees: the log, assertion helpers, and the kernel's live objects if any.</summary>
public sealed class SelftestContext
{
    public SelftestContext(ISelftestLog log, PhysicalMemoryManager? livePmm = null)
    {
        Log = log;
        LivePmm = livePmm;
    }

    /// <summary>A context with a booted kernel whose threads the scheduler and IPC suites use.</summary>
    public SelftestContext(ISelftestLog log, PhysicalMemoryManager? livePmm, ISelftestMachine? machine)
    {
        Log = log;
        LivePmm = livePmm;
        Machine = machine;
    }

    /// <summary>The booted kernel and its threads; null when hosted (those suites then SKIP).</summary>
    public ISelftestMachine? Machine { get; }

    public ISelftestLog Log { get; }

    /// <summary>The booted kernel's allocator, for tests that must run against real memory; null when hosted.</summary>
    public PhysicalMemoryManager? LivePmm { get; }

    /// <summary>Logs <paramref name="what"/> as a failed check when <paramref name="condition"/> is false.</summary>
    public bool Check(bool condition, string what)
    {
        if (!condition)
        {
            Log.Write("selftest:   check failed: ");
            Log.Write(what);
            Log.Write("\n");
        }

        return condition;
    }

    /// <summary>Checks a status, logging expected and actual names on mismatch.</summary>
    public bool CheckStatus(SyscallStatus actual, SyscallStatus expected, string what)
    {
        if (actual != expected)
        {
            Log.Write("selftest:   check failed: ");
            Log.Write(what);
            Log.Write(": expected ");
            Log.Write(SelftestRunner.StatusName(expected));
            Log.Write(", got ");
            Log.Write(SelftestRunner.StatusName(actual));
            Log.Write("\n");
        }

        return actual == expected;
    }
}

/// <summary>
/// Runs registered suites after seed 004's kernel selftest runner: one line per test and the final
/// marker <c>selftest: result: PASS</c> or <c>selftest: result: FAIL</c> that automation greps for.
/// </summary>
public static class SelftestRunner
{
    public const string PassMarker = "selftest: result: PASS";
    public const string FailMarker = "selftest: result: FAIL";

    /// <summary>
    /// Runs every suite, or only the one named <paramref name="suiteFilter"/> (null or empty: all).
    /// An unknown suite name fails, so a typo on the command line cannot pass silently.
    /// </summary>
    /// <returns>Ok when every test passed or skipped, Failed otherwise.</returns>
    public static SyscallStatus Run(SelftestSuite[] suites, string? suiteFilter, SelftestContext context)
    {
        ISelftestLog log = context.Log;
        ulong passed = 0;
        ulong failed = 0;
        ulong skipped = 0;
        bool matched = false;
        bool all = suiteFilter == null || suiteFilter.Length == 0;
        for (int s = 0; s < suites.Length; s++)
        {
            SelftestSuite suite = suites[s];
            if (!all && !SameText(suite.Name, suiteFilter!))
            {
                continue;
            }

            matched = true;
            log.Write("selftest: suite ");
            log.Write(suite.Name);
            log.Write("\n");
            for (int c = 0; c < suite.Cases.Length; c++)
            {
                SelftestCase test = suite.Cases[c];
                SyscallStatus status = test.Run(context);
                log.Write("selftest: ");
                log.Write(suite.Name);
                log.Write("/");
                log.Write(test.Name);
                if (status == SyscallStatus.Ok)
                {
                    log.Write(": PASS\n");
                    passed++;
                }
                else if (status == SyscallStatus.Unavailable)
                {
                    log.Write(": SKIP\n");
                    skipped++;
                }
                else
                {
                    log.Write(": FAIL (");
                    log.Write(StatusName(status));
                    log.Write(")\n");
                    failed++;
                }
            }
        }

        if (!matched)
        {
            log.Write("selftest: no suite named ");
            log.Write(suiteFilter!);
            log.Write("\n");
            failed++;
        }

        log.Write("selftest: passed ");
        WriteDecimal(log, passed);
        log.Write(", failed ");
        WriteDecimal(log, failed);
        log.Write(", skipped ");
        WriteDecimal(log, skipped);
        log.Write("\n");
        log.Write(failed == 0 ? PassMarker : FailMarker);
        log.Write("\n");
        return failed == 0 ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    /// <summary>The status name as a literal (Enum.ToString needs reflection the kernel lacks).</summary>
    public static string StatusName(SyscallStatus status) => status switch
    {
        SyscallStatus.Ok => "Ok",
        SyscallStatus.Timeout => "Timeout",
        SyscallStatus.Detached => "Detached",
        SyscallStatus.UnknownSyscall => "UnknownSyscall",
        SyscallStatus.BadArgument => "BadArgument",
        SyscallStatus.BadCapability => "BadCapability",
        SyscallStatus.MessageTooLarge => "MessageTooLarge",
        SyscallStatus.BadState => "BadState",
        SyscallStatus.Conflict => "Conflict",
        SyscallStatus.Failed => "Failed",
        SyscallStatus.Unavailable => "Unavailable",
        SyscallStatus.OutOfMemory => "OutOfMemory",
        SyscallStatus.OutOfSlots => "OutOfSlots",
        SyscallStatus.Aborted => "Aborted",
        SyscallStatus.Canceled => "Canceled",
        _ => "unknown status",
    };

    /// <summary>Writes a number digit by digit, from literals only.</summary>
    public static void WriteDecimal(ISelftestLog log, ulong value)
    {
        if (value >= 10)
        {
            WriteDecimal(log, value / 10);
        }

        log.Write(Digit(value % 10));
    }

    private static string Digit(ulong d) => d switch
    {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4 => "4",
        5 => "5",
        6 => "6",
        7 => "7",
        8 => "8",
        _ => "9",
    };

    // Ordinal comparison by hand: string.Equals overloads pull in culture and span machinery.
    private static bool SameText(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The central list of in-kernel selftest suites (seed 004's kernel/test/selftest.c).</summary>
public static class SelftestRegistry
{
    /// <summary>Builds the suite table. A fresh array per call: a static table would be mutable static state.</summary>
    public static SelftestSuite[] CreateDefault() => new SelftestSuite[]
    {
        new PmmSelftests().Suite(),
        new PageTableSelftests().Suite(),
        new VmmSelftests().Suite(),
        new CapSpaceSelftests().Suite(),
        new SchedulerSelftests().Suite(),
        new IpcSelftests().Suite(),
    };
}
