namespace Framework.Core.Verifier.Tests;

/// <summary>What component authors write every day passes: the allow-list is strict, not obstructive.</summary>
public sealed class OrdinaryCSharpTests
{
    [Test]
    public void Everyday_csharp_is_verified()
    {
        var source = Verify.Source("""
            var config = env.Config();
            var names = new List<string> { "a", "b", "c" };
            var upper = names.Where(n => n != "b").Select(n => n.ToUpperInvariant()).ToList();
            var count = 0;
            names.ForEach(n => count += n.Length);
            env.Log($"{upper.Count} names, {count} characters, first {upper[0]}, {Describe(3)}");
            var point = new Point(1, 2);
            env.Log((point with { X = 3 }).ToString());
            foreach (var i in Numbers(3))
                env.Log(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var (a, b) = (1, "x");
            var random = new Random(42);
            // string.Join(",", a, b, c) would bind to a params span over an inline array (see the README); an array is fine.
            env.Log(string.Join(",", new object[] { a, b, random.Next(10) }));
            Span<byte> bytes = new byte[16];
            bytes.Fill(1);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, 7);
            var counter = new Counter();
            counter.Changed += () => env.Log("changed");
            counter.Bump();
            try { throw new InvalidOperationException("x"); }
            catch (InvalidOperationException e) when (e.Message == "x") { env.Log(e.GetType().Name); }
            var map = new Dictionary<string, int>(StringComparer.Ordinal) { ["k"] = 1 };
            env.Log(Twice<int>(map["k"], x => x * 2).ToString());
            env.Log(Apply<string>("s", string.IsNullOrEmpty).ToString());
            int[] array = [1, 2, 3];
            env.Log(array[1..].Length.ToString() + TimeSpan.FromSeconds(1).TotalMilliseconds);
            env.Log(Classify("two"));
            """, """
            record Point(int X, int Y);
            sealed class Counter { public event Action? Changed; public void Bump() => Changed?.Invoke(); }
            static IEnumerable<int> Numbers(int n) { for (var i = 0; i < n; i++) yield return i; }
            static string Describe(int n) => n switch { 1 => "one", > 1 => "many", _ => "none" };
            static T Twice<T>(T value, Func<T, T> f) => f(f(value));
            static bool Apply<T>(T value, Func<T, bool> f) => new[] { value }.Select(v => f(v)).First();
            static string Classify(string s) => s switch { "one" => "1", "two" => "2", "three" => "3", "four" => "4", "five" => "5", "six" => "6", "seven" => "7", _ => "?" };
            static readonly string s_prefix = "p";
            const int Limit = 3;
            """, "using System.Collections.Generic;\nusing System.Linq;");
        var result = Verify.Component(Probe.Compile(source));
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Verified), result.ToString());
    }

    [Test]
    public void The_message_a_component_author_reads()
    {
        var result = Verify.Component(Probe.Compile(Verify.Source("AppContext.SetData(\"evil\", env);")));
        Assert.That(result.Violations.Single().Message, Is.EqualTo(
            "init -> evil: Evil.Component.Construct at IL_0007 calls System.AppContext.SetData(string, object): "
            + "process-wide mutable state is not allowed in a component; share state through a session [process-state]"));
        Assert.That(result.Summary, Is.EqualTo("init -> evil: binary \"evil\" refused: 1 violation, the first: " + result.Violations[0].Message));
    }

    [Test]
    public void A_params_span_over_an_inline_array_is_refused_with_the_workaround()
    {
        var result = Verify.Component(Probe.Compile(Verify.Source("env.Log(string.Join(\",\", 1, 2, 3));")));
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused));
        Assert.That(result.Violations.Select(v => v.Location), Has.All.StartWith("<PrivateImplementationDetails>.InlineArray"));
        Assert.That(result.Violations[0].Explanation, Does.Contain("pass an array instead"));
    }

    [Test]
    public void A_hostile_library_from_rom_is_verified_like_the_component()
    {
        var library = Probe.Compile("""
            namespace Evil.Lib;
            public static class Share { public static void Put(object o) => System.AppContext.SetData("shared", o); }
            """, "Evil.Lib");
        var component = Probe.Compile(Verify.Source("Evil.Lib.Share.Put(env);"), "evil", library);
        var result = Verify.Component(component, roms: new Dictionary<string, byte[]> { ["Evil.Lib"] = library });
        Assert.That(result.Images, Is.EqualTo(new[] { "evil", "Evil.Lib" }));
        Assert.That(result.Violations.Single().Message, Is.EqualTo(
            "init -> evil: library Evil.Lib: Evil.Lib.Share.Put at IL_0006 calls System.AppContext.SetData(string, object): "
            + "process-wide mutable state is not allowed in a component; share state through a session [process-state]"));
    }

    [Test]
    public void A_component_that_claims_a_framework_name_is_refused()
    {
        var result = Verify.Component(Probe.Compile("namespace X; public static class C { }", "Framework.Core"));
        Assert.That(result.Violations.Single().Rule, Is.EqualTo(Rule.Loading));
        Assert.That(result.Violations.Single().Message, Does.StartWith("init -> evil: assembly Framework.Core is named Framework.Core: the name of a shared assembly"));
    }

    [Test]
    public void IgnoresAccessChecksTo_is_refused()
    {
        var result = Verify.Component(Probe.Compile("""
            [assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Framework.Base")]
            namespace System.Runtime.CompilerServices
            {
                [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
                internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute { public string AssemblyName { get; } = assemblyName; }
            }
            """));
        Assert.That(result.Violations.Select(v => v.Rule), Has.All.EqualTo(Rule.Loading));
        Assert.That(result.Violations.Select(v => v.Location), Is.EquivalentTo(new[] { "type System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute", "assembly evil" }));
    }

    [Test]
    public void Overlaid_references_in_an_explicit_layout_are_refused()
    {
        var result = Verify.Component(Probe.Compile("""
            using System.Runtime.InteropServices;
            namespace Evil;
            [StructLayout(LayoutKind.Explicit)] public struct Confused { [FieldOffset(0)] public object O; [FieldOffset(0)] public string S; }
            [StructLayout(LayoutKind.Explicit)] public struct Bits { [FieldOffset(0)] public int I; [FieldOffset(0)] public float F; }
            """));
        Assert.That(result.Violations.Single().Message, Is.EqualTo(
            "init -> evil: type Evil.Confused overlays field O of type object: explicit layout may only overlay primitive numbers; overlaid references or structs forge object references [unsafe]"));
    }
}
