using System.Diagnostics;

namespace Framework.Tool.Tcl.Tests;

/// <summary>
/// Differential check against a real tclsh 8.6 where one is installed: each script must produce the same
/// result string. Skipped (inconclusive) on machines without tclsh.
/// </summary>
[TestFixture]
public sealed class TclshConformanceTests
{
    private static readonly string[] Scripts =
    [
        "expr {1e300*1e10}",
        "expr {-0.0}",
        "expr {123456789012.0}",
        "expr {1e16}",
        "expr {1e17}",
        "expr {0.0001234}",
        "expr {1.5e-7}",
        "expr {int(1e18)}",
        "expr {5 / -2}",
        "expr {5 % -2}",
        "expr {round(-0.5)}",
        "expr {8 >> 1 << 2}",
        "expr {max(1,2,3.0)}",
        "expr {sqrt(2)}",
        "expr {\"0x10\" eq \"16\"}",
        "set x 010; expr {$x + 1}",
        "format %g 100000",
        "format %.3g 3.14159",
        "format %10.4e 0.000123",
        "format %#o 8",
        "format %+.2e -0.000123",
        "format %G 0.000001234",
        "format %#g 1.0",
        "format \"%5.2f|%-6d|%x\" 3.14159 42 255",
        "list a\\{ b \"c d\" \\\\ {e\\}f}",
        "list [list a b] \"\" \\# #x {a\"b} a\\nb",
        "list {a\"b} {\"ab} {a b\"c} {a]b} {a[b} {x;y} \"a{\\\"b\" {{}}",
        "lsort {a10 a9 B b}",
        "lsort -dictionary {a10 a9 a010 A9}",
        "string map {abc 1 ab 2 a 3} abcaba",
        "split \"a  b\" \" \"",
        "regsub -all {(\\w+)} {hello world} {<\\1>}",
        "regexp -inline -all {\\w+} {hi there you}",
        "regexp -all -inline {(a)(b)?} aab",
        "set r [catch {error x y z} m]; list $r $m $errorInfo $errorCode",
        "set x {  a   b  }; lappend x c",
        "concat \"a \" \" b\" {} \"  c  \"",
        "string first \"\" abc",
        "string toupper abc 0 0",
        "proc f {{a 1} {b 2}} {list $a $b}; f 5",
        "set r {}; foreach x {1 2 3} { switch $x { 2 continue 3 break }; lappend r $x }; set r",
        "proc f {} {\n  foreach x {1 2} {\n    if {$x == 2} {\n      error boom\n    }\n  }\n}\ncatch f; set errorInfo",
    ];

    private static string? FindTclsh()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "tclsh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string RunTclsh(string tclsh, string script)
    {
        // The script is handed over in a file; the driver evaluates it in a fresh interpreter and prints the result.
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, script);
            var driver = "set f [open [lindex $argv 0]]; set s [read $f]; close $f; set i [interp create]; puts -nonewline [$i eval $s]";
            var info = new ProcessStartInfo(tclsh) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("/dev/stdin");
            info.ArgumentList.Add(file);
            using var process = Process.Start(info)!;
            process.StandardInput.Write(driver);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCaseSource(nameof(Scripts))]
    public void Same_result_as_tclsh(string script)
    {
        var tclsh = FindTclsh();
        if (tclsh is null)
        {
            Assert.Inconclusive("tclsh is not installed");
        }

        Assert.That(TclTestHost.Run(script), Is.EqualTo(RunTclsh(tclsh!, script)));
    }
}
