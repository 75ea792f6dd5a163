using Framework.Base;
using Framework.Os.Init.Model;

namespace Framework.Os.Init.Runtime;

internal sealed partial class Sandbox
{
    private readonly SignalHandler _reportSignal;
    private StateReportSession? _report;
    private InitTimer? _reportTimer;
    private InitTimer? _heartbeatTimer;
    private ulong _heartbeatRate;
    private bool _reportScheduled;
    private string? _reportFailure;

    // ------------------------------------------------------------------ state report

    /// <summary>Opens or closes the "state" report as the <c>&lt;report&gt;</c> node says.</summary>
    private void ApplyReportConfig(InitConfig config)
    {
        if (config.Report is not { } report)
        {
            // Without <report>, init stops reporting; the last report stays wherever it went.
            _report?.Dispose();
            _report = null;
            _reportTimer?.Dispose();
            _reportTimer = null;
            // A report scheduled on the disposed timer never comes: the next timer starts unarmed.
            _reportScheduled = false;
            return;
        }
        if (_report is not null && _report.BufferSize < report.BufferSize)
        {
            _report.Dispose();
            _report = null;
        }
        if (_report is null)
        {
            try
            {
                _report = new StateReportSession(_env, report.BufferSize);
                _reportFailure = null;
            }
            catch (Exception e) when (e is ServiceDeniedException or InsufficientRamQuotaException or UnavailableException
                or FileNotFoundException)
            {
                if (_reportFailure != e.Message)
                    _env.Warning($"cannot report state: {e.Message}");
                _reportFailure = e.Message;
            }
        }
        if (report.DelayMs > 0 && _reportTimer is null && _report is not null)
        {
            _reportTimer = InitTimer.TryOpen(_env, "report", GenerateReport, out _);
            _reportScheduled = false;
        }
    }

    /// <summary>
    /// Schedules a report: after <c>delay_ms</c> if a timer is at hand (reports are rate-limited),
    /// else at the end of the current RPC or signal (a local signal coalesces the triggers).
    /// </summary>
    private void TriggerReport(bool immediate = false)
    {
        if (_report is null)
            return;
        var delay = Config.Report?.DelayMs ?? 0;
        if (!immediate && delay > 0 && _reportTimer is not null)
        {
            if (!_reportScheduled)
            {
                _reportTimer.Once(delay);
                _reportScheduled = true;
            }
            return;
        }
        new SignalTransmitter(_env, _reportSignal).Submit();
    }

    private void GenerateReport()
    {
        _reportScheduled = false;
        if (_report is null)
            return;
        if (!_report.Submit(CurrentState()))
            _env.Warning("state report exceeds the report buffer");
    }

    /// <summary>The state report as of now.</summary>
    public string CurrentState()
    {
        var children = new List<ChildReport>();
        foreach (var child in _children)
        {
            if (child.Abandoned)
                continue;
            var pd = child.State == ChildState.Running ? child.Pd : null;
            children.Add(new ChildReport(child.Name, child.Start.Binary, child.Start.Version, child.Id, child.Incomplete,
                child.ExitValue, child.Start.HeartbeatEnabled ? child.SkippedHeartbeats : null, child.Pd is not null,
                new ChildQuota(child.RamAssigned, pd is null ? null : new QuotaInfo(pd.Quota(), pd.Used()), child.RamRequested),
                new ChildQuota(child.CapsAssigned, pd is null ? null : new QuotaInfo(pd.CapQuota(), pd.CapUsed()), child.CapsRequested),
                [.. child.Requested.Select(s => s.Info())],
                [.. child.Provided.Select(s => s.Info())]));
        }
        return StateReport.Generate(Config.Version, Config.Report,
            new QuotaInfo(_env.Pd.Quota(), _env.Pd.Used()), new QuotaInfo(_env.Pd.CapQuota(), _env.Pd.CapUsed()), children);
    }

    // ------------------------------------------------------------------ heartbeat

    private void ApplyHeartbeatConfig(InitConfig config)
    {
        if (config.HeartbeatRateMs is not { } rate)
        {
            _heartbeatTimer?.Dispose();
            _heartbeatTimer = null;
            _heartbeatRate = 0;
            return;
        }
        if (_heartbeatTimer is null)
        {
            _heartbeatTimer = InitTimer.TryOpen(_env, "heartbeat", Heartbeat, out var failure);
            if (_heartbeatTimer is null)
            {
                _env.Warning($"heartbeat monitoring needs a Timer session: {failure}");
                return;
            }
        }
        if (rate != _heartbeatRate)
        {
            _heartbeatRate = rate;
            _heartbeatTimer.Periodic(rate);
        }
    }

    /// <summary>
    /// One heartbeat period: a child that has not answered the previous heartbeat skipped one; after
    /// <c>restart_after_skipped</c> skipped heartbeats it is restarted. Children that never registered
    /// for heartbeats cannot be monitored and are left alone.
    /// </summary>
    private void Heartbeat()
    {
        var changed = false;
        var restart = false;
        foreach (var child in _children.ToArray())
        {
            if (child.State != ChildState.Running || !child.Start.HeartbeatEnabled || !child.HeartbeatSigh.IsValid)
                continue;
            if (child.HeartbeatOutstanding)
            {
                child.SkippedHeartbeats++;
                changed = true;
            }
            if (child.Start.RestartAfterSkipped is { } limit && child.SkippedHeartbeats >= limit)
            {
                Abandon(child);
                restart = true;
                continue;
            }
            child.HeartbeatOutstanding = true;
            new SignalTransmitter(_env, child.HeartbeatSigh).Submit();
        }
        if (restart)
            Reevaluate();
        else if (changed)
            TriggerReport();
    }
}
