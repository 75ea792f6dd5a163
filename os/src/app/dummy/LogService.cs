using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Util;

namespace Framework.Os.Dummy;

/// <summary>The dummy's LOG server: prints each client's lines as <c>[label] text</c> through its own LOG.</summary>
internal sealed class LogService : IDisposable
{
    private readonly Env _env;
    private readonly LogRoot _root;

    public LogService(Env env, bool verbose, uint delayCloseMs)
    {
        _env = env;
        _root = new LogRoot(env, verbose, delayCloseMs);
        env.Announce(ILogSession.ServiceName, env.Ep.Manage((IRoot)_root));
        env.Log("created LOG service");
    }

    public void Dispose()
    {
        _env.Ep.Dissolve(_root);
        _root.Dispose();
    }

    private sealed class LogRoot(Env env, bool verbose, uint delayCloseMs) : RootComponent<ILogSession>(env, ILogSession.Dispatch), IDisposable
    {
        private TimerConnection? _timer = delayCloseMs > 0 ? new TimerConnection(env) : null;

        protected override ILogSession CreateSession(string args, SessionLabel label) => new LogSession(Env, label.Value, verbose);

        protected override void UpgradeSession(ILogSession session, string args)
        {
            var ramQuota = ArgString.FindArg(args, "ram_quota").ULongValue(0);
            // The upgrade has arrived in our account when the parent calls us.
            if (Env.Pd.Quota() - Env.Pd.Used() >= ramQuota)
                Env.Log("received session quota upgrade");
        }

        protected override void DestroySession(ILogSession session)
        {
            if (_timer is not null)
            {
                Env.Log($"delay close by {delayCloseMs} ms");
                _timer.Sleep(delayCloseMs);
            }
            else
            {
                Env.Log("close session without delay");
            }
            ((LogSession)session).Closed();
        }

        public void Dispose()
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private sealed class LogSession : ILogSession
    {
        private readonly Env _env;
        private readonly string _label;
        private readonly bool _verbose;

        public LogSession(Env env, string label, bool verbose)
        {
            _env = env;
            _label = label;
            _verbose = verbose;
            if (verbose)
                env.Log($"opening session with label {label}");
        }

        public int Write(string text)
        {
            _env.Log(Commands.Truncate($"[{_label}] {Commands.StripDelimiter(text)}", 100));
            return text.Length;
        }

        public void Closed()
        {
            if (_verbose)
                _env.Log($"closing session with label {_label}");
        }
    }
}
