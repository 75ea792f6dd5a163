namespace Framework.Machine;

/// <summary>
/// The machine's interrupt lines and the delivery rule of an interrupt controller: a line is
/// delivered when it is asserted and not in service; it stays in service until acknowledged; an
/// edge (pulse) while in service is latched and delivered at the acknowledgement, as is a level
/// that is still high.
/// </summary>
internal sealed class InterruptLines
{
    private readonly bool[] _level;
    private readonly bool[] _inService;
    private readonly bool[] _pending;
    private readonly Func<IIrqSink?> _sink;
    private readonly long[] _delivered;

    public InterruptLines(int count, Func<IIrqSink?> sink)
    {
        _level = new bool[count];
        _inService = new bool[count];
        _pending = new bool[count];
        _delivered = new long[count];
        _sink = sink;
    }

    public int Count => _level.Length;

    public bool IsAsserted(int line) => (uint)line < (uint)_level.Length && _level[line];

    public bool IsInService(int line) => (uint)line < (uint)_level.Length && _inService[line];

    public long DeliveredCount(int line) => (uint)line < (uint)_level.Length ? _delivered[line] : 0;

    /// <summary>A level-triggered source sets its level; a rising level is delivered.</summary>
    public void SetLevel(int line, bool high)
    {
        bool was = _level[line];
        _level[line] = high;
        if (high && !was)
            Edge(line);
    }

    /// <summary>An edge-triggered source pulses (the 8254's output rising).</summary>
    public void Pulse(int line) => Edge(line);

    private void Edge(int line)
    {
        if (_inService[line])
            _pending[line] = true;
        else
            Deliver(line);
    }

    /// <summary>Ends the service of a line; delivers again if it is high or an edge came meanwhile.</summary>
    public bool Acknowledge(int line)
    {
        if ((uint)line >= (uint)_level.Length)
            return false;
        _inService[line] = false;
        if (_level[line] || _pending[line])
        {
            _pending[line] = false;
            Deliver(line);
        }
        return true;
    }

    private void Deliver(int line)
    {
        _inService[line] = true;
        _delivered[line]++;
        _sink()?.Raised(line);
    }
}
