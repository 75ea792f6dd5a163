using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using Framework.Backends;
using Framework.Tool.Tcl;

namespace Framework.Tool.Run;

/// <summary>
/// One execution of a run script: the Tcl interpreter with Genode's run-tool commands on top, and the
/// state they share (what was built, the boot directory, the running system).
/// </summary>
internal sealed partial class RunSession
{
    private readonly string _root;
    private readonly RunOptions _options;
    private readonly RunStreams _streams;
    private readonly string _runName;
    private readonly Dictionary<string, string> _built = new(StringComparer.Ordinal);
    private ProjectIndex? _index;
    private BootImage? _image;
    private RunningSystem? _system;
    private int _spawnId;
    private readonly CheckState _check = new();

    /// <summary>What a <c>--check</c> run collects instead of building and booting.</summary>
    private sealed class CheckState
    {
        public (string Text, int LineOffset)? Config { get; set; }
        public List<string> Modules { get; } = [];
        public List<(string? Pattern, int Line)> ExitConditions { get; } = [];
    }

    /// <summary>RAM and capabilities core gives init on the default backend (see CoreSystem).</summary>
    private const ulong InitRam = 504UL << 20;
    private const ulong InitCaps = 1 << 16;

    /// <summary>Prints the routing table and the problems of the script's config; 0 if it is sound.</summary>
    public int ReportCheck(string scriptPath)
    {
        var file = Path.GetRelativePath(_root, Path.GetFullPath(scriptPath));
        var errors = 0;
        if (_check.Config is not { } config)
        {
            _streams.Out.WriteLine($"{file}: error: the script installs no config");
            return 1;
        }
        var report = Framework.Tool.Check.ConfigChecker.Check(config.Text, new Framework.Tool.Check.CheckOptions
        {
            Modules = _check.Modules.Count > 0 ? _check.Modules : null,
            AvailableRam = InitRam,
            AvailableCaps = InitCaps,
        });
        _streams.Out.WriteLine(report.Format(file, config.LineOffset));
        if (report.HasErrors)
            errors++;
        if (_check.ExitConditions.Count == 0)
        {
            _streams.Out.WriteLine($"{file}: error: the script has no exit condition (no run_genode_until): it can neither pass nor fail");
            errors++;
        }
        foreach (var (pattern, line) in _check.ExitConditions.Where(c => c.Pattern is null))
            _streams.Out.WriteLine($"{file}:{line}: warning: run_genode_until forever has no exit condition: the script never decides success");
        return errors == 0 ? 0 : 1;
    }

    public RunSession(string root, string scriptPath, RunOptions options, RunStreams streams)
    {
        _root = root;
        _options = options;
        _streams = streams;
        _runName = Path.GetFileNameWithoutExtension(scriptPath);
        Interpreter = new TclInterpreter(new TclInterpreterOptions
        {
            Output = streams.Out,
            ErrorOutput = streams.Error,
            BaseDirectory = root,
        });
        Interpreter.SetGlobalVariable("output", "");
        Interpreter.SetGlobalVariable("qemu_args", "");
        Interpreter.SetGlobalVariable("specs", TclList.Format(Specs));
        Interpreter.SetGlobalVariable("genode_dir", root);
        RegisterCommands();
    }

    public TclInterpreter Interpreter { get; }

    public string OutputVariable => Interpreter.GetGlobalVariable("output") ?? "";

    /// <summary>build/var/run/&lt;name&gt;, Genode's run_dir.</summary>
    public string RunDirectory => Path.Combine(_root, "build", "var", "run", _runName);

    /// <summary>Where the modules go before they are packed (Genode's [run_dir]/genode).</summary>
    public string BootDirectory => Path.Combine(RunDirectory, "genode");

    public string ImagePath => Path.Combine(RunDirectory, "image.boot");

    private IEnumerable<string> Specs => ["genode", "x86", "x86_64", "64bit", "native", _options.Platform, _options.Kernel];

    private ProjectIndex Index => _index ??= ProjectIndex.Scan(_root);

    private void RegisterCommands()
    {
        Register("build", Build);
        Register("create_boot_directory", CreateBootDirectory);
        Register("install_config", InstallConfig);
        Register("build_boot_image", BuildBootImage);
        Register("run_genode_until", RunGenodeUntil);
        Register("have_spec", (_, a) => Arity(a, 2, "have_spec spec") ?? TclResult.FromBool(Specs.Contains(a[1], StringComparer.Ordinal)));
        Register("assert_spec", AssertSpec);
        Register("have_installed", (_, a) => Arity(a, 2, "have_installed program") ?? TclResult.FromBool(FindOnPath(a[1]) is not null));
        Register("requires_installation_of", RequiresInstallationOf);
        Register("compare_output_to", CompareOutputTo);
        Register("grep_output", GrepOutput);
        Register("unify_output", UnifyOutput);
        Register("assert", Assert);
        Register("run_name", (_, a) => Arity(a, 1, "run_name") ?? TclResult.Ok(_runName));
        Register("run_dir", (_, a) => Arity(a, 1, "run_dir") ?? TclResult.Ok(RunDirectory));
        Register("genode_dir", (_, a) => Arity(a, 1, "genode_dir") ?? TclResult.Ok(_root));
        Register("is_interactive", (_, a) => Arity(a, 1, "is_interactive") ?? TclResult.FromBool(_options.Interactive));
        if (_options.Platform == PcUefiPlatform.Name)
        {
            var uefi = new PcUefiPlatform(_root, RunDirectory, _options, _streams.Out, _streams.Error);
            Register("build_boot_image", uefi.BuildBootImage);
            Register("run_genode_until", uefi.RunUntil);
        }
    }

    /// <summary>Registers a command whose .NET failures become Tcl errors at the script line.</summary>
    private void Register(string name, TclCommand command) =>
        Interpreter.RegisterCommand(name, (interp, args) =>
        {
            try
            {
                return command(interp, args);
            }
            catch (Exception e) when (e is BuildFailedException or IOException or UnauthorizedAccessException or InvalidDataException
                or ArgumentException or InvalidOperationException or KernelNotAvailableException or BadImageFormatException)
            {
                return TclResult.Error($"{name}: {e.Message}");
            }
        });

    private static TclResult? Arity(IReadOnlyList<string> a, int count, string usage) =>
        a.Count == count ? null : TclResult.Error($"wrong # args: should be \"{usage}\"");

    private void Verbose(string line)
    {
        if (_options.Verbose)
            _streams.Error.WriteLine(line);
    }

    // ------------------------------------------------------------------ building

    private TclResult Build(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 2)
            return TclResult.Error("wrong # args: should be \"build targets\"");
        var selected = new SortedDictionary<string, ProjectInfo>(StringComparer.Ordinal);
        foreach (var target in TclList.Parse(a[1]))
        {
            var projects = Index.Resolve(target);
            if (projects.Count == 0)
                return TclResult.Error($"build: target '{target}' matches no project below any src/ directory");
            Verbose($"target '{target}': {string.Join(", ", projects.Select(p => p.DisplayPath(_root)))}");
            foreach (var p in projects)
                selected[p.ProjectPath] = p;
        }
        if (!_options.Check)
            BuildProjects(selected.Values);
        return TclResult.Empty;
    }

    private void BuildProjects(IReadOnlyCollection<ProjectInfo> projects)
    {
        var outputs = new BuildDriver(_root, _streams.Error, _options.Verbose).Build(projects);
        foreach (var p in projects)
        {
            if (!outputs.TryGetValue(p.ProjectPath, out var assembly))
                throw new BuildFailedException($"the build reported no output assembly for {p.DisplayPath(_root)}");
            _built[p.AssemblyName] = assembly;
        }
    }

    // ------------------------------------------------------------------ boot directory and image

    private TclResult CreateBootDirectory(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 1, "create_boot_directory") is { } error)
            return error;
        if (_options.Check)
            return TclResult.Empty;
        if (Directory.Exists(RunDirectory))
            Directory.Delete(RunDirectory, recursive: true);
        Directory.CreateDirectory(BootDirectory);
        _image = null;
        return TclResult.Empty;
    }

    private TclResult InstallConfig(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 2, "install_config config") is { } error)
            return error;
        if (_options.Check)
        {
            // Line 1 of the config text is the rest of the install_config line itself.
            _check.Config = (a[1], interp.CurrentLine - 1);
            return TclResult.Empty;
        }
        Directory.CreateDirectory(BootDirectory);
        File.WriteAllText(Path.Combine(BootDirectory, "config"), a[1]);
        return TclResult.Empty;
    }

    private TclResult BuildBootImage(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 2, "build_boot_image binaries") is { } error)
            return error;
        Directory.CreateDirectory(BootDirectory);
        var binaries = TclList.Parse(a[1]).Distinct(StringComparer.Ordinal).ToList();

        // Genode users keep the build targets and the boot modules in two lists that drift apart:
        // build what is missing instead of failing late.
        var missing = new List<ProjectInfo>();
        foreach (var binary in binaries.Where(b => b != "core" && !_built.ContainsKey(b)))
        {
            var projects = Index.FindByAssemblyName(binary);
            if (projects.Count == 0)
                return TclResult.Error($"build_boot_image: no project below a src/ directory builds the binary '{binary}'");
            if (projects.Count > 1)
                return TclResult.Error($"build_boot_image: binary '{binary}' is built by several projects: {string.Join(", ", projects.Select(p => p.DisplayPath(_root)))}");
            if (!_options.Check)
                _streams.Error.WriteLine($"note: boot module '{binary}' was not built by a 'build' command; building {projects[0].DisplayPath(_root)}");
            missing.Add(projects[0]);
        }
        if (_options.Check)
        {
            _check.Modules.AddRange(binaries.Where(b => b != "core"));
            _check.Modules.Add("config");
            return TclResult.Empty;
        }
        if (missing.Count > 0)
            BuildProjects(missing);

        foreach (var binary in binaries)
        {
            if (binary == "core")
            {
                // Core is not a module: the run tool hosts it, on the kernel chosen with --kernel.
                Verbose("core: hosted by the run tool (not a boot module)");
                continue;
            }
            var assembly = _built[binary];
            File.Copy(assembly, Path.Combine(BootDirectory, binary), overwrite: true);
            foreach (var dependency in Dependencies(assembly))
                File.Copy(dependency, Path.Combine(BootDirectory, Path.GetFileName(dependency)), overwrite: true);
        }

        _image = BootImage.FromDirectory(BootDirectory);
        _image.Save(ImagePath);
        if (_options.Verbose)
        {
            _streams.Error.WriteLine($"boot image {Path.GetRelativePath(_root, ImagePath)}:");
            foreach (var m in _image.Modules)
                _streams.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Name,-24} {m.Size,10} bytes"));
        }
        return TclResult.Empty;
    }

    /// <summary>
    /// The libraries a component loads from ROM: every assembly it references, directly or through
    /// another library, that sits next to it in the build output and is not shared with core.
    /// </summary>
    internal static IReadOnlyList<string> Dependencies(string assemblyPath)
    {
        var directory = Path.GetDirectoryName(assemblyPath)!;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([assemblyPath]);
        while (pending.Count > 0)
        {
            foreach (var name in ReferencedAssemblies(pending.Dequeue()))
            {
                if (IsShared(name))
                    continue;
                var file = Path.Combine(directory, name + ".dll");
                if (File.Exists(file) && found.Add(file))
                    pending.Enqueue(file);
            }
        }
        return [.. found];
    }

    internal static bool IsShared(string assemblyName) => Framework.Core.SharedAssemblies.Contains(assemblyName);

    private static IEnumerable<string> ReferencedAssemblies(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
            return [];
        var reader = pe.GetMetadataReader();
        return [.. reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))];
    }

    // ------------------------------------------------------------------ running

    private TclResult RunGenodeUntil(TclInterpreter interp, IReadOnlyList<string> a)
    {
        const string usage = "wrong # args: should be \"run_genode_until regexp timeout ?spawn_id?\" or \"run_genode_until forever\"";
        var forever = a.Count is 2 or 3 && a[1] == "forever";
        if (!forever && a.Count is not (3 or 4))
            return TclResult.Error(usage);
        if (_options.Check)
        {
            _check.ExitConditions.Add((forever ? null : a[1], interp.CurrentLine));
            return TclResult.Ok("0");
        }

        // Without a spawn id the system boots afresh (Genode spawns a new emulator); with the id of the
        // running system it continues where the previous match stopped it.
        var spawnArg = forever ? (a.Count == 3 ? a[2] : null) : (a.Count == 4 ? a[3] : null);
        if (_system is null || spawnArg is null || spawnArg != _spawnId.ToString(CultureInfo.InvariantCulture))
        {
            if (spawnArg is not null && _system is null)
                return TclResult.Error($"run_genode_until: no running system with spawn id '{spawnArg}'");
            if (spawnArg is null || _system is null)
                BootSystem();
        }
        var system = _system!;

        RunOutcome outcome;
        if (forever)
        {
            outcome = system.RunUntilIdle(null, _options.Cancellation);
        }
        else
        {
            if (!TclConvert.TryParseDouble(a[2], out var seconds) || seconds < 0)
                return TclResult.Error($"run_genode_until: expected a timeout in seconds but got \"{a[2]}\"");
            var regex = TclPattern.ToRegex(a[1]);
            var timeout = TimeSpan.FromSeconds(seconds * _options.TimeoutScale);
            outcome = system.RunUntil(regex, timeout, _options.Cancellation);
        }
        Interpreter.SetGlobalVariable("output", outcome.Output);
        var at = string.Create(CultureInfo.InvariantCulture, $"{outcome.VirtualTime.TotalSeconds:F3} s");
        switch (outcome.Status)
        {
            case RunStatus.Matched:
                Verbose($"matched at virtual time {at}");
                return TclResult.Ok(_spawnId.ToString(CultureInfo.InvariantCulture));
            case RunStatus.Idle when forever:
                _streams.Error.WriteLine($"run: system idle at virtual time {at}");
                return TclResult.Ok(_spawnId.ToString(CultureInfo.InvariantCulture));
            case RunStatus.Idle:
                return TclResult.Error($"system idle before the expected output appeared (virtual time {at}), waiting for {{{a[1]}}}");
            case RunStatus.TimedOut when forever:
                return TclResult.Ok(_spawnId.ToString(CultureInfo.InvariantCulture));
            case RunStatus.TimedOut:
                return TclResult.Error($"expected output did not appear within {a[2]} s of virtual time" +
                    (_options.TimeoutScale != 1.0 ? string.Create(CultureInfo.InvariantCulture, $" (scaled by {_options.TimeoutScale})") : "") +
                    $", waiting for {{{a[1]}}}");
            default:
                if (forever)
                {
                    _streams.Error.WriteLine($"run: interrupted at virtual time {at}");
                    return TclResult.Ok(_spawnId.ToString(CultureInfo.InvariantCulture));
                }
                return TclResult.Error($"interrupted at virtual time {at}");
        }
    }

    private void BootSystem()
    {
        var image = _image ?? (File.Exists(ImagePath) ? BootImage.Load(ImagePath) : null)
            ?? throw new InvalidOperationException("there is no boot image: call build_boot_image first");
        Verbose($"booting {image.Modules.Count} modules on kernel '{_options.Kernel}'");
        if (_options.Verbose && image.Modules.FirstOrDefault(m => m.Name == "config") is { } config)
        {
            // Verbose routing: where every child's sessions will go, as init resolves them.
            var report = Framework.Tool.Check.ConfigChecker.Check(System.Text.Encoding.UTF8.GetString(config.Content),
                new Framework.Tool.Check.CheckOptions { Modules = [.. image.Modules.Select(m => m.Name)] });
            _streams.Error.WriteLine("routing:");
            foreach (var line in report.Format("config").Split('\n'))
                _streams.Error.WriteLine("  " + line);
        }
        var trace = _options.Trace ? (Action<string>)(line => _streams.Error.WriteLine("[trace] " + line)) : null;
        _system = Scenario.Boot(image, _options.Kernel, new ScenarioOptions
        {
            OnLog = line => _streams.Out.WriteLine(line),
            OnTrace = trace,
            FollowWallClock = _options.Interactive,
        });
        _spawnId++;
    }

    // ------------------------------------------------------------------ checking the output

    private TclResult CompareOutputTo(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 2, "compare_output_to lines") is { } error)
            return error;
        if (_options.Check)
            return TclResult.Empty;
        var actual = OutputCompare.Normalize(OutputVariable);
        var expected = OutputCompare.Normalize(a[1]);
        if (OutputCompare.Describe(expected, actual) is { } difference)
            return TclResult.Error($"compare_output_to: output does not match\n{difference}");
        _streams.Out.WriteLine("Test succeeded");
        return TclResult.Empty;
    }

    private TclResult GrepOutput(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 2, "grep_output regexp") is { } error)
            return error;
        if (_options.Check)
            return TclResult.Empty;
        var regex = TclPattern.ToRegex(a[1]);
        var kept = OutputCompare.Lines(OutputVariable).Where(l => regex.IsMatch(l));
        Interpreter.SetGlobalVariable("output", string.Join("\n", kept));
        return TclResult.Empty;
    }

    private TclResult UnifyOutput(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 3, "unify_output regexp replacement") is { } error)
            return error;
        if (_options.Check)
            return TclResult.Empty;
        var regex = TclPattern.ToRegex(a[1]);
        Interpreter.SetGlobalVariable("output", regex.Replace(OutputVariable, TclReplacement(a[2])));
        return TclResult.Empty;
    }

    /// <summary>Tcl's regsub replacement (&amp;, \0..\9) in .NET's syntax.</summary>
    private static string TclReplacement(string tcl)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tcl.Length; i++)
        {
            var c = tcl[i];
            if (c == '&')
                sb.Append("$0");
            else if (c == '$')
                sb.Append("$$");
            else if (c == '\\' && i + 1 < tcl.Length && char.IsAsciiDigit(tcl[i + 1]))
                sb.Append("${").Append(tcl[++i]).Append('}');
            else if (c == '\\' && i + 1 < tcl.Length && tcl[i + 1] is '&' or '\\')
                sb.Append(tcl[++i]);
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    private TclResult Assert(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count is not (2 or 3))
            return TclResult.Error("wrong # args: should be \"assert expression ?message?\"");
        var value = interp.EvaluateExpression(a[1]);
        if (!TclConvert.TryParseBool(value, out var ok))
            return TclResult.Error($"assert: expected a boolean but {{{a[1]}}} gave \"{value}\"");
        return ok ? TclResult.Empty : TclResult.Error(a.Count == 3 ? $"assertion failed: {a[2]}" : $"assertion failed: {a[1]}");
    }

    // ------------------------------------------------------------------ host checks

    private TclResult AssertSpec(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 2, "assert_spec spec") is { } error)
            return error;
        if (Specs.Contains(a[1], StringComparer.Ordinal))
            return TclResult.Empty;
        // Genode ends the run successfully: the test does not apply to this platform.
        _streams.Out.WriteLine($"Test requires '{a[1]}'");
        throw new TclExitException(0);
    }

    private TclResult RequiresInstallationOf(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (Arity(a, 2, "requires_installation_of program") is { } error)
            return error;
        return FindOnPath(a[1]) is null
            ? TclResult.Error($"run script requires the program '{a[1]}', which is not installed (not found on PATH)")
            : TclResult.Empty;
    }

    internal static string? FindOnPath(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
            return File.Exists(program) ? program : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", ".bat", "" } : [""];
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in extensions)
            {
                var candidate = Path.Combine(dir, program + ext);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
