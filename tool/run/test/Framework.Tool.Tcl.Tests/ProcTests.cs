namespace Framework.Tool.Tcl.Tests;

[TestFixture]
public sealed class ProcTests
{
    [Test]
    public void Defaults_and_args()
    {
        const string script = """
            proc f {a {b 2} args} { list $a $b $args }
            list [f 1] [f 1 3] [f 1 3 4 5]
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("{1 2 {}} {1 3 {}} {1 3 {4 5}}"));
    }

    [Test]
    public void Wrong_number_of_arguments()
    {
        var e = TclTestHost.Fail("proc f {a {b 2} args} {}\nf");
        Assert.That(e.Message, Is.EqualTo("wrong # args: should be \"f a ?b? ?arg ...?\""));
        e = TclTestHost.Fail("proc g {a} {}\ng 1 2");
        Assert.That(e.Message, Is.EqualTo("wrong # args: should be \"g a\""));
    }

    [Test]
    public void Recursion()
    {
        const string script = """
            proc fact {n} { if {$n <= 1} { return 1 }; expr {$n * [fact [expr {$n - 1}]]} }
            fact 20
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("2432902008176640000"));
    }

    [Test]
    public void Runaway_recursion_is_an_error()
    {
        var e = TclTestHost.Fail("proc r {} { r }\nr");
        Assert.That(e.Message, Does.StartWith("too many nested evaluations"));
    }

    [Test]
    public void Result_is_last_command_or_return()
    {
        Assert.That(TclTestHost.Run("proc f {} { set x 1; set y 2 }; f"), Is.EqualTo("2"));
        Assert.That(TclTestHost.Run("proc f {} { return early; set y 2 }; f"), Is.EqualTo("early"));
        Assert.That(TclTestHost.Run("proc f {} { return }; f"), Is.EqualTo(""));
    }

    [Test]
    public void Return_codes()
    {
        Assert.That(TclTestHost.Run("proc f {} { return -code error oops }; list [catch f m] $m"), Is.EqualTo("1 oops"));
        Assert.That(TclTestHost.Run("proc f {} { return -code break }; set r {}; foreach i {1 2 3} { lappend r $i; f }; set r"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("proc f {} { return -code continue }; set r {}; foreach i {1 2} { f; lappend r $i }; set r"), Is.EqualTo(""));
        Assert.That(TclTestHost.Run("proc f {} { return -code 5 x }; catch f"), Is.EqualTo("5"));
        Assert.That(TclTestHost.Run("catch {return -level 0 -code error x}"), Is.EqualTo("1"));
    }

    [Test]
    public void Break_outside_loop_in_proc_is_an_error()
    {
        var e = TclTestHost.Fail("proc f {} { break }\nf");
        Assert.That(e.Message, Is.EqualTo("invoked \"break\" outside of a loop"));
    }

    [Test]
    public void Locals_are_private_and_global_links()
    {
        const string script = """
            set g 1
            proc f {} { set g 5; return $g }
            proc h {} { global g; incr g 10 }
            list [f] $g [h] $g
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("5 1 11 11"));
    }

    [Test]
    public void Global_creates_variables()
    {
        Assert.That(TclTestHost.Run("proc f {} { global made; set made yes }; f; set made"), Is.EqualTo("yes"));
    }

    [Test]
    public void Upvar_links_callers_variable()
    {
        const string script = """
            proc inc2 {name} { upvar $name v; incr v 2 }
            proc outer {} { set local 1; inc2 local; return $local }
            set top 5; inc2 top
            list [outer] $top
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("3 7"));
    }

    [Test]
    public void Upvar_to_arrays_and_absolute_levels()
    {
        const string script = """
            proc fill {arr} { upvar 1 $arr a; set a(x) 1; set a(y) 2 }
            proc viaTop {} { upvar #0 topvar t; set t top }
            fill data; viaTop
            list [lsort [array names data]] $topvar
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("{x y} top"));
    }

    [Test]
    public void Uplevel_runs_in_callers_frame()
    {
        const string script = """
            proc setInCaller {name value} { uplevel 1 [list set $name $value] }
            proc f {} { setInCaller loc 3; return $loc }
            list [f] [uplevel #0 {set z 9}] $z
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("3 9 9"));
    }

    [Test]
    public void Info_level_and_procs()
    {
        Assert.That(TclTestHost.Run("proc f {a} { info level 0 }; f x"), Is.EqualTo("f x"));
        Assert.That(TclTestHost.Run("proc f {} { info level }; f"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("proc p1 {} {}; proc p2 {} {}; info procs p*"), Is.EqualTo("p1 p2"));
        Assert.That(TclTestHost.Run("proc p1 {a {b x}} {body}; list [info args p1] [info body p1]"), Is.EqualTo("{a b} body"));
    }

    [Test]
    public void Redefining_a_proc_replaces_it()
    {
        Assert.That(TclTestHost.Run("proc f {} { return 1 }; proc f {} { return 2 }; f"), Is.EqualTo("2"));
    }

    [Test]
    public void Rename_and_unknown()
    {
        Assert.That(TclTestHost.Run("proc f {} { return 1 }; rename f g; g"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("proc unknown {args} { return \"unknown: $args\" }; nosuch 1 2"), Is.EqualTo("unknown: nosuch 1 2"));
    }
}
