namespace Framework.Kernel.Native;

/// <summary>
/// Hands out the indices of one object table: freed indices first (most recent first), then
/// fresh ones, never 0. Fixed capacity, no allocation after construction.
/// </summary>
internal sealed class IndexPool
{
    private readonly int[] _nextFree;
    private int _free;

    public IndexPool(int capacity)
    {
        _nextFree = new int[capacity];
        High = 1;
    }

    /// <summary>One past the highest index ever handed out: the range worth scanning.</summary>
    public int High { get; private set; }

    /// <summary>A free index, or 0 when the table is full.</summary>
    public int Take()
    {
        if (_free != 0)
        {
            var index = _free;
            _free = _nextFree[index];
            _nextFree[index] = 0;
            return index;
        }
        return High < _nextFree.Length ? High++ : 0;
    }

    public void Give(int index)
    {
        _nextFree[index] = _free;
        _free = index;
    }
}
