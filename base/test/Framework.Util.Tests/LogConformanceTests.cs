using Framework.Util;

namespace Framework.Util.Tests;

/// <summary>
/// Genode's log test (25.11 <c>repos/base/src/test/log/main.cc</c>) re-enacted with
/// <see cref="LogFormat"/>, compared with <c>log_run_expected.log</c> (core's output with labels)
/// and <c>log_expected.log</c> (the depot-autopilot view, tags relative to the test).
/// </summary>
/// <remarks>
/// C's <c>char</c> is 8 bits, so Genode's <c>Hex((char)-2, ...)</c> is <c>Hex((sbyte)-2, ...)</c> here.
/// The <c>Alloc_error</c> enum is a stand-in with Genode's member names; the framework's own
/// allocation-error type is not part of this library.
/// </remarks>
[TestFixture]
public sealed class LogConformanceTests
{
    private enum AllocError
    {
        OUT_OF_RAM,
        OUT_OF_CAPS,
        DENIED,
    }

    /// <summary>Labels as core sees them: test-log is a child of init, init a child of core.</summary>
    private static readonly string TestLabel = new SessionLabel("").Prefixed("test-log").Prefixed("init").Value;

    private static readonly string ConnectionLabel = new SessionLabel("log").Prefixed("test-log").Prefixed("init").Value;

    private static IReadOnlyList<string> Run()
    {
        var log = new GenodeLog(TestLabel);
        log.Log("hex range:          ", LogFormat.HexRange<ushort>(0xe00, 0x880));
        log.Log("empty hex range:    ", LogFormat.HexRange<uint>(0xabc0000, 0));
        log.Log("hex range to limit: ", LogFormat.HexRange<byte>(0xf8, 8));
        log.Log("invalid hex range:  ", LogFormat.HexRange<byte>(0xf8, 0x10));
        log.Log("negative hex char:  ", LogFormat.Hex((sbyte)-2, prefix: true, pad: true));
        log.Log("positive hex char:  ", LogFormat.Hex((sbyte)2, prefix: true, pad: true));
        log.Log("Alloc_error value:  ", AllocError.OUT_OF_RAM);
        log.Log("floating point:     ", 1.70);
        log.Log("multiarg string:    ", LogFormat.Format('"', "parent -> child.", 7, '"'));
        log.Log("String(Hex(3)):     ", LogFormat.Hex(3));
        log.Log("Very long messages:");

        // A write of exactly MAX_STRING_LEN - 1 characters through an explicit LOG connection.
        var buf = new char[2 * LogFormat.MaxStringLength];
        Array.Fill(buf, '.');
        buf[0] = '1';
        buf[LogFormat.MaxStringLength - 2] = '2';
        log.Write(ConnectionLabel, new string(buf, 0, LogFormat.MaxStringLength - 1));

        // log() of a longer message is split by the buffered output.
        Array.Fill(buf, '.');
        buf[0] = '3';
        buf[LogFormat.MaxStringLength - 2] = '4';
        buf[LogFormat.MaxStringLength - 1] = '5';
        buf[2 * LogFormat.MaxStringLength - 3] = '6';
        log.Log(new string(buf, 0, 2 * LogFormat.MaxStringLength - 2));

        log.Log("Test done.");
        return log.Lines;
    }

    [Test]
    public void OutputMatchesGenodeRunScriptLog()
    {
        SharedData.AssertLogMatches(Run(), SharedData.ExpectedLines("log_run_expected.log"));
    }

    /// <summary>The autopilot tags lines with the label relative to the test component.</summary>
    [Test]
    public void OutputMatchesGenodeAutopilotLog()
    {
        string ownPrefix = $"[{TestLabel}] ";
        string nestedPrefix = $"[{TestLabel}{SessionLabel.Separator}";
        var lines = Run().Select(l =>
            l.StartsWith(ownPrefix, StringComparison.Ordinal) ? l[ownPrefix.Length..]
            : l.StartsWith(nestedPrefix, StringComparison.Ordinal) ? "[" + l[nestedPrefix.Length..]
            : l).ToList();
        SharedData.AssertLogMatches(lines, SharedData.ExpectedLines("log_expected.log"));
    }
}
