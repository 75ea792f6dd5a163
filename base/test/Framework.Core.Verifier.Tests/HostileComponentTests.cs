namespace Framework.Core.Verifier.Tests;

/// <summary>
/// Each attack of issue 11 as a hostile component, compiled with Roslyn against the framework:
/// the verifier refuses it with the rule, the method, the IL offset and the offending member.
/// </summary>
public sealed class HostileComponentTests
{
    public static IEnumerable<TestCaseData> Attacks()
    {
        TestCaseData Case(string name, string body, Rule rule, string member, string usings = "", string members = "") =>
            new TestCaseData(Verify.Source(body, members, usings), rule, member).SetName(name);

        // The audit's experiments (issue 11).
        yield return Case("AppContext sharing", "AppContext.SetData(\"evil\", new object());", Rule.ProcessState,
            "System.AppContext.SetData(string, object)");
        yield return Case("Unwrapping dataspace memory", """
            using var ds = new AttachedRamDataspace(env, 4096);
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(ds.Memory, out var all);
            all.Array![0] = 1;
            """, Rule.Unsafe, "System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>");
        yield return Case("Reflection from Env into core", """
            var platform = env.GetType().GetField("_platform", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(env);
            env.Log(platform!.ToString()!);
            """, Rule.Reflection, "System.Type.GetField(string, System.Reflection.BindingFlags)");
        yield return Case("Reading the wall clock", "env.Log(DateTime.Now.ToString());", Rule.Clock, "System.DateTime.get_Now()");
        yield return Case("Starting a thread", "new System.Threading.Thread(() => env.Log(\"x\")).Start();", Rule.HostThreads,
            "System.Threading.Thread(System.Threading.ThreadStart)");
        // The rest of the list.
        yield return Case("Task.Run", "System.Threading.Tasks.Task.Run(() => env.Log(\"x\"));", Rule.HostThreads,
            "System.Threading.Tasks.Task.Run(System.Action)");
        yield return Case("File.ReadAllText", "env.Log(System.IO.File.ReadAllText(\"/etc/passwd\"));", Rule.AmbientAuthority,
            "System.IO.File.ReadAllText(string)");
        yield return Case("Process.Start", "System.Diagnostics.Process.Start(\"sh\");", Rule.AmbientAuthority,
            "System.Diagnostics.Process.Start(string)");
        yield return Case("Environment variables", "env.Log(Environment.GetEnvironmentVariable(\"HOME\") ?? \"\");", Rule.ProcessState,
            "System.Environment.GetEnvironmentVariable(string)");
        yield return Case("Environment.Exit", "Environment.Exit(1);", Rule.ProcessState, "System.Environment.Exit(int)");
        yield return Case("Random.Shared", "env.Log(Random.Shared.Next().ToString());", Rule.Clock, "System.Random.get_Shared()");
        yield return Case("Unseeded Random", "env.Log(new Random().Next().ToString());", Rule.Clock, "System.Random()");
        yield return Case("Assembly.Load", "System.Reflection.Assembly.Load(new byte[16]);", Rule.Reflection,
            "System.Reflection.Assembly.Load(byte[])");
        yield return Case("Activator.CreateInstance", "Activator.CreateInstance(typeof(object));", Rule.Reflection,
            "System.Activator.CreateInstance(System.Type)");
        yield return Case("dynamic", "dynamic d = env; d.Log(\"x\");", Rule.Reflection, "Microsoft.CSharp.RuntimeBinder");
        yield return Case("Type.GetType(string)", "env.Log(Type.GetType(\"Framework.Core.CoreSystem, Framework.Core\")!.Name);", Rule.Reflection,
            "System.Type.GetType(string)");
        yield return Case("Delegate.DynamicInvoke", "Action a = () => { }; a.DynamicInvoke();", Rule.Reflection,
            "System.Delegate.DynamicInvoke(object[])");
        yield return Case("Expression.Compile", "System.Linq.Expressions.Expression<Func<int>> e = () => 1; e.Compile();", Rule.Reflection,
            "System.Linq.Expressions");
        yield return Case("Reflection.Emit", "System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName(\"x\"), System.Reflection.Emit.AssemblyBuilderAccess.Run);",
            Rule.Reflection, "System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly");
        yield return Case("AssemblyLoadContext", "new System.Runtime.Loader.AssemblyLoadContext(\"x\");", Rule.Reflection,
            "System.Runtime.Loader.AssemblyLoadContext(string, bool)");
        yield return Case("AppDomain", "env.Log(AppDomain.CurrentDomain.FriendlyName);", Rule.ProcessState, "System.AppDomain.get_CurrentDomain()");
        yield return Case("ArrayPool.Shared", "var a = System.Buffers.ArrayPool<byte>.Shared.Rent(10);", Rule.ProcessState,
            "System.Buffers.ArrayPool<byte>.get_Shared()");
        yield return Case("GC.Collect", "GC.Collect();", Rule.ProcessState, "System.GC.Collect()");
        yield return Case("String.Intern", "string.Intern(\"x\");", Rule.ProcessState, "System.String.Intern(string)");
        yield return Case("Unsafe.As", "object o = env; var s = System.Runtime.CompilerServices.Unsafe.As<string>(o);", Rule.Unsafe,
            "System.Runtime.CompilerServices.Unsafe.As<string>(object)");
        yield return Case("Marshal.ReadByte", "Marshal.ReadByte(new IntPtr(4096));", Rule.Unsafe,
            "System.Runtime.InteropServices.Marshal.ReadByte(nint)", "using System.Runtime.InteropServices;");
        yield return Case("GCHandle", "var h = System.Runtime.InteropServices.GCHandle.Alloc(env, System.Runtime.InteropServices.GCHandleType.Pinned);", Rule.Unsafe,
            "System.Runtime.InteropServices.GCHandle");
        yield return Case("NativeLibrary", "System.Runtime.InteropServices.NativeLibrary.Load(\"libc.so.6\");", Rule.Interop,
            "System.Runtime.InteropServices.NativeLibrary.Load(string)");
        yield return Case("Memory.Pin", "using var ds = new AttachedRamDataspace(env, 4096); using var pin = ds.Memory.Pin();", Rule.Unsafe,
            "System.Memory<byte>.Pin()");
        yield return Case("MemoryExtensions.Overlaps", "using var ds = new AttachedRamDataspace(env, 4096); ds.Span.Overlaps(new byte[1].AsSpan(), out int d);", Rule.Unsafe,
            "System.MemoryExtensions.Overlaps");
        yield return Case("Vector.LoadUnsafe", "byte b = 0; var v = System.Numerics.Vector.LoadUnsafe(ref b, 1000);", Rule.Unsafe,
            "System.Numerics.Vector.LoadUnsafe");
        yield return Case("ThreadPool", "System.Threading.ThreadPool.QueueUserWorkItem(_ => { });", Rule.HostThreads,
            "System.Threading.ThreadPool.QueueUserWorkItem");
        yield return Case("Timer", "var t = new System.Threading.Timer(_ => { }, null, 0, 10);", Rule.HostThreads, "System.Threading.Timer(");
        yield return Case("System.Timers.Timer", "var t = new System.Timers.Timer(10);", Rule.HostThreads, "System.Timers.Timer(double)");
        yield return Case("Task.Factory", "System.Threading.Tasks.Task.Factory.StartNew(() => { });", Rule.HostThreads,
            "System.Threading.Tasks.Task.get_Factory()");
        yield return Case("Parallel.For", "System.Threading.Tasks.Parallel.For(0, 10, i => { });", Rule.HostThreads,
            "System.Threading.Tasks.Parallel.For");
        yield return Case("SynchronizationContext", "System.Threading.SynchronizationContext.SetSynchronizationContext(null);", Rule.HostThreads,
            "System.Threading.SynchronizationContext.SetSynchronizationContext");
        yield return Case("A host lock", "lock (env) { env.Log(\"x\"); }", Rule.HostThreads, "System.Threading.Monitor.Enter(object, ref bool)");
        yield return Case("Stopwatch", "env.Log(System.Diagnostics.Stopwatch.GetTimestamp().ToString());", Rule.Clock,
            "System.Diagnostics.Stopwatch.GetTimestamp()");
        yield return Case("DateTime.UtcNow", "env.Log(DateTime.UtcNow.Ticks.ToString());", Rule.Clock, "System.DateTime.get_UtcNow()");
        yield return Case("DateTimeOffset.Now", "env.Log(DateTimeOffset.Now.ToString());", Rule.Clock, "System.DateTimeOffset.get_Now()");
        yield return Case("Environment.TickCount", "env.Log(Environment.TickCount64.ToString());", Rule.Clock, "System.Environment.get_TickCount64()");
        yield return Case("TimeProvider.System", "env.Log(TimeProvider.System.GetUtcNow().ToString());", Rule.Clock, "System.TimeProvider.get_System()");
        yield return Case("Guid.NewGuid", "env.Log(Guid.NewGuid().ToString());", Rule.Clock, "System.Guid.NewGuid()");
        yield return Case("RandomNumberGenerator", "env.Log(System.Security.Cryptography.RandomNumberGenerator.GetInt32(10).ToString());", Rule.Clock,
            "System.Security.Cryptography.RandomNumberGenerator.GetInt32(int)");
        yield return Case("Directory", "System.IO.Directory.GetFiles(\"/\");", Rule.AmbientAuthority, "System.IO.Directory.GetFiles(string)");
        yield return Case("FileStream", "using var f = new System.IO.FileStream(\"/x\", System.IO.FileMode.Open);", Rule.AmbientAuthority,
            "System.IO.FileStream(string, System.IO.FileMode)");
        yield return Case("Socket", "new System.Net.Sockets.TcpClient(\"localhost\", 80);", Rule.AmbientAuthority,
            "System.Net.Sockets.TcpClient(string, int)");
        yield return Case("Console", "Console.WriteLine(\"x\");", Rule.AmbientAuthority, "System.Console.WriteLine(string)");
        yield return Case("Debug.Assert", "System.Diagnostics.Debug.Assert(false);", Rule.AmbientAuthority, "System.Diagnostics.Debug.Assert(bool");
        yield return Case("A delegate to a refused method (ldftn)", "Action<int> exit = Environment.Exit; exit(1);", Rule.ProcessState,
            "System.Environment.Exit(int)");
        yield return Case("A generic instantiation over a refused type", "var threads = new System.Collections.Generic.List<System.Threading.Thread>();",
            Rule.HostThreads, "System.Threading.Thread");
        yield return Case("typeof a refused type", "env.Log(typeof(System.Reflection.Assembly).Name);", Rule.Reflection, "System.Reflection.Assembly");
        yield return Case("Exception.TargetSite", "try { } catch (Exception e) { env.Log(e.TargetSite!.Name); }", Rule.Reflection,
            "System.Exception.get_TargetSite() (its signature names System.Reflection.MethodBase)");
        yield return Case("Delegate.Method", "Action a = () => { }; env.Log(a.Method.Name);", Rule.Reflection, "System.Delegate.get_Method()");
        yield return Case("RuntimeHelpers.GetUninitializedObject", "System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(Env));",
            Rule.Reflection, "System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(System.Type)");
        yield return Case("CultureInfo.CurrentCulture set", "System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;",
            Rule.ProcessState, "System.Globalization.CultureInfo.set_CurrentCulture(System.Globalization.CultureInfo)");
        yield return Case("CollectionsMarshal", "var l = new System.Collections.Generic.List<int>(); System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l);",
            Rule.Unsafe, "System.Runtime.InteropServices.CollectionsMarshal.AsSpan<int>");
        yield return Case("Unsafe pointer code", "Poke();", Rule.Unsafe, "int*",
            members: "static unsafe void Poke() { int x = 0; int* p = &x; p[1000] = 5; }");
        yield return Case("fixed", "Pin(new byte[4]);", Rule.Unsafe, "(fixed)",
            members: "static unsafe void Pin(byte[] a) { fixed (byte* p = a) { p[100] = 1; } }");
        yield return Case("A function pointer", "Call();", Rule.Interop, "delegate*<void>",
            members: "static unsafe void Call() { delegate*<void> f = &Call; f(); }");
        yield return Case("Compiled with unsafe code", "Nothing();", Rule.Unsafe, "System.Security.UnverifiableCodeAttribute()",
            members: "static unsafe void Nothing() { }");
        yield return Case("stackalloc", "Span<byte> s = stackalloc byte[16]; s[0] = 1;", Rule.Unsafe, "localloc (stackalloc)");
        yield return Case("async void", "Fire();", Rule.HostThreads, "System.Runtime.CompilerServices.AsyncVoidMethodBuilder",
            members: "static async void Fire() { await System.Threading.Tasks.Task.Yield(); }");
        yield return Case("A static mutable field", "s_count++;", Rule.StaticState, "a writable static field", members: "static int s_count;");
        yield return Case("A static collection", "s_all.Add(env);", Rule.StaticState, "a static System.Collections.Generic.List<Framework.Base.Env>",
            members: "static readonly System.Collections.Generic.List<Env> s_all = new();");
        yield return Case("A finalizer", "new Leaky();", Rule.HostThreads, "a finalizer", members: "sealed class Leaky { ~Leaky() { } }");
        yield return Case("DllImport", "getpid();", Rule.Interop, "a P/Invoke of getpid in \"libc\" (DllImport)",
            members: "[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();");
        yield return Case("ModuleInitializer", "", Rule.Loading, "System.Runtime.CompilerServices.ModuleInitializerAttribute()",
            members: "[System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { }");
    }

    [TestCaseSource(nameof(Attacks))]
    public void Is_refused_with_rule_location_and_member(string source, Rule rule, string member)
    {
        var result = Verify.Component(Probe.Compile(source));
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused), result.ToString());
        var matching = result.Violations.Where(v => v.Rule == rule && v.Member.Contains(member, StringComparison.Ordinal)).ToList();
        Assert.That(matching, Is.Not.Empty, $"expected a [{rule}] violation naming \"{member}\", got:\n{result}");
        var first = matching[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Component, Is.EqualTo("init -> evil"));
            Assert.That(first.Image, Is.EqualTo("evil"));
            Assert.That(first.Location, Does.StartWith("Evil.Component").Or.StartWith("field Evil.Component").Or.StartWith("type Evil.Component")
                .Or.StartWith("assembly evil").Or.StartWith("module evil"));
            Assert.That(first.Message, Does.StartWith("init -> evil: ").And.Contains(first.Member).And.Contains(first.Explanation));
        });
        TestContext.Out.WriteLine(first.Message);
    }
}
