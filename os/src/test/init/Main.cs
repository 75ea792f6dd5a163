using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Util;

namespace Framework.Os.Test.Init;

/// <summary>
/// The init-test driver (Genode's test-init, conformance.md 2.3). It runs the steps of its config
/// one after the other: publishes init configs as the report <c>init.config</c>, waits, and
/// checks the nested init's LOG (it is the nested init's LOG service) and its state report (ROM
/// <c>state</c>). It exits with 0 after the last step.
/// </summary>
/// <remarks>
/// Beyond Genode's driver, which waits forever on a step that never passes, a waiting step fails
/// after the overlay's step timeout: the driver logs the step, its index and what differed, and
/// exits with 1. Each step that passes is logged as <c>step N passed</c>.
/// </remarks>
internal sealed class Driver
{
    private readonly Env _env;
    private readonly TimerConnection _timer;
    private readonly TimerConnection _watchdog;
    private readonly ExpandingReporter _initConfig;
    private readonly AttachedRomDataspace _state;
    private readonly Script _script;
    private readonly List<string> _recentIgnored = [];
    private int _step;
    private bool _timerScheduled;
    private string? _expectedLog;
    private TimerConnection.Timeout? _stepTimeout;
    private string _lastMismatch = "";
    private bool _finished;

    public Driver(Env env)
    {
        _env = env;
        _timer = new TimerConnection(env, "steps");
        _watchdog = new TimerConnection(env, "watchdog");
        _initConfig = new ExpandingReporter(env, "config", "init.config");

        using (var config = new AttachedRomDataspace(env, "config"))
            _script = LoadScript(config);
        _state = new AttachedRomDataspace(env, "state");
        if (_finished)
            return;

        _timer.Sigh(new SignalHandler(env.Ep, HandleTimer));
        _state.Sigh(new SignalHandler(env.Ep, HandleState));
        env.Log($"{_script.Steps.Count} steps, step timeout {_script.StepTimeoutMs} ms" +
            (_script.Replaced.Count > 0 ? $", steps replaced by the overlay: {string.Join(", ", _script.Replaced)}" : ""));
        Execute();
        // Announced after the first step, as Genode's driver does: the nested init's LOG requests wait until then.
        env.Announce(ILogSession.ServiceName, env.Ep.Manage((IRoot)new LogRoot(env, this)));
    }

    private Script LoadScript(AttachedRomDataspace config)
    {
        XmlNode? overlay = null;
        try
        {
            using var rom = new AttachedRomDataspace(_env, "overlay");
            if (rom.Valid)
                overlay = XmlNode.Parse(rom.Text());
        }
        catch (ServiceDeniedException)
        {
            // No overlay: the script runs exactly as Genode wrote it.
        }
        try
        {
            return Script.Load(XmlNode.Parse(config.Text()), overlay);
        }
        catch (Exception e) when (e is ScriptException or XmlSyntaxException)
        {
            Fail($"cannot load the step script: {e.Message}");
            return Script.Load(XmlNode.Parse("<config/>"), null);
        }
    }

    private XmlNode CurrentStep => _script.Steps[_step];

    private XmlNode StateXml() =>
        _state.Valid && XmlNode.TryParse(_state.Text(), out var node, out _) ? node : XmlNode.Parse("<empty/>");

    /// <summary>Runs steps until one has to wait for an event (Genode's _execute_curr_step).</summary>
    private void Execute()
    {
        while (!_finished)
        {
            if (_step >= _script.Steps.Count)
            {
                Finish();
                return;
            }
            var step = CurrentStep;
            _env.Log($"step {_step} ({step.Type})");
            switch (step.Type)
            {
                case "expect_log":
                    Expect(step.Attribute("string", ""));
                    return;
                case "expect_warning":
                    Expect(LogMessages.Warning(step.Attribute("string", ""), step.Attribute("colored", "")));
                    return;
                case "expect_init_state":
                    if (StateMatcher.Mismatch(step, StateXml()) is { } mismatch)
                    {
                        _lastMismatch = mismatch;
                        _env.Warning($"init state does not match: {mismatch}");
                        ArmStepTimeout();
                        return;
                    }
                    Advance();
                    continue;
                case "init_config":
                    Publish(step);
                    Advance();
                    continue;
                case "message":
                    _env.Log($"\n--- {step.Attribute("string", "")} ---");
                    Advance();
                    continue;
                case "nop":
                    Advance();
                    continue;
                case "sleep":
                    if (!_timerScheduled)
                    {
                        _timer.TriggerOnce(step.Attribute("ms", 250UL) * 1000);
                        _timerScheduled = true;
                    }
                    return;
                default:
                    Fail($"unexpected step: {StateMatcher.Compact(step)}");
                    return;
            }
        }
    }

    private void Expect(string message)
    {
        _expectedLog = message;
        _recentIgnored.Clear();
        ArmStepTimeout();
    }

    /// <summary>Publishes <c>&lt;config [version]&gt;</c> with the step's content, verbatim.</summary>
    private void Publish(XmlNode step)
    {
        var version = step.Attribute("version", "");
        _initConfig.Generate(xml =>
        {
            if (version.Length > 0)
                xml.Attribute("version", version);
            if (step.HasContent)
                xml.Append(step.RawContent);
        });
    }

    private void Advance()
    {
        _stepTimeout?.Dispose();
        _stepTimeout = null;
        _lastMismatch = "";
        _env.Log($"step {_step} passed");
        _step++;
    }

    private void Finish()
    {
        _finished = true;
        _env.Log($"all {_script.Steps.Count} steps passed");
        _env.Exit(0);
    }

    private void Fail(string reason)
    {
        _finished = true;
        _stepTimeout?.Dispose();
        // The script is null while it is being loaded.
        var what = _script is not null && _step < _script.Steps.Count ? $"step {_step} ({CurrentStep.Type}) failed" : "failed";
        _env.Error($"{what}: {reason}");
        _env.Exit(1);
    }

    private void ArmStepTimeout()
    {
        if (_stepTimeout is { Pending: true })
            return;
        _stepTimeout = _watchdog.Schedule(TimeSpan.FromMilliseconds(_script.StepTimeoutMs), StepTimedOut);
    }

    private void StepTimedOut()
    {
        if (_finished)
            return;
        var within = $"within {_script.StepTimeoutMs} ms";
        switch (CurrentStep.Type)
        {
            case "expect_init_state":
                Fail($"init state did not match {within}: {_lastMismatch}\n  expected: {StateMatcher.Compact(CurrentStep)}" +
                    $"\n  state: {StateMatcher.Compact(StateXml())}");
                break;
            default:
                var recent = _recentIgnored.Count == 0 ? "no messages" : string.Join("\n    ", _recentIgnored);
                Fail($"expected log message did not appear {within}: \"{_expectedLog}\"\n  last messages:\n    {recent}");
                break;
        }
    }

    private void HandleTimer()
    {
        if (_finished)
            return;
        if (CurrentStep.Type != "sleep")
        {
            Fail("got spurious timeout signal");
            return;
        }
        _timerScheduled = false;
        Advance();
        Execute();
    }

    private void HandleState()
    {
        _state.Update();
        if (!_finished && _step < _script.Steps.Count && CurrentStep.Type == "expect_init_state")
            Execute();
    }

    /// <summary>A message that arrived at the LOG service: "expected" if it is the awaited one, else "ignored".</summary>
    public string HandleLog(string message)
    {
        if (_finished || _expectedLog is null || message != _expectedLog)
        {
            if (!_finished && _expectedLog is not null)
            {
                _recentIgnored.Add(message);
                if (_recentIgnored.Count > 5)
                    _recentIgnored.RemoveAt(0);
            }
            return "ignored";
        }
        _expectedLog = null;
        Advance();
        Execute();
        return "expected";
    }

    private sealed class LogRoot(Env env, Driver driver) : RootComponent<ILogSession>(env, ILogSession.Dispatch)
    {
        protected override ILogSession CreateSession(string args, SessionLabel label) => new LogSession(Env, driver, label.Value);
    }

    private sealed class LogSession(Env env, Driver driver, string label) : ILogSession
    {
        public int Write(string text)
        {
            var message = LogMessages.Message(label, text);
            var result = driver.HandleLog(message);
            env.Log($"{message} ({result})");
            return text.Length;
        }
    }
}

public static class Component
{
    public static void Construct(Env env) => _ = new Driver(env);
}
