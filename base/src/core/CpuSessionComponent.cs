using Framework.Platform;
using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Core;

/// <summary>The CPU session of a PD: its threads, whose code the component registered as entries.</summary>
internal sealed class CpuSessionComponent(CoreServices core, PdSessionComponent pd) : ICpuSession
{
    private readonly Dictionary<int, ThreadHandle> _threads = [];
    private int _nextId = 1;

    public Capability ExceptionSigh { get; private set; }

    public int CreateThread(string name, int entry)
    {
        var component = pd.Component ?? throw new InvalidOperationException($"{pd.Label}: no component loaded");
        var code = component.Entry(entry);
        var thread = core.Kernel.CreateThread(pd.KernelPd, name, LoadedComponent.Priority, code);
        core.Kernel.SetPager(thread, pd.Pager);
        var id = _nextId++;
        _threads[id] = thread;
        return id;
    }

    private ThreadHandle Thread(int id) =>
        _threads.TryGetValue(id, out var t) ? t : throw new ArgumentException($"{pd.Label}: no thread {id}");

    public void Start(int thread) => core.Kernel.StartThread(Thread(thread));
    public void Pause(int thread) => core.Kernel.PauseThread(Thread(thread));
    public void Resume(int thread) => core.Kernel.ResumeThread(Thread(thread));

    public void Kill(int thread)
    {
        if (_threads.Remove(thread, out var t))
            core.Kernel.KillThread(t);
    }

    public void ExceptionHandler(Capability context) => ExceptionSigh = context;

    public CpuThreadState State(int thread)
    {
        var t = Thread(thread);
        if (core.Kernel.IsPaused(t) && core.Kernel.ThreadState(t) != KernelThreadState.Dead)
            return CpuThreadState.Paused;
        return core.Kernel.ThreadState(t) switch
        {
            KernelThreadState.Created => CpuThreadState.Created,
            KernelThreadState.Ready => CpuThreadState.Ready,
            KernelThreadState.Running => CpuThreadState.Running,
            KernelThreadState.Dead or KernelThreadState.Free => CpuThreadState.Dead,
            _ => CpuThreadState.Blocked,
        };
    }

    /// <summary>Tells the exception handler, if any, that a thread of this session faulted.</summary>
    public void NotifyException()
    {
        if (ExceptionSigh.IsValid)
            core.Kernel.Submit(core.Ep.Pd, ExceptionSigh.Handle, 1);
    }
}
