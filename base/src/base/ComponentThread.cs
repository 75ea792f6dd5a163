using Framework.Base.Session;

namespace Framework.Base;

/// <summary>
/// An additional thread of the component, created through its CPU session (Genode's Thread).
/// It shares the component's capability space and address space; like every thread it runs
/// only when the kernel schedules it.
/// </summary>
public sealed class ComponentThread
{
    private readonly ICpuSession _cpu;
    private readonly int _id;

    public ComponentThread(Env env, string name, Action entry)
    {
        Name = name;
        _cpu = env.Cpu;
        _id = _cpu.CreateThread(name, env.Platform.RegisterEntry(entry));
    }

    public string Name { get; }

    public void Start() => _cpu.Start(_id);
    public void Pause() => _cpu.Pause(_id);
    public void Resume() => _cpu.Resume(_id);
    public void Kill() => _cpu.Kill(_id);
    public CpuThreadState State => _cpu.State(_id);
}
